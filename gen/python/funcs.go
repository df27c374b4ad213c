package genpython

import (
	"fmt"
	"sort"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// sig is one native function the module binds.
type sig struct {
	cname    string
	argtypes []string
	restype  string
	pyType   string // the annotation of the _f_ global
}

func (g *generator) bind(cname string, argtypes []string, restype, pyType string) string {
	for _, s := range g.sigs {
		if s.cname == cname {
			return "_f_" + cname
		}
	}
	g.sigs = append(g.sigs, sig{cname, argtypes, restype, pyType})
	return "_f_" + cname
}

// call describes one native call: a function, method or constructor.
type call struct {
	cname  string
	params []*idl.Param
	result *idl.Type
	raises *idl.Type
	self   bool // a method: the handle goes first
	obj    *idl.Object
	ctor   *idl.Object
	init   bool // the unnamed constructor, run inside __init__

	fn       *idl.Func // the IDL function or method, or
	ctorDecl *idl.Ctor // the IDL constructor
}

// argtype is the ctypes argtype of one lowered C parameter.
func (g *generator) argtype(p cabi.Param) string {
	if g.pkg.Extern != nil && p.Type.Kind == idl.KindBytes {
		return "_ct.c_char_p" // the pointer of a pointer + length pair
	}
	if g.pkg.Extern != nil && p.Type.Kind == idl.KindList {
		return "_ct.c_void_p" // a C array, or the one element of an empty one
	}
	if g.pkg.Extern != nil && p.Mode == cabi.Out {
		return "_ct.POINTER(" + g.ctExtern(p.Type) + ")" // an out parameter
	}
	switch p.Mode {
	case cabi.Callback:
		return "_ct.POINTER(_C_" + mangle(p.Type) + ")"
	case cabi.Handle, cabi.Out:
		return "_ct.c_void_p"
	case cabi.ByConstPtr:
		t := p.Type
		if t.Kind == idl.KindOptional {
			t = t.Elem
		}
		return "_ct.POINTER(" + g.ctIn(t) + ")"
	}
	return g.ctIn(p.Type)
}

// ctExtern is the ctypes type of a scalar or a header's struct, as an
// extern function's out parameter points to it.
func (g *generator) ctExtern(t *idl.Type) string {
	if t.IsCStruct() {
		return g.ctIn(t)
	}
	return ctScalarOf(t)
}

// lower is the C signature of the call.
func (c *call) lower(pkg *idl.Package) *cabi.Signature {
	switch {
	case c.ctorDecl != nil:
		return cabi.LowerCtor(pkg, c.ctorDecl)
	default:
		return cabi.LowerFunc(pkg, c.fn)
	}
}

// pyResult is the Python annotation of a call's return value.
func (g *generator) pyResult(c *call) string {
	if c.ctor != nil {
		return className(c.ctor)
	}
	var outs []string
	for _, p := range c.params {
		if p.Out {
			outs = append(outs, g.hint(p.Type))
		}
	}
	status := c.fn != nil && c.fn.Ok != ""
	if status && len(outs) == 0 {
		return "None" // the status is checked, not returned
	}
	if len(outs) > 0 {
		// An extern function's out parameters follow its result.
		if c.result != nil && !status {
			outs = append([]string{g.hint(c.result)}, outs...)
		}
		if len(outs) == 1 {
			return outs[0]
		}
		return "tuple[" + strings.Join(outs, ", ") + "]"
	}
	if c.result == nil {
		return "None"
	}
	return g.hint(c.result)
}

func (g *generator) signature(name string, c *call) string {
	var ps []string
	if c.self {
		ps = append(ps, "self")
	}
	for _, p := range c.params {
		if p.IsOutBuffer() {
			ps = append(ps, naming.PyName(p.CapName())+": int") // its capacity
			continue
		}
		if p.Out {
			continue // a result, not an argument
		}
		ps = append(ps, naming.PyName(p.Name)+": "+g.hint(p.Type))
	}
	return fmt.Sprintf("%s(%s) -> %s", name, strings.Join(ps, ", "), g.pyResult(c))
}

func (g *generator) raisesDoc(c *call) []string {
	if c.fn != nil && c.fn.Ok != "" {
		return []string{fmt.Sprintf("Raises:\n    StatusError: when %s returns a status other than %s.", c.cname, c.fn.Ok)}
	}
	if c.raises == nil {
		return nil
	}
	return []string{fmt.Sprintf("Raises:\n    %s: when the library reports one of its codes.", className(c.raises.Decl))}
}

// body writes the checks, the native call and the result conversion.
//
// Every object the call uses (the receiver and each object argument) is
// entered first: under the object's lock its handle is read and its count
// of calls in flight raised, so that a close() on another thread (ctypes
// releases the GIL during the call) only marks the object closed and the
// last call to leave destroys it. The receiver's enter and leave are
// written inline, because a method call is the hot path; arguments use
// the class's _enter and _leave. Objects inside arguments (fields, union
// cases, list elements, map values) are entered by the converters that
// meet them, which list them in _en, and left together after the call.
func (g *generator) body(c *call) {
	var leaves [][]string // the finally blocks to close, innermost last
	defer func() {
		for i := len(leaves) - 1; i >= 0; i-- {
			g.out()
			g.p("finally:")
			for _, l := range leaves[i] {
				g.p("    %s", l)
			}
		}
	}()
	if c.self {
		g.p("_lk = self._lk")
		g.p("_lk.acquire()")
		g.p("_h = self._h")
		g.p("if _h is None:")
		g.p("    _lk.release()")
		g.p(`    raise ClosedError("%s.%s is closed")`, g.pkg.Name, className(c.obj))
		g.p("self._n += 1")
		g.p("_lk.release()")
		g.p("try:")
		g.in()
		leaves = append(leaves, []string{
			"_lk.acquire()",
			"self._n -= 1",
			"_d = self._h is None and not self._n",
			"_lk.release()",
			"if _d:",
			"    self._fin()",
		})
	}
	// Scalars: one cheap combined check (a comparison with a non-number
	// raises TypeError); only when it fails do the precise checks run. A
	// float within an integer's range passes it, and ctypes then rejects
	// it with ArgumentError, which runs the precise checks too.
	var callArgs, conds, slow []string
	chainRange := "" // the range of the chained comparison conds ends with
	var argErr []string
	var aggs []*idl.Param
	var bufs []string // the out buffers' allocations, once their capacities are checked
	if c.self {
		callArgs = append(callArgs, "_h")
	}
	for _, p := range c.params {
		n := naming.PyName(p.Name)
		t := p.Type
		q := fmt.Sprintf("%q", n)
		switch {
		case t.Kind == idl.KindCallback:
			// Its struct is built last, just before the call (below).
			g.p("if %s is None:", n)
			g.p(`    raise TypeError("%s: expected %s, got None")`, n, className(t.Decl))
			callArgs = append(callArgs, "_ct.byref(_a_"+n+")")
		case p.IsOutBuffer():
			// A buffer the extern function fills: its capacity is an
			// argument, checked like an integer, and goes in through the
			// length C writes back.
			cp := naming.PyName(p.CapName())
			_, hi := intRange(p.Len.Kind)
			if p.Len.Kind.Bits() == 64 {
				hi = "9223372036854775807" // what a buffer can hold: sys.maxsize
			}
			conds = append(conds, fmt.Sprintf("0 <= %s <= %s", cp, hi))
			chainRange = ""
			slow = append(slow, fmt.Sprintf("%s = _arg_int(%s, %q, 0, %s, %q)", cp, cp, cp, hi, p.Len.String()))
			bufs = append(bufs, fmt.Sprintf("_o_%s = _ct.create_string_buffer(%s)", n, cp),
				fmt.Sprintf("_n_%s = %s(%s)", n, ctScalarOf(p.Len), cp))
			callArgs = append(callArgs, "_o_"+n, "_ct.byref(_n_"+n+")")
		case p.Out:
			// A result the extern function writes through a pointer.
			g.p("_o_%s = %s()", n, g.ctExtern(t))
			callArgs = append(callArgs, "_ct.byref(_o_"+n+")")
		case t.IsCString():
			// An extern function's NUL-terminated string: checked and
			// encoded first; ctypes passes the bytes object's own buffer.
			g.p("_a_%s = _cstr(%s, %s)", n, n, q)
			callArgs = append(callArgs, "_a_"+n)
		case g.pkg.Extern != nil && t.Kind == idl.KindList:
			// A C array and its length: converted and range-checked by
			// the array module, then lent to C without another copy.
			_, hi := intRange(p.Len.Kind)
			g.p("_a_%s, _n_%s = _carr(%s, %s, %q, %s, %q, %s, %q)", n, n, n, q, arrayCode(t.Elem.Kind), ctScalarOf(t.Elem), t.Elem.String(), hi, p.Len.String())
			callArgs = append(callArgs, "_a_"+n, "_n_"+n)
		case g.pkg.Extern != nil && t.Kind == idl.KindBytes:
			_, hi := intRange(p.Len.Kind)
			g.p("_a_%s = _cbuf(%s, %s, %s, %q)", n, n, q, hi, p.Len.String())
			callArgs = append(callArgs, "_a_"+n, "len(_a_"+n+")")
		case t.Kind.IsInteger():
			lo, hi := intRange(t.Kind)
			// Adjacent integers of one range share one chained comparison:
			// lo <= a <= hi >= b >= lo.
			if k := len(conds) - 1; k >= 0 && chainRange == lo+","+hi && strings.HasSuffix(conds[k], " "+hi) {
				conds[k] += fmt.Sprintf(" >= %s >= %s", n, lo)
			} else if k >= 0 && chainRange == lo+","+hi && strings.HasSuffix(conds[k], " "+lo) {
				conds[k] += fmt.Sprintf(" <= %s <= %s", n, hi)
			} else {
				conds = append(conds, fmt.Sprintf("%s <= %s <= %s", lo, n, hi))
			}
			chainRange = lo + "," + hi
			slow = append(slow, fmt.Sprintf("%s = _arg_int(%s, %s, %s, %s, %q)", n, n, q, lo, hi, t.String()))
			argErr = append(argErr, fmt.Sprintf("_arg_int(%s, %s, %s, %s, %q)", n, q, lo, hi, t.String()))
			callArgs = append(callArgs, n)
		case t.Kind.IsFloat():
			// A float passes at once (an f32 within its range; NaN and the
			// infinities take the slow path, which lets them through). Not
			// left to ctypes, which takes anything with __float__.
			if t.Kind == idl.KindF64 {
				conds = append(conds, n+".__class__ is float")
			} else {
				conds = append(conds, fmt.Sprintf("%s.__class__ is float and -_F32_MAX <= %s <= _F32_MAX", n, n))
			}
			chainRange = ""
			slow = append(slow, fmt.Sprintf("%s = _arg_float(%s, %s, %q)", n, n, q, t.Kind.String()))
			callArgs = append(callArgs, n)
		case t.Kind == idl.KindBool:
			conds = append(conds, n+".__class__ is bool")
			chainRange = ""
			slow = append(slow, fmt.Sprintf("_chk_bool(%s, %s)", n, q))
			callArgs = append(callArgs, n)
		case t.Kind == idl.KindEnum:
			e := className(t.Decl)
			conds = append(conds, fmt.Sprintf("%s.__class__ is %s", n, e))
			chainRange = ""
			slow = append(slow, fmt.Sprintf("%s = _arg_enum(%s, %s, %s)", n, n, q, e))
			callArgs = append(callArgs, n)
		case t.Kind == idl.KindObject:
			// _chk_ raises for anything but an open object of the class.
			g.p("if %s.__class__ is not %s:", n, className(t.Decl))
			g.p("    _chk_%s(%s, %s)", mangle(t), n, q)
			g.p("_a_%s = %s._enter(%s)", n, n, q)
			g.p("try:")
			g.in()
			leaves = append(leaves, []string{n + "._leave()"})
			callArgs = append(callArgs, "_a_"+n)
		case t.Kind == idl.KindOptional && t.Elem.Kind == idl.KindObject:
			g.p("_a_%s = None", n)
			g.p("if %s is not None:", n)
			g.p("    if %s.__class__ is not %s:", n, className(t.Elem.Decl))
			g.p("        _chk_%s(%s, %s)", mangle(t.Elem), n, q)
			g.p("    _a_%s = %s._enter(%s)", n, n, q)
			g.p("try:")
			g.in()
			leaves = append(leaves, []string{"if " + n + " is not None:", "    " + n + "._leave()"})
			callArgs = append(callArgs, "_a_"+n)
		default:
			aggs = append(aggs, p)
			if (t.Kind == idl.KindStruct || t.Kind == idl.KindUnion) && (!t.IsCStruct() || p.Ref) {
				callArgs = append(callArgs, "_ct.byref(_a_"+n+")")
			} else {
				callArgs = append(callArgs, "_a_"+n)
			}
		}
	}
	if len(conds) > 0 {
		g.p("try:")
		g.p("    _ok = %s", strings.Join(conds, " and "))
		g.p("except TypeError:")
		g.p("    _ok = False")
		g.p("if not _ok:")
		for _, s := range slow {
			g.p("    %s", s)
		}
	}
	for _, b := range bufs {
		g.p("%s", b)
	}
	for _, p := range aggs {
		if !cabi.HoldsObject(p.Type) {
			continue
		}
		// The objects inside the arguments: each converter enters those it
		// meets and lists them in _en; all are left once the call is over,
		// or when a later one is closed or a conversion fails. An object
		// met twice is entered twice: entering only counts, under a lock
		// held for the count alone, so nothing can deadlock.
		g.p("_en: list[_Any] = []")
		g.p("try:")
		g.in()
		leaves = append(leaves, []string{"for _o in _en:", "    _o._leave()"})
		break
	}
	if len(aggs) > 0 {
		g.p("try:")
		for _, p := range aggs {
			n := naming.PyName(p.Name)
			g.p("    _a_%s = %s", n, g.lw(p.Type, n))
		}
		g.p("except Exception:")
		for _, p := range aggs {
			n := naming.PyName(p.Name)
			g.p("    %s", g.chk(p.Type, n, fmt.Sprintf("%q", n)))
		}
		g.p("    raise")
	}

	// Callbacks last: nothing between here and the call raises, so a
	// kept callback always reaches the library, which releases it. A
	// failure inside a callback is raised when the call returns.
	for _, p := range c.params {
		if p.Type.Kind != idl.KindCallback {
			continue
		}
		n := naming.PyName(p.Name)
		kept := "False"
		if p.Keep {
			kept = "True"
		}
		g.p("_a_%s, _s_%s = _cb_%s(%s, %s)", n, n, mangle(p.Type), n, kept)
		g.p("try:")
		g.in()
		leaves = append(leaves, []string{"_cb_end(_s_" + n + ")"})
	}

	// Bind the native function with the argtypes and restype of its C
	// signature, lowered by cabi (docs/abi.md).
	lowered := c.lower(g.pkg)
	var argtypes []string
	for _, cp := range lowered.Params {
		argtypes = append(argtypes, g.argtype(cp))
	}
	res := lowered.Result
	restype, pyType := "None", "_Callable[..., None]"
	switch {
	case lowered.Raises != nil:
		restype, pyType = "_ct.c_int32", "_Callable[..., int]"
	case res != nil:
		restype, pyType = g.ctOut(res), "_Callable[..., _Any]"
		if res.IsCString() && c.fn != nil && c.fn.Free != "" {
			restype = "_ct.c_void_p" // the address, to free after reading it
		}
		switch {
		case res.Kind == idl.KindBool:
			pyType = "_Callable[..., bool]"
		case res.Kind.IsFloat():
			pyType = "_Callable[..., float]"
		case res.Kind.IsInteger() || res.Kind == idl.KindEnum:
			pyType = "_Callable[..., int]"
		case res.Kind == idl.KindOptional || res.Kind == idl.KindObject:
			pyType = "_Callable[..., int | None]"
		}
	}
	f := g.bind(c.cname, argtypes, restype, pyType)
	native := func(stmt string) {
		if len(argErr) == 0 {
			g.p("%s", stmt)
			return
		}
		g.p("try:")
		g.p("    %s", stmt)
		g.p("except _ct.ArgumentError:")
		for _, e := range argErr {
			g.p("    %s", e)
		}
		g.p("    raise")
	}
	args := strings.Join(callArgs, ", ")

	var outs []string
	for _, p := range c.params {
		n := naming.PyName(p.Name)
		switch {
		case p.IsOutBuffer():
			outs = append(outs, fmt.Sprintf("_outbuf(_o_%s, _n_%s.value, %q, %q)", n, n, c.cname, p.Name))
		case p.Out && p.Type.IsCStruct():
			outs = append(outs, g.lf(p.Type, "_o_"+n))
		case p.Out:
			outs = append(outs, "_o_"+n+".value")
		}
	}
	if c.fn != nil && c.fn.Ok != "" {
		// A status result: checked, and the out parameters returned.
		native(fmt.Sprintf("_r = %s(%s)", f, args))
		g.p("if _r != %s:", c.fn.Ok)
		g.p("    raise StatusError(%q, _r)", c.cname)
		if len(outs) > 0 {
			g.p("return %s", strings.Join(outs, ", "))
		}
		return
	}
	if len(outs) > 0 {
		// An extern function with out parameters (no raises, a scalar
		// result or none): the result, then what C wrote.
		if res != nil {
			native(fmt.Sprintf("_r = %s(%s)", f, args))
			outs = append([]string{"_r"}, outs...)
		} else {
			native(fmt.Sprintf("%s(%s)", f, args))
		}
		g.p("return %s", strings.Join(outs, ", "))
		return
	}

	if c.raises != nil {
		outCtor := "_ct.c_void_p()"
		if res != nil && res.Kind != idl.KindObject && res.Kind != idl.KindOptional {
			outCtor = g.ctOut(res) + "()"
		}
		if res != nil {
			g.p("_out = %s", outCtor)
			if args != "" {
				args += ", "
			}
			args += "_ct.byref(_out)"
		}
		native(fmt.Sprintf("_rc = %s(%s)", f, args))
		g.p("if _rc:")
		g.p("    raise %s(_rc)", className(c.raises.Decl))
		if res == nil {
			return
		}
		r := "_out"
		if res.Kind.IsScalar() || res.Kind == idl.KindEnum || res.Kind == idl.KindObject || res.Kind == idl.KindOptional {
			r = "_out.value"
		}
		g.result(c, res, r, "_out")
		return
	}
	if res == nil {
		native(fmt.Sprintf("%s(%s)", f, args))
		return
	}
	if res.Kind.IsScalar() {
		native(fmt.Sprintf("return %s(%s)", f, args))
		return
	}
	if res.IsCString() && c.fn != nil && c.fn.Free != "" {
		// A string the caller owns: read through its address, then freed
		// with the library's function.
		free := g.bind(c.fn.Free, []string{"_ct.c_void_p"}, "None", "_Callable[..., None]")
		native(fmt.Sprintf("_r = %s(%s)", f, args))
		g.p("if _r is None:")
		g.p(`    return ""`)
		g.p("try:")
		g.p(`    return _ct.string_at(_r).decode(errors="replace")`)
		g.p("finally:")
		g.p("    %s(_r)", free)
		return
	}
	if res.IsCString() {
		// The library's own string (restype c_char_p copies it): decoded
		// as UTF-8, never freed.
		native(fmt.Sprintf("_r = %s(%s)", f, args))
		g.p(`return _r.decode(errors="replace") if _r is not None else ""`)
		return
	}
	native(fmt.Sprintf("_r = %s(%s)", f, args))
	ref := "_r"
	if res.Kind == idl.KindOptional {
		ref = "_ct.c_void_p(_r)"
	}
	g.result(c, res, "_r", ref)
}

// result converts the output value r (the ctypes value itself in ref) and
// releases it.
func (g *generator) result(c *call, t *idl.Type, r, ref string) {
	switch {
	case c.init:
		g.p("self._adopt(_nonnull(%s))", r)
		return
	case c.ctor != nil:
		g.p("return cls._wrap(%s)", r)
		return
	case t.Kind == idl.KindObject:
		g.p("return %s._wrap(%s)", className(t.Decl), r)
		return
	case t.Kind == idl.KindOptional && t.Elem.Kind == idl.KindObject:
		g.p("return %s._wrap(%s) if %s else None", className(t.Elem.Decl), r, r)
		return
	}
	rel := g.cRelease(t)
	if rel == "" {
		g.p("return %s", g.lf(t, r))
		return
	}
	f := g.bind(rel, []string{"_ct.c_void_p"}, "None", "_Callable[..., None]")
	g.p("try:")
	g.p("    return %s", g.lf(t, r))
	g.p("finally:")
	g.p("    %s(_ct.byref(%s))", f, ref)
}

func (g *generator) funcDecl(f *idl.Func) {
	name := naming.PyName(f.Name)
	g.all = append(g.all, name)
	c := &call{cname: g.cFunc(f), params: f.Params, result: f.Result, raises: f.Raises, fn: f}
	g.p("")
	g.p("")
	g.p("def %s:", g.signature(name, c))
	g.in()
	g.doc(f.Doc, fmt.Sprintf("Call %s.", g.cFunc(f)), g.raisesDoc(c)...)
	g.body(c)
	g.out()
}

func (g *generator) objectDecl(o *idl.Object) {
	name := className(o)
	g.all = append(g.all, name)
	destroy := g.bind(g.cDestroy(o), []string{"_ct.c_void_p"}, "None", "_Callable[..., None]")
	g.fn("_destroy_%s(h: int) -> None", o.Name)
	g.p("%s(h)", destroy)
	g.out()
	g.p("")
	g.p("")
	g.p("class %s:", name)
	g.in()
	g.doc(o.Doc, fmt.Sprintf("The %s object of %s: a handle to a native object.", o.Name, g.pkg.Name),
		`Release it with close() or a with block; the garbage collector releases it
otherwise. Using it after close() raises ClosedError. Threads may share
it: close() while other threads are inside calls on it makes new calls
raise ClosedError and destroys the native object when the last call
returns.`)
	g.p("")
	g.p(`__slots__ = ("__weakref__", "_fin", "_h", "_lk", "_n")`)
	g.p("")
	g.p("_h: int | None")
	if g.lent[o] || g.given[o] {
		// A borrowed instance's, or one whose handle moved to the library
		// while calls were in flight: see _borrow and _give.
		g.p("_fin: _Callable[[], object]")
	} else {
		g.p("_fin: _weakref.finalize[[int], %s]", name)
	}
	g.p("_lk: _threading.Lock")
	g.p("_n: int")
	var named []*idl.Ctor
	hasDefault := false
	for _, ct := range o.Ctors {
		if ct.Name == "" {
			hasDefault = true
			c := &call{cname: g.cCtor(ct), params: ct.Params, raises: ct.Raises, ctor: o, init: true, ctorDecl: ct}
			g.p("")
			sig := g.signature("__init__", &call{params: ct.Params, self: true})
			g.p("def %s:", sig)
			g.in()
			g.doc(ct.Doc, fmt.Sprintf("Construct the %s with %s.", name, g.cCtor(ct)), g.raisesDoc(c)...)
			g.p("self._h = None")
			g.p("self._lk = _threading.Lock()")
			g.p("self._n = 0")
			g.body(c)
			g.out()
		} else {
			named = append(named, ct)
		}
	}
	if !hasDefault {
		g.p("")
		g.p("def __init__(self) -> None:")
		g.in()
		g.p(`raise TypeError("%s has no default constructor; use a named one")`, name)
		g.out()
	}
	for _, ct := range named {
		c := &call{cname: g.cCtor(ct), params: ct.Params, raises: ct.Raises, ctor: o, ctorDecl: ct}
		g.p("")
		g.p("@classmethod")
		var ps []string
		ps = append(ps, "cls")
		for _, p := range ct.Params {
			ps = append(ps, naming.PyName(p.Name)+": "+g.hint(p.Type))
		}
		g.p("def %s(%s) -> %s:", naming.PyName(ct.Name), strings.Join(ps, ", "), name)
		g.in()
		g.doc(ct.Doc, fmt.Sprintf("Construct the %s with %s.", name, g.cCtor(ct)), g.raisesDoc(c)...)
		g.body(c)
		g.out()
	}
	g.p("")
	g.p("@classmethod")
	g.p("def _wrap(cls, h: int | None) -> %s:", name)
	g.in()
	g.p("if not h:")
	g.p(`    raise RuntimeError("%s: the library returned a NULL %s")`, g.pkg.Name, name)
	g.p("o = cls.__new__(cls)")
	g.p("o._lk = _threading.Lock()")
	g.p("o._n = 0")
	g.p("o._adopt(h)")
	g.p("return o")
	g.out()
	g.p("")
	g.p("def _adopt(self, h: int) -> None:")
	g.in()
	g.p("self._h = h")
	g.p("self._fin = _weakref.finalize(self, _destroy_%s, h)", o.Name)
	g.out()
	if g.lent[o] {
		g.borrowDecls(o)
	}
	if g.given[o] {
		g.giveDecl(o)
	}
	g.p("")
	g.p("def close(self) -> None:")
	g.in()
	closeDoc := []string{`New calls raise ClosedError at once; while calls on other threads are
still running, the last of them to return destroys the native object.`}
	if g.lent[o] {
		closeDoc = append(closeDoc, `On an instance lent to a callback method it only ends the loan: the
library keeps the native object.`)
	}
	g.doc(nil, "Destroy the native object. Calling it again does nothing.", closeDoc...)
	g.p("lk = self._lk")
	g.p("lk.acquire()")
	g.p("self._h = None")
	g.p("busy = self._n")
	g.p("lk.release()")
	g.p("fin = getattr(self, \"_fin\", None)")
	g.p("if fin is not None and not busy:")
	g.p("    fin()")
	g.out()
	g.p("")
	g.p("def _enter(self, p: str) -> int:")
	g.in()
	g.p("# Count a call in flight on the handle (see close).")
	g.p("lk = self._lk")
	g.p("lk.acquire()")
	g.p("h = self._h")
	g.p("if h is None:")
	g.p("    lk.release()")
	g.p(`    raise ClosedError(f"{p}: %s.%s is closed")`, g.pkg.Name, name)
	g.p("self._n += 1")
	g.p("lk.release()")
	g.p("return h")
	g.out()
	g.p("")
	g.p("def _leave(self) -> None:")
	g.in()
	g.p("lk = self._lk")
	g.p("lk.acquire()")
	g.p("self._n -= 1")
	g.p("d = self._h is None and not self._n")
	g.p("lk.release()")
	g.p("if d:")
	g.p("    self._fin()")
	g.out()
	g.p("")
	g.p("def __enter__(self) -> %s:  # noqa: PYI034 - typing.Self needs Python 3.11; the module supports 3.10", name)
	g.in()
	g.p("return self")
	g.out()
	g.p("")
	g.p("def __exit__(self, *exc: object) -> None:")
	g.in()
	g.p("self.close()")
	g.out()
	g.p("")
	g.p("def __repr__(self) -> str:")
	g.in()
	g.p(`return f"<%s.%s {'closed' if self._h is None else hex(self._h)}>"`, g.pkg.Name, name)
	g.out()
	for _, m := range o.Methods {
		c := &call{cname: g.cFunc(m), params: m.Params, result: m.Result, raises: m.Raises, self: true, obj: o, fn: m}
		g.p("")
		g.p("def %s:", g.signature(naming.PyName(m.Name), c))
		g.in()
		g.doc(m.Doc, fmt.Sprintf("Call %s.", g.cFunc(m)), g.raisesDoc(c)...)
		g.body(c)
		g.out()
	}
	g.out()
}

// borrowDecls writes _borrow and _unborrow, with which a callback
// trampoline lends the library's handle to the Python method it calls
// (docs/abi.md, "Callbacks").
func (g *generator) borrowDecls(o *idl.Object) {
	name := className(o)
	g.p("")
	g.p("@classmethod")
	g.p("def _borrow(cls, h: int | None) -> %s:", name)
	g.in()
	g.p("# A handle the library lends to a callback method for the call: no")
	g.p("# finalizer, so close() only ends the loan; _unborrow ends it when the")
	g.p("# method returns.")
	g.p("if not h:")
	g.p(`    raise RuntimeError("%s: the library passed a NULL %s")`, g.pkg.Name, name)
	g.p("o = cls.__new__(cls)")
	g.p("o._lk = _threading.Lock()")
	g.p("o._n = 0")
	g.p("o._h = h")
	g.p("o._fin = _lent")
	g.p("return o")
	g.out()
	g.p("")
	g.p("def _unborrow(self) -> None:")
	g.in()
	g.p("# The callback method returned: wait for the calls in flight on other")
	g.p("# threads (the last one out sets done), and leave the object closed, so")
	g.p("# that code that kept it gets ClosedError, never a handle the library")
	g.p("# may have destroyed.")
	g.p("lk = self._lk")
	g.p("lk.acquire()")
	g.p("self._h = None")
	g.p("done = _threading.Event() if self._n else None")
	g.p("if done is not None:")
	g.p("    self._fin = done.set")
	g.p("lk.release()")
	g.p("if done is not None:")
	g.p("    done.wait()")
	g.out()
}

// giveDecl writes _give, with which a callback trampoline moves the handle
// of the object a Python method returned to the library.
func (g *generator) giveDecl(o *idl.Object) {
	name := className(o)
	g.p("")
	g.p("def _give(self, p: str) -> int:")
	g.in()
	g.p("# Move the handle to the library (p is a callback method's result): the")
	g.p("# library owns and destroys it from then on, and the object is closed.")
	g.p("# Waits for the calls in flight on other threads (the last one out sets")
	g.p("# done); the finalizer is detached at once, so no one destroys it.")
	g.p("lk = self._lk")
	g.p("lk.acquire()")
	g.p("h = self._h")
	g.p("fin = getattr(self, \"_fin\", None)")
	g.p("if h is None:")
	g.p("    lk.release()")
	g.p(`    raise ClosedError(f"{p}: %s.%s is closed")`, g.pkg.Name, name)
	g.p("if not isinstance(fin, _weakref.finalize):")
	g.p("    lk.release()")
	g.p(`    raise ClosedError(f"{p}: %s.%s is lent to a callback method; the library owns it")`, g.pkg.Name, name)
	g.p("fin.detach()")
	g.p("self._h = None")
	g.p("done = _threading.Event() if self._n else None")
	g.p("if done is not None:")
	g.p("    self._fin = done.set")
	g.p("lk.release()")
	g.p("if done is not None:")
	g.p("    done.wait()")
	g.p("return h")
	g.out()
}

func (g *generator) signatures() {
	g.p("")
	g.p("")
	g.p("def _nonnull(h: int | None) -> int:")
	g.p("    if not h:")
	g.p(`        raise RuntimeError("%s: the library returned a NULL object")`, g.pkg.Name)
	g.p("    return h")
	g.p("")
	g.p("")
	g.p("# Every native function with its argtypes and restype, bound by load().")
	sigs := append([]sig(nil), g.sigs...)
	sort.Slice(sigs, func(i, j int) bool { return sigs[i].cname < sigs[j].cname })
	g.p("_SIGNATURES: _Final[list[tuple[str, str, list[_Any], _Any]]] = [")
	for _, s := range sigs {
		g.p("    (%q, %q, [%s], %s),", "_f_"+s.cname, s.cname, strings.Join(s.argtypes, ", "), s.restype)
	}
	g.p("]")
	g.p("")
	for _, s := range sigs {
		g.p("_f_%s: %s = _Lazy(%q)", s.cname, s.pyType, "_f_"+s.cname)
	}
}
