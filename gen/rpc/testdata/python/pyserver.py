"""Serves InProcess() with RpcServer on the Unix socket named by argv[1]
until a client has connected and gone, then checks that the server
released everything (the C library's live-allocation counter is 0) and
exits 0."""

from __future__ import annotations

import ctypes
import os
import socket
import sys
import threading

import conformance
import conformance_rpc as rpc

path = sys.argv[1]
ln = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
ln.bind(path + ".tmp")
ln.listen(8)
os.rename(path + ".tmp", path)  # the client waits for the name
class Keeping(rpc.InProcess):
    """Keeps the stores it makes alive: only the server's close() at the
    end of the connection can release them, not the garbage collector."""

    def __init__(self) -> None:
        self.made: list[rpc.StoreService] = []

    def store_with(self, key: str, value: conformance.Value) -> rpc.StoreService:
        s = super().store_with(key, value)
        self.made.append(s)
        return s


impl = Keeping()
srv = rpc.RpcServer(impl)
conn, _ = ln.accept()
srv.serve_conn(conn)  # returns once the connection ended and its objects are released
live = conformance.load().conformance_live_allocations
live.restype = ctypes.c_int64
n = live()
if not impl.made or n != 0:
    print(f"pyserver: {n} live allocations after the client left", file=sys.stderr)
    sys.exit(1)
print("released")
