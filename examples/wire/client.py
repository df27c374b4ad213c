"""The Python client of the wire example: talks to the Go server in
main.go over TCP with the generated Python wire codec (kv/kv_wire.py).

    python3 client.py 127.0.0.1:7070
"""

import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "kv"))

from kv import Op, Request, Response  # noqa: E402
from kv_wire import decode_response, encode_request  # noqa: E402


class Client:
    def __init__(self, addr: str) -> None:
        host, port = addr.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)))

    def call(self, req: Request) -> Response:
        data = encode_request(req)
        self.sock.sendall(struct.pack("<I", len(data)) + data)
        (n,) = struct.unpack("<I", self._read(4))
        return decode_response(self._read(n))

    def _read(self, n: int) -> bytes:
        buf = bytearray()
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("server closed the connection")
            buf += chunk
        return bytes(buf)

    def close(self) -> None:
        self.sock.close()


def main() -> None:
    c = Client(sys.argv[1])
    try:
        r = c.call(Request(op=Op.PUT, key="greeting", value="héllo, wörld".encode()))
        print(f"PUT greeting: found={r.found} size={r.size}")
        r = c.call(Request(op=Op.PUT, key="empty", value=b""))
        print(f"PUT empty: found={r.found} size={r.size}")
        r = c.call(Request(op=Op.GET, key="greeting", value=None))
        print(f"GET greeting: found={r.found} value={r.value.decode()!r}")
        r = c.call(Request(op=Op.DELETE, key="greeting", value=None))
        print(f"DELETE greeting: found={r.found} size={r.size}")
        r = c.call(Request(op=Op.GET, key="greeting", value=None))
        print(f"GET greeting: found={r.found} value={r.value!r}")
    finally:
        c.close()


if __name__ == "__main__":
    main()
