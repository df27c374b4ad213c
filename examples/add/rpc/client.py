"""Calls add on the server at a Unix socket, whatever its language.

    python3 client.py /tmp/add.sock
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "add"))

import add  # noqa: E402
import add_rpc  # noqa: E402


def run(svc: add_rpc.Service) -> None:
    """Takes any add_rpc.Service: add_rpc.InProcess() would call the C
    library in this process instead."""
    print("add(2, 3) =", svc.add(2, 3))
    print("add(2147483647, 1) =", svc.add(2**31 - 1, 1))
    print("add_checked(40, 2) =", svc.add_checked(40, 2))
    try:
        svc.add_checked(2**31 - 1, 1)
    except add.AddError as e:
        assert e.code == add.AddError.OVERFLOW
        print("add_checked(2147483647, 1) raised AddError.OVERFLOW")


def main() -> None:
    with add_rpc.connect(sys.argv[1], timeout=10) as client:
        run(client)


if __name__ == "__main__":
    main()
