"""Calls the C add library from Python through the generated add.py.

    gcc -shared -fPIC -O2 -o /tmp/libadd.so add.c
    ADD_LIBRARY=/tmp/libadd.so python3 demo.py
"""

import add


def main() -> None:
    print("add(2, 3) =", add.add(2, 3))
    print("add(2**31 - 1, 1) =", add.add(2**31 - 1, 1), "(wraps around, as in C)")
    print("add_checked(40, 2) =", add.add_checked(40, 2))
    try:
        add.add_checked(2**31 - 1, 1)
    except add.AddError as e:
        print("add_checked(2**31 - 1, 1) raised AddError:", e.name, int(e.code))
        assert e.code == add.AddError.OVERFLOW
    try:
        add.add(2**40, 1)
    except OverflowError as e:
        # ctypes alone would pass 2**40 to C as 0; the generated module
        # refuses it before the call.
        print("add(2**40, 1) raised OverflowError:", e)
    try:
        add.add("2", 3)  # type: ignore[arg-type]
    except TypeError as e:
        print("add('2', 3) raised TypeError:", e)


if __name__ == "__main__":
    main()
