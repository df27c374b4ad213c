"""Checks the generated Python wire codec against the shared vectors.

Run by vectors_test.go in a directory holding conformance.py,
conformance_wire.py and vectors_gen.py:

    python3 check.py [random.txt] [fuzz.txt]

random.txt holds "<type> <hex>" lines encoded by Go: each must decode and
re-encode to the same bytes. fuzz.txt holds "<type> <hex>" lines of hostile
input: decoding may raise WireError and nothing else; what decodes must
re-encode canonically.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

import conformance_wire as w
from vectors_gen import ERRORS, VECTORS


def codec(name: str) -> tuple[Callable[[Any], bytes], Callable[..., Any]]:
    return getattr(w, "encode_" + name), getattr(w, "decode_" + name)


def main() -> int:
    failures = 0
    for name, typ, hexs, canonical, make in VECTORS:
        enc, dec = codec(typ)
        want = make()
        data = bytes.fromhex(hexs)
        if canonical:
            got = enc(want).hex()
            if got != hexs:
                print(f"FAIL {name}: encode\n  got  {got}\n  want {hexs}")
                failures += 1
        try:
            value = dec(data)
        except w.WireError as e:
            print(f"FAIL {name}: decode raised {e}")
            failures += 1
            continue
        if value != want:
            print(f"FAIL {name}: decode\n  got  {value!r}\n  want {want!r}")
            failures += 1
    for name, typ, hexs, code in ERRORS:
        _, dec = codec(typ)
        try:
            value = dec(bytes.fromhex(hexs))
        except w.WireError as e:
            if e.kind != code:
                print(f"FAIL error/{name}: kind {e.kind!r}, want {w.WireErrorKind(code)!r} ({e})")
                failures += 1
            continue
        print(f"FAIL error/{name}: decoded {value!r}, want {w.WireErrorKind(code)!r}")
        failures += 1
    # Encoders reject values that do not fit their IDL types, with the
    # ordinary Python exceptions, never WireError.
    from conformance import Everything, Inner, Scalars

    bad: list[tuple[str, Any, type[Exception]]] = [
        ("u8 300", Scalars(u8v=300), OverflowError),
        ("u64 -1", Scalars(u64v=-1), OverflowError),
        ("i8 128", Scalars(i8v=128), OverflowError),
        ("i64 2^63", Scalars(i64v=1 << 63), OverflowError),
        ("enum 2^31", Scalars(color=1 << 31), OverflowError),
        ("lone surrogate", Inner(name="\ud800"), UnicodeEncodeError),
        ("list element", Everything(ints=[1 << 40]), OverflowError),
    ]
    for what, value, exc in bad:
        try:
            w.encode_scalars(value) if isinstance(value, Scalars) else (
                w.encode_inner(value) if isinstance(value, Inner) else w.encode_everything(value))
        except exc:
            continue
        except Exception as e:  # noqa: BLE001
            print(f"FAIL encode {what}: raised {type(e).__name__}: {e}, want {exc.__name__}")
            failures += 1
            continue
        print(f"FAIL encode {what}: no error, want {exc.__name__}")
        failures += 1
    # Limits, as in Go's TestLimits: Everything (1) > inners list (2) > Inner (3).
    data = w.encode_everything(Everything(ints=[1, 2, 3], inners=[Inner(id=1)]))
    limits: list[tuple[dict[str, int], int]] = [
        ({"max_size": len(data) - 1}, w.WireErrorKind.SIZE),
        ({"max_size": len(data)}, 0),
        ({"max_count": 2}, w.WireErrorKind.COUNT),
        ({"max_count": 3}, 0),
        ({"max_depth": 2}, w.WireErrorKind.DEPTH),
        ({"max_depth": 3}, 0),
    ]
    for kw, kind in limits:
        try:
            w.decode_everything(data, **kw)
            got = 0
        except w.WireError as e:
            got = e.kind
        if got != kind:
            print(f"FAIL limits {kw}: got {got!r}, want {kind!r}")
            failures += 1
    deep = b""
    while len(deep) < 1 << 20:
        n = bytearray()
        x = len(deep)
        while x >= 0x80:
            n.append((x & 0x7F) | 0x80)
            x >>= 7
        n.append(x)
        deep = b"\x1a" + bytes(n) + deep
        if len(deep) > 20000:
            break
    for depth in (100, 10**6):
        try:
            w.decode_node(deep, max_depth=depth)
            print(f"FAIL deep chain decoded with max_depth={depth}")
            failures += 1
        except w.WireError as e:
            if e.kind != w.WireErrorKind.DEPTH:
                print(f"FAIL deep chain: {e}")
                failures += 1
    print(f"vectors: {len(VECTORS)} values, {len(ERRORS)} errors, {len(bad)} bad values, limits; {failures} failures")

    if len(sys.argv) > 1:
        n = 0
        for line in open(sys.argv[1]):
            parts = line.split()
            typ, hexs = parts[0], parts[1] if len(parts) > 1 else ""
            enc, dec = codec(typ)
            data = bytes.fromhex(hexs)
            try:
                got = enc(dec(data))
            except Exception as e:  # noqa: BLE001 - report anything
                print(f"FAIL random {typ} {hexs}: {type(e).__name__}: {e}")
                failures += 1
                continue
            if got != data:
                print(f"FAIL random {typ}: re-encoded\n  got  {got.hex()}\n  want {hexs}")
                failures += 1
            n += 1
        print(f"random: {n} Go encodings decoded and re-encoded")

    if len(sys.argv) > 2:
        n = rejected = 0
        for line in open(sys.argv[2]):
            parts = line.split()
            typ, hexs = parts[0], parts[1] if len(parts) > 1 else ""
            enc, dec = codec(typ)
            n += 1
            try:
                value = dec(bytes.fromhex(hexs))
            except w.WireError:
                rejected += 1
                continue
            except Exception as e:  # noqa: BLE001 - anything else is a bug
                print(f"FAIL fuzz {typ} {hexs}: {type(e).__name__}: {e}")
                failures += 1
                continue
            b1 = enc(value)
            b2 = enc(dec(b1))
            if b1 != b2:
                print(f"FAIL fuzz {typ} {hexs}: not canonical {b1.hex()} {b2.hex()}")
                failures += 1
        print(f"fuzz: {n} inputs, {rejected} rejected with WireError, no other exception")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
