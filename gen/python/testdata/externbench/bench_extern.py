"""The call cost of an extern function: the generated mathlib.add (the
primer's int add(int, int), bound with extern and c_int) against the
primer's own hand-written ctypes code with argtypes and restype, calling
the same symbol of the same library.

Run through `go test ./gen/python -run '^$' -bench PythonExtern
-benchtime=1x -v` (which builds the library and generates the module),
or by hand:

    MATHLIB_LIBRARY=/path/libmathlib.so python3 bench_extern.py [--quick]

Method as gen/python/testdata/bench/bench.py: timeit, interleaved rounds,
each the best of 3 repeats; the ratio compares each side's fastest round.
"""

from __future__ import annotations

import ctypes
import json
import os
import statistics
import sys
import timeit
from typing import Any

import mathlib

path = os.environ["MATHLIB_LIBRARY"]
mathlib.load(path)

# The primer's code, as it is.
lib = ctypes.CDLL(path)
lib.add.argtypes = [ctypes.c_int, ctypes.c_int]
lib.add.restype = ctypes.c_int
h_add = lib.add


def best_time(f: Any, number: int) -> float:
    t = timeit.Timer("f(1, 2)", globals={"f": f})
    return min(t.repeat(repeat=3, number=number)) / number


def main() -> None:
    quick = "--quick" in sys.argv
    rounds, number = (3, 20_000) if quick else (15, 200_000)
    assert mathlib.add(1, 2) == h_add(1, 2) == 3
    samples: dict[str, list[float]] = {"generated": [], "hand": []}
    for _ in range(rounds):
        samples["generated"].append(best_time(mathlib.add, number))
        samples["hand"].append(best_time(h_add, number))
    best = {k: min(v) * 1e9 for k, v in samples.items()}
    med = {k: statistics.median(v) * 1e9 for k, v in samples.items()}
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; {rounds} interleaved rounds")
    for k in best:
        print(f"{k}: best {best[k]:.0f} ns, median {med[k]:.0f} ns")
    report = {
        "best_ns": best,
        "median_ns": med,
        "ratio": best["generated"] / best["hand"],
        "ratio_median": med["generated"] / med["hand"],
    }
    print(f"generated / hand: {report['ratio']:.2f}x (medians {report['ratio_median']:.2f}x)")
    if "--json" in sys.argv:
        print(json.dumps(report))


if __name__ == "__main__":
    main()
