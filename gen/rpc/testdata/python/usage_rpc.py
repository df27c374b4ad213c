"""A typed program over conformance_rpc.py that mypy --strict must accept:
the same code runs against InProcess(), a client and a Python server."""

from __future__ import annotations

import socket
import threading

import conformance
import conformance_rpc as rpc


def use(svc: rpc.Service) -> int:
    s: rpc.StoreService = svc.new_store()
    s.put("k", conformance.ValueInteger(2))
    v = s.fetch("k")
    t = s.clone()
    t.merge(s)
    p = s.pick(None)
    try:
        svc.check(False)
    except conformance.ConfError as e:
        assert e.code == conformance.ConfError.REQUESTED
    n = svc.store_size(t) + (p.size() if p is not None else 0)
    s.close()
    t.close()
    return n + (v.value if isinstance(v, conformance.ValueInteger) else 0)


def main() -> None:
    local: rpc.Service = rpc.InProcess()
    a, b = socket.socketpair()
    srv = rpc.RpcServer(local, max_calls=64)
    th = threading.Thread(target=srv.serve_conn, args=(b,), daemon=True)
    th.start()
    with rpc.RpcClient(a, timeout=5.0) as c:
        remote: rpc.Service = c
        assert use(remote) == use(local)
        try:
            c.with_timeout(None).noop()
        except rpc.RpcError as e:
            code: int = e.code
            msg: str = e.message
            print(code, msg)
        except rpc.RpcTransportError:
            raise
    th.join()


if __name__ == "__main__":
    main()
