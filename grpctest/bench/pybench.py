"""add over gRPC from Python: bindgen's generated GrpcClient (add_grpc.py,
the wire codec) against grpcio with protobuf messages (add_pb2.py, written
by protoc --python_out from addpb/add.proto) for the same method, against
the same servers: a grpc-go server (addserver) and a grpcio server (this
file's serve mode) that each serve both services on one server.

    python3 pybench.py serve SOCKET          a grpcio server of both services
    python3 pybench.py check GO_SERVER       a few calls of every case
    python3 pybench.py bench GO_SERVER [--calls N] [--rounds R]

PYTHONPATH needs the bindgen modules (add/) and protoc's output (add_pb2).
The rounds of all cases are interleaved, so a change in the machine's load
spreads over every case alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent import futures
from typing import Any, Callable

import grpc  # type: ignore[import-untyped]

import add
import add_grpc
import add_pb2  # type: ignore[import-untyped,import-not-found,unused-ignore]

PB_SERVICE = "addpb.Add"

Add = Callable[[int, int], int]


class Adder:
    """add in Python, for the grpcio server."""

    def add(self, a: int, b: int) -> int:
        return (a + b + 2**31) % 2**32 - 2**31

    def add_checked(self, a: int, b: int) -> int:
        if not -(2**31) <= a + b < 2**31:
            raise add.AddError(add.AddError.OVERFLOW)
        return a + b


def pb_handler() -> Any:
    def handle(req: Any, context: Any) -> Any:
        return add_pb2.AddResponse(result=req.a + req.b)

    return grpc.method_handlers_generic_handler(
        PB_SERVICE,
        {
            "Add": grpc.unary_unary_rpc_method_handler(
                handle,
                request_deserializer=add_pb2.AddRequest.FromString,
                response_serializer=add_pb2.AddResponse.SerializeToString,
            )
        },
    )


def serve(path: str) -> None:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    add_grpc.add_to_server(Adder(), server)
    server.add_generic_rpc_handlers((pb_handler(),))
    server.add_insecure_port("unix:" + path)
    server.start()
    print("listening on", path, file=sys.stderr, flush=True)
    sys.stdin.read()
    server.stop(0)


def bindgen_client(channel: Any) -> Add:
    return add_grpc.GrpcClient(channel, timeout=10).add


def protobuf_client(channel: Any) -> Add:
    stub = channel.unary_unary(
        "/" + PB_SERVICE + "/Add",
        request_serializer=add_pb2.AddRequest.SerializeToString,
        response_deserializer=add_pb2.AddResponse.FromString,
    )

    def call(a: int, b: int) -> int:
        r: int = stub(add_pb2.AddRequest(a=a, b=b), timeout=10).result
        return r

    return call


def start(argv: list[str], sock: str) -> subprocess.Popen[bytes]:
    p = subprocess.Popen(argv + [sock], stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stderr is not None
    line = p.stderr.readline().decode()
    if not line.startswith("listening on"):
        p.kill()
        raise RuntimeError(f"{argv[0]} printed {line!r}")
    return p


def serial(f: Add, n: int) -> float:
    t0 = time.perf_counter()
    for i in range(n):
        if f(i, 1) != i + 1:
            raise AssertionError(f"add({i}, 1) != {i + 1}")
    return (time.perf_counter() - t0) / n * 1e6


def parallel(f: Add, n: int, threads: int = 64) -> float:
    def work() -> None:
        for i in range(n // threads):
            if f(i, 2) != i + 2:
                raise AssertionError(f"add({i}, 2) != {i + 2}")

    t0 = time.perf_counter()
    with futures.ThreadPoolExecutor(threads) as pool:
        for fut in [pool.submit(work) for _ in range(threads)]:
            fut.result()
    return (time.perf_counter() - t0) / (n // threads * threads) * 1e6


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["serve", "check", "bench"])
    ap.add_argument("arg", help="the socket (serve) or the addserver binary")
    ap.add_argument("--calls", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    if args.mode == "serve":
        serve(args.arg)
        return
    d = tempfile.mkdtemp()
    servers = {
        "go": start([args.arg], os.path.join(d, "go.sock")),
        "python": start([sys.executable, os.path.abspath(__file__), "serve"], os.path.join(d, "py.sock")),
    }
    try:
        cases: dict[str, Add] = {}
        for name in servers:
            channel = grpc.insecure_channel("unix:" + os.path.join(d, ("go" if name == "go" else "py") + ".sock"))
            cases[f"{name} server, bindgen"] = bindgen_client(channel)
            cases[f"{name} server, protobuf"] = protobuf_client(channel)
        if args.mode == "check":
            for name, f in cases.items():
                print(name, f(2, 3), f(2**31 - 1, 0))
            for name in servers:
                with add_grpc.GrpcClient(grpc.insecure_channel("unix:" + os.path.join(d, ("go" if name == "go" else "py") + ".sock")), timeout=10) as c:
                    try:
                        c.add_checked(2**31 - 1, 1)
                    except add.AddError as e:
                        print(name, "server, bindgen: add_checked raised", e.name)
            return
        load0 = os.getloadavg()[0]
        for f in cases.values():  # warm up every channel and server
            serial(f, 200)
        times: dict[str, list[float]] = {k: [] for k in cases}
        ptimes: dict[str, list[float]] = {k: [] for k in cases}
        for _ in range(args.rounds):
            for name, f in cases.items():
                times[name].append(serial(f, args.calls))
                ptimes[name].append(parallel(f, args.calls))
        load1 = os.getloadavg()[0]
        print(f"load average {load0:.2f} at the start, {load1:.2f} at the end; {args.rounds} rounds of {args.calls} calls")
        print("| case | serial, µs/call: median (min–max) | 64 threads, µs/call: median (min–max) |")
        print("| --- | ---: | ---: |")
        for name in cases:
            s, p = times[name], ptimes[name]
            print(f"| {name} | {statistics.median(s):.1f} ({min(s):.1f}–{max(s):.1f}) | {statistics.median(p):.1f} ({min(p):.1f}–{max(p):.1f}) |")
    finally:
        for proc in servers.values():
            assert proc.stdin is not None
            proc.stdin.close()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
