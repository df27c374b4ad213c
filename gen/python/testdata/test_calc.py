"""Round trip of testdata/calc.idl through the generated calc.py and the C
implementation testdata/c/calc_impl.c."""

from __future__ import annotations

import gc
import math
import os
import subprocess
import sys
import threading
import time
import weakref
import zlib
from types import ModuleType
from typing import Any

import pytest

I32 = (-(2**31), 2**31 - 1)
I64 = (-(2**63), 2**63 - 1)
U8 = (0, 255)
U32 = (0, 2**32 - 1)


def seg(calc: ModuleType, **kw: Any) -> Any:
    args: dict[str, Any] = dict(from_=calc.Point(0.0, 0.0), to=calc.Point(2.0, 4.0), weight=1, visible=True)
    args.update(kw)
    return calc.Segment(**args)


# --- types -------------------------------------------------------------------


def test_constants_and_enums(calc: ModuleType) -> None:
    assert calc.MAX_BATCH == 4096
    assert calc.GREETING == "hello"
    assert calc.EPSILON == 1e-9
    assert [m.name for m in calc.Rounding] == ["NEAREST", "DOWN", "UP"]
    assert calc.Rounding.UP == 2 and isinstance(calc.Rounding.UP, int)
    assert calc.Rounding.__doc__ == "How divide rounds."
    assert calc.Point.__doc__ == "A point in the plane."
    assert calc.add.__doc__ == "Adds two integers."
    assert calc.__doc__.startswith("Arithmetic and geometry helpers")


def test_dataclasses(calc: ModuleType) -> None:
    p = calc.Point(x=1.0, y=2.0)
    assert p == calc.Point(1.0, 2.0) and p != calc.Point()
    s = calc.Segment()
    assert s.from_ == calc.Point() and s.weight == 0 and s.visible is False
    poly = calc.Polygon()
    assert poly.vertices == [] and poly.fill is None and poly.labels == {}
    assert calc.ShapeSegment().value == calc.Segment()


def test_error_class(calc: ModuleType) -> None:
    e = calc.CalcError(1)
    assert isinstance(e, Exception)
    assert e.code == calc.CalcError.DIVIDE_BY_ZERO == calc.CalcError.Code.DIVIDE_BY_ZERO == 1
    assert e.name == "DIVIDE_BY_ZERO"
    assert str(e) == "DIVIDE_BY_ZERO (1): The divisor was zero."
    u = calc.CalcError(99)
    assert u.code == 99 and u.name == "UNKNOWN_99"
    import pickle

    e2 = pickle.loads(pickle.dumps(e))
    assert e2.code == 1 and e2.name == "DIVIDE_BY_ZERO"


