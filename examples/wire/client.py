"""The Python client of the wire example: calls the Go store of main.go
over TCP through the generated RPC client (kv/kv_rpc.py).

    python3 client.py 127.0.0.1:7070
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "kv"))

import kv  # noqa: E402
import kv_rpc  # noqa: E402


def main() -> None:
    host, port = sys.argv[1].rsplit(":", 1)
    with kv_rpc.connect((host, int(port)), timeout=10) as store:
        print("put greeting: existed =", store.put("greeting", "héllo, wörld".encode()))
        print("put empty: existed =", store.put("empty", b""))
        print("size =", store.size())
        print("get greeting =", repr(store.get("greeting").decode()))
        print("remove greeting: existed =", store.remove("greeting"))
        try:
            store.get("greeting")
        except kv.KvError as e:
            print("get greeting raised KvError:", e.name)
        print("size =", store.size())


if __name__ == "__main__":
    main()
