"""Calls the Go calc library from Python through the generated calc.py,
the same module that calls the C implementation.

    go build -buildmode=c-shared -o /tmp/libcalc.so ./libcalc
    CALC_LIBRARY=/tmp/libcalc.so PYTHONPATH=calc python3 calc_demo.py
"""

import calc


def main() -> None:
    print("add(2, 3) =", calc.add(2, 3))
    print("divide(7, 2, UP) =", calc.divide(7, 2, calc.Rounding.UP))
    try:
        calc.divide(1, 0, calc.Rounding.NEAREST)
    except calc.CalcError as e:
        print("divide(1, 0) raised CalcError:", e.name)
    m = calc.midpoint(calc.Segment(calc.Point(0, 0), calc.Point(4, 2), 1, True))
    print(f"midpoint = ({m.x}, {m.y})")
    print("greet('Go') =", repr(calc.greet("Go")))
    print("checksum(b'123456789') =", hex(calc.checksum(b"123456789")))
    with calc.Accumulator(40) as acc:
        acc.add(2)
        print("Accumulator(40).add(2).total() =", acc.total())


if __name__ == "__main__":
    main()
