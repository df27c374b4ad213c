"""Misuses of objects inside values that mypy --strict must reject: every
line that ends in an E comment is an error with the code it names, and no
other line is (mypyRejects in gen/python/roundtrip_test.go checks both)."""

from __future__ import annotations

import conformance as c


def misuse(s: c.Store) -> None:
    c.Shelf("l", None)  # E: arg-type
    c.Shelf("l")  # E: call-arg
    c.SlotStore(None)  # E: arg-type
    c.SlotStore()  # E: call-arg
    spare: c.Store = c.make_shelf("x", 1).spare  # E: assignment
    gaps: list[c.Store] = c.make_shelf("x", 1).gaps  # E: assignment
    c.clone_stores([s, None])  # E: list-item
    c.clone_named({"k": None})  # E: dict-item
    c.Shelf("l", s, stores=[s], gaps=[s, None], named={"k": s}, below=c.Shelf("b", s))
    c.sizes([s, None])
    ok: c.Store | None = c.make_shelf("x", 1).spare
    print(spare, gaps, ok)
