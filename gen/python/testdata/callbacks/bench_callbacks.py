"""1,000,000 callback invocations through the generated cbt.put_many and
through a hand-written CFUNCTYPE callback calling the same C function in
the same run, and the memory the generated ones leave behind. Run by
TestPythonCallbacks with CBT_BENCH=1 (docs/benchmarks.md)."""

from __future__ import annotations

import ctypes
import gc
import os
import time

import cbt

N = 1_000_000


class Sink:
    def put(self, x: int) -> int:
        return x + 1


_HAND_T = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_int64, ctypes.c_void_p)


_SINK = Sink()


def _hand(ctx: int | None, x: int, out: int | None) -> int:
    # What hand-written glue does at the least: call the user's object
    # (a global, not looked up by ctx), write the result, no checks.
    ctypes.c_int64.from_address(out or 0).value = _SINK.put(x)
    return 0


HAND = _HAND_T(_hand)


class HandSink(ctypes.Structure):
    _fields_ = [("ctx", ctypes.c_void_p), ("put", _HAND_T), ("release", ctypes.c_void_p)]


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def live() -> int:
    f = lib.cbt_live_allocations
    f.restype = ctypes.c_int64
    return int(f())


cbt.load()
lib = ctypes.CDLL(os.environ["CBT_LIBRARY"])  # its own function objects: argtypes of our own
put_many = lib.cbt_put_many
put_many.argtypes = [ctypes.POINTER(HandSink), ctypes.c_uint32, ctypes.POINTER(ctypes.c_int64)]
put_many.restype = ctypes.c_int32


def hand(n: int) -> int:
    s = HandSink(None, HAND, None)
    out = ctypes.c_int64()
    if put_many(ctypes.byref(s), n, ctypes.byref(out)):
        raise RuntimeError("hand-written put_many failed")
    return out.value


want = N * (N - 1) // 2 + N
assert hand(1000) == 1000 * 999 // 2 + 1000
assert cbt.put_many(Sink(), 1000) == 1000 * 999 // 2 + 1000
gc.collect()
rss0 = rss()
gen_best = hand_best = float("inf")
for _ in range(3):
    t = time.perf_counter()
    assert cbt.put_many(Sink(), N) == want
    gen_best = min(gen_best, time.perf_counter() - t)
    t = time.perf_counter()
    assert hand(N) == want
    hand_best = min(hand_best, time.perf_counter() - t)
gc.collect()
rss1 = rss()
print(f"{N} callbacks: generated {gen_best / N * 1e9:.0f} ns/callback, hand-written CFUNCTYPE {hand_best / N * 1e9:.0f} ns/callback, ratio {gen_best / hand_best:.2f}")
print(f"after 3 x {N} generated (and 3 x {N} hand-written) callbacks: RSS {rss1 - rss0:+d} bytes, C live allocations {live()}, callback values {cbt._cb_live()}")
