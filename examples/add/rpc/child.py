"""The same calling code in process and out of process: first add.c loaded
into this process (ctypes, through add.py), then add.c in a child process
served on its stdin and stdout by the generated C dispatcher (cserver).
Only the line that makes the Service changes.

    gcc -std=c99 -O2 -shared -fPIC -o /tmp/libadd.so add/add.c
    gcc -std=c99 -O2 -Iadd -o /tmp/cserver cserver/cserver.c add/add.c add/add_rpc.c add/add_wire.c
    ADD_LIBRARY=/tmp/libadd.so python3 child.py /tmp/cserver
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "add"))

import add  # noqa: E402
import add_rpc  # noqa: E402


def use(svc: add_rpc.Service, where: str) -> None:
    print(where, "add(2, 3) =", svc.add(2, 3))
    try:
        svc.add_checked(2**31 - 1, 1)
    except add.AddError as e:
        print(where, "add_checked(2147483647, 1) raised AddError:", e.name)
    try:
        svc.add(2**40, 1)
    except OverflowError:
        # Checked before anything is sent, in process and out.
        print(where, "add(2**40, 1) raised OverflowError")


def main() -> None:
    use(add_rpc.InProcess(), "in process:")
    with add_rpc.connect_subprocess([sys.argv[1]], timeout=10) as child:
        use(child, "child process:")


if __name__ == "__main__":
    main()
