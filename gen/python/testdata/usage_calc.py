"""A typed program using the generated calc module; the round-trip test runs
it and checks it with mypy --strict, so the module's hints are usable."""

from __future__ import annotations

import calc


def main() -> None:
    total: int = calc.add(1, 2)
    q: int = calc.divide(7, 2, calc.Rounding.UP)
    try:
        calc.divide(1, 0, calc.Rounding.DOWN)
    except calc.CalcError as e:
        code: int = e.code
        name: str = e.name
        assert code == calc.CalcError.DIVIDE_BY_ZERO and name == "DIVIDE_BY_ZERO"
    p: calc.Point = calc.midpoint(calc.Segment(from_=calc.Point(0.0, 0.0), to=calc.Point(x=2.0, y=2.0), weight=3, visible=True))
    g: str = calc.greet("world")
    c: int = calc.checksum(b"abc")
    calc.reset()
    with calc.Accumulator(1) as acc:
        acc.add(2)
        t: int = acc.total()
    acc2 = calc.Accumulator.with_capacity(0, 8)
    acc2.close()
    shape: calc.Shape = calc.ShapePolygon(calc.Polygon(name="sq", vertices=[p], fill=None, labels={"k": "v"}))
    if isinstance(shape, calc.ShapePolygon):
        n: str = shape.value.name
        assert n == "sq"
    mb: int = calc.MAX_BATCH
    print(total, q, p, g, c, t, mb)


if __name__ == "__main__":
    main()
