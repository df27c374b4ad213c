"""Round-trip latency of add(2, 3) from Python over a Unix socket.

    python3 bench.py RAW_SOCKET RPC_SOCKET [--calls N] [--rounds R]

raw: a plain socket sending the 17 bytes of the CALL frame and reading
the 15 of the answer, against a server answering fixed bytes (the floor);
raw-rpc: the same bytes against the generated Go server; rpc-floor: the
generated client's add(2, 3) against the fixed-bytes server (the Python
client's own cost over the floor); rpc: the generated client against the
generated Go server; rpc-64: 64 threads sharing one client of the Go
server, time per call. Prints one JSON line: median
microseconds per call of each case over the rounds.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import struct
import threading
import time

import add_rpc

CALL = bytes.fromhex("0d000000" "01" "01000000" "7412393b" "08041006")


def raw(path: str, n: int) -> float:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    f = s.makefile("rb")
    send, read = s.sendall, f.read
    t0 = time.perf_counter()
    for _ in range(n):
        send(CALL)
        b = read(15)
    dt = time.perf_counter() - t0
    assert b[13:] == b"\x08\x0a", b
    s.close()
    return dt / n * 1e6


def rpc(path: str, n: int) -> float:
    c = add_rpc.connect(path)
    a = c.add
    t0 = time.perf_counter()
    for _ in range(n):
        r = a(2, 3)
    dt = time.perf_counter() - t0
    assert r == 5
    c.close()
    return dt / n * 1e6


def rpc_threads(path: str, n: int, threads: int = 64) -> float:
    c = add_rpc.connect(path)
    per = n // threads

    def work() -> None:
        for _ in range(per):
            assert c.add(2, 3) == 5

    ts = [threading.Thread(target=work) for _ in range(threads)]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    dt = time.perf_counter() - t0
    c.close()
    return dt / (per * threads) * 1e6


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("raw_socket")
    ap.add_argument("rpc_socket")
    ap.add_argument("--calls", type=int, default=20000)
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    cases = {
        "raw": lambda: raw(a.raw_socket, a.calls),
        "raw-rpc": lambda: raw(a.rpc_socket, a.calls),
        "rpc-floor": lambda: rpc(a.raw_socket, a.calls),
        "rpc": lambda: rpc(a.rpc_socket, a.calls),
        "rpc-64": lambda: rpc_threads(a.rpc_socket, a.calls),
    }
    for f in cases.values():
        f()  # warm up
    res: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(a.rounds):
        for k, f in cases.items():  # interleaved, so load changes hit all
            res[k].append(f())
    print(json.dumps({k: round(statistics.median(v), 2) for k, v in res.items()}))


if __name__ == "__main__":
    main()
