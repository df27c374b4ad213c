"""The generated conformance_rpc.py against every server: a Python
RpcServer serving InProcess() (the ctypes module over
testdata/c/conformance_impl.c), and, when the Go test built them, the Go
server serving the cgo binding and the C dispatcher in a child process.

Every call's result (or error) must equal the in-process call's. The Go
test (gen/rpc/python_test.go) sets RPC_SERVERS to the servers it built and
CONFORMANCE_LIBRARY to the C library; a server it names but did not build
fails the test.
"""

from __future__ import annotations

import ctypes
import gc
import math
import os
import random
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import conformance as m
import conformance_rpc as rpc
import conformance_wire as wire

LOCAL = rpc.InProcess()
HERE = os.path.dirname(os.path.abspath(__file__))


def live() -> int:
    f = m.load().conformance_live_allocations
    f.argtypes = []
    f.restype = ctypes.c_int64
    return int(f())


def wait_for(cond: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.01)


# --- servers -------------------------------------------------------------------


class Server:
    """A running server of one kind; connect() opens a new connection."""

    kind: str

    def connect(self, timeout: float | None = 30.0) -> rpc.RpcClient:
        raise NotImplementedError

    def stop(self) -> None:
        pass


class PythonServer(Server):
    """RpcServer(impl) on a Unix socket, in this process's threads."""

    def __init__(self, impl: rpc.Service | None = None, **kw: Any) -> None:
        self.kind = "python"
        self.dir = tempfile.mkdtemp()
        self.path = os.path.join(self.dir, "s")
        self.ln = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.ln.bind(self.path)
        self.ln.listen(64)
        self.srv = rpc.RpcServer(impl if impl is not None else LOCAL, **kw)
        self.thread = threading.Thread(target=self.srv.serve, args=(self.ln,), daemon=True)
        self.thread.start()

    def connect(self, timeout: float | None = 30.0) -> rpc.RpcClient:
        return rpc.connect(self.path, timeout=timeout)

    def conns(self) -> int:
        with self.srv._lock:
            return len(self.srv._conns)

    def stop(self) -> None:
        self.srv.shutdown()
        self.thread.join(10)
        os.unlink(self.path)
        os.rmdir(self.dir)


class GoServer(Server):
    """The generated Go server serving the cgo binding, as a process."""

    def __init__(self, binary: str) -> None:
        self.kind = "go"
        self.dir = tempfile.mkdtemp()
        self.path = os.path.join(self.dir, "s")
        self.proc = subprocess.Popen([binary, self.path])
        # The socket file appears at bind, before listen: a connect in
        # between is refused. Ready is when a connection is accepted.
        wait_for(self.listening, "the Go server's socket")

    def listening(self) -> bool:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            try:
                s.connect(self.path)
            except (FileNotFoundError, ConnectionRefusedError):
                return False
        return True

    def connect(self, timeout: float | None = 30.0) -> rpc.RpcClient:
        return rpc.connect(self.path, timeout=timeout)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()
        os.unlink(self.path)
        os.rmdir(self.dir)


class CServer(Server):
    """The C dispatcher's conformance_rpc_serve(stdin, stdout) loop, a child
    process per connection."""

    def __init__(self, binary: str) -> None:
        self.kind = "c"
        self.binary = binary
        self.clients: list[rpc.SubprocessClient] = []

    def connect(self, timeout: float | None = 30.0) -> rpc.RpcClient:
        c = rpc.connect_subprocess([self.binary], timeout=timeout)
        self.clients.append(c)
        return c

    def stop(self) -> None:
        for c in self.clients:
            c.close()
            assert c.process.returncode == 0, f"the C server exited with {c.process.returncode}"


def make_server(kind: str) -> Server:
    if kind == "python":
        return PythonServer()
    env = {"go": "RPC_GO_SERVER", "c": "RPC_C_SERVER"}[kind]
    binary = os.environ.get(env)
    if not binary:
        pytest.fail(f"RPC_SERVERS names {kind} but {env} is not set")
    return GoServer(binary) if kind == "go" else CServer(binary)


SERVERS = [s for s in os.environ.get("RPC_SERVERS", "python").split(",") if s]


@pytest.fixture(scope="module", params=SERVERS)
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    s = make_server(request.param)
    yield s
    s.stop()


@pytest.fixture
def client(server: Server) -> Iterator[rpc.RpcClient]:
    before = live()
    c = server.connect()
    yield c
    c.close()
    if isinstance(server, PythonServer):
        # The server's objects are this process's: the connection's end
        # releases them all.
        wait_for(lambda: server.conns() == 0, "the server to end the connection")
        gc.collect()
        assert live() == before == 0, "live allocations after the connection closed"


# --- values --------------------------------------------------------------------

INTS = {
    "i8": (-(2**7), 2**7 - 1),
    "i16": (-(2**15), 2**15 - 1),
    "i32": (-(2**31), 2**31 - 1),
    "i64": (-(2**63), 2**63 - 1),
    "u8": (0, 2**8 - 1),
    "u16": (0, 2**16 - 1),
    "u32": (0, 2**32 - 1),
    "u64": (0, 2**64 - 1),
}
STRINGS = ["", "a", "wörld ✓ 日本 🎉", "nul\0inside", "x" * 70000]
BLOBS = [b"", b"\0", b"\xff\xfe\0\x01", bytes(range(256)) * 300]


def f32(x: float) -> float:
    return float(struct.unpack("<f", struct.pack("<f", x))[0])


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


def scalars(i: int = 0) -> m.Scalars:
    return m.Scalars(
        flag=i % 2 == 0,
        tiny=-128 + i,
        small=32767 - i,
        medium=-(2**31) + i,
        large=2**63 - 1 - i,
        byte=255 - i,
        word=i,
        dword=2**32 - 1 - i,
        qword=2**64 - 1 - i,
        single=f32(0.1 * i),
        double=-2.5 * i,
        color=[m.Color.RED, m.Color.INFRARED, m.Color.BLUE][i % 3],
    )


