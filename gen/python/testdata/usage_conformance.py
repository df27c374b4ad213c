"""A typed program using the generated conformance module (unions,
optionals, maps, objects); checked with mypy --strict and run by the
round-trip test."""

from __future__ import annotations

import conformance as c


def describe(v: c.Value) -> str:
    if isinstance(v, c.ValueInteger):
        n: int = v.value
        return f"int {n}"
    if isinstance(v, c.ValueTable):
        t: dict[str, int] = v.value
        return f"table {sorted(t)}"
    if isinstance(v, c.ValueUnknown):
        return f"unknown tag {v.tag}"
    return type(v).__name__


def main() -> None:
    vals: list[c.Value] = [c.ValueInteger(1), c.ValueTable({"a": 1}), c.ValueMaybe(None)]
    echoed: list[c.Value] = [c.echo_value(v) for v in vals]
    assert echoed == vals
    opt: int | None = c.echo_opt_i32(None)
    assert opt is None
    m: dict[c.Color, list[str]] = c.echo_map({c.Color.RED: ["x"]})
    tree: c.Tree = c.make_tree(1, 2)
    size: int = c.tree_size(tree)
    with c.Store.with_capacity(4) as s:
        s.put("k", vals[0])
        got: c.Value | None = s.get("k")
        keys: list[str] = s.keys()
        clone: c.Store = s.clone()
        picked: c.Store | None = s.pick(clone)
        if picked is not None:
            picked.close()
        clone.close()
    maybe: c.Store | None = c.maybe_store(True)
    if maybe is not None:
        maybe.close()
    # Objects inside values: required fields are typed Store, absent ones
    # Store | None; a returned value owns new objects.
    with c.Store() as a:
        shelf = c.Shelf("l", a, None, [a, a], [None, a], {"k": a}, c.Shelf("below", a))
        total: int = c.shelf_size(shelf)
        made: c.Shelf = c.clone_shelf(shelf)
        main: c.Store = made.main
        spare: c.Store | None = made.spare
        stores: list[c.Store] = made.stores
        gaps: list[c.Store | None] = made.gaps
        named: dict[str, c.Store] = made.named
        below: c.Shelf | None = made.below
        slot: c.Slot = c.clone_slot(c.SlotStore(a))
        if isinstance(slot, c.SlotStore):
            held: c.Store = slot.value
            held.close()
        counts: list[int | None] = c.sizes([a, None])
        clones: list[c.Store] = c.clone_stores(stores)
        for s2 in [main, *stores, *named.values(), *clones]:
            s2.close()
        if spare is not None and below is not None:
            spare.close()
        print(total, gaps, counts)
    try:
        c.check(False)
    except c.ConfError as e:
        assert e.code == c.ConfError.REQUESTED
    print([describe(v) for v in echoed], m, size, got, keys)


if __name__ == "__main__":
    main()
