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
