"""The system's libz through the generated czlib module, compared with
Python's own zlib module (which links its own copy of the same code, so
this checks the binding, not zlib). Run: python3 demo.py"""

import zlib
from typing import Callable

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

# compress2 and uncompress: out buffers the module allocates, checked
# against Python's zlib in both directions.
for data in inputs + [b"abc" * 100000]:
    z = czlib.compress(czlib.compress_bound(len(data)), data, 6)
    assert zlib.decompress(z) == data, data[:16]
    for level in (0, 1, 9, -1):
        assert zlib.decompress(czlib.compress(czlib.compress_bound(len(data)), data, level)) == data
    assert czlib.uncompress(len(data), zlib.compress(data, 9)) == data, data[:16]
    assert czlib.uncompress(len(data) + 100, zlib.compress(data)) == data
print("compress round-trips through zlib.decompress")
print("uncompress reads zlib.compress")
assert czlib.uncompress(0, zlib.compress(b"")) == b""

stream = zlib.compress(b"hello, world" * 10)
failing: list[tuple[Callable[[], bytes], int]] = [
    (lambda: czlib.uncompress(len(b"hello, world" * 10) - 1, stream), -5),  # Z_BUF_ERROR
    (lambda: czlib.compress(4, bytes(range(256)), 6), -5),
    (lambda: czlib.compress(0, b"", 6), -5),
    (lambda: czlib.uncompress(1000, stream[:-4] + b"\0\0\0\0"), -3),  # Z_DATA_ERROR
    (lambda: czlib.uncompress(1000, stream[: len(stream) // 2]), -3),  # truncated
    (lambda: czlib.compress(100, b"x", 42), -2),  # Z_STREAM_ERROR
]
for call, code in failing:
    try:
        call()
    except czlib.StatusError as e:
        assert e.code == code, (e.code, code)
        print(f"{e.func} raised StatusError {e.code}:", e)
    else:
        raise AssertionError(f"no StatusError {code}")
try:
    czlib.uncompress(-1, stream)
except OverflowError as e:
    print("uncompress(-1, ...) raised OverflowError:", e)
