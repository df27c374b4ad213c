"""Serves add, written in Python, on a Unix socket.

    python3 pyserver.py /tmp/add.sock
"""

import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "add"))

import add  # noqa: E402
import add_rpc  # noqa: E402


class Adder:
    """add written in Python: any implementation of add_rpc.Service can be
    served."""

    def add(self, a: int, b: int) -> int:
        # Wraps around on overflow, as the C library does.
        return (a + b + 2**31) % 2**32 - 2**31

    def add_checked(self, a: int, b: int) -> int:
        if not -(2**31) <= a + b < 2**31:
            raise add.AddError(add.AddError.OVERFLOW)  # arrives as the same typed error
        return a + b


def main() -> None:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(sys.argv[1])
    listener.listen()
    print("listening on", sys.argv[1], file=sys.stderr, flush=True)
    add_rpc.RpcServer(Adder()).serve(listener)


if __name__ == "__main__":
    main()
