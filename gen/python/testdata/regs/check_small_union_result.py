"""Every small union result comes back as it went in."""

import sys

import small_union_result as m

cases: list[tuple[str, object]] = [
    ("echo_mixed", m.MixedA(1.5)),
    ("echo_mixed", m.MixedB(-7)),
    ("echo_doubles", m.DoublesX(2.25)),
    ("echo_doubles", m.DoublesY(-1e300)),
    ("echo_narrow", m.NarrowF(0.5)),
    ("echo_narrow", m.NarrowI(-2147483648)),
    ("echo_narrow", m.NarrowBlank()),
    ("echo_pair", m.Pair(d=3.5, n=m.NarrowI(42))),
    ("echo_pair", m.Pair(d=-0.25, n=m.NarrowF(8.0))),
    ("echo_flag", m.FlagOn()),
    ("echo_flag", m.FlagOff()),
    ("echo_wide", m.Wide(m=m.MixedA(9.75), k=-3)),
]
bad = 0
for fn, v in cases:
    got = getattr(m, fn)(v)
    if got != v:
        print(f"{fn}({v!r}) returned {got!r}")
        bad += 1
sys.exit(1 if bad else 0)
