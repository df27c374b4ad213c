"""The primer's libmath.so through the generated mathlib.py.

Build the library as the primer does, then run this script:

    cc -shared -fPIC -o libmath.so mathlib.c
    MATHLIB_LIBRARY=./libmath.so python3 demo.py
"""

import mathlib

print(f"add(2, 3) = {mathlib.add(2, 3)}")
print(f"add(-7, 7) = {mathlib.add(-7, 7)}")
print(f"add(2**31 - 2, 1) = {mathlib.add(2**31 - 2, 1)}")

try:
    mathlib.add(2**40, 1)
except OverflowError as e:
    print(f"add(2**40, 1) raised OverflowError: {e}")

try:
    mathlib.add("2", 3)  # type: ignore[arg-type]
except TypeError as e:
    print(f"add('2', 3) raised TypeError: {e}")
