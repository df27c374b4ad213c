"""Makes N callback invocations through the generated cbt.put_many ("gen")
or through a hand-written CFUNCTYPE callback given to the same C function
("hand"), for an instruction count under valgrind: the difference between
N and 0 calls, divided by N, is the cost of one call whatever the load of
the machine (docs/benchmarks.md, "Callbacks").

    python3 count_callbacks.py gen|hand N   (CBT_LIBRARY set)"""

from __future__ import annotations

import ctypes
import os
import sys

import cbt


class Sink:
    def put(self, x: int) -> int:
        return x + 1


_HAND_T = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_int64, ctypes.c_void_p)
_SINK = Sink()


def _hand(ctx: int | None, x: int, out: int | None) -> int:
    # The same floor as bench_callbacks.py: call, write, no checks.
    ctypes.c_int64.from_address(out or 0).value = _SINK.put(x)
    return 0


HAND = _HAND_T(_hand)


class HandSink(ctypes.Structure):
    _fields_ = [("ctx", ctypes.c_void_p), ("put", _HAND_T), ("release", ctypes.c_void_p)]


cbt.load()
lib = ctypes.CDLL(os.environ["CBT_LIBRARY"])
put_many = lib.cbt_put_many
put_many.argtypes = [ctypes.POINTER(HandSink), ctypes.c_uint32, ctypes.POINTER(ctypes.c_int64)]
put_many.restype = ctypes.c_int32


def hand(n: int) -> int:
    s = HandSink(None, HAND, None)
    out = ctypes.c_int64()
    if put_many(ctypes.byref(s), n, ctypes.byref(out)):
        raise RuntimeError("hand-written put_many failed")
    return out.value


# One call of each first, so that N = 0 pays every one-time cost too.
hand(1)
cbt.put_many(Sink(), 1)
n = int(sys.argv[2])
if sys.argv[1] == "gen":
    assert cbt.put_many(Sink(), n) == n * (n - 1) // 2 + n
else:
    assert hand(n) == n * (n - 1) // 2 + n
