"""Checks of the generated edge module that need no native library: it
imports, its pure-Python types behave, arguments are checked before the
library is needed, and the first real call fails with a clear error."""

from __future__ import annotations

import edge

assert edge.BIG == 2**64 - 1 and edge.NEG == -128 and edge.HUGE == 1e308
assert edge.QUOTE == 'say "hi"\n\\'
assert edge.Level.LOW == 5 and edge.Keywords().lambda_ == []
assert edge.Holder().level is edge.Level.LOW  # no zero member: the first one
assert edge.Holder().small == edge.SmallFlag(False)
assert edge.Small.__doc__ is not None
k = edge.Keywords(from_=1, class_="c", none=True, type_=None, lambda_=[edge.Level.HIGH], self_=0.5)
assert k.from_ == 1 and k.self_ == 0.5

e = edge.Oops(1)
assert e.code == edge.Oops.BAD and e.name == "BAD" and str(e) == "BAD (1)"

try:
    edge.Handle()
except TypeError as err:
    assert "no default constructor" in str(err)
else:
    raise AssertionError("Handle() must fail")


def expect(exc: type[Exception], prefix: str, fn: object, *args: object) -> None:
    try:
        fn(*args)  # type: ignore[operator]
    except exc as err:
        assert str(err).startswith(prefix), f"{err!r} does not start with {prefix!r}"
    else:
        raise AssertionError(f"no {exc.__name__}")


expect(TypeError, "import_.lambda_[1]: expected Level, got str", edge.def_, edge.Keywords(lambda_=[edge.Level.LOW, "HIGH"]), edge.Holder())
expect(ValueError, "import_.lambda_[0]: 6 is not a valid Level", edge.def_, edge.Keywords(lambda_=[6]), edge.Holder())
expect(OverflowError, "import_.type_: 256 is out of range for u8", edge.def_, edge.Keywords(type_=256), edge.Holder())
expect(OverflowError, "import_.self_: 1e+39 is out of range for f32", edge.def_, edge.Keywords(self_=1e39), edge.Holder())
expect(TypeError, "pass_.smalls key 'LOW': expected Level", edge.def_, edge.Keywords(), edge.Holder(smalls={"LOW": edge.SmallFlag(True)}))
expect(TypeError, "pass_.smalls[<Level.LOW: 5>].value: expected bool, got int", edge.def_, edge.Keywords(), edge.Holder(smalls={edge.Level.LOW: edge.SmallFlag(1)}))
expect(ValueError, "pass_.small: SmallUnknown (tag 9) cannot be passed", edge.def_, edge.Keywords(), edge.Holder(small=edge.SmallUnknown(9)))
expect(OverflowError, "def_: 2147483648 is out of range for i32", edge.Handle.named, 2**31)
# Valid arguments reach the lazy loader, which fails clearly without a library.
expect(edge.LibraryNotLoadedError, "edge: native library not found", edge.def_, edge.Keywords(), edge.Holder())
expect(edge.LibraryNotLoadedError, "edge: native library not found", edge.Handle.named, 1)
try:
    edge.load("/nonexistent/libedge.so")
except edge.LibraryNotLoadedError as err:
    assert "cannot load '/nonexistent/libedge.so'" in str(err)
else:
    raise AssertionError("load of a missing library returned")


# Objects inside values: required fields have no default, and a value that
# is not an object where one is required fails before the library is needed.
for make in (lambda: edge.Pair(), lambda: edge.Pair(1), lambda: edge.EitherHandle(), lambda: edge.Wrapper()):
    try:
        make()
    except TypeError as err:
        assert "missing" in str(err), err
    else:
        raise AssertionError("a required object field got a default")
assert edge.Pair(1, None).second is None and edge.Pair(1, None).rest == []
assert edge.EitherLevel().value is edge.Level.LOW and edge.Wrapper(edge.EitherLevel()).maybe is None
w = edge.Wrapper(edge.EitherLevel())
expect(TypeError, "p.first: expected Handle, got NoneType", edge.pairs, edge.Pair(1, None), w, {})
expect(OverflowError, "p.tag: 256 is out of range for u8", edge.pairs, edge.Pair(256, None), w, {})

# A stand-in for an open Handle (no library makes a real one); validation
# stops every call below before C, except the last, which reaches the
# loader. Each leaves the stand-in with no call counted in flight.
import threading

h = edge.Handle.__new__(edge.Handle)
h._h, h._lk, h._n = 1, threading.Lock(), 0
closed = edge.Handle.__new__(edge.Handle)
closed._h, closed._lk, closed._n = None, threading.Lock(), 0
p = edge.Pair(1, h, None, [h, h])
expect(TypeError, "p.second: expected Handle, got str", edge.pairs, edge.Pair(1, h, "h"), w, {})
expect(TypeError, "w.either.value: expected Handle, got NoneType", edge.pairs, p, edge.Wrapper(edge.EitherHandle(None)), {})
expect(TypeError, "w.maybe.value.rest[1]: expected Handle, got int", edge.pairs, p, edge.Wrapper(w.either, edge.EitherPair(edge.Pair(1, h, None, [h, 7]))), {})
expect(TypeError, "all['k']: expected Handle, got Pair", edge.pairs, p, w, {"k": p})
expect(edge.ClosedError, "p.rest[2]: edge.Handle is closed", edge.pairs, edge.Pair(1, h, h, [h, h, closed]), w, {})
expect(edge.ClosedError, "all['c']: edge.Handle is closed", edge.pairs, p, edge.Wrapper(edge.EitherHandle(h)), {"n": None, "c": closed})
assert h._n == 0
expect(edge.LibraryNotLoadedError, "edge: native library not found", edge.pairs, p, edge.Wrapper(edge.EitherHandle(h)), {"n": None, "h": h})
assert h._n == 0
print("ok")