def tree() -> m.Tree:
    leaf = m.Tree("leaf", [], None)
    return m.Tree("root", [leaf, m.Tree("mid", [m.Tree("x")], m.Tree("next"))], m.Tree("n", [leaf]))


def values() -> list[m.Value]:
    return [
        m.ValueFlag(True),
        m.ValueFlag(False),
        m.ValueInteger(-(2**63)),
        m.ValueReal(math.inf),
        m.ValueText("tëxt\0"),
        m.ValueData(b"\0\1"),
        m.ValueColor(m.Color.INFRARED),
        m.ValueScalars(scalars(2)),
        m.ValueBlob(m.Blob("t", b"d")),
        m.ValueItems(["a", "", "c"]),
        m.ValueTable({"k": -1, "": 2**31 - 1}),
        m.ValueMaybe(None),
        m.ValueMaybe(7),
        m.ValueTree(tree()),
        m.ValueNested([m.ValueInteger(1), m.ValueNested([m.ValueText("deep")]), m.ValueNested([])]),
        m.ValueEmptyList([]),
        m.ValueEmptyList([0, 255]),
    ]


def lists() -> m.Lists:
    return m.Lists(
        flags=[True, False, True],
        octets=[0, 255, 7],
        shorts=[-(2**15), 2**15 - 1],
        ints=[-(2**31), 0, 2**31 - 1],
        longs=[0, 2**64 - 1],
        floats=[f32(0.1), -0.0, math.inf],
        doubles=[5e-324, -1e308, math.inf, -math.inf, 0.0],
        colors=[m.Color.GREEN, m.Color.INFRARED],
        strings=STRINGS,
        blobs=BLOBS,
        scalars=[scalars(i) for i in range(5)],
        matrix=[[1, 2], [], [-3]],
        maybes=["x", None, ""],
        tables=[{"a": -128}, {}, {"b": 127, "c": 0}],
        values=values(),
    )


def maps() -> m.Maps:
    return m.Maps(
        by_i8={-128: "min", 127: "max"},
        by_i16={-1: b"\0"},
        by_i32={2**31 - 1: f32(1.5)},
        by_i64={-(2**63): [1, 2, 3], 0: []},
        by_u8={0: True, 255: False},
        by_u16={65535: m.Color.BLUE},
        by_u32={2**32 - 1: scalars(3)},
        by_u64={2**64 - 1: None, 0: "zero"},
        by_bool={True: 1.0, False: -1.0},
        by_string={"outer": {"inner": 1}, "": {}},
        by_color={m.Color.RED: m.ValueText("r"), m.Color.INFRARED: m.ValueNested([])},
    )


def optionals(present: bool) -> m.Optionals:
    if not present:
        return m.Optionals()
    return m.Optionals(
        flag=False,
        tiny=-128,
        qword=2**64 - 1,
        real=math.nan,
        color=m.Color.RED,
        text="",
        data=b"",
        scalars=scalars(1),
        blob=m.Blob(),
        numbers=[],
        labels={"a": "b"},
        value=m.ValueMaybe(None),
        tree=m.Tree(),
    )


def everything() -> m.Everything:
    return m.Everything(
        scalars=scalars(4),
        blob=m.Blob("text", b"data"),
        keywords=m.Keywords(from_=-1, class_="cls", default=True, type_=255),
        lists=lists(),
        maps=maps(),
        optionals=optionals(True),
        value=m.ValueNested(values()),
        tree=tree(),
        expr=m.ExprSum([m.ExprLiteral(1), m.ExprNegate(m.Negate(m.ExprName("answer")))]),
    )


def same(a: Any, b: Any) -> bool:
    """Equality where NaN equals NaN, floats compare bit for bit and types
    must match (an enum stays an enum). Maps compare without their order:
    the wire encodes them in ascending key order (docs/wire.md)."""
    if isinstance(a, float) and isinstance(b, float):
        return bits(a) == bits(b) or (math.isnan(a) and math.isnan(b))
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return set(a) == set(b) and all(same(a[k], b[k]) for k in a)
    if hasattr(a, "__dataclass_fields__"):
        return all(same(getattr(a, f), getattr(b, f)) for f in a.__dataclass_fields__)
    return bool(a == b)


def outcome(f: Callable[[], Any]) -> tuple[str, Any]:
    """A call's result, or its IDL error's class and code."""
    try:
        return "ok", f()
    except m.ConfError as e:
        return "raise", (type(e), e.code, e.name)


def check_same(c: rpc.Service, name: str, *args: Any) -> None:
    want = outcome(lambda: getattr(LOCAL, name)(*args))
    got = outcome(lambda: getattr(c, name)(*args))
    assert same(got, want), f"{name}{args!r}: got {got!r}, want {want!r}"


# --- every type ----------------------------------------------------------------


@pytest.mark.parametrize("t", list(INTS))
def test_int_edges(client: rpc.RpcClient, t: str) -> None:
    lo, hi = INTS[t]
    for v in (lo, hi, 0, lo + 1, hi - 1):
        check_same(client, "echo_" + t, v)
    with pytest.raises(OverflowError):
        getattr(client, "echo_" + t)(hi + 1)
    with pytest.raises(TypeError):
        getattr(client, "echo_" + t)("1")


def test_floats_bools_enums(client: rpc.RpcClient) -> None:
    nan = struct.unpack("<d", b"\x01\x00\x00\x00\x00\x00\xf8\x7f")[0]
    for x in (0.0, -0.0, 1.5, 5e-324, -1.7976931348623157e308, math.inf, -math.inf, nan):
        assert bits(client.echo_f64(x)) == bits(x)
    for x in (0.1, -0.0, 3.4028234663852886e38, math.inf, 1e-45):
        check_same(client, "echo_f32", x)
    assert math.isnan(client.echo_f32(math.nan))
    for b in (True, False):
        assert client.echo_bool(b) is b
    for c in m.Color:
        assert client.echo_color(c) is c


