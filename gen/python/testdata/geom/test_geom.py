"""geom.py against testdata/extern/geom.c: C structs of the library's own
header, passed by value and through pointers, laid out by ctypes from the
IDL's fields in order."""

from __future__ import annotations

import ctypes

import pytest

import geom
from geom import Point, Sample


def test_by_value() -> None:
    assert geom.manhattan(Point(-3, 4)) == 7
    assert geom.manhattan(Point(-(2**31), -(2**31))) == 2**32
    assert geom.mid(Point(2, 2**31 - 1), Point(4, 2**31 - 1)) == Point(3, 2**31 - 1)
    # Every field of a struct with padding in it survives both ways.
    got = geom.scale(Sample(tag=255, value=1.5, count=2**15 - 2, ok=False), -2.0)
    assert got == Sample(tag=255, value=-3.0, count=2**15 - 1, ok=True)


def test_through_pointer() -> None:
    assert geom.make(-(2**31), 2**31 - 1) == Point(-(2**31), 2**31 - 1)
    assert geom.fill(9) == Sample(tag=9, value=4.5, count=-9, ok=True)
    with pytest.raises(geom.StatusError) as e:
        geom.fill(0)
    assert e.value.code == -1


def test_fields_checked() -> None:
    # ctypes would truncate 2**31 into a c_int field without a word.
    with pytest.raises(OverflowError):
        geom.manhattan(Point(2**31, 0))
    with pytest.raises(OverflowError):
        geom.scale(Sample(tag=256), 1.0)
    with pytest.raises(TypeError):
        geom.manhattan((1, 2))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        geom.scale(Sample(value="x"), 1.0)  # type: ignore[arg-type]


def test_layout_is_cs() -> None:
    # What ctypes lays out from the IDL is what the C compiler did with
    # geom.h (the Go binding asserts it at build time; Python cannot).
    assert ctypes.sizeof(geom._C_Point) == 8
    assert ctypes.sizeof(geom._C_Sample) == 24
    assert [geom._C_Sample.tag.offset, geom._C_Sample.value.offset, geom._C_Sample.count.offset, geom._C_Sample.ok.offset] == [0, 8, 16, 18]


def test_by_const_pointer() -> None:
    a, b = Point(-(2**31), 0), Point(0, 3)
    assert geom.dist2(a, b) == 2**62 + 9
    assert a == Point(-(2**31), 0)
    with pytest.raises(OverflowError):
        geom.dist2(Point(2**31, 0), b)
