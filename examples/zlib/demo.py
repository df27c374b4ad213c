"""The system's libz through the generated czlib module, compared with
Python's own zlib module (which links its own copy of the same code, so
this checks the binding, not zlib). Run: python3 demo.py"""

import zlib

import czlib

inputs = [b"", b"\0", b"hello, world", bytes(range(256)), bytes(range(256)) * 4096]
for data in inputs:
    assert czlib.crc32(0, data) == zlib.crc32(data), data[:16]
    assert czlib.adler32(1, data) == zlib.adler32(data), data[:16]
    assert czlib.crc32(zlib.crc32(b"abc"), data) == zlib.crc32(data, zlib.crc32(b"abc"))
print("crc32 matches zlib.crc32")
print("adler32 matches zlib.adler32")
print("version", czlib.version())
assert czlib.crc32(12345, b"") == 12345

try:
    czlib.crc32(0, "text")  # type: ignore[arg-type]
except TypeError as e:
    print("crc32(0, 'text') raised TypeError:", e)
try:
    czlib.crc32(-1, b"x")
except OverflowError as e:
    print("crc32(-1, b'x') raised OverflowError:", e)