@pytest.mark.parametrize("s", STRINGS)
def test_strings(client: rpc.RpcClient, s: str) -> None:
    check_same(client, "echo_string", s)
    check_same(client, "echo_opt_string", s)


@pytest.mark.parametrize("b", BLOBS)
def test_bytes(client: rpc.RpcClient, b: bytes) -> None:
    check_same(client, "echo_bytes", b)
    check_same(client, "reverse_bytes", b)


def test_compound_echoes(client: rpc.RpcClient) -> None:
    c = client
    for i in range(3):
        check_same(c, "echo_scalars", scalars(i))
    check_same(c, "echo_scalars", m.Scalars())
    check_same(c, "echo_blob", m.Blob("t\0", b"\0"))
    check_same(c, "echo_keywords", m.Keywords(from_=-(2**31), class_="é", default=True, type_=None))
    check_same(c, "echo_keywords", m.Keywords(from_=1, class_="", default=False, type_=0))
    for v in (m.Lists(), lists()):
        check_same(c, "echo_lists", v)
    for mp in (m.Maps(), maps()):
        check_same(c, "echo_maps", mp)
    for present in (False, True):
        check_same(c, "echo_optionals", optionals(present))
    check_same(c, "echo_tree", tree())
    check_same(c, "echo_everything", everything())
    check_same(c, "echo_everything", m.Everything())
    for v in values():
        check_same(c, "echo_value", v)
        check_same(c, "echo_opt_value", v)
    check_same(c, "echo_opt_value", None)
    e = m.ExprSum([m.ExprLiteral(2), m.ExprNegate(m.Negate(m.ExprSum([m.ExprName("one")]))), m.ExprNegate(m.Negate(None))])
    check_same(c, "echo_expr", e)


def test_top_level_echoes(client: rpc.RpcClient) -> None:
    c = client
    check_same(c, "echo_list_f64", [])
    check_same(c, "echo_list_f64", [1.0, 2.5, -0.0])
    check_same(c, "echo_list_string", STRINGS)
    check_same(c, "echo_list_scalars", [scalars(i) for i in range(50)])
    check_same(c, "echo_map", {m.Color.BLUE: ["b"], m.Color.INFRARED: [], m.Color.RED: ["r", ""]})
    for v in (None, -(2**31), 0):
        check_same(c, "echo_opt_i32", v)
    check_same(c, "echo_opt_string", None)
    for b in (None, m.Blob("a", b"b")):
        check_same(c, "echo_opt_blob", b)
    for lst in (None, [], [scalars(1)]):
        check_same(c, "echo_opt_list", lst)


def test_transforms(client: rpc.RpcClient) -> None:
    c = client
    s = scalars(1)
    check_same(c, "scalars_from", s.flag, s.tiny, s.small, s.medium, s.large, s.byte, s.word, s.dword, s.qword, s.single, s.double, s.color)
    check_same(c, "make_keywords", 1, "c", False, 7)
    check_same(c, "make_keywords", -1, "", True, None)
    for parts, sep in (([], "-"), (["a", "b", ""], "--")):
        check_same(c, "concat", parts, sep)
    for text in ("", "a,,b,"):
        check_same(c, "split", text, ord(","))
    for n in (0, 3, 1000):
        check_same(c, "iota", n)
    for vs in ([], [2**63 - 1, 1], list(range(10000))):
        check_same(c, "sum", vs)
    check_same(c, "lengths", {"a": b"", "bb": b"xy"})
    check_same(c, "or_default", None, 1.5)
    check_same(c, "or_default", 2.5, 1.5)
    for v in values():
        check_same(c, "describe", v)
    check_same(c, "make_tree", 2, 3)
    check_same(c, "make_tree", 0, 5)
    check_same(c, "tree_size", tree())
    assert c.noop() is None


def test_errors(client: rpc.RpcClient) -> None:
    c = client
    for e in (
        m.ExprSum([m.ExprLiteral(40), m.ExprName("one"), m.ExprName("one")]),
        m.ExprName("nope"),
        m.ExprNegate(m.Negate(None)),
        m.ExprNegate(m.Negate(m.ExprLiteral(-(2**63)))),
    ):
        check_same(c, "eval", e)
    for name in ("RED", "INFRARED", "red", ""):
        check_same(c, "parse_color", name)
    for ok in (True, False):
        check_same(c, "check", ok)
    for fail in (False, True):
        check_same(c, "echo_or_fail", everything(), fail)
    with pytest.raises(m.ConfError) as ei:
        c.eval(m.ExprName("nope"))
    assert type(ei.value) is m.ConfError and ei.value.code is m.ConfError.NOT_FOUND
    assert str(ei.value) == str(m.ConfError(m.ConfError.NOT_FOUND))


