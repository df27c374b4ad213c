package genpython

// prelude is the fixed runtime part of every generated module: library
// loading, the contract hash check, the errors it raises, and the scalar
// checks that stop ctypes from silently truncating a value. @PKG@, @ENV@,
// @LIBNAME@, @ABIHASH@ (the contract hash, 16 hex digits), @ABIHASHMACRO@
// (its C macro) and @ABIHASHFN@ (the C function returning the library's)
// are replaced; every name starts with an underscore or is one Names
// lists (load, LibraryNotLoadedError, ClosedError), so that an IDL name
// that meets it is an error.
const prelude = `

class LibraryNotLoadedError(OSError):
    """The native @PKG@ library could not be loaded.

    Raised by load() and by the first call into the library when no path was
    given, @ENV@ is unset, no library is beside this module and
    ctypes.util.find_library("@LIBNAME@") finds nothing (the message lists
    every place looked in), @NOTLOADEDWHY@
    """


class ClosedError(ValueError):
    """An object was used after close()."""


class _Invalid(TypeError):
    """Raised by the fast conversion paths; the caller then runs the
    validator, which raises the precise TypeError, OverflowError or
    ValueError naming the bad value's path. (A TypeError itself, so that a
    value only the fast path rejects still fails as a TypeError.)"""


_ABI_HASH = 0x@ABIHASH@
"""@ABIHASHMACRO@ of the header this module was generated with (docs/abi.md)."""

_lib: _ct.CDLL | None = None
_lib_lock = _threading.RLock()


class _Lazy:
    """Stands in for a native function until the library is loaded."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, *args: _Any) -> _Any:
        if _lib is None:
            with _lib_lock:
                if _lib is None:
                    load()
        f = globals()[self.name]
        if f is self:
            raise LibraryNotLoadedError("@PKG@: the native library is not loaded")
        return f(*args)


def load(path: str | None = None) -> _ct.CDLL:
    """Load the native @PKG@ library and bind every function to it.

    The path is, in order: the argument; the @ENV@ environment variable;
    the library beside this module's file (lib@LIBNAME@.so; on
    macOS lib@LIBNAME@.dylib, then lib@LIBNAME@.so; on Windows @LIBNAME@.dll then
    lib@LIBNAME@.dll), where a wheel puts it; then
    ctypes.util.find_library("@LIBNAME@"). Calling load() is optional: the
    first call into the library loads it the same way. Without a path, once
    a library is loaded, load() returns it. Raises LibraryNotLoadedError
    when no library is found (listing every place looked in) or it lacks a
    function.
    """
    global _lib
    with _lib_lock:
        if path is None:
            if _lib is not None:
                return _lib
            path = _find()
        try:
            lib = _ct.CDLL(path)
        except OSError as e:
            raise LibraryNotLoadedError(f"@PKG@: cannot load {path!r}: {e}") from e
        @CHECKABI@
        g = globals()
        bound: dict[str, _Any] = {}
        for pyname, cname, argtypes, restype in _SIGNATURES:
            try:
                f = getattr(lib, cname)
            except AttributeError:
                raise LibraryNotLoadedError(f"@PKG@: {path!r} does not export {cname}") from None
            f.argtypes = argtypes
            f.restype = restype
            bound[pyname] = _via_registers(f, restype)
        for st, ct in _PACKED:
            if st.size != _ct.sizeof(ct):
                raise LibraryNotLoadedError(f"@PKG@: layout mismatch for {ct.__name__}")
        g.update(bound)
        _lib = lib
        return lib


def _beside() -> list[str]:
    """The files load() looks for in this module's directory, in order."""
    import sys

    if sys.platform == "win32":
        names = ["@LIBNAME@.dll", "lib@LIBNAME@.dll"]
    elif sys.platform == "darwin":
        names = ["lib@LIBNAME@.dylib", "lib@LIBNAME@.so"]
    else:
        names = ["lib@LIBNAME@.so"]
    f = globals().get("__file__")  # unset when the module was not loaded from a file
    if not isinstance(f, str):
        return []
    here = _os.path.dirname(_os.path.abspath(f))
    return [_os.path.join(here, n) for n in names]


def _find() -> str:
    """The library path load() uses when given none (see load)."""
    env = _os.environ.get("@ENV@")
    if env:
        return env
    beside = _beside()
    for p in beside:
        if _os.path.isfile(p):
            return p
    found = _ctu.find_library("@LIBNAME@")
    if found:
        return found
    looked = ["load(path) (no path given)", "the @ENV@ environment variable (unset or empty)"]
    looked += [repr(p) for p in beside]
    looked.append("ctypes.util.find_library('@LIBNAME@') (found nothing)")
    raise LibraryNotLoadedError(
        "@PKG@: native library not found; looked in, in order: " + ", ".join(looked) + "; "
        "call @PKG@.load(path), set @ENV@, put the library beside this module, "
        "or install lib@LIBNAME@ where ctypes.util.find_library finds it"
    )


def _check_abi(lib: _ct.CDLL, path: str) -> None:
    """Refuse a library built from another version of the IDL, whose types
    and functions differ from those this module reads and calls."""
    try:
        f = lib.@ABIHASHFN@
    except AttributeError:
        raise LibraryNotLoadedError(
            f"@PKG@: {path!r} does not export @ABIHASHFN@: it was built from an older header; "
            "regenerate the bindings and rebuild the library from the same IDL"
        ) from None
    f.argtypes = []
    f.restype = _ct.c_uint64
    got = int(f())
    if got != _ABI_HASH:
        raise LibraryNotLoadedError(
            f"@PKG@: {path!r} was built from a different version of the IDL: its ABI hash is "
            f"{got:016x}, this module's is {_ABI_HASH:016x}; regenerate the bindings and rebuild "
            "the library from the same IDL"
        )


def _via_registers(f: _Any, restype: _Any) -> _Any:
    """Return f, or a wrapper of f when ctypes would misread its result.

    ctypes describes a union to libffi as a struct of all its members, so a
    struct of at most 16 bytes that holds a union, returned by value in
    registers, is read as if it were larger (from memory) or from the
    wrong registers. Such a function gets as its restype a struct of the
    same size whose members put each eightbyte in the register class the
    C ABI gives it (integer when any member of it is an integer or
    pointer, floating point when all are floats), and the wrapper copies
    the result into the real type.
    """
    if not isinstance(restype, type) or not issubclass(restype, _ct.Structure):
        return f
    size = _ct.sizeof(restype)
    if size > 16:
        return f
    classes = [""] * ((size + 7) // 8)
    unions = False

    def walk(t: _Any, off: int) -> None:
        nonlocal unions
        if isinstance(t, type) and issubclass(t, (_ct.Structure, _ct.Union)):
            unions = unions or issubclass(t, _ct.Union)
            for fd in t._fields_:
                walk(fd[1], off + getattr(t, fd[0]).offset)
        elif isinstance(t, type) and issubclass(t, _ct.Array):
            arr: _Any = t  # typeshed declares _length_ a property
            e: _Any = arr._type_
            for i in range(arr._length_):
                walk(e, off + i * _ct.sizeof(e))
        elif t in (_ct.c_float, _ct.c_double):
            if classes[off // 8] == "":
                classes[off // 8] = "float"
        else:
            classes[off // 8] = "int"

    walk(restype, 0)
    if not unions:
        return f
    fields: list[tuple[str, _Any]] = []
    for i, c in enumerate(classes):
        n = min(8, size - 8 * i)
        ft: _Any
        if c == "float":
            ft = _ct.c_double if n == 8 else _ct.c_float
        else:
            ft = {1: _ct.c_uint8, 2: _ct.c_uint16, 4: _ct.c_uint32, 8: _ct.c_uint64}.get(n) or _ct.c_uint8 * n
        fields.append((f"r{i}", ft))
    regs = type(restype.__name__ + "_regs", (_ct.Structure,), {"_fields_": fields})
    f.restype = regs
    from_regs = restype.from_buffer_copy

    def call(*args: _Any) -> _Any:
        return from_regs(f(*args))

    return call


def _tname(v: object) -> str:
    return type(v).__name__


def _chk_int(v: object, p: str, lo: int, hi: int, t: str) -> int:
    if not isinstance(v, int):
        raise TypeError(f"{p}: expected int ({t}), got {_tname(v)}")
    if not lo <= v <= hi:
        raise OverflowError(f"{p}: {v} is out of range for {t} [{lo}, {hi}]")
    return int(v)


_arg_int = _chk_int


def _li(v: _Any, lo: int, hi: int) -> int:
    # Fast path for an integer inside a compound value: exact ints in range.
    if v.__class__ is not int or not lo <= v <= hi:
        if not isinstance(v, int) or not lo <= v <= hi:
            raise _Invalid
        v = int(v)
    return v  # type: ignore[no-any-return]


_F32_MAX: _Final = 3.4028234663852886e38


def _chk_float(v: object, p: str, t: str) -> float:
    if not isinstance(v, (int, float)):
        raise TypeError(f"{p}: expected float ({t}), got {_tname(v)}")
    try:
        f = float(v)
    except OverflowError:
        raise OverflowError(f"{p}: {v} is out of range for {t}") from None
    if t == "f32" and abs(f) > _F32_MAX and not _math.isinf(f):
        raise OverflowError(f"{p}: {v} is out of range for f32")
    return f


_arg_float = _chk_float


def _lf32(v: _Any) -> float:
    f = float(v) if isinstance(v, (int, float)) else None
    if f is None or (abs(f) > _F32_MAX and not _math.isinf(f)):
        raise _Invalid
    return f


def _lf64(v: _Any) -> float:
    if v.__class__ is float:
        return v
    if not isinstance(v, (int, float)):
        raise _Invalid
    return float(v)


def _chk_bool(v: object, p: str) -> None:
    if v.__class__ is not bool:
        raise TypeError(f"{p}: expected bool, got {_tname(v)}")


def _lb(v: _Any) -> bool:
    if v.__class__ is not bool:
        raise _Invalid
    return v


def _chk_str(v: object, p: str) -> None:
    if not isinstance(v, str):
        raise TypeError(f"{p}: expected str, got {_tname(v)}")
    try:
        v.encode()
    except UnicodeEncodeError as e:
        raise ValueError(f"{p}: string cannot be encoded as UTF-8: {e.reason} at index {e.start}") from None


def _chk_bytes(v: object, p: str) -> None:
    if not isinstance(v, (bytes, bytearray, memoryview)):
        raise TypeError(f"{p}: expected bytes, got {_tname(v)}")


def _chk_enum(v: object, p: str, e: type[_E]) -> _E:
    if isinstance(v, e):
        return v
    if not isinstance(v, int) or isinstance(v, (bool, _enum.Enum)):
        raise TypeError(f"{p}: expected {e.__name__}, got {_tname(v)}")
    try:
        return e(v)
    except ValueError:
        raise ValueError(f"{p}: {v} is not a valid {e.__name__}") from None


_arg_enum = _chk_enum


def _le(v: _Any, e: type[_E]) -> _E:
    if v.__class__ is e:
        return v
    if not isinstance(v, int) or isinstance(v, (bool, _enum.Enum)):
        raise _Invalid
    return e(v)


class _Buf(_ct.Structure):
    # An input string or bytes: ptr borrows the bytes object (no copy).
    _fields_ = [("ptr", _ct.c_char_p), ("len", _ct.c_size_t)]


class _OBuf(_ct.Structure):
    # An output string or bytes, owned by the library until released.
    _fields_ = [("ptr", _ct.c_void_p), ("len", _ct.c_size_t)]


# _OBuf's layout for the struct module: an array of them is read with one
# iter_unpack instead of a ctypes object per element.
_PL: _Final = _struct.Struct("PN")


def _lw_String(v: _Any) -> _Buf:
    if v.__class__ is not str and not isinstance(v, str):
        raise _Invalid
    b = v.encode()
    return _Buf(b, len(b))


def _lw_Bytes(v: _Any) -> _Buf:
    # bytes cross without a copy: the _Buf keeps the object alive for the
    # call. bytearray and memoryview are copied (C must not see them change).
    if v.__class__ is not bytes:
        if isinstance(v, (bytearray, memoryview, bytes)):
            v = bytes(v)
        else:
            raise _Invalid
    return _Buf(v, len(v))


def _lf_String(c: _Any) -> str:
    n = c.len
    return _ct.string_at(c.ptr, n).decode() if n else ""


def _lf_Bytes(c: _Any) -> bytes:
    n = c.len
    return _ct.string_at(c.ptr, n) if n else b""
`
