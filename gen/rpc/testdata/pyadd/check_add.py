"""examples/add out of process from Python: the same calls as in process
through a Python server, and through one in a child process over its
stdin and stdout (serve_stdio). Prints "ok"."""

from __future__ import annotations

import socket
import sys
import threading

import add
import add_rpc


def calls(svc: add_rpc.Service) -> list[object]:
    out: list[object] = [svc.add(2, 3), svc.add(2**31 - 1, 1)]
    try:
        svc.add_checked(2**31 - 1, 1)
    except add.AddError as e:
        out.append(("raised", e.code, e.name))
    out.append(svc.add_checked(-5, 3))
    return out


def docs_example() -> None:
    """The frames of the example in docs/rpc.md, byte for byte, through a
    Python server of the C library."""
    assert add_rpc.METHOD_IDS == {"add": 0x3B391274, "add_checked": 0xB7889F32}
    a, b = socket.socketpair()
    srv = add_rpc.RpcServer(add_rpc.InProcess())
    # A daemon thread, and the socket closed whatever happens, so that a
    # failed check ends the program instead of leaving the server waiting.
    t = threading.Thread(target=srv.serve_conn, args=(b,), daemon=True)
    t.start()
    f = a.makefile("rb")
    try:
        for call, answer in (
            ("0d000000 01 01000000 7412393b 08041006", "0b000000 03 01000000 7412393b 080a"),
            ("11000000 01 02000000 329f88b7 08feffffff0f 1002", "0b000000 04 02000000 329f88b7 0802"),
        ):
            a.sendall(bytes.fromhex(call))
            want = bytes.fromhex(answer)
            got = f.read(len(want))
            assert got == want, (call, got.hex(), want.hex())
    finally:
        f.close()
        a.close()
    t.join(10)


def main() -> None:
    if sys.argv[1:] == ["serve"]:
        add_rpc.serve_stdio(add_rpc.InProcess())
        return
    want = calls(add_rpc.InProcess())
    assert want == [5, -(2**31), ("raised", add.AddError.OVERFLOW, "OVERFLOW"), -2], want
    a, b = socket.socketpair()
    srv = add_rpc.RpcServer(add_rpc.InProcess())
    t = threading.Thread(target=srv.serve_conn, args=(b,))
    t.start()
    with add_rpc.RpcClient(a, timeout=10) as c:
        assert calls(c) == want
    t.join()
    docs_example()
    child = add_rpc.connect_subprocess([sys.executable, __file__, "serve"], timeout=10)
    assert calls(child) == want
    child.close()
    assert child.process.returncode == 0, child.process.returncode
    print("ok")


if __name__ == "__main__":
    main()