def test_empty_and_payload_free(client: rpc.RpcClient) -> None:
    """Empty structs and payload-free union cases as parameters, results,
    optionals, list elements, map values and fields, and as a method's."""
    c = client
    check_same(c, "echo_empty", m.Void())
    for v in (None, m.Void()):
        check_same(c, "echo_opt_empty", v)
        check_same(c, "count_empty", m.Void(), v)
    for vs in ([], [m.Void()] * 3):
        check_same(c, "echo_empties", vs)
    signals: list[m.Signal] = [m.SignalNone_(), m.SignalEmpty(m.Void()), m.SignalCode(-7), m.SignalStop()]
    for sig in signals:
        check_same(c, "echo_signal", sig)
        check_same(c, "signal_tag", sig)
    check_same(c, "signal_tag", None)
    assert [c.signal_tag(x) for x in signals] == [1, 2, 3, 5]
    for tg in (m.ToggleOff(), m.ToggleOn()):
        check_same(c, "echo_toggle", tg)
    h = m.Hollow(
        m.Void(), m.SignalStop(), m.ToggleOn(), [m.Void(), m.Void()], {"a": m.Void(), "": m.Void()}, m.Void(),
        [*signals, m.SignalEmpty()], m.ToggleOff(), {0: m.ToggleOn(), 255: m.ToggleOff()}, 7,
    )
    check_same(c, "echo_hollow", h)
    check_same(c, "echo_hollow", m.Hollow())
    assert c.echo_hollow(h) == h
    s = c.new_store()
    assert s.echo_empty(m.Void()) == m.Void()
    s.close()
    # Checked before anything is sent, as in process.
    with pytest.raises(TypeError):
        c.echo_empty(m.SignalStop())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        c.echo_signal(m.Void())  # type: ignore[arg-type]


# --- objects -------------------------------------------------------------------


def contents(s: rpc.StoreService) -> dict[str, m.Value]:
    return {k: s.fetch(k) for k in s.keys()}


def test_store(client: rpc.RpcClient) -> None:
    for svc in (client, LOCAL):
        s = svc.new_store()
        s.put("a", m.ValueInteger(1))
        s.put("b", m.ValueText("two"))
        s.put("a", m.ValueInteger(3))
        assert s.keys() == ["a", "b"] and s.size() == 2
        assert s.get("a") == m.ValueInteger(3) and s.get("zz") is None
        with pytest.raises(m.ConfError) as ei:
            s.fetch("zz")
        assert ei.value.code == m.ConfError.NOT_FOUND
        t = s.clone()
        assert contents(t) == contents(s)
        t.put("c", m.ValueFlag(True))
        s.merge(t)
        assert s.keys() == ["a", "b", "c"]
        assert svc.store_size(s) == 3 and svc.size_or_zero(s) == 3 and svc.size_or_zero(None) == 0
        p = s.pick(t)
        assert p is not None and contents(p) == contents(t)
        e = svc.new_store()
        assert s.pick(e) is None and s.pick(None) is None
        w = svc.store_with("k", m.ValueReal(0.5))
        assert contents(w) == {"k": m.ValueReal(0.5)}
        assert svc.maybe_store(False) is None
        ms = svc.maybe_store(True)
        assert ms is not None and ms.size() == 0
        with pytest.raises(m.ConfError) as ei:
            svc.new_store_with_capacity(0)
        assert ei.value.code == m.ConfError.INVALID
        cap = svc.new_store_with_capacity(1)
        cap.put("x", m.ValueFlag(False))
        with pytest.raises(m.ConfError) as ei:
            cap.put("y", m.ValueFlag(False))
        assert ei.value.code == m.ConfError.FULL
        with pytest.raises(m.ConfError) as ei:
            cap.merge(t)
        assert ei.value.code == m.ConfError.FULL
        for o in (s, t, p, e, w, ms, cap):
            o.close()
            o.close()  # a no-op
        with pytest.raises(m.ClosedError):
            s.size()
        with pytest.raises(m.ClosedError):
            svc.store_size(s)


def test_objects_of_another_connection(server: Server, client: rpc.RpcClient) -> None:
    other = server.connect()
    try:
        s = other.new_store()
        # The client refuses another connection's object before sending.
        with pytest.raises(ValueError, match="another connection"):
            client.store_size(s)
        with pytest.raises(TypeError):
            client.store_size(LOCAL.new_store())
        if server.kind != "c":
            # A server with one table per connection rejects the raw
            # handle of another connection's object (the C dispatcher runs
            # one process per connection, where the same number may name an
            # object of its own).
            h = s._h
            assert h is not None
            with pytest.raises(rpc.RpcError) as ei:
                client._invoke(rpc.METHOD_IDS["store_size"], wire.encode_store_size_request(m.StoreSizeRequest(h)), None)
            assert ei.value.code == rpc.Fault.BAD_HANDLE
        s.close()
    finally:
        other.close()


def test_bad_handle_and_unknown_method(client: rpc.RpcClient) -> None:
    with pytest.raises(rpc.RpcError) as ei:
        client._invoke(rpc.METHOD_IDS["Store.size"], wire.encode_store_size_method_request(m.StoreSizeMethodRequest(987654321)), None)
    assert ei.value.code == rpc.Fault.BAD_HANDLE
    s = client.new_store()
    h = s._h
    assert h is not None
    s.close()
    with pytest.raises(rpc.RpcError) as ei:  # a closed handle
        client._invoke(rpc.METHOD_IDS["Store.size"], wire.encode_store_size_method_request(m.StoreSizeMethodRequest(h)), None)
    assert ei.value.code == rpc.Fault.BAD_HANDLE
    with pytest.raises(rpc.RpcError) as ei:
        client._invoke(0x0BADF00D, b"", None)
    assert ei.value.code == rpc.Fault.UNKNOWN_METHOD and ei.value.code == 1
    with pytest.raises(rpc.RpcError) as ei:  # a request that does not decode
        client._invoke(rpc.METHOD_IDS["echo_i32"], b"\x08", None)
    assert ei.value.code == rpc.Fault.BAD_REQUEST
    # The empty request of noop: a field a newer client might send is
    # skipped, a truncated one is a bad request.
    assert client._invoke(rpc.METHOD_IDS["noop"], b"\x08\x01", None) == b""
    with pytest.raises(rpc.RpcError) as ei:
        client._invoke(rpc.METHOD_IDS["noop"], b"\x08", None)
    assert ei.value.code == rpc.Fault.BAD_REQUEST
    assert client.echo_i32(7) == 7  # the connection still serves


