package genpython

import (
	"fmt"
	"sort"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// byValueOrder returns the structs and unions of g.types ordered so that
// every struct or union a declaration holds by value comes before it
// (the checker rejects by-value cycles).
func (g *generator) byValueOrder() []*idl.Type {
	var out []*idl.Type
	done := map[string]bool{}
	var visit func(t *idl.Type)
	visit = func(t *idl.Type) {
		if t.Kind != idl.KindStruct && t.Kind != idl.KindUnion {
			return
		}
		m := mangle(t)
		if done[m] {
			return
		}
		done[m] = true
		for _, f := range idl.Members(t.Decl) {
			if f.Type != nil {
				visit(f.Type)
			}
		}
		out = append(out, t)
	}
	for _, t := range g.types {
		visit(t)
	}
	return out
}

func (g *generator) ctypesDecls() {
	g.p("")
	g.p("")
	g.p("# The C layouts of docs/abi.md. _C_* are inputs (typed pointers, so ctypes")
	g.p("# keeps what they point to alive for the call); _O_* are outputs (plain")
	g.p("# addresses into library memory, read and then released).")
	for _, t := range g.types {
		m := mangle(t)
		switch t.Kind {
		case idl.KindStruct, idl.KindUnion, idl.KindList, idl.KindMap:
			for _, pre := range []string{"_C_", "_O_"} {
				g.p("")
				g.p("")
				g.p("class %s%s(_ct.Structure):", pre, m)
				g.p("    pass")
				if t.Kind == idl.KindUnion && cabi.HasPayload(t.Union()) {
					g.p("")
					g.p("")
					g.p("class %sU_%s(_ct.Union):", pre[:2], m)
					g.p("    pass")
				}
			}
		}
	}
	g.p("")
	g.p("")
	for _, t := range g.types {
		m := mangle(t)
		switch t.Kind {
		case idl.KindList:
			g.p("_C_%s._fields_ = [(\"ptr\", _ct.POINTER(%s)), (\"len\", _ct.c_size_t)]", m, g.ctIn(t.Elem))
			g.p("_O_%s._fields_ = [(\"ptr\", _ct.c_void_p), (\"len\", _ct.c_size_t)]", m)
		case idl.KindMap:
			g.p("_C_%s._fields_ = [(\"keys\", _ct.POINTER(%s)), (\"values\", _ct.POINTER(%s)), (\"len\", _ct.c_size_t)]",
				m, g.ctIn(t.Key), g.ctIn(t.Elem))
			g.p("_O_%s._fields_ = [(\"keys\", _ct.c_void_p), (\"values\", _ct.c_void_p), (\"len\", _ct.c_size_t)]", m)
		}
	}
	for _, t := range g.byValueOrder() {
		m := mangle(t)
		for _, side := range []string{"C", "O"} {
			ct := g.ctIn
			if side == "O" {
				ct = g.ctOut
			}
			var fs []string
			for _, f := range idl.Members(t.Decl) {
				if f.Type != nil {
					fs = append(fs, fmt.Sprintf("(%q, %s)", naming.PyName(f.Name), ct(f.Type)))
				}
			}
			switch {
			case t.Kind == idl.KindStruct && len(fs) == 0:
				// docs/abi.md: an empty struct is one padding byte.
				g.p("_%s_%s._fields_ = [(%q, _ct.c_uint8)]", side, m, cabi.EmptyPad)
			case t.Kind == idl.KindUnion && len(fs) == 0:
				// Every case is payload-free: the tag alone, no u.
				g.p("_%s_%s._fields_ = [(\"tag\", _ct.c_uint32)]", side, m)
			case t.Kind == idl.KindUnion:
				g.p("_%sU_%s._fields_ = [%s]", side, m, strings.Join(fs, ", "))
				g.p("_%s_%s._fields_ = [(\"tag\", _ct.c_uint32), (\"u\", _%sU_%s)]", side, m, side, m)
			default:
				g.p("_%s_%s._fields_ = [%s]", side, m, strings.Join(fs, ", "))
			}
		}
	}
	// Packed formats of plain structs used in lists: a list of them is
	// built with one pack_into per element instead of a ctypes object each.
	g.p("")
	packed := []string{"(_PL, _OBuf)"}
	for _, t := range g.types {
		if t.Kind == idl.KindStruct && g.elems[mangle(t)] && cabi.IsPlain(t) {
			var b strings.Builder
			layout(t, &b)
			g.p("_S_%s: _Final = _struct.Struct(%q)", mangle(t), "="+b.String())
			packed = append(packed, fmt.Sprintf("(_S_%s, _C_%s)", mangle(t), mangle(t)))
		}
	}
	// C's own types (extern packages) carry the sizes the bindings assume:
	// load() refuses a platform whose ctypes sizes differ.
	packed = append(packed, g.vocabSizes()...)
	g.p("_PACKED: _Final[list[tuple[_struct.Struct, _Any]]] = [%s]", strings.Join(packed, ", "))
	// The tables of valid enum values: for enum list elements and map
	// keys and values (arrayHelpers), and for the enum fields, at any
	// depth, of the plain structs packed above (podArgs).
	valid := map[string]bool{}
	var podEnums func(t *idl.Type)
	podEnums = func(t *idl.Type) {
		switch t.Kind {
		case idl.KindEnum:
			valid[mangle(t)] = true
		case idl.KindStruct:
			for _, f := range t.Struct().Fields {
				podEnums(f.Type)
			}
		}
	}
	for _, t := range g.types {
		if !g.elems[mangle(t)] {
			continue
		}
		if t.Kind == idl.KindEnum {
			valid[mangle(t)] = true
		} else if t.Kind == idl.KindStruct && cabi.IsPlain(t) {
			podEnums(t)
		}
	}
	for _, t := range g.types {
		if t.Kind == idl.KindEnum && valid[mangle(t)] {
			g.p("_V_%s: _Final = frozenset(%s)", mangle(t), className(t.Decl))
		}
	}
}

// helpers writes the conversion functions of one type: _lw_ (Python to
// ctypes input, raising anything on bad input), _chk_ (the validator that
// names the bad value's path), _lf_ (ctypes output to Python), and for
// list elements and map keys/values _la_ (array builder) and _lfa_ (array
// reader).
func (g *generator) helpers(t *idl.Type) {
	m := mangle(t)
	switch t.Kind {
	case idl.KindStruct:
		g.structHelpers(t)
	case idl.KindUnion:
		g.unionHelpers(t)
	case idl.KindList:
		g.fn("_lw_%s(v: _Any%s) -> _Any", m, enParam(t))
		g.p("if v.__class__ is not list and not isinstance(v, (list, tuple)):")
		g.p("    raise _Invalid")
		g.p("return _C_%s(_la_%s(v%s), len(v))", m, mangle(t.Elem), en(t))
		g.out()
		g.fn("_chk_%s(v: object, p: str) -> None", m)
		g.p("if not isinstance(v, (list, tuple)):")
		g.p(`    raise TypeError(f"{p}: expected list, got {_tname(v)}")`)
		g.p("for i, e in enumerate(v):")
		g.p("    %s", g.chk(t.Elem, "e", `f"{p}[{i}]"`))
		g.out()
		g.fn("_lf_%s(c: _Any) -> %s", m, g.hint(t))
		g.p("return _lfa_%s(c.ptr, c.len)", mangle(t.Elem))
		g.out()
	case idl.KindMap:
		g.fn("_lw_%s(v: _Any%s) -> _Any", m, enParam(t))
		g.p("if v.__class__ is not dict and not isinstance(v, dict):")
		g.p("    raise _Invalid")
		g.p("return _C_%s(_la_%s(list(v)%s), _la_%s(list(v.values())%s), len(v))", m, mangle(t.Key), en(t.Key), mangle(t.Elem), en(t.Elem))
		g.out()
		g.fn("_chk_%s(v: object, p: str) -> None", m)
		g.p("if not isinstance(v, dict):")
		g.p(`    raise TypeError(f"{p}: expected dict, got {_tname(v)}")`)
		g.p("for k, e in v.items():")
		g.p("    %s", g.chk(t.Key, "k", `f"{p} key {k!r}"`))
		g.p("    %s", g.chk(t.Elem, "e", `f"{p}[{k!r}]"`))
		g.out()
		g.fn("_lf_%s(c: _Any) -> %s", m, g.hint(t))
		g.p("n = c.len")
		g.p("return dict(zip(_lfa_%s(c.keys, n), _lfa_%s(c.values, n)))", mangle(t.Key), mangle(t.Elem))
		g.out()
	case idl.KindOptional:
		if t.Elem.Kind == idl.KindObject {
			if g.nested[m] {
				g.handleHelpers(t)
			} // else only a parameter or result, converted where it is used
			break
		}
		e := t.Elem
		g.fn("_lw_%s(v: _Any%s) -> _Any", m, enParam(t))
		g.p("if v is None:")
		g.p("    return None")
		if e.Kind.IsScalar() || e.Kind == idl.KindEnum {
			g.p("return _ct.pointer(%s(%s))", g.ctIn(e), g.lw(e, "v"))
		} else {
			g.p("return _ct.pointer(%s)", g.lw(e, "v"))
		}
		g.out()
		g.fn("_chk_%s(v: object, p: str) -> None", m)
		g.p("if v is not None:")
		g.p("    %s", g.chk(e, "v", "p"))
		g.out()
		g.fn("_lf_%s(c: _Any) -> %s", m, g.hint(t))
		g.p("if not c:")
		g.p("    return None")
		if e.Kind.IsScalar() || e.Kind == idl.KindEnum {
			g.p("return %s", g.lf(e, g.ctOut(e)+".from_address(c).value"))
		} else {
			g.p("return %s", g.lf(e, g.ctOut(e)+".from_address(c)"))
		}
		g.out()
	case idl.KindObject:
		name := className(t.Decl)
		g.fn("_chk_%s(v: object, p: str) -> None", m)
		g.p("if v.__class__ is not %s or not isinstance(v, %s):", name, name)
		g.p(`    raise TypeError(f"{p}: expected %s, got {_tname(v)}")`, name)
		g.p("if v._h is None:")
		g.p(`    raise ClosedError(f"{p}: %s.%s is closed")`, g.pkg.Name, name)
		g.out()
		if g.nested[m] {
			g.handleHelpers(t)
		}
	}
	if g.elems[m] {
		g.arrayHelpers(t)
	}
}

// handleHelpers writes the converters of an object or optional object held
// inside a value. _lw_ enters the object for the call and appends it to
// _en (a closed one raises; _chk_ then names its path). _tk_ takes over
// the handle in field k of an output c: it wraps it as a new object that
// owns it (a NULL handle where an object is required raises RuntimeError,
// as for a NULL result) and only then clears the field, so that the
// release of the output skips the handle, destroys each handle not yet
// taken, and nothing is destroyed twice.
func (g *generator) handleHelpers(t *idl.Type) {
	m := mangle(t)
	if t.Kind == idl.KindOptional {
		name := className(t.Elem.Decl)
		g.fn("_lw_%s(v: _Any, _en: list[_Any]) -> int | None", m)
		g.p("if v is None:")
		g.p("    return None")
		g.p("return _lw_%s(v, _en)", mangle(t.Elem))
		g.out()
		g.fn("_chk_%s(v: object, p: str) -> None", m)
		g.p("if v is not None:")
		g.p("    _chk_%s(v, p)", mangle(t.Elem))
		g.out()
		g.fn("_tk_%s(c: _Any, k: str) -> %s | None", m, name)
		g.p("h = getattr(c, k)")
		g.p("if not h:")
		g.p("    return None")
		g.p("o = %s._wrap(h)", name)
		g.p("setattr(c, k, None)")
		g.p("return o")
		g.out()
		return
	}
	name := className(t.Decl)
	g.fn("_lw_%s(v: _Any, _en: list[_Any]) -> int", m)
	g.p("if v.__class__ is not %s:", name)
	g.p("    raise _Invalid")
	g.p(`h = v._enter("")`)
	g.p("_en.append(v)")
	g.p("return h")
	g.out()
	g.fn("_tk_%s(c: _Any, k: str) -> %s", m, name)
	g.p("o = %s._wrap(getattr(c, k))", name)
	g.p("setattr(c, k, None)")
	g.p("return o")
	g.out()
}

// fn opens a module-level function definition.
func (g *generator) fn(format string, args ...any) {
	g.p("")
	g.p("")
	g.p("def "+format+":", args...)
	g.in()
}

func (g *generator) structHelpers(t *idl.Type) {
	s := t.Struct()
	m, name := mangle(t), className(s)
	var args []string
	for _, f := range s.Fields {
		args = append(args, g.lw(f.Type, "v."+naming.PyName(f.Name)))
	}
	g.fn("_lw_%s(v: _Any%s) -> _Any", m, enParam(t))
	g.p("if v.__class__ is not %s:", name)
	g.p("    raise _Invalid")
	g.p("return _C_%s(%s)", m, strings.Join(args, ", "))
	g.out()
	g.fn("_chk_%s(v: object, p: str) -> None", m)
	g.p("if v.__class__ is not %s or not isinstance(v, %s):", name, name)
	g.p(`    raise TypeError(f"{p}: expected %s, got {_tname(v)}")`, name)
	for _, f := range s.Fields {
		n := naming.PyName(f.Name)
		g.p("%s", g.chk(f.Type, "v."+n, fmt.Sprintf(`p + ".%s"`, n)))
	}
	g.out()
	var vals []string
	for _, f := range s.Fields {
		n := naming.PyName(f.Name)
		if cabi.IsHandle(f.Type) {
			vals = append(vals, fmt.Sprintf("_tk_%s(c, %q)", mangle(f.Type), n))
			continue
		}
		vals = append(vals, g.lf(f.Type, "c."+n))
	}
	g.fn("_lf_%s(c: _Any) -> %s", m, name)
	g.p("return %s(%s)", name, strings.Join(vals, ", "))
	g.out()
}

func (g *generator) unionHelpers(t *idl.Type) {
	u := t.Union()
	m, name := mangle(t), className(u)
	g.fn("_lw_%s(v: _Any%s) -> _Any", m, enParam(t))
	g.p("k = v.__class__")
	for _, c := range u.Cases {
		cn := name + naming.PyClass(c.Name)
		g.p("if k is %s:", cn)
		if c.Type == nil {
			g.p("    return _C_%s(%d)", m, c.Tag)
			continue
		}
		g.p("    return _C_%s(%d, _CU_%s(%s=%s))", m, c.Tag, m, naming.PyName(c.Name), g.lw(c.Type, "v.value"))
	}
	g.p("raise _Invalid")
	g.out()
	g.fn("_chk_%s(v: object, p: str) -> None", m)
	var names []string
	for _, c := range u.Cases {
		cn := name + naming.PyClass(c.Name)
		names = append(names, cn)
		g.p("if v.__class__ is %s and isinstance(v, %s):", cn, cn)
		if c.Type != nil {
			g.p("    %s", g.chk(c.Type, "v.value", `p + ".value"`))
		}
		g.p("    return")
	}
	g.p("if isinstance(v, %sUnknown):", name)
	// The type is right (a case of the union); the value, a case this
	// version does not know, is not: ValueError, not TypeError.
	g.p(`    raise ValueError(f"{p}: %sUnknown (tag {v.tag}) cannot be passed to the library")  # noqa: TRY004`, name)
	g.p(`raise TypeError(f"{p}: expected %s (%s), got {_tname(v)}")`, name, strings.Join(names, " | "))
	g.out()
	g.fn("_lf_%s(c: _Any) -> %s", m, name)
	g.p("t = c.tag")
	for _, c := range u.Cases {
		n := naming.PyName(c.Name)
		if c.Type == nil {
			g.p("if t == %d:", c.Tag)
			g.p("    return %s%s()", name, naming.PyClass(c.Name))
			continue
		}
		val := g.lf(c.Type, "c.u."+n)
		if cabi.IsHandle(c.Type) {
			val = fmt.Sprintf("_tk_%s(c.u, %q)", mangle(c.Type), n)
		}
		g.p("if t == %d:", c.Tag)
		g.p("    return %s%s(%s)", name, naming.PyClass(c.Name), val)
	}
	g.p("return %sUnknown(t)", name)
	g.out()
}

// podArgs flattens a POD value at expression e into struct-module
// arguments and the conditions that reject it.
func (g *generator) podArgs(t *idl.Type, e string, args, conds *[]string) {
	switch {
	case t.Kind == idl.KindStruct:
		*conds = append(*conds, fmt.Sprintf("%s.__class__ is not %s", e, className(t.Decl)))
		for _, f := range t.Struct().Fields {
			g.podArgs(f.Type, e+"."+naming.PyName(f.Name), args, conds)
		}
	case t.Kind == idl.KindBool:
		*conds = append(*conds, e+".__class__ is not bool")
		*args = append(*args, e)
	case t.Kind == idl.KindEnum:
		*conds = append(*conds, fmt.Sprintf("%s not in _V_%s", e, mangle(t)))
		*args = append(*args, e)
	case t.Kind == idl.KindF32:
		*args = append(*args, "_lf32("+e+")")
	default:
		*args = append(*args, e)
	}
}

// podBuild turns flat values a<i>... back into a Python value of t.
func (g *generator) podBuild(t *idl.Type, i *int) string {
	switch t.Kind {
	case idl.KindStruct:
		var parts []string
		for _, f := range t.Struct().Fields {
			parts = append(parts, g.podBuild(f.Type, i))
		}
		return className(t.Decl) + "(" + strings.Join(parts, ", ") + ")"
	case idl.KindEnum:
		*i++
		return fmt.Sprintf("%s(a%d)", className(t.Decl), *i-1)
	}
	*i++
	return fmt.Sprintf("a%d", *i-1)
}

func (g *generator) arrayHelpers(t *idl.Type) {
	m := mangle(t)
	g.fn("_la_%s(v: _Any%s) -> _Any", m, enParam(t))
	g.p("n = len(v)")
	g.p("if not n:")
	g.p("    return None")
	switch {
	case t.Kind.IsInteger() || t.Kind == idl.KindF64:
		g.p("return (%s * n).from_buffer(_array.array(%q, v))", ctScalar(t.Kind), structCode(t.Kind))
	case t.Kind == idl.KindF32:
		g.p("for e in v:")
		g.p("    _lf32(e)")
		g.p("return (_ct.c_float * n).from_buffer(_array.array(\"f\", v))")
	case t.Kind == idl.KindBool:
		g.p("for e in v:")
		g.p("    if e.__class__ is not bool:")
		g.p("        raise _Invalid")
		g.p("return (_ct.c_bool * n)(*v)")
	case t.Kind == idl.KindEnum:
		g.p("a = _array.array(\"i\", v)")
		g.p("if not _V_%s.issuperset(a):", m)
		g.p("    raise _Invalid")
		g.p("return (_ct.c_int32 * n).from_buffer(a)")
	case t.Kind == idl.KindStruct && cabi.IsPlain(t):
		var b strings.Builder
		size, _ := layout(t, &b)
		var args, conds []string
		g.podArgs(t, "e", &args, &conds)
		g.p("buf = bytearray(n * %d)", size)
		g.p("pk = _S_%s.pack_into", m)
		g.p("off = 0")
		g.p("for e in v:")
		g.p("    if %s:", strings.Join(conds, " or "))
		g.p("        raise _Invalid")
		g.p("    pk(buf, off, %s)", strings.Join(args, ", "))
		g.p("    off += %d", size)
		g.p("return (_C_%s * n).from_buffer(buf)", m)
	case t.Kind == idl.KindString:
		// One bytearray holds the n (ptr, len) pairs and, after them, every
		// string's UTF-8: one object to build and keep alive, instead of a
		// bytes object and a _Buf per element. str.encode raises TypeError
		// for an element that is not a str.
		g.p("enc = list(map(str.encode, v))")
		g.p("s = _PL.size")
		g.p("m = n * s")
		g.p("buf = bytearray(m)")
		g.p("buf += b\"\".join(enc)")
		g.p("a = (_Buf * n).from_buffer(buf)")
		g.p("q = _ct.addressof(a) + m")
		g.p("pk = _PL.pack_into")
		g.p("off = 0")
		g.p("for e in enc:")
		g.p("    k = len(e)")
		g.p("    pk(buf, off, q, k)")
		g.p("    q += k")
		g.p("    off += s")
		g.p("return a")
	default:
		g.p("return (%s * n)(*[%s for e in v])", g.ctIn(t), g.lw(t, "e"))
	}
	g.out()

	g.fn("_lfa_%s(p: _Any, n: int) -> list[%s]", m, g.hint(t))
	g.p("if not n:")
	g.p("    return []")
	switch {
	case t.Kind.IsScalar():
		g.p("return (%s * n).from_address(p)[:]", ctScalar(t.Kind))
	case t.Kind == idl.KindEnum:
		g.p("return list(map(%s, (_ct.c_int32 * n).from_address(p)[:]))", className(t.Decl))
	case cabi.IsHandle(t):
		// Each handle taken over as for a field (handleHelpers).
		g.p("a = (_ct.c_void_p * n).from_address(p)")
		g.p("r: list[%s] = []", g.hint(t))
		g.p("for i in range(n):")
		if t.Kind == idl.KindOptional {
			g.p("    h = a[i]")
			g.p("    if not h:")
			g.p("        r.append(None)")
			g.p("        continue")
			g.p("    r.append(%s._wrap(h))", className(t.Elem.Decl))
		} else {
			g.p("    r.append(%s._wrap(a[i]))", className(t.Decl))
		}
		g.p("    a[i] = None")
		g.p("return r")
	case t.Kind == idl.KindStruct && cabi.IsPlain(t):
		var b strings.Builder
		size, _ := layout(t, &b)
		i := 0
		build := g.podBuild(t, &i)
		var ps []string
		for j := 0; j < i; j++ {
			ps = append(ps, fmt.Sprintf("a%d", j))
		}
		maker := className(t.Decl)
		if build != maker+"("+strings.Join(ps, ", ")+")" {
			maker = "_mk_" + m
			g.p("return list(_it.starmap(%s, _S_%s.iter_unpack(_ct.string_at(p, n * %d))))", maker, m, size)
			g.out()
			g.fn("%s(%s) -> %s", maker, strings.Join(typed(ps), ", "), className(t.Decl))
			g.p("return %s", build)
		} else {
			g.p("return list(_it.starmap(%s, _S_%s.iter_unpack(_ct.string_at(p, n * %d))))", maker, m, size)
		}
	case t.Kind == idl.KindString:
		g.p("sa = _ct.string_at")
		g.p("return [sa(q, k).decode() if k else \"\" for q, k in _PL.iter_unpack(sa(p, n * _PL.size))]")
	case t.Kind == idl.KindBytes:
		g.p("sa = _ct.string_at")
		g.p("return [sa(q, k) if k else b\"\" for q, k in _PL.iter_unpack(sa(p, n * _PL.size))]")
	default:
		g.p("return [%s for e in (%s * n).from_address(p)]", g.lf(t, "e"), g.ctOut(t))
	}
	g.out()
}

func typed(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p + ": _Any"
	}
	return out
}

// vocabSizes lists, for each of C's own types the package uses, its
// standard size as a struct format beside its ctypes type, sorted.
func (g *generator) vocabSizes() []string {
	if g.pkg.Extern == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, f := range g.pkg.Funcs {
		ts := []*idl.Type{f.Result}
		for _, p := range f.Params {
			ts = append(ts, p.Type, p.Len)
		}
		for _, t := range ts {
			if t == nil || t.C == nil || !t.Kind.IsScalar() || seen[t.C.Name] {
				continue
			}
			seen[t.C.Name] = true
			out = append(out, fmt.Sprintf("(_struct.Struct(%q), %s)", "="+structCode(t.Kind), ctScalarOf(t)))
		}
	}
	sort.Strings(out)
	return out
}
