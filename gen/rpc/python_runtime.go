package genrpc

// pyRuntime is the package-independent part of <pkg>_rpc.py: frames,
// faults, the stream client core and the server core (docs/rpc.md). The
// renderer replaces {{pkg}} with the package name. Every name is private
// except the exceptions, Fault, the limits and the classes documented in
// the module docstring.
const pyRuntime = `
DEFAULT_MAX_FRAME: _Final = 16777216
"""The largest frame (bytes after the length field) either side accepts."""
DEFAULT_MAX_CALLS: _Final = 1024
"""The most calls a server runs at once on one connection."""

_T = _TypeVar("_T")
_E = _TypeVar("_E", bound=_enum.IntEnum)
_R = _TypeVar("_R", bound="_Remote")

_HDR: _Final = _struct.Struct("<IBII")
_LEN: _Final = _struct.Struct("<I")
_CALL: _Final = 1
_CANCEL: _Final = 2
_RESULT: _Final = 3
_RAISE: _Final = 4
_FAULT: _Final = 5


class Fault(_enum.IntEnum):
    """The fault codes of docs/rpc.md."""

    UNKNOWN_METHOD = 1
    """The method id names no method of the server."""
    BAD_REQUEST = 2
    """The request did not decode, or its call id was in flight."""
    BAD_HANDLE = 3
    """An object handle is not a live object of this connection."""
    TOO_MANY_CALLS = 4
    """The connection already had the server's maximum of calls in flight."""
    CANCELLED = 5
    """The call was cancelled before it finished."""
    INTERNAL = 6
    """The implementation failed with something other than its IDL error."""
    OVERSIZED_FRAME = 7
    """A frame was longer than the maximum."""
    BAD_FRAME = 8
    """A frame could not be read."""


class RpcError(Exception):
    """A fault: the server could not run the call (docs/rpc.md, "Fault codes").

    .code is a Fault member (a plain int for a code this module does not
    know), .message the server's text for people.
    """

    code: int
    message: str

    def __init__(self, code: int, message: str) -> None:
        super().__init__(code, message)
        try:
            self.code = Fault(code)
        except ValueError:
            self.code = code
        self.message = message

    def __str__(self) -> str:
        name = self.code.name.lower().replace("_", " ") if isinstance(self.code, Fault) else f"fault {self.code}"
        return f"{{pkg}} rpc: {name}: {self.message}"


class RpcTransportError(ConnectionError):
    """The connection failed: closed, reset, ended inside a frame, or sent a
    frame that cannot be read. The client is closed; every later call
    raises it too."""


def _fault_payload(code: int, msg: str) -> bytes:
    out = bytearray(b"\x08")
    _uv_put(out, code)
    m = msg.encode("utf-8", "replace")
    out.append(0x12)
    _uv_put(out, len(m))
    out += m
    return bytes(out)


def _uv_put(out: bytearray, x: int) -> None:
    while x >= 0x80:
        out.append((x & 0x7F) | 0x80)
        x >>= 7
    out.append(x)


def _uv_get(b: bytes, pos: int) -> tuple[int, int]:
    x = 0
    shift = 0
    while True:
        if pos >= len(b) or shift > 63:
            raise ValueError("bad varint")
        c = b[pos]
        pos += 1
        x |= (c & 0x7F) << shift
        if c < 0x80:
            return x, pos
        shift += 7


def _fields(b: bytes) -> dict[int, int | bytes]:
    # The varint and length-delimited fields of a small struct payload;
    # other wire types are skipped (docs/wire.md).
    out: dict[int, int | bytes] = {}
    pos = 0
    while pos < len(b):
        key, pos = _uv_get(b, pos)
        wt = key & 7
        if wt == 0:
            out[key >> 3], pos = _uv_get(b, pos)
        elif wt == 2:
            n, pos = _uv_get(b, pos)
            if pos + n > len(b):
                raise ValueError("bad length")
            out[key >> 3] = b[pos : pos + n]
            pos += n
        elif wt == 1:
            pos += 8
        elif wt == 5:
            pos += 4
        else:
            raise ValueError("bad wire type")
    return out


def _parse_raise(b: bytes) -> int:
    v = _fields(b).get(1, 0)
    if not isinstance(v, int):
        # Malformed bytes from the peer, not a caller's type error.
        raise ValueError("error code is not a varint")  # noqa: TRY004
    v &= 0xFFFFFFFFFFFFFFFF
    v = (v >> 1) ^ -(v & 1)
    if not -(1 << 31) <= v < 1 << 31:
        raise ValueError("error code out of range")
    return v


def _raise_payload(code: int) -> bytes:
    out = bytearray(b"\x08")
    _uv_put(out, ((code << 1) ^ (code >> 63)) & 0xFFFFFFFFFFFFFFFF)
    return bytes(out)


def _parse_fault(b: bytes) -> RpcError:
    try:
        f = _fields(b)
        code = f.get(1, 0)
        msg = f.get(2, b"")
        if isinstance(code, int) and isinstance(msg, bytes):
            return RpcError(code, msg.decode("utf-8", "replace"))
    except ValueError:
        pass
    return RpcError(0, "unreadable fault payload")


Stream: _TypeAlias = "_socket.socket | _IO[bytes] | tuple[_IO[bytes], _IO[bytes]]"
"""What a client or server talks over: a connected socket, one binary file
object open for reading and writing, or a (reader, writer) pair of them
(a pipe pair, a child process's stdout and stdin)."""


class _Timeout(Exception):
    pass


class _BadFrame(Exception):
    def __init__(self, code: int, msg: str) -> None:
        super().__init__(msg)
        self.code = code


class _Stream:
    """A byte stream read in frames through its own buffer, with an
    optional deadline per read, and written in whole frames."""

    __slots__ = ("_buf", "_fd", "_r", "_sock", "_w")

    def __init__(self, conn: Stream) -> None:
        self._sock: _socket.socket | None = None
        self._r: _IO[bytes] | None = None
        self._w: _IO[bytes] | None = None
        if isinstance(conn, _socket.socket):
            self._sock = conn
            self._fd = conn.fileno()
        else:
            r, w = conn if isinstance(conn, tuple) else (conn, conn)
            self._r, self._w = r, w
            self._fd = r.fileno()
        self._buf = bytearray()

    def _recv(self) -> bytes:
        if self._sock is not None:
            return self._sock.recv(65536)
        return _os.read(self._fd, 65536)

    def next_frame(self, max_frame: int, deadline: float | None) -> tuple[int, int, int, bytes] | None:
        """The next frame as (kind, call id, method id, payload); None when
        the stream ended between frames. The length is checked before
        anything is allocated for the frame. Raises _Timeout at the
        deadline (what was read stays buffered), _BadFrame, EOFError when
        the stream ends inside a frame, OSError."""
        buf = self._buf
        while True:
            k = len(buf)
            if k >= 4:
                (n,) = _LEN.unpack_from(buf)
                if n < 9:
                    raise _BadFrame(Fault.BAD_FRAME, f"frame length {n} is less than 9")
                if n > max_frame:
                    raise _BadFrame(Fault.OVERSIZED_FRAME, f"frame length {n} exceeds {max_frame}")
                if k >= 4 + n:
                    _, kind, cid, mid = _HDR.unpack_from(buf)
                    payload = bytes(buf[13 : 4 + n])
                    del buf[: 4 + n]
                    return kind, cid, mid, payload
            if deadline is not None:
                left = deadline - _time.monotonic()
                if left <= 0 or not _select.select([self._fd], [], [], left)[0]:
                    raise _Timeout()
            b = self._recv()
            if not b:
                if buf:
                    raise EOFError(f"stream ended inside a frame ({len(buf)} bytes of it)")
                return None
            buf += b

    def write(self, b: bytes) -> None:
        if self._sock is not None:
            self._sock.sendall(b)
            return
        assert self._w is not None
        view = memoryview(b)
        while view:
            n = self._w.write(view)
            if n is None or n >= len(view):
                break
            view = view[n:]
        self._w.flush()

    def close(self, reader: bool = True) -> None:
        """Ends the stream: a thread reading it sees its end (at once for a
        socket; for files, once the peer closes its end). reader=False
        leaves a file pair's reading side open for a thread still in it."""
        if self._sock is not None:
            try:
                self._sock.shutdown(_socket.SHUT_RDWR)
            except OSError:
                pass
            if reader:
                self._sock.close()
            return
        files = (self._w, self._r) if reader else (self._w,)
        for f in files:
            if f is not None:
                try:
                    f.close()
                except (OSError, ValueError):
                    pass


def _frame(kind: int, cid: int, mid: int, payload: bytes) -> bytes:
    return _HDR.pack(9 + len(payload), kind, cid, mid) + payload


class _Waiter:
    __slots__ = ("done", "err", "finished", "kind", "payload", "signaled")

    def __init__(self) -> None:
        # done is made only when the caller must wait for another one to
        # read its answer: a caller alone reads it itself and never needs it.
        self.done: _threading.Lock | None = None
        self.signaled = False
        self.finished = False
        self.kind = 0
        self.payload = b""
        self.err: BaseException | None = None


class _Core:
    """One client connection and its calls in flight.

    There is no reader thread: a caller waiting for its answer reads the
    stream itself when no other caller does (the leader), handing each
    answer to its caller, and when its own answer has come, wakes another
    waiting caller to read on. One caller alone thus sends and reads on
    its own thread, without a thread switch per call.
    """

    def __init__(self, conn: Stream, max_frame: int) -> None:
        self.stream = _Stream(conn)
        self.max_frame = max_frame
        self.lock = _threading.Lock()  # adding to calls, next_id, err, Waiter.signaled and .done
        self.wlock = _threading.Lock()  # writing a frame
        self.rlock = _threading.Lock()  # reading: held by the leader
        self.calls: dict[int, _Waiter] = {}
        self.next_id = 0
        self.err: str | None = None

    def _signal(self, w: _Waiter) -> None:
        # Under self.lock. A caller that has no done yet sees signaled
        # before it would wait.
        if not w.signaled:
            w.signaled = True
            if w.done is not None:
                w.done.release()

    def fail(self, why: str) -> None:
        with self.lock:
            if self.err is None:
                self.err = why
            calls, self.calls = self.calls, {}
            # A list: a leader may still pop from the dict it read before.
            for w in list(calls.values()):
                w.err = RpcTransportError(f"{{pkg}} rpc: {why}")
                w.finished = True
                self._signal(w)
        self.stream.close(reader=False)

    def _lead(self, w: _Waiter, deadline: float | None) -> None:
        # Reads frames until w is answered; raises _Timeout at deadline.
        while not w.finished:
            try:
                f = self.stream.next_frame(self.max_frame, deadline)
            except _Timeout:
                raise
            except _BadFrame as e:
                self.fail(f"unreadable frame from the server: {e}")
                return
            except (OSError, EOFError, ValueError) as e:
                self.fail(f"{type(e).__name__}: {e}" if str(e) else type(e).__name__)
                return
            if f is None:
                self.fail("connection closed")
                return
            kind, cid, _mid, payload = f
            if kind not in (_RESULT, _RAISE, _FAULT):
                self.fail(f"the server sent a frame of kind {kind}")
                return
            if cid == 0 and kind == _FAULT:
                self.fail(f"the server closed the connection: {_parse_fault(payload)}")
                return
            # One pop is atomic: whoever pops a call (this leader, or its
            # caller giving up at its deadline) completes it.
            o = self.calls.pop(cid, None)
            if o is None:
                continue  # the answer to a call given up on
            o.kind, o.payload, o.finished = kind, payload, True
            if o is not w:
                with self.lock:
                    self._signal(o)

    def _hand_off(self) -> None:
        # The leader is done: wake a waiting caller to read on.
        with self.lock:
            for o in self.calls.values():
                if not o.signaled:
                    self._signal(o)
                    return

    def call(self, mid: int, payload: bytes, timeout: float | None) -> tuple[int, bytes]:
        w = _Waiter()
        with self.lock:
            if self.err is not None:
                raise RpcTransportError(f"{{pkg}} rpc: {self.err}")
            cid = self.next_id
            while True:
                cid = (cid + 1) & 0xFFFFFFFF
                if cid and cid not in self.calls:
                    break
            self.next_id = cid
            self.calls[cid] = w
        deadline = None if timeout is None else _time.monotonic() + timeout
        frame = _HDR.pack(9 + len(payload), _CALL, cid, mid) + payload
        try:
            with self.wlock:
                self.stream.write(frame)
        except (OSError, ValueError) as e:
            self.fail(f"cannot write: {e}")
        try:
            while not w.finished:
                if self.rlock.acquire(blocking=False):
                    try:
                        self._lead(w, deadline)
                    finally:
                        self.rlock.release()
                        if self.calls:
                            self._hand_off()
                    continue
                with self.lock:
                    if w.signaled:
                        w.signaled = False  # woken before it waited
                        continue
                    if w.done is None:
                        w.done = _threading.Lock()
                        w.done.acquire()
                    done = w.done
                left = -1.0 if deadline is None else max(0.0, deadline - _time.monotonic())
                if not done.acquire(timeout=left):
                    raise _Timeout()
                with self.lock:
                    w.signaled = False  # woken to lead, or answered
        except _Timeout:
            with self.lock:
                gave_up = self.calls.pop(cid, None) is not None
            if gave_up:
                try:
                    with self.wlock:
                        self.stream.write(_HDR.pack(9, _CANCEL, cid, mid))
                except (OSError, ValueError):
                    pass
                raise TimeoutError(f"{{pkg}} rpc: no answer within {timeout} s") from None
            # The leader popped the answer just before: it is completing it.
            while not w.finished:
                _time.sleep(0)
        if w.err is not None:
            raise w.err
        return w.kind, w.payload

    def close(self) -> None:
        self.fail("the client is closed")
        # A leader still reading sees the end of the stream and returns.
        if self.rlock.acquire(timeout=5):
            self.rlock.release()
            self.stream.close()


class _ClientBase:
    """What every client object shares: the connection and the timeout."""

    __slots__ = ("_core", "_timeout")

    _core: _Core
    _timeout: float | None

    def _invoke(self, mid: int, payload: bytes, exc: _Callable[[int], Exception] | None) -> bytes:
        kind, b = self._core.call(mid, payload, self._timeout)
        if kind == _RESULT:
            return b
        if kind == _RAISE:
            if exc is None:
                raise RpcError(Fault.INTERNAL, "the server raised an IDL error for a method without one")
            try:
                code = _parse_raise(b)
            except ValueError as e:
                raise RpcError(Fault.INTERNAL, f"unreadable error payload: {e}") from None
            raise exc(code)
        raise _parse_fault(b)


class _Remote:
    """The client side of a server object: its handle on one connection."""

    __slots__ = ("_c", "_h", "_lk")

    _DESTROY: _ClassVar[int] = 0
    _NAME: _ClassVar[str] = ""

    def __init__(self, c: _ClientBase, h: int) -> None:
        self._c = c
        self._h: int | None = h
        self._lk = _threading.Lock()

    def _handle(self) -> int:
        h = self._h
        if h is None:
            raise _pkg.ClosedError(f"{{pkg}}.{self._NAME} is closed")
        return h

    def close(self) -> None:
        """Release the server's object. Calling it again does nothing."""
        with self._lk:
            h, self._h = self._h, None
        if h is None:
            return
        try:
            self._c._invoke(self._DESTROY, _wire_u64_field1(h), None)
        except (RpcTransportError, TimeoutError):
            pass  # the server releases the objects of a closed connection

    def __enter__(self: _R) -> _R:  # noqa: PYI019 - typing.Self needs Python 3.11; the module supports 3.10
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{{pkg}}.{self._NAME} over rpc {'closed' if self._h is None else self._h}>"


def _wire_u64_field1(h: int) -> bytes:
    out = bytearray(b"\x08")
    _uv_put(out, h)
    return bytes(out)


def _arg_handle(c: _ClientBase, v: object, cls: type[_Remote], p: str) -> int:
    # The handle of an object argument of a client call.
    if not isinstance(v, cls):
        raise TypeError(f"{p}: expected a {{pkg}}.{cls._NAME} of an RpcClient, got {type(v).__name__}")
    if v._c._core is not c._core:
        raise ValueError(f"{p}: this {{pkg}}.{cls._NAME} belongs to another connection")
    h = v._h
    if h is None:
        raise _pkg.ClosedError(f"{p}: {{pkg}}.{cls._NAME} is closed")
    return h


def _bad_arg(v: object, p: str, want: str) -> TypeError:
    return TypeError(f"{p}: expected {want}, got {type(v).__name__}")


def _enum_arg(v: object, p: str, e: type[_E]) -> _E:
    # As the in-process module checks an enum argument.
    if isinstance(v, e):
        return v
    if not isinstance(v, int) or isinstance(v, (bool, _enum.Enum)):
        raise _bad_arg(v, p, e.__name__)
    try:
        return e(v)
    except ValueError:
        raise ValueError(f"{p}: {v} is not a valid {e.__name__}") from None


class _Refused(Exception):
    """A fault that answers one call (codes 1-6)."""

    def __init__(self, code: int, msg: str) -> None:
        super().__init__(msg)
        self.code = code


_HANDLES = _itertools.count(1)  # next() is atomic: one counter per process


class _ServerConn:
    """One connection of an RpcServer: its object table and calls in flight."""

    def __init__(self, server: RpcServer, stream: _Stream) -> None:
        self.server = server
        self.stream = stream
        self.lock = _threading.Lock()
        self.wlock = _threading.Lock()
        self.idle = _threading.Condition(self.lock)
        self.objects: dict[int, tuple[str, _Any]] = {}
        self.inflight: dict[int, bool] = {}  # call id -> answered (cancelled)
        self.closed = False

    def put(self, name: str, obj: _Any) -> int:
        h = next(_HANDLES)
        with self.lock:
            if not self.closed:
                self.objects[h] = (name, obj)
                return h
        obj.close()
        raise _Refused(Fault.INTERNAL, "the connection closed during the call")

    def get(self, h: int, name: str) -> _Any:
        e = self.objects.get(h)
        if e is None or e[0] != name:
            raise _Refused(Fault.BAD_HANDLE, f"handle {h} is not an open {name} of this connection")
        return e[1]

    def remove(self, h: int, name: str) -> _Any:
        with self.lock:
            e = self.objects.get(h)
            if e is None or e[0] != name:
                raise _Refused(Fault.BAD_HANDLE, f"handle {h} is not an open {name} of this connection")
            del self.objects[h]
        return e[1]

    def send(self, frame: bytes) -> None:
        try:
            with self.wlock:
                self.stream.write(frame)
        except (OSError, ValueError):
            pass  # the reader sees the connection end

    def serve(self) -> None:
        srv = self.server
        try:
            while True:
                try:
                    f = self.stream.next_frame(srv.max_frame, None)
                except _BadFrame as e:
                    self.send(_frame(_FAULT, 0, 0, _fault_payload(e.code, str(e))))
                    return
                if f is None:
                    return
                kind, cid, mid, payload = f
                if kind == _CANCEL:
                    with self.lock:
                        cancel = self.inflight.get(cid) is False
                        if cancel:
                            self.inflight[cid] = True
                    if cancel:
                        self.send(_frame(_FAULT, cid, mid, _fault_payload(Fault.CANCELLED, "cancelled")))
                    continue
                if kind != _CALL:
                    self.send(_frame(_FAULT, 0, 0, _fault_payload(Fault.BAD_FRAME, f"a client may not send frames of kind {kind}")))
                    return
                with self.lock:
                    if cid in self.inflight:
                        refuse: tuple[int, str] | None = (Fault.BAD_REQUEST, f"call id {cid} is already in flight")
                    elif len(self.inflight) >= srv.max_calls:
                        refuse = (Fault.TOO_MANY_CALLS, f"{srv.max_calls} calls are in flight")
                    else:
                        refuse = None
                        self.inflight[cid] = False
                if refuse is not None:
                    self.send(_frame(_FAULT, cid, mid, _fault_payload(*refuse)))
                    continue
                srv._pool.submit(self.run, cid, mid, payload)
        except (OSError, EOFError, ValueError, RuntimeError):
            return
        finally:
            self.finish()

    def run(self, cid: int, mid: int, payload: bytes) -> None:
        h = _HANDLERS.get(mid)
        try:
            if h is None:
                raise _Refused(Fault.UNKNOWN_METHOD, f"no method with id {mid:#010x}")
            try:
                out = _frame(_RESULT, cid, mid, h[0](self.server.impl, self, payload))
            except _Refused:
                raise
            except Exception as e:
                exc = h[1]
                if exc is None or not isinstance(e, exc):
                    raise
                err: _Any = e  # an instance of the method's IDL error class
                out = _frame(_RAISE, cid, mid, _raise_payload(int(err.code)))
        except _Refused as e:
            out = _frame(_FAULT, cid, mid, _fault_payload(e.code, str(e)))
        except Exception as e:  # noqa: BLE001 - any other failure of the implementation is the client's INTERNAL fault
            out = _frame(_FAULT, cid, mid, _fault_payload(Fault.INTERNAL, f"{type(e).__name__}: {e}"))
        with self.lock:
            cancelled = self.inflight.pop(cid)
            if not self.inflight:
                self.idle.notify_all()
        if not cancelled:
            self.send(out)

    def finish(self) -> None:
        # Waits for the calls still running, then releases every object the
        # connection still holds.
        with self.lock:
            self.closed = True
            while self.inflight:
                self.idle.wait()
            objs, self.objects = self.objects, {}
        self.stream.close()
        for _name, o in objs.values():
            with _contextlib.suppress(Exception):
                o.close()


def _decode(f: _Callable[..., _T], b: bytes) -> _T:
    try:
        return f(b)
    except ValueError as e:
        raise _Refused(Fault.BAD_REQUEST, str(e)) from None


def _decoded(f: _Callable[[bytes], _T], b: bytes) -> _T:
    """f(b) for a response's decoder f: a response that does not decode
    fails the call with RpcError BAD_REQUEST, as in the Go client."""
    try:
        return f(b)
    except ValueError as e:
        raise RpcError(Fault.BAD_REQUEST, f"undecodable response: {e}") from None



class RpcServer:
    """Serves impl, any implementation of Service, to any number of
    connections (docs/rpc.md).

    Each connection has its own object table: a handle names an object only
    on the connection that created it, and when a connection ends, for
    whatever reason, every object still in its table is closed. Calls run on
    a pool of workers threads, so they complete in any order.
    """

    def __init__(
        self,
        impl: Service,
        *,
        max_frame: int = DEFAULT_MAX_FRAME,
        max_calls: int = DEFAULT_MAX_CALLS,
        workers: int = 32,
    ) -> None:
        self.impl = impl
        self.max_frame = max_frame
        self.max_calls = max_calls
        self._pool = _ThreadPoolExecutor(max_workers=workers, thread_name_prefix="{{pkg}}-rpc")
        self._lock = _threading.Lock()
        self._conns: set[_ServerConn] = set()
        self._listeners: list[_socket.socket] = []
        self._closed = False

    def serve_conn(self, conn: Stream) -> None:
        """Serves one connection; returns when it has ended and its objects
        are released."""
        sc = _ServerConn(self, _Stream(conn))
        with self._lock:
            if self._closed:
                sc.finish()
                return
            self._conns.add(sc)
        try:
            sc.serve()
        finally:
            with self._lock:
                self._conns.discard(sc)

    def serve(self, listener: _socket.socket) -> None:
        """Accepts connections on a listening socket and serves each on its
        own thread, until shutdown() is called."""
        with self._lock:
            self._listeners.append(listener)
        while True:
            try:
                conn, _addr = listener.accept()
            except OSError:
                with self._lock:
                    if self._closed:
                        return
                raise
            _threading.Thread(target=self.serve_conn, args=(conn,), name="{{pkg}}-rpc-conn", daemon=True).start()

    def shutdown(self) -> None:
        """Stops accepting, ends every connection (releasing its objects) and
        stops the workers."""
        with self._lock:
            self._closed = True
            ls, self._listeners = self._listeners, []
            conns = list(self._conns)
        for ln in ls:
            try:
                ln.shutdown(_socket.SHUT_RDWR)
            except OSError:
                pass
            ln.close()
        for sc in conns:
            sc.stream.close(reader=False)
        self._pool.shutdown(wait=True)


def serve_stdio(impl: Service) -> None:
    """Serves impl on this process's stdin and stdout until stdin ends: the
    other side of connect_subprocess."""
    import sys

    RpcServer(impl).serve_conn((sys.stdin.buffer, sys.stdout.buffer))
`