class Keeping(rpc.InProcess):
    """InProcess that keeps every store it makes alive, so that only the
    server's close() can release them (not the garbage collector)."""

    def __init__(self) -> None:
        self.made: list[rpc.StoreService] = []

    def new_store(self) -> rpc.StoreService:
        s = super().new_store()
        self.made.append(s)
        return s

    def store_with(self, key: str, value: m.Value) -> rpc.StoreService:
        s = super().store_with(key, value)
        self.made.append(s)
        return s


def test_disconnect_releases_objects(server: Server) -> None:
    keeping = Keeping()
    srv = PythonServer(keeping) if isinstance(server, PythonServer) else server
    try:
        c = srv.connect()
        stores = [c.new_store() for _ in range(4)] + [c.store_with("w", m.ValueFlag(True))]
        for i, s in enumerate(stores):
            s.put(str(i), m.ValueText("x" * i))
        assert stores[0].size() == 1
        if isinstance(srv, PythonServer):
            assert len(keeping.made) == 5 and live() >= 5
        c.close()  # every object still open
        if isinstance(srv, PythonServer):
            wait_for(lambda: srv.conns() == 0, "the server to end the connection")
            gc.collect()
            assert live() == 0, "the server did not close the objects of a closed connection"
            with pytest.raises(m.ClosedError):
                keeping.made[0].size()
    finally:
        if srv is not server:
            srv.stop()


def test_concurrent_calls(server: Server) -> None:
    c = server.connect()
    errors: list[BaseException] = []
    results: dict[int, bool] = {}
    lock = threading.Lock()

    def work(seed: int) -> None:
        rnd = random.Random(seed)
        try:
            for j in range(50):
                i = seed * 1000 + j
                n = rnd.randrange(0, 2000)
                parts = [str(i)] * (n % 7)
                ok = c.echo_i64(i * 7919 - 2**40) == i * 7919 - 2**40 and c.concat(parts, "/") == "/".join(parts)
                with lock:
                    results[i] = ok
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    c.close()
    assert not errors, errors[:3]
    assert len(results) == 1000 and all(results.values())


# --- faults, with Python servers whose calls take time --------------------------


class Slow(rpc.InProcess):
    """InProcess with echo_i64 sleeping v % 1000 milliseconds first, and
    echo_string failing with a Python exception."""

    def echo_i64(self, v: int) -> int:
        time.sleep((v % 1000) / 1000)
        return v

    def echo_string(self, v: str) -> str:
        raise KeyError(v)


def test_out_of_order_with_delays() -> None:
    srv = PythonServer(Slow(), workers=64)
    try:
        c = srv.connect()
        out: dict[int, int] = {}
        order: list[int] = []
        lock = threading.Lock()

        def call(v: int) -> None:
            r = c.echo_i64(v)
            with lock:
                out[v] = r
                order.append(v)

        rnd = random.Random(8)
        vs = [k * 1000 + rnd.randrange(0, 20) for k in range(1000)]
        threads = [threading.Thread(target=call, args=(v,)) for v in vs]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert out == {v: v for v in vs}
        assert order != sorted(order, key=vs.index), "answers arrived in call order"
        c.close()
    finally:
        srv.stop()


def test_timeouts_racing_answers() -> None:
    # Deadlines that fall about when the answers arrive: each call either
    # returns its value or raises TimeoutError (never another error, never
    # a hang, never another call's answer), and the connection serves on.
    srv = PythonServer(Slow(), workers=64)
    try:
        c = srv.connect(timeout=0.008)
        got: list[int] = []
        timeouts = [0]
        bad: list[BaseException] = []
        lock = threading.Lock()

        def work(seed: int) -> None:
            rnd = random.Random(seed)
            for j in range(40):
                v = (seed * 100 + j) * 1000 + rnd.randrange(4, 13)
                try:
                    r = c.echo_i64(v)
                except TimeoutError:
                    with lock:
                        timeouts[0] += 1
                    continue
                except BaseException as e:  # noqa: BLE001 - collected for the assert
                    with lock:
                        bad.append(e)
                    return
                with lock:
                    if r != v:
                        bad.append(AssertionError(f"echo_i64({v}) = {r}"))
                    got.append(r)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not bad, bad[:3]
        assert len(got) + timeouts[0] == 16 * 40
        assert got and timeouts[0], (len(got), timeouts[0])
        assert c.with_timeout(5).echo_i64(7) == 7
        c.close()
    finally:
        srv.stop()


def test_internal_fault_and_timeout() -> None:
    srv = PythonServer(Slow())
    try:
        c = srv.connect(timeout=0.2)
        with pytest.raises(rpc.RpcError) as ei:
            c.echo_string("boom")
        assert ei.value.code == rpc.Fault.INTERNAL and "KeyError" in ei.value.message
        t0 = time.monotonic()
        with pytest.raises(TimeoutError):
            c.echo_i64(900)  # 0.9 s on the server
        assert time.monotonic() - t0 < 0.8
        assert c.echo_i64(1000) == 1000  # the connection still serves
        assert c.with_timeout(5).echo_i64(1300) == 1300
        c.close()
    finally:
        srv.stop()


def test_server_killed_mid_call() -> None:
    # A Python server in a child process on stdin/stdout: connect_subprocess
    # with serve_stdio.
    code = "import sys, conformance_rpc as r; sys.path.insert(0, %r); import test_rpc; r.serve_stdio(test_rpc.Slow())" % HERE
    c = rpc.connect_subprocess([sys.executable, "-c", code], timeout=30, cwd=HERE)
    assert c.echo_i64(1001) == 1001
    res: list[BaseException] = []

    def call() -> None:
        try:
            c.echo_i64(999)  # 1 s of sleep; killed long before
        except BaseException as e:
            res.append(e)

    t = threading.Thread(target=call)
    t0 = time.monotonic()
    t.start()
    time.sleep(0.1)
    c.process.kill()
    t.join(5)
    assert not t.is_alive(), "the call hangs after the server died"
    assert len(res) == 1 and isinstance(res[0], rpc.RpcTransportError), res
    assert time.monotonic() - t0 < 0.9
    with pytest.raises(rpc.RpcTransportError):
        c.echo_i64(1)  # every later call fails the same way
    c.close()


