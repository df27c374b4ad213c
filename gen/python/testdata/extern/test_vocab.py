"""vocab.py against testdata/extern/vocab.c, a C library bound with extern:
every type of C's vocabulary at its edges, and one past them."""

from __future__ import annotations

import ctypes
import math

import pytest

import vocab

# (function, lo, hi, IDL type) with the platform's sizes, which the module
# asserts are LP64's when it loads.
INTS = [
    (vocab.schar, -(2**7), 2**7 - 1, "c_schar"),
    (vocab.uchar, 0, 2**8 - 1, "c_uchar"),
    (vocab.short, -(2**15), 2**15 - 1, "c_short"),
    (vocab.ushort, 0, 2**16 - 1, "c_ushort"),
    (vocab.int_, -(2**31), 2**31 - 1, "c_int"),
    (vocab.uint, 0, 2**32 - 1, "c_uint"),
    (vocab.long, -(2**63), 2**63 - 1, "c_long"),
    (vocab.ulong, 0, 2**64 - 1, "c_ulong"),
    (vocab.longlong, -(2**63), 2**63 - 1, "c_longlong"),
    (vocab.ulonglong, 0, 2**64 - 1, "c_ulonglong"),
    (vocab.size, 0, 2**64 - 1, "c_size_t"),
    (vocab.fixed, -(2**31), 2**31 - 1, "i32"),
]


def test_platform_is_lp64() -> None:
    assert ctypes.sizeof(ctypes.c_long) == 8
    assert ctypes.sizeof(ctypes.c_size_t) == 8


