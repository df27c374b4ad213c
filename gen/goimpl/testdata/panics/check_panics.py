"""What Python sees of the Go-built panics library: a panic in a method
and a foreign error are panics.Failure with the code INT32_MIN, a wrapped
Failure its own code; nothing stays allocated. With the argument "boom" it
calls boom(), which must abort the process."""

import ctypes
import sys

import panics

INTERNAL = -2147483648


def code_of(f: object, *args: object) -> int:
    try:
        f(*args)  # type: ignore[operator]
    except panics.Failure as e:
        return int(e.code)
    raise AssertionError("no Failure raised")


def main() -> None:
    if sys.argv[1:] == ["boom"]:
        panics.boom("the sky is falling")
        return
    lib = panics.load()
    live = lib.panics_live_allocations
    live.restype = ctypes.c_int64
    handles = lib.panics_goimpl_live_handles
    handles.restype = ctypes.c_int64
    with panics.Bomb() as b:
        assert code_of(b.explode, "kaboom") == INTERNAL
        b.fail(0)
        assert code_of(b.fail, panics.Failure.WORSE) == panics.Failure.WORSE
        assert code_of(b.fail, 99) == INTERNAL
        assert code_of(b.half, 3) == INTERNAL
        assert b.ticks() == 6
    assert live() == 0, live()
    assert handles() == 0, handles()
    print("ok")


main()
