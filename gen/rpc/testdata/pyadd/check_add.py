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
    child = add_rpc.connect_subprocess([sys.executable, __file__, "serve"], timeout=10)
    assert calls(child) == want
    child.close()
    assert child.process.returncode == 0, child.process.returncode
    print("ok")


if __name__ == "__main__":
    main()
