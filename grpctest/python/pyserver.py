"""Serves InProcess() (the ctypes module over the C library) with the
generated gRPC transport on the Unix socket argv[1]: prints "ready" when
it listens, and stops when stdin ends, printing the C library's live
allocations ("live=N")."""

from __future__ import annotations

import ctypes
import sys
import time
from concurrent import futures

import grpc  # type: ignore[import-untyped]

import conformance as m
import conformance_grpc
import conformance_rpc as rpc


def main() -> None:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    conformance_grpc.add_to_server(rpc.InProcess(), server)
    server.add_insecure_port("unix:" + sys.argv[1])
    server.start()
    print("ready", flush=True)
    sys.stdin.read()
    server.stop(None).wait()
    f = m.load().conformance_live_allocations
    f.argtypes = []
    f.restype = ctypes.c_int64
    # A session's objects are released on its handler's thread once the
    # session has ended, which stop() does not wait for.
    end = time.monotonic() + 5
    while f() != 0 and time.monotonic() < end:
        time.sleep(0.01)
    print(f"live={f()}", flush=True)


if __name__ == "__main__":
    main()
