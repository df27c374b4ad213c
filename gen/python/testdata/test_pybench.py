"""The benchmark library (testdata/bench/pybench.idl) as a round trip: its
results are right, and 200k calls returning strings and lists leave RSS
flat and the live-allocation counter at zero."""

from __future__ import annotations

import gc
import os
from types import ModuleType

import pytest


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_results(pybench: ModuleType) -> None:
    P = pybench.Point
    assert pybench.add(2, 3) == 5
    assert pybench.checksum(b"") == 0
    assert pybench.checksum(b"\x01\x02\x03") == 1 + 3 + 3
    assert pybench.sum_points([]) == 0.0
    assert pybench.sum_points([P(1.0, 2.0), P(3, 4)]) == 10.0
    assert pybench.sum_points((P(1.0, 2.0),)) == 3.0
    assert pybench.make_points(0) == []
    assert pybench.make_points(3) == [P(0.0, -0.0), P(1.0, -1.0), P(2.0, -2.0)]
    assert pybench.make_ints(4) == [0, 3, 6, 9]
    assert pybench.greet("x\0y") == "hello, x\0y"


def test_list_paths(pybench: ModuleType) -> None:
    P = pybench.Point
    pts = [P(float(i), 1) for i in range(10_000)]
    assert pybench.sum_points(pts) == sum(range(10_000)) + 10_000
    with pytest.raises(TypeError, match=r"^points\[3\]\.y: expected float \(f64\), got str"):
        pybench.sum_points(pts[:3] + [P(0.0, "1")])
    with pytest.raises(TypeError, match=r"^points\[1\]: expected Point, got tuple"):
        pybench.sum_points([P(), (1.0, 2.0)])
    with pytest.raises(TypeError, match=r"^points: expected list, got list_iterator"):
        pybench.sum_points(iter([P()]))
    with pytest.raises(OverflowError, match=r"^points\[0\]\.x: "):
        pybench.sum_points([P(10**400, 0.0)])
    assert len(pybench.make_points(100_000)) == 100_000


def test_rss_flat_lists_and_strings(pybench: ModuleType) -> None:
    for _ in range(10_000):
        pybench.make_points(8)
        pybench.make_ints(8)
        pybench.greet("abc")
    gc.collect()
    before = _rss()
    for _ in range(200_000):
        pybench.make_points(8)
        pybench.make_ints(8)
        pybench.greet("abc")
    gc.collect()
    grown = _rss() - before
    assert grown < 1 << 20, f"RSS grew by {grown} bytes over 200k calls"


def test_bytes_without_copy(pybench: ModuleType) -> None:
    import ctypes
    import sys

    data = bytes(range(256)) * 4096  # 1 MiB
    own = ctypes.cast(ctypes.c_char_p(data), ctypes.c_void_p).value
    assert pybench.data_address(data) == own
    refs = sys.getrefcount(data)
    pybench.checksum(data)
    assert sys.getrefcount(data) == refs  # nothing kept after the call
