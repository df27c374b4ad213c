"""Times calls through the generated calc.py into whichever library
CALC_LIBRARY names (the C calc_impl.c or the Go libcalc): the best of
--rounds rounds of timeit, in ns per call, printed as one JSON object."""

from __future__ import annotations

import json
import sys
import timeit

import calc


def main() -> None:
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 7
    n = 20_000
    seg = calc.Segment(calc.Point(0, 0), calc.Point(4, 2), 1, True)
    acc = calc.Accumulator(0)
    data = bytes(range(256)) * 4
    cases = {
        "add(i32, i32) -> i32": lambda: calc.add(2, 3),
        "greet(string) -> string": lambda: calc.greet("abc"),
        "midpoint(Segment) -> Point": lambda: calc.midpoint(seg),
        "checksum(1 KiB bytes) -> u32": lambda: calc.checksum(data),
        "Accumulator.add(i64)": lambda: acc.add(1),
        "Accumulator new + close": lambda: calc.Accumulator(1).close(),
    }
    out = {}
    for name, f in cases.items():
        f()
        out[name] = min(timeit.repeat(f, number=n, repeat=rounds)) / n * 1e9
    acc.close()
    print(json.dumps(out))


main()
