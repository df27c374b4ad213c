"""The generated conformance_grpc.py: a Python GrpcClient against the Go
server (grpctest/cmd/goserver, the cgo binding) and against a Python
grpc.Server serving InProcess() (the ctypes module), every result and
error equal to the in-process call's.

The type, error and object tests are those of the stream transport
(gen/rpc/testdata/python/test_rpc.py, on PYTHONPATH), run here with a
GrpcClient. The Go test (grpctest/python_test.go) sets GRPC_GO_SERVER
and CONFORMANCE_LIBRARY.
"""

from __future__ import annotations

import gc
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from concurrent import futures
from typing import Any

import grpc  # type: ignore[import-untyped]
import pytest

pytest.register_assert_rewrite("test_rpc")

import conformance as m  # noqa: E402
import conformance_grpc  # noqa: E402
import conformance_rpc as rpc  # noqa: E402
from test_rpc import (  # noqa: E402,F401
    live,
    test_bytes,
    test_compound_echoes,
    test_empty_and_payload_free,
    test_errors,
    test_floats_bools_enums,
    test_int_edges,
    test_store,
    test_strings,
    test_top_level_echoes,
    test_transforms,
    wait_for,
)


class Server:
    kind: str
    address: str

    def channel(self) -> Any:
        return grpc.insecure_channel(self.address)

    def stop(self) -> None:
        pass


class PythonServer(Server):
    def __init__(self, impl: rpc.Service | None = None) -> None:
        self.kind = "python"
        self.dir = tempfile.mkdtemp()
        self.address = "unix:" + os.path.join(self.dir, "s")
        self.srv = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
        conformance_grpc.add_to_server(impl if impl is not None else rpc.InProcess(), self.srv)
        self.srv.add_insecure_port(self.address)
        self.srv.start()

    def stop(self) -> None:
        self.srv.stop(None).wait()


class GoServer(Server):
    def __init__(self) -> None:
        binary = os.environ.get("GRPC_GO_SERVER")
        if not binary:
            pytest.fail("GRPC_GO_SERVER is not set")
        self.kind = "go"
        self.dir = tempfile.mkdtemp()
        path = os.path.join(self.dir, "s")
        self.address = "unix:" + path
        self.proc = subprocess.Popen([binary, path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None and self.proc.stdout.readline() == "ready\n"

    def stop(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        rest = self.proc.stdout.read()
        assert self.proc.wait(10) == 0
        # Every session ended, so the Go server released every object.
        assert rest == "live=0\n", rest


@pytest.fixture(scope="module", params=["go", "python"])
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    s: Server = GoServer() if request.param == "go" else PythonServer()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def channel(server: Server) -> Iterator[Any]:
    ch = server.channel()
    yield ch
    ch.close()


@pytest.fixture
def client(server: Server, channel: Any) -> Iterator[rpc.RpcClient]:
    before = live()
    c = conformance_grpc.GrpcClient(channel, timeout=30)
    yield c
    c.close()
    if server.kind == "python":
        # The session's end releases its objects in this process.
        gc.collect()
        wait_for(lambda: live() == before, "the session's objects to be released")


def test_is_a_service(client: rpc.RpcClient) -> None:
    assert isinstance(client, conformance_grpc.GrpcClient)
    assert isinstance(client, rpc.RpcClient)


def test_idl_error_class(client: rpc.RpcClient) -> None:
    with pytest.raises(m.ConfError) as ei:
        client.check(False)
    assert type(ei.value) is m.ConfError and ei.value.code is m.ConfError.REQUESTED


def test_session_end_releases_objects(server: Server, channel: Any) -> None:
    before = live()
    c = conformance_grpc.GrpcClient(channel, timeout=30)
    kept = [c.new_store() for _ in range(3)]
    for s in kept:
        s.put("k", m.ValueText("v" * 100))
    assert [s.size() for s in kept] == [1, 1, 1]
    if server.kind == "python":
        assert live() > before
    c.close()
    with pytest.raises(rpc.RpcTransportError):
        c.echo_i32(1)
    if server.kind == "python":
        gc.collect()
        wait_for(lambda: live() == before, "the ended session's objects to be released")


def test_objects_of_another_session(channel: Any) -> None:
    a = conformance_grpc.GrpcClient(channel, timeout=30)
    b = conformance_grpc.GrpcClient(channel, timeout=30)
    try:
        s = a.new_store()
        with pytest.raises(ValueError, match="another connection"):
            b.store_size(s)
        # The server refuses it too: a handle names an object of its own
        # session only.
        h = s._handle()  # type: ignore[attr-defined]
        req = bytearray(b"\x08")
        rpc._uv_put(req, h)
        with pytest.raises(rpc.RpcError) as ei:
            b._invoke(rpc.METHOD_IDS["Store.size"], bytes(req), None)
        assert ei.value.code == rpc.Fault.BAD_HANDLE and "session" in ei.value.message
        assert s.size() == 0
    finally:
        a.close()
        b.close()


class Slow(rpc.InProcess):
    def echo_string(self, v: str) -> str:
        if v.startswith("sleep:"):
            time.sleep(int(v[6:]) / 1000)
        return super().echo_string(v)


def test_timeout_is_the_deadline() -> None:
    srv = PythonServer(Slow())
    ch = srv.channel()
    try:
        c = conformance_grpc.GrpcClient(ch, timeout=0.05)
        start = time.monotonic()
        with pytest.raises(TimeoutError):
            c.echo_string("sleep:2000")
        assert time.monotonic() - start < 1.5
        assert c.with_timeout(10).echo_string("sleep:1") == "sleep:1"
        c.close()
    finally:
        ch.close()
        srv.stop()