def raw_frames(path: str, data: bytes) -> list[tuple[int, int, int, bytes]]:
    """Sends data on a new connection and reads frames until the server
    closes it."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.settimeout(10)
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    buf = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        buf += b
    s.close()
    frames = []
    while buf:
        (n,) = struct.unpack_from("<I", buf)
        kind, cid, mid = struct.unpack_from("<BII", buf, 4)
        frames.append((kind, cid, mid, buf[13 : 4 + n]))
        buf = buf[4 + n :]
    return frames


def test_bad_frames() -> None:
    srv = PythonServer(max_frame=1024)
    try:
        keep = srv.connect()
        s = keep.new_store()
        fault = rpc._parse_fault
        # length < 9: FAULT 8 with id 0, then the server closes.
        fr = raw_frames(srv.path, struct.pack("<I", 5) + b"\0" * 5)
        assert [(k, cid, mid) for k, cid, mid, _ in fr] == [(5, 0, 0)] and fault(fr[0][3]).code == rpc.Fault.BAD_FRAME
        # Over max frame: FAULT 7, checked on the length field alone.
        fr = raw_frames(srv.path, struct.pack("<I", 1025))
        assert len(fr) == 1 and fault(fr[0][3]).code == rpc.Fault.OVERSIZED_FRAME
        # A client may not send RESULT.
        fr = raw_frames(srv.path, struct.pack("<IBII", 9, 3, 1, 1))
        assert len(fr) == 1 and fault(fr[0][3]).code == rpc.Fault.BAD_FRAME
        # A truncated frame: the connection closes without an answer.
        assert raw_frames(srv.path, struct.pack("<IBII", 20, 1, 1, 1)[:10]) == []
        # A call id in flight twice: FAULT 2 for the second (the first
        # answers after its 0.3 s).
        slow = PythonServer(Slow())
        try:
            req = wire.encode_echo_i64_request(m.EchoI64Request(300))
            call = struct.pack("<IBII", 9 + len(req), 1, 5, rpc.METHOD_IDS["echo_i64"]) + req
            sk = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sk.connect(slow.path)
            sk.sendall(call + call)
            f = sk.makefile("rb")
            first = f.read(13)
            assert first[4] == 5 and struct.unpack_from("<I", first, 5)[0] == 5
            n = struct.unpack_from("<I", first)[0]
            assert fault(f.read(n - 9)).code == rpc.Fault.BAD_REQUEST
            second = f.read(13)
            assert second[4] == 3  # the first call's RESULT
            f.read(struct.unpack_from("<I", second)[0] - 9)
            # CANCEL of a call in flight: FAULT 5 at once, and the call's
            # own answer is never sent.
            req = wire.encode_echo_i64_request(m.EchoI64Request(500))
            sk.sendall(struct.pack("<IBII", 9 + len(req), 1, 7, rpc.METHOD_IDS["echo_i64"]) + req)
            t0 = time.monotonic()
            sk.sendall(struct.pack("<IBII", 9, 2, 7, rpc.METHOD_IDS["echo_i64"]))
            h = f.read(13)
            assert (h[4], struct.unpack_from("<I", h, 5)[0]) == (5, 7)
            assert fault(f.read(struct.unpack_from("<I", h)[0] - 9)).code == rpc.Fault.CANCELLED
            assert time.monotonic() - t0 < 0.4
            sk.settimeout(1.0)
            with pytest.raises(TimeoutError):
                sk.recv(1)  # nothing more: the cancelled call's result is dropped
            f.close()
            sk.close()
        finally:
            slow.stop()
        # The server still serves its other connections.
        assert s.size() == 0 and keep.echo_u8(9) == 9
        keep.close()
    finally:
        srv.stop()


class Bounded(rpc.InProcess):
    """InProcess with the two functions whose work grows with a number in
    the request (iota's n, make_tree's fanout to the depth) held to small
    arguments, for servers fed random bytes."""

    def iota(self, n: int) -> list[int]:
        return super().iota(n % 1000)

    def make_tree(self, depth: int, fanout: int) -> m.Tree:
        return super().make_tree(depth % 4, fanout % 5)


def client_frames() -> list[bytes]:
    """Requests a client sends: every method with an empty request (its
    parameters' defaults), real values of every compound type, and the
    object methods on handle 1 (what the first constructor of a
    connection returns)."""

    def call(key: str, req: bytes, cid: int = 1) -> bytes:
        return struct.pack("<IBII", 9 + len(req), 1, cid, rpc.METHOD_IDS[key]) + req

    out = [call(k, b"") for k in sorted(rpc.METHOD_IDS)]
    out += [
        call("echo_everything", wire.encode_echo_everything_request(m.EchoEverythingRequest(everything()))),
        call("echo_tree", wire.encode_echo_tree_request(m.EchoTreeRequest(tree()))),
        call("echo_lists", wire.encode_echo_lists_request(m.EchoListsRequest(lists()))),
        call("echo_maps", wire.encode_echo_maps_request(m.EchoMapsRequest(maps()))),
        call("echo_optionals", wire.encode_echo_optionals_request(m.EchoOptionalsRequest(optionals(True)))),
        call("echo_string", wire.encode_echo_string_request(m.EchoStringRequest("caf\u00e9"))),
        call("Store.put", wire.encode_store_put_method_request(m.StorePutMethodRequest(1, "k", m.ValueText("v"))), 2),
        call("Store.size", wire.encode_store_size_method_request(m.StoreSizeMethodRequest(1)), 3),
        struct.pack("<IBII", 9, 2, 1, rpc.METHOD_IDS["noop"]),  # CANCEL
    ]
    out += [call("echo_value", wire.encode_echo_value_request(m.EchoValueRequest(v)), 4) for v in values()]
    return out


def mutate(rnd: random.Random, frames: list[bytes]) -> bytes:
    """A client stream: one to four requests (a constructor first now and
    then, so that handle 1 names a live object), with one to three random
    edits: a byte changed, a range cut out, repeated or filled with random
    bytes, a u32 set to an edge value, or the stream truncated."""
    parts = [rnd.choice(frames) for _ in range(rnd.randint(1, 4))]
    if rnd.random() < 0.5:
        parts.insert(0, struct.pack("<IBII", 9, 1, 9, rpc.METHOD_IDS["Store.new"]))
    return edit(rnd, bytearray(b"".join(parts)))


def edit(rnd: random.Random, b: bytearray) -> bytes:
    """b with one to three random edits (see mutate)."""
    for _ in range(rnd.randint(1, 3)):
        if not b:
            break
        i = rnd.randrange(len(b))
        j = min(len(b), i + rnd.randint(1, 16))
        op = rnd.randrange(6)
        if op == 0:
            b[i] = rnd.randrange(256)
        elif op == 1:
            del b[i:j]
        elif op == 2:
            b[i:i] = b[i:j]
        elif op == 3:
            b[i:j] = bytes(rnd.randrange(256) for _ in range(j - i))
        elif op == 4 and i + 4 <= len(b):
            b[i : i + 4] = struct.pack("<I", rnd.choice([0, 1, 8, 9, 0x7FFFFFFF, 0xFFFFFFFF]))
        else:
            del b[i:]
    return bytes(b)


def answer_kinds(path: str, data: bytes) -> list[int]:
    """Sends data on a new connection and returns the kinds of the frames
    the server answers with until it closes the connection. A server that
    stops reading (after a frame it cannot read) may close with the
    client's bytes unread, which resets the connection: the frames whole
    by then count, and only then may the stream end inside a frame."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.settimeout(10)
    buf, reset = b"", False
    try:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        while b := s.recv(65536):
            buf += b
    except (ConnectionResetError, BrokenPipeError):
        reset = True
    s.close()
    kinds = []
    while len(buf) >= 4 and len(buf) >= 4 + struct.unpack_from("<I", buf)[0]:
        (n,) = struct.unpack_from("<I", buf)
        assert n >= 9, f"a frame of length {n}"
        kinds.append(buf[4])
        buf = buf[4 + n :]
    assert reset or not buf, f"the server's stream ends inside a frame: {buf.hex()}"
    return kinds


def test_mutated_streams() -> None:
    """Random edits of real client streams, each sent on a connection of
    its own to a Python server: every answer is a whole RESULT, RAISE or
    FAULT frame, no connection thread raises, and once the connections
    have closed every object they made is destroyed and the C library has
    no allocation left from them."""
    frames = client_frames()
    # The suite's baseline is no allocation (the client fixture checks
    # it); an earlier test's connection thread may still be ending.
    wait_for(lambda: live() == 0, "earlier tests' allocations to be freed")
    failures: list[str] = []
    old = threading.excepthook
    threading.excepthook = lambda a: failures.append(f"{a.exc_type.__name__}: {a.exc_value}")
    srv = PythonServer(Bounded(), max_frame=1 << 16)
    try:
        rnd = random.Random(1)
        kinds: dict[int, int] = {}
        for i in range(1500):
            data = mutate(rnd, frames)
            for kind in answer_kinds(srv.path, data):
                assert kind in (3, 4, 5), f"input {i} ({data.hex()}): the server sent a frame of kind {kind}"
                kinds[kind] = kinds.get(kind, 0) + 1
        wait_for(lambda: srv.conns() == 0, "the connections to close")
    finally:
        srv.stop()
        threading.excepthook = old
    assert not failures, failures[:5]
    # Each kind of answer came back: the inputs reached the methods,
    # their IDL errors and the faults.
    assert kinds.get(3, 0) > 100 and kinds.get(4, 0) > 5 and kinds.get(5, 0) > 100, kinds
    # The connections' threads may still be ending, and a value of theirs
    # held in a reference cycle (an exception's traceback) waits for the
    # collector.
    end = time.monotonic() + 30
    while True:
        gc.collect()
        if (n := live()) == 0:
            break
        if time.monotonic() > end:
            pytest.fail(f"C allocations stay at {n} after the streams")
        time.sleep(0.05)


def client_calls(c: rpc.RpcClient) -> list[Callable[[], object]]:
    """Calls whose answers carry every compound type, an IDL error and
    objects."""

    def store() -> object:
        st = c.new_store()
        st.put("k", m.ValueText("v"))
        return (st.get("k"), st.keys(), st.size())

    return [
        lambda: c.echo_everything(everything()),
        lambda: c.echo_tree(tree()),
        lambda: c.echo_lists(lists()),
        lambda: c.echo_maps(maps()),
        lambda: c.echo_optionals(optionals(True)),
        lambda: c.echo_string("caf\u00e9"),
        lambda: c.split("a,b,,c", ord(",")),
        lambda: c.parse_color("nope"),  # raises NOT_FOUND
        lambda: c.make_tree(2, 2),
        store,
    ] + [lambda v=v: c.echo_value(v) for v in values()]


CLIENT_CALLS = len(client_calls(None))  # type: ignore[arg-type]  # the calls are not made


def recorded_answers() -> list[bytes]:
    """For each call of client_calls, the bytes a Python server sends to a
    client that makes it on a connection of its own."""
    srv = PythonServer()
    out = []
    try:
        for i in range(CLIENT_CALLS):
            up = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            up.connect(srv.path)
            a, b = socket.socketpair()
            got = bytearray()

            def relay(src: socket.socket, dst: socket.socket, keep: bytearray | None) -> None:
                while data := src.recv(65536):
                    if keep is not None:
                        keep += data
                    dst.sendall(data)
                dst.shutdown(socket.SHUT_WR)

            ts = [threading.Thread(target=relay, args=(b, up, None)), threading.Thread(target=relay, args=(up, b, got))]
            for t in ts:
                t.start()
            c = rpc.RpcClient(a, timeout=10)
            try:
                client_calls(c)[i]()
            except m.ConfError:
                pass  # parse_color: its RAISE frame is the answer
            c.close()
            for t in ts:
                t.join(10)
            up.close()
            b.close()
            out.append(bytes(got))
    finally:
        srv.stop()
    return out


def test_client_reads_mutated_answers() -> None:
    """Random edits of real answers, each read by a client making the call
    they answered: the call returns, or raises the IDL error, RpcError or
    RpcTransportError; never another exception, and never waits for
    ever."""
    answers = recorded_answers()
    assert len(answers) == CLIENT_CALLS and all(answers)
    rnd = random.Random(2)
    outcomes: dict[str, int] = {}
    for n in range(1500):
        i = rnd.randrange(len(answers))
        data = edit(rnd, bytearray(answers[i]))
        a, b = socket.socketpair()

        def serve(sock: socket.socket = b, data: bytes = data) -> None:
            try:
                sock.sendall(data)
                sock.shutdown(socket.SHUT_WR)
                while sock.recv(65536):  # what the client sends
                    pass
            except OSError:
                pass  # the client closed with these bytes unread

        t = threading.Thread(target=serve)
        t.start()
        c = rpc.RpcClient(a, timeout=10, max_frame=1 << 16)
        try:
            client_calls(c)[i]()
            what = "returned"
        except (m.ConfError, rpc.RpcError, rpc.RpcTransportError) as e:
            what = type(e).__name__
        except Exception as e:  # noqa: BLE001 - the failure under test
            raise AssertionError(f"input {n} (call {i}, {data.hex()}): {type(e).__name__}: {e}") from e
        outcomes[what] = outcomes.get(what, 0) + 1
        c.close()
        t.join(10)
        b.close()
    assert outcomes.get("returned", 0) > 50 and outcomes.get("RpcTransportError", 0) > 50, outcomes


def test_client_reads_bad_frames() -> None:
    # A server that answers with an oversized frame: the client fails every
    # call with a transport error.
    a, b = socket.socketpair()
    c = rpc.RpcClient(a, timeout=10, max_frame=64)

    def serve() -> None:
        f = b.makefile("rb")
        f.read(13 + 2)  # echo_u8's CALL: 13 header bytes and 2 of payload
        b.sendall(struct.pack("<IBII", 1000, 3, 1, rpc.METHOD_IDS["echo_u8"]))

    t = threading.Thread(target=serve)
    t.start()
    with pytest.raises(rpc.RpcTransportError, match="exceeds 64"):
        c.echo_u8(3)
    t.join()
    with pytest.raises(rpc.RpcTransportError):
        c.echo_u8(3)
    c.close()
    b.close()


def test_max_calls() -> None:
    srv = PythonServer(Slow(), max_calls=4, workers=8)
    try:
        c = srv.connect()
        errs: list[BaseException] = []

        def call() -> None:
            try:
                c.echo_i64(400)
            except rpc.RpcError as e:
                errs.append(e)

        ts = [threading.Thread(target=call) for _ in range(10)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        assert len(errs) == 6 and all(isinstance(e, rpc.RpcError) and e.code == rpc.Fault.TOO_MANY_CALLS for e in errs)
        c.close()
    finally:
        srv.stop()


def test_types_match_in_process() -> None:
    # The client's and the adapter's methods are the Protocol's, and the
    # Protocol's are the in-process module's functions, name for name.
    names = {n for n in dir(rpc.Service) if not n.startswith("_")}
    for n in names:
        if n.startswith("new_"):
            continue
        assert callable(getattr(m, n)), n
    served = {k for k in rpc.METHOD_IDS if "." not in k}
    assert names - {n for n in names if n.startswith("new_")} == served
    assert {"shelf_size", "make_shelf", "clone_slot", "sizes"}.isdisjoint(names)


def test_bad_arguments_like_in_process(client: rpc.RpcClient) -> None:
    # A bad argument raises the in-process module's exception class, before
    # anything is sent.
    cases: list[tuple[str, tuple[Any, ...]]] = [
        ("echo_i64", ("1",)),
        ("echo_i64", (1.5,)),
        ("echo_u8", (256,)),
        ("echo_u64", (-1,)),
        ("echo_bool", (1,)),
        ("echo_f64", ("1",)),
        ("echo_f32", (3.5e38,)),
        ("echo_color", (3,)),
        ("echo_color", ("RED",)),
        ("echo_string", (b"x",)),
        ("echo_string", ("a\udcff",)),
        ("echo_bytes", ("x",)),
        ("echo_scalars", (m.Blob(),)),
        ("echo_value", (m.Blob(),)),
        ("echo_opt_i32", ("1",)),
        ("scalars_from", (True, 0, 0, 0, 0, 0, 0, 0, 2**64, 0.0, 0.0, m.Color.RED)),
    ]
    for name, args in cases:
        with pytest.raises(Exception) as want:
            getattr(LOCAL, name)(*args)
        with pytest.raises(Exception) as got:
            getattr(client, name)(*args)
        assert isinstance(got.value, type(want.value)) or isinstance(want.value, type(got.value)), (name, args, got.value, want.value)
    assert client.echo_color(-1) is m.Color.INFRARED
    assert client.echo_bytes(bytearray(b"ab")) == b"ab"