@pytest.mark.parametrize("f,lo,hi,name", INTS)
def test_int_edges(f: object, lo: int, hi: int, name: str) -> None:
    call = f  # type: ignore[assignment]
    for v in (lo, hi, 0, 1, (lo + hi) // 2):
        assert call(v) == v, (name, v)  # type: ignore[operator]


@pytest.mark.parametrize("f,lo,hi,name", INTS)
def test_int_out_of_range(f: object, lo: int, hi: int, name: str) -> None:
    call = f
    for v in (lo - 1, hi + 1, 2**64, -(2**64)):
        with pytest.raises(OverflowError, match=rf"v: {v} is out of range for {name} "):
            call(v)  # type: ignore[operator]


@pytest.mark.parametrize("f,lo,hi,name", INTS)
def test_int_wrong_type(f: object, lo: int, hi: int, name: str) -> None:
    call = f
    for v in ("1", 1.0, None, b"1"):
        with pytest.raises(TypeError):
            call(v)  # type: ignore[operator]


def test_int_accepts_bool() -> None:
    assert vocab.int_(True) == 1


def test_float_edges() -> None:
    f32max = 3.4028234663852886e38
    for v in (0.0, -1.5, f32max, -f32max, 1.401298464324817e-45, math.inf, -math.inf):
        assert vocab.float_(v) == v
    assert math.isnan(vocab.float_(math.nan))
    with pytest.raises(OverflowError):
        vocab.float_(f32max * 2)
    for v in (0.0, -1.5, 1.7976931348623157e308, 5e-324, math.inf):
        assert vocab.double(v) == v
    assert math.isnan(vocab.double(math.nan))
    assert vocab.double(3) == 3.0
    with pytest.raises(TypeError):
        vocab.double("1.0")


def test_symbols_and_mixed_arguments() -> None:
    assert vocab.negate(True) is False
    assert vocab.negate(False) is True
    with pytest.raises(TypeError):
        vocab.negate(1)
    assert vocab.mix(-3, 0.5, 255) == 252
    with pytest.raises(OverflowError, match="c: 256 is out of range for c_uchar"):
        vocab.mix(-3, 0.5, 256)
    vocab.set(-42)
    assert vocab.get() == -42


def test_layout_assertion_lists_vocabulary() -> None:
    # load() compares each of these sizes with ctypes' before binding.
    names = {ct.__name__ for _, ct in vocab._PACKED}
    # (ctypes.c_size_t is c_ulong under another name.)
    assert {"c_int", "c_long", "c_ulong", "c_ubyte", "c_byte"} <= names


def test_cstring_in() -> None:
    for s in ("", "a", "héllo, wörld ✓", "x" * 65536):
        assert vocab.strlen(s) == len(s.encode())
    # C sees the UTF-8 bytes and the NUL after them.
    assert vocab.byte_at("é", 1) == 0xA9
    assert vocab.byte_at("é", 2) == 0


def test_cstring_rejects() -> None:
    with pytest.raises(ValueError, match=r"s: holds a NUL character at index 2; a C string \(cstring\) ends at its first NUL"):
        vocab.strlen("ab\0cd")
    with pytest.raises(ValueError, match="cannot be encoded as UTF-8"):
        vocab.strlen("\ud800")
    with pytest.raises(TypeError, match=r"s: expected str \(cstring\), got bytes"):
        vocab.strlen(b"abc")  # type: ignore[arg-type]


def test_cstring_out() -> None:
    assert vocab.greeting() == "héllo, wörld ✓"


def test_bytes_pairs() -> None:
    data = bytes(range(256))
    assert vocab.sum(data) == sum(range(256))
    assert vocab.sum(b"") == 0
    assert vocab.sum(bytearray(b"\x01\x02")) == 3
    assert vocab.sum(memoryview(b"\x05")) == 5
    assert vocab.sum8(data[:255]) == sum(range(255))
    with pytest.raises(OverflowError, match=r"buf: 256 bytes is more than the C length \(u8\) holds \[0, 255\]"):
        vocab.sum8(data)
    with pytest.raises(TypeError, match="buf: expected bytes, got str"):
        vocab.sum("abc")  # type: ignore[arg-type]


def test_cstring_freed() -> None:
    # A result the caller owns: copied, then freed with vx_release once.
    assert vocab.upper("") == ""
    assert vocab.upper("abc") == "ABC"
    assert vocab.upper("héllo") == "HéLLO"  # vx_upper changes ASCII only
    for _ in range(1000):
        vocab.upper("x" * 100)
    assert vocab.live() == 0
    with pytest.raises(ValueError):
        vocab.upper("a\0")
    assert vocab.live() == 0


def test_out_parameters() -> None:
    assert vocab.divmod(17, 5) == (3, 2)
    assert vocab.divmod(-(2**31), 7) == (-306783378, -2)  # C truncates toward zero
    assert vocab.minmax(b"\x07\xff\x00\x09") == (0, 255)
    assert vocab.minmax(b"") == (0, 0)
    with pytest.raises(OverflowError):
        vocab.divmod(2**31, 1)


@pytest.mark.parametrize("n", [0, 1, 100, 1 << 20])
def test_out_buffer_filled(n: int) -> None:
    # The module allocates buf_cap bytes; C writes n and says so.
    assert vocab.fill(n, n, ord("x")) == b"x" * n
    got = vocab.fill(n + 7, n, ord("y"))
    assert got == b"y" * n and type(got) is bytes


def test_out_buffer_status() -> None:
    with pytest.raises(vocab.StatusError) as e:
        vocab.fill(3, 4, ord("z"))
    assert e.value.code == -5 and e.value.func == "vx_fill"
    assert "vx_fill failed with status -5" in str(e.value)
    assert vocab.check(7) is None
    with pytest.raises(vocab.StatusError) as e:
        vocab.check(0)
    assert e.value.code == 0


def test_out_buffer_capacity_checked() -> None:
    with pytest.raises(OverflowError, match="buf_cap"):
        vocab.fill(-1, 0, 0)
    with pytest.raises(OverflowError, match="c_uint"):
        vocab.liar(2**32)
    with pytest.raises(OverflowError, match="u8"):
        vocab.hex(256, 1)
    with pytest.raises(TypeError, match="buf_cap"):
        vocab.fill("3", 0, 0)  # type: ignore[arg-type]


@pytest.mark.parametrize("n", [0, 16])
def test_out_buffer_overrun_caught(n: int) -> None:
    # vx_liar claims one byte more than the buffer holds: nothing is read.
    with pytest.raises(vocab.OverrunError, match=f"vx_liar reported {n + 1} bytes written into buf, which holds {n}"):
        vocab.liar(n)


def test_out_buffer_with_result_and_out() -> None:
    assert vocab.hex(16, 0xBEEF) == (1, b"beef", 4)
    assert vocab.hex(2, 2**64 - 1) == (0, b"ff", 16)
    assert vocab.hex(0, 5) == (0, b"", 1)


def test_arrays() -> None:
    assert vocab.isum([2**31 - 1, 2**31 - 1, -(2**31), -1]) == 2**31 - 3
    assert vocab.isum([]) == 0 and vocab.isum(()) == 0
    assert vocab.ssum([-128, 127, -1]) == -2
    assert vocab.dsum([0.5, 0.25, 1]) == 1.75
    assert vocab.dsum([math.inf]) == math.inf
    assert vocab.fsum([1.5, -0.25]) == 1.25
    assert vocab.fsum([3.4028234663852886e38]) == 3.4028234663852886e38
    xs = [0] * 255
    xs[200] = 2**64 - 1
    assert vocab.umax(xs) == 2**64 - 1
    assert vocab.isum([i % 7 for i in range(1 << 20)]) == 3145722


def test_arrays_rejects() -> None:
    with pytest.raises(OverflowError, match=r"xs\[1\]: 2147483648 is out of range for c_int"):
        vocab.isum([1, 2**31])
    with pytest.raises(OverflowError, match=r"xs\[0\]: -129 is out of range for c_schar"):
        vocab.ssum([-129])
    with pytest.raises(OverflowError, match=r"xs\[0\]: -1 is out of range for u64"):
        vocab.umax([-1])
    with pytest.raises(OverflowError, match=r"xs\[1\]: 1e\+39 is out of range for c_float"):
        vocab.fsum([0.0, 1e39])
    with pytest.raises(OverflowError, match=r"256 elements is more than the C length \(u8\)"):
        vocab.umax([0] * 256)
    with pytest.raises(TypeError, match=r"xs\[2\]: expected c_int, got float"):
        vocab.isum([1, 2, 3.0])
    with pytest.raises(TypeError, match=r"xs\[0\]: expected c_double, got str"):
        vocab.dsum(["1"])  # type: ignore[list-item]
    for wrong in (b"\x01\x00\x00\x00", "1", 1, None):
        # bytes would be read by the array module as raw machine values.
        with pytest.raises(TypeError, match="xs: expected a list"):
            vocab.isum(wrong)  # type: ignore[arg-type]
    assert vocab.fsum([math.inf, -1.0]) == math.inf  # an infinity is a float
