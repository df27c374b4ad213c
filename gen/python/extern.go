package genpython

import "github.com/bindgen-dev/bindgen/idl"

// arrayCode is the array module's type code of a C array's element.
func arrayCode(k idl.Kind) string {
	return map[idl.Kind]string{
		idl.KindI8: "b", idl.KindU8: "B", idl.KindI16: "h", idl.KindU16: "H",
		idl.KindI32: "i", idl.KindU32: "I", idl.KindI64: "q", idl.KindU64: "Q",
		idl.KindF32: "f", idl.KindF64: "d",
	}[k]
}

// externHelpers writes the argument conversions of an extern package's
// cstring and bytes (pointer + length) parameters, when it has any.
func (g *generator) externHelpers() {
	if g.pkg.Extern == nil {
		return
	}
	n := externNeeds(g.pkg)
	cstr, buf, status, outbuf, arr := n.cstr, n.buf, n.status, n.outbuf, n.arr
	if arr {
		g.buf.WriteString(`

_EMPTY_ARRAY: _Final = (_ct.c_uint64 * 1)()


def _carr(v: object, p: str, code: str, ct: _Any, et: str, hi: int, t: str) -> tuple[_Any, int]:
    # A list argument, passed as a C array and its length: the array
    # module converts and range-checks every element in C, and ctypes
    # lends its buffer. An empty list points at a zeroed element, never
    # NULL.
    if not isinstance(v, (list, tuple)):
        raise TypeError(f"{p}: expected a list, got {_tname(v)}")
    n = len(v)
    if n > hi:
        raise OverflowError(f"{p}: {n} elements is more than the C length ({t}) holds [0, {hi}]")
    if n == 0:
        return _EMPTY_ARRAY, 0
    try:
        a = _array.array(code, v)
    except (TypeError, OverflowError):
        a = None
    if a is None or code == "f" and (_math.inf in a or -_math.inf in a):
        # Which element was refused, or which f32 out of range the array
        # module turned into an infinity.
        for i, x in enumerate(v):
            if not isinstance(x, int if code not in "fd" else (int, float)):
                raise TypeError(f"{p}[{i}]: expected {et}, got {_tname(x)}")
            if code == "f" and abs(x) > _F32_MAX and abs(x) != _math.inf:
                raise OverflowError(f"{p}[{i}]: {x!r} is out of range for {et}")
            if code not in "fd":
                try:
                    _array.array(code, [x])
                except OverflowError:
                    raise OverflowError(f"{p}[{i}]: {x} is out of range for {et}") from None
        if a is None:
            raise AssertionError(f"{p}: the array module refused {v!r}")
    return (ct * n).from_buffer(a), n
`)
	}
	if status {
		g.all = append(g.all, "StatusError")
		g.buf.WriteString(`

class StatusError(Exception):
    """A C function's status result said the call failed: code is the
    library's own error code, func the C function."""

    def __init__(self, func: str, code: int) -> None:
        super().__init__(f"{func} failed with status {code}")
        self.func = func
        self.code = code
`)
	}
	if outbuf {
		g.all = append(g.all, "OverrunError")
		g.buf.WriteString(`

class OverrunError(RuntimeError):
    """A C function said it wrote more into an out buffer than the buffer
    holds: none of it is returned. The library broke its contract, and
    may have written past the buffer."""


def _outbuf(b: _Any, n: int, f: str, p: str) -> bytes:
    # What C wrote into an out buffer: the length it wrote back is checked
    # against the capacity before a byte is read.
    if n > len(b):
        raise OverrunError(f"{f} reported {n} bytes written into {p}, which holds {len(b)}")
    return memoryview(b)[:n].tobytes()
`)
	}
	if cstr {
		g.buf.WriteString(`

def _cstr(v: object, p: str) -> bytes:
    # A cstring argument: UTF-8 with a NUL after it (ctypes adds it), so
    # a NUL inside would end the string early in C.
    if not isinstance(v, str):
        raise TypeError(f"{p}: expected str (cstring), got {_tname(v)}")
    i = v.find("\0")
    if i >= 0:
        raise ValueError(f"{p}: holds a NUL character at index {i}; a C string (cstring) ends at its first NUL")
    try:
        return v.encode()
    except UnicodeEncodeError as e:
        raise ValueError(f"{p}: character at index {e.start} cannot be encoded as UTF-8 ({e.reason})") from None
`)
	}
	if buf {
		g.buf.WriteString(`

def _cbuf(v: object, p: str, hi: int, t: str) -> bytes:
    # A bytes argument, passed as its pointer and length: bytes without a
    # copy, bytearray and memoryview copied (C must not see them change).
    if isinstance(v, bytes):
        b = v
    elif isinstance(v, (bytearray, memoryview)):
        b = bytes(v)
    else:
        raise TypeError(f"{p}: expected bytes, got {_tname(v)}")
    if len(b) > hi:
        raise OverflowError(f"{p}: {len(b)} bytes is more than the C length ({t}) holds [0, {hi}]")
    return b
`)
	}
}