def test_import_without_library(tmp_path: Any) -> None:
    # Importing never needs the library; the first call fails clearly.
    import calc as mod

    src = mod.__file__
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import calc\n"
        "try:\n    calc.add(1, 2)\nexcept calc.LibraryNotLoadedError as e:\n    print('ERR', e)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "CALC_LIBRARY": ""}
    d = tmp_path / "m"
    d.mkdir()
    (d / "calc.py").write_text(open(src).read())
    out = subprocess.run([sys.executable, "-c", code, str(d)], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.startswith("ERR calc: native library not found"), out.stdout + out.stderr
    env["CALC_LIBRARY"] = "/nonexistent/libcalc.so"
    out = subprocess.run([sys.executable, "-c", code, str(d)], env=env, capture_output=True, text=True, check=True)
    assert "cannot load '/nonexistent/libcalc.so'" in out.stdout, out.stdout + out.stderr


def test_load_again_returns_loaded_library(tmp_path: Any) -> None:
    # load() without a path after load(path) returns the loaded library,
    # even when nothing else would find one.
    import calc as mod

    lib = os.environ["CALC_LIBRARY"]
    d = tmp_path / "m"
    d.mkdir()
    (d / "calc.py").write_text(open(mod.__file__ or "").read())
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import calc\n"
        "lib = calc.load(sys.argv[2])\n"
        "assert calc.load() is lib\n"
        "assert calc.load(None) is lib\n"
        "assert calc.add(1, 2) == 3\n"
        "print('ok')\n"
    )
    env = dict(os.environ, CALC_LIBRARY="")
    out = subprocess.run([sys.executable, "-c", code, str(d), lib], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stdout + out.stderr


# --- functions ---------------------------------------------------------------


def test_add(calc: ModuleType) -> None:
    assert calc.add(2, 3) == 5
    assert calc.add(I32[0], 0) == I32[0]
    assert calc.add(I32[1], 0) == I32[1]
    assert calc.add(-1, I32[1]) == I32[1] - 1
    assert calc.add(True, calc.Rounding.UP) == 3  # int subclasses are ints
    assert calc.add(I32[1], 1) == I32[0]  # the C side wraps


@pytest.mark.parametrize("bad", [I32[0] - 1, I32[1] + 1, 2**40, -(2**63), 2**200])
def test_add_overflow(calc: ModuleType, bad: int) -> None:
    with pytest.raises(OverflowError, match=r"^a: .* out of range for i32"):
        calc.add(bad, 0)
    with pytest.raises(OverflowError, match=r"^b: "):
        calc.add(0, bad)


@pytest.mark.parametrize("bad", [1.0, "1", None, b"1", [1], 1j, float("nan")])
def test_add_type(calc: ModuleType, bad: Any) -> None:
    with pytest.raises(TypeError, match=r"^b: expected int \(i32\), got "):
        calc.add(1, bad)


def test_divide(calc: ModuleType) -> None:
    assert calc.divide(7, 2, calc.Rounding.DOWN) == 3
    assert calc.divide(-7, 2, calc.Rounding.DOWN) == -4
    assert calc.divide(7, 2, calc.Rounding.UP) == 4
    assert calc.divide(I64[1], 1, calc.Rounding.NEAREST) == I64[1]
    assert calc.divide(I64[0], 1, calc.Rounding.NEAREST) == I64[0]
    assert calc.divide(6, 3, 1) == 2  # a plain int that is a member is accepted
    assert calc.divide(5, 2, calc.Rounding.NEAREST) == 3
    assert calc.divide(-5, 2, calc.Rounding.NEAREST) == -3
    assert calc.divide(-7, 2, calc.Rounding.UP) == -3


def test_divide_errors(calc: ModuleType) -> None:
    with pytest.raises(calc.CalcError) as ei:
        calc.divide(1, 0, calc.Rounding.NEAREST)
    assert ei.value.code == calc.CalcError.DIVIDE_BY_ZERO and ei.value.name == "DIVIDE_BY_ZERO"
    with pytest.raises(calc.CalcError) as ei:
        calc.divide(I64[0], -1, calc.Rounding.NEAREST)
    assert ei.value.code == calc.CalcError.OVERFLOW
    with pytest.raises(OverflowError, match="^a: "):
        calc.divide(I64[1] + 1, 1, calc.Rounding.UP)
    with pytest.raises(OverflowError, match="^b: "):
        calc.divide(1, I64[0] - 1, calc.Rounding.UP)
    with pytest.raises(ValueError, match="^mode: 7 is not a valid Rounding"):
        calc.divide(1, 1, 7)
    with pytest.raises(TypeError, match="^mode: expected Rounding, got str"):
        calc.divide(1, 1, "UP")
    with pytest.raises(TypeError, match="^mode: expected Rounding, got bool"):
        calc.divide(1, 1, True)


def test_midpoint(calc: ModuleType) -> None:
    assert calc.midpoint(seg(calc)) == calc.Point(1.0, 2.0)
    assert calc.midpoint(seg(calc, weight=U8[1], visible=False)) == calc.Point(1.0, 2.0)
    m = calc.midpoint(seg(calc, from_=calc.Point(math.nan, math.inf), to=calc.Point(0, math.inf)))
    assert math.isnan(m.x) and m.y == math.inf
    m = calc.midpoint(seg(calc, from_=calc.Point(-math.inf, 1), to=calc.Point(-math.inf, 3)))
    assert m == calc.Point(-math.inf, 2.0)
    assert calc.midpoint(seg(calc, from_=calc.Point(1, 1), to=calc.Point(3, 3))) == calc.Point(2.0, 2.0)


@pytest.mark.parametrize(
    "kw,exc,msg",
    [
        ({"weight": 256}, OverflowError, r"^s\.weight: 256 is out of range for u8"),
        ({"weight": -1}, OverflowError, r"^s\.weight: -1 is out of range for u8"),
        ({"weight": 1.5}, TypeError, r"^s\.weight: expected int \(u8\), got float"),
        ({"visible": 1}, TypeError, r"^s\.visible: expected bool, got int"),
        ({"to": (1, 2)}, TypeError, r"^s\.to: expected Point, got tuple"),
        ({"to": None}, TypeError, r"^s\.to: expected Point, got NoneType"),
    ],
)
def test_midpoint_bad(calc: ModuleType, kw: dict[str, Any], exc: type[Exception], msg: str) -> None:
    with pytest.raises(exc, match=msg):
        calc.midpoint(seg(calc, **kw))


def test_midpoint_bad_nested(calc: ModuleType) -> None:
    with pytest.raises(TypeError, match=r"^s\.from_\.y: expected float \(f64\), got str"):
        calc.midpoint(seg(calc, from_=calc.Point(0.0, "0")))
    with pytest.raises(OverflowError, match=r"^s\.from_\.x: "):
        calc.midpoint(seg(calc, from_=calc.Point(10**400, 0.0)))
    with pytest.raises(TypeError, match=r"^s: expected Segment, got Point"):
        calc.midpoint(calc.Point())


@pytest.mark.parametrize("name", ["", "world", "wörld ✓ 日本", "a\0b", "\0", "x" * 100000])
def test_greet(calc: ModuleType, name: str) -> None:
    assert calc.greet(name) == "hello, " + name


def test_greet_bad(calc: ModuleType) -> None:
    with pytest.raises(TypeError, match="^name: expected str, got bytes"):
        calc.greet(b"x")
    with pytest.raises(ValueError, match="^name: string cannot be encoded as UTF-8"):
        calc.greet("\ud800")


@pytest.mark.parametrize("data", [b"", b"abc", b"\0\0\0", bytes(range(256)), b"\xff" * 100000])
def test_checksum(calc: ModuleType, data: bytes) -> None:
    c = calc.checksum(data)
    assert c == zlib.crc32(data)
    assert calc.checksum(bytearray(data)) == c
    assert calc.checksum(memoryview(data)) == c
    assert calc.checksum(data) == c  # deterministic


def test_checksum_bad(calc: ModuleType) -> None:
    with pytest.raises(TypeError, match="^data: expected bytes, got str"):
        calc.checksum("abc")


def test_reset(calc: ModuleType) -> None:
    assert calc.reset() is None


# --- objects -----------------------------------------------------------------


def test_accumulator(calc: ModuleType) -> None:
    a = calc.Accumulator(5)
    a.add(3)
    a.add(-10)
    assert a.total() == -2
    a.close()
    a.close()  # double close is harmless
    with pytest.raises(calc.ClosedError, match="Accumulator is closed"):
        a.total()
    with pytest.raises(calc.ClosedError):
        a.add(1)
    assert "closed" in repr(a)


def test_accumulator_close_while_threads_call(calc: ModuleType, inflight: Any, hammer: Any) -> None:
    # close() while other threads are inside add and total (ctypes releases
    # the GIL during a call): new calls raise ClosedError, and the handle is
    # destroyed once, after the last call in flight has returned.
    for _ in range(5):
        a = calc.Accumulator(0)
        names = ["_f_calc_Accumulator_add", "_f_calc_Accumulator_total"]
        with inflight(calc, a._h, names, "_f_calc_Accumulator_destroy") as w:
            join, errors = hammer(calc.ClosedError, [lambda: a.add(1), a.total])
            while w.calls < 20:
                time.sleep(0.0005)
            a.close()
            with pytest.raises(calc.ClosedError):
                a.total()
            assert join() == 4, errors()
            assert w.violations == []
            assert w.destroyed == 1
            a.close()
            assert w.destroyed == 1


def test_accumulator_close_race(calc: ModuleType, hammer: Any) -> None:
    # The same race against the real library, many times: under the
    # sanitizer run (TestPythonRoundTripASan) a destroy during a call is a
    # heap-use-after-free.
    for _ in range(100):
        a = calc.Accumulator(1)
        join, errors = hammer(calc.ClosedError, [lambda: a.add(1), a.total], threads=2)
        while a.total() < 20:
            time.sleep(0)
        a.close()
        assert join() == 2, errors()


def test_accumulator_threads_gc(calc: ModuleType) -> None:
    # Shared by threads and never closed: the garbage collector alone
    # releases it (the finalizer holds no reference to the object).
    a = calc.Accumulator(0)
    ts = [threading.Thread(target=lambda: [a.add(1) for _ in range(1000)]) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert a.total() == 4000
    r = weakref.ref(a)
    del a
    gc.collect()
    assert r() is None


def test_accumulator_with(calc: ModuleType) -> None:
    with calc.Accumulator(I64[0]) as a:
        assert a.total() == I64[0]
    with pytest.raises(calc.ClosedError):
        a.total()
    with calc.Accumulator.with_capacity(1, 16) as b:
        b.add(I64[1] - 1)
        assert b.total() == I64[1]


def test_accumulator_with_capacity_raises(calc: ModuleType) -> None:
    calc.Accumulator.with_capacity(0, 0).close()
    calc.Accumulator.with_capacity(0, calc.MAX_BATCH).close()
    with pytest.raises(calc.CalcError) as ei:
        calc.Accumulator.with_capacity(0, calc.MAX_BATCH + 1)
    assert ei.value.code == calc.CalcError.OVERFLOW and ei.value.name == "OVERFLOW"


def test_accumulator_errors(calc: ModuleType) -> None:
    with pytest.raises(OverflowError, match="^start: "):
        calc.Accumulator(I64[1] + 1)
    with pytest.raises(OverflowError, match="^capacity: "):
        calc.Accumulator.with_capacity(0, U32[1] + 1)
    with pytest.raises(OverflowError, match="^capacity: "):
        calc.Accumulator.with_capacity(0, -1)
    with pytest.raises(TypeError, match="^x: "):
        calc.Accumulator(0).add("1")
    gc.collect()


def test_accumulator_gc(calc: ModuleType) -> None:
    # Released by the garbage collector alone.
    a = calc.Accumulator(1)
    r = weakref.ref(a)
    del a
    gc.collect()
    assert r() is None
    for _ in range(1000):
        calc.Accumulator(2).add(1)


def test_accumulator_cycles(calc: ModuleType) -> None:
    for i in range(100_000):
        a = calc.Accumulator(i)
        a.close()


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_rss_flat_strings(calc: ModuleType) -> None:
    # 200k calls that return strings: RSS must stay flat (< 1 MiB growth).
    name = "wörld" * 20
    for _ in range(20_000):  # warm up allocator and caches
        calc.greet(name)
    gc.collect()
    before = _rss()
    for _ in range(200_000):
        calc.greet(name)
    gc.collect()
    grown = _rss() - before
    assert grown < 1 << 20, f"RSS grew by {grown} bytes over 200k calls"
