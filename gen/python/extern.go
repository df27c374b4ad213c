package genpython

import "github.com/bindgen-dev/bindgen/idl"

// externHelpers writes the argument conversions of an extern package's
// cstring and bytes (pointer + length) parameters, when it has any.
func (g *generator) externHelpers() {
	if g.pkg.Extern == nil {
		return
	}
	var cstr, buf bool
	for _, f := range g.pkg.Funcs {
		for _, p := range f.Params {
			cstr = cstr || p.Type.IsCString()
			buf = buf || p.Type.Kind == idl.KindBytes
		}
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
