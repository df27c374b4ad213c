package genpython

import (
	"fmt"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// Callbacks (docs/abi.md, "Callbacks") cross as the C struct of function
// pointers. Every pointer is a module-level CFUNCTYPE trampoline, created
// once and alive as long as the module, so no ctypes function object can
// be collected while C holds it. ctx is a key of _cb_table, which holds
// the Python object (and the failure its methods leave) exactly while C
// may call it: a borrowed callback until the call it was passed to
// returns, a kept one until the library calls release (_T_release). A
// trampoline converts the C arguments into Python values (copies),
// calls the method, checks its result and converts it; any exception is
// caught there (none may unwind into ctypes, which would print and drop
// it), becomes CALLBACK_FAILED or the zero result for C, and is raised
// again by the call that passed the callback when it returns, or, after
// that, given to report_callback_error. ctypes takes the GIL for a
// trampoline on any thread, one C created among them.

// callbackDecls writes the Protocol, ctypes struct, trampolines and
// builder of every callback, and the table they share.
func (g *generator) callbackDecls() {
	pkg := g.pkg
	if len(pkg.Callbacks) == 0 {
		return
	}
	g.all = append(g.all, "report_callback_error")
	g.p("")
	g.p("")
	g.p("class _CbState:")
	g.p(`    """A callback value C may call: the object, and the first failure of`)
	g.p(`    its methods while the call that passed it is in flight."""`)
	g.p("")
	g.p(`    __slots__ = ("calling", "failure", "kept", "key", "obj")`)
	g.p("")
	g.p("    def __init__(self, obj: _Any, kept: bool, key: int) -> None:")
	g.p("        self.obj = obj")
	g.p("        self.kept = kept")
	g.p("        self.key = key")
	g.p("        self.calling = True")
	g.p("        self.failure: BaseException | None = None")
	g.p("")
	g.p("")
	g.p("_cb_lock = _threading.Lock()")
	g.p("_cb_table: dict[int, _CbState] = {}")
	g.p("_cb_keys = _it.count(1)")
	g.p("")
	g.p("report_callback_error: _Callable[[BaseException], None] | None = None")
	g.p(`"""Given every exception of a kept callback's method that no call is in`)
	g.p("flight to re-raise (the call that passed the callback has returned);")
	g.p(`when None, the traceback is printed to standard error."""`)
	g.p("")
	g.p("")
	g.p("def _cb_open(obj: _Any, kept: bool) -> _CbState:")
	g.p("    s = _CbState(obj, kept, next(_cb_keys))")
	g.p("    with _cb_lock:")
	g.p("        _cb_table[s.key] = s")
	g.p("    return s")
	g.p("")
	g.p("")
	g.p("def _cb_fail(s: _CbState, e: BaseException) -> None:")
	g.p("    with _cb_lock:")
	g.p("        if s.calling:")
	g.p("            if s.failure is None:")
	g.p("                s.failure = e")
	g.p("            return")
	g.p("    report = report_callback_error")
	g.p("    if report is not None:")
	g.p("        report(e)")
	g.p("    else:")
	g.p("        _traceback.print_exception(e)")
	g.p("")
	g.p("")
	g.p("def _cb_end(s: _CbState) -> None:")
	g.p(`    """The call that passed s returned: forget a borrowed callback, and`)
	g.p(`    raise what a method raised during the call, with its traceback."""`)
	g.p("    with _cb_lock:")
	g.p("        s.calling = False")
	g.p("        f, s.failure = s.failure, None")
	g.p("        if not s.kept:")
	g.p("            _cb_table.pop(s.key, None)")
	g.p("    if f is not None:")
	g.p("        raise f")
	g.p("")
	g.p("")
	g.p("def _cb_release(ctx: int | None) -> None:")
	g.p("    with _cb_lock:")
	g.p("        _cb_table.pop(ctx or 0, None)")
	g.p("")
	g.p("")
	g.p("def _cb_live() -> int:")
	g.p(`    """The number of callback values C may still call (tests read it)."""`)
	g.p("    return len(_cb_table)")
	if lent, _ := cabi.CallbackObjects(pkg); len(lent) > 0 {
		g.p("")
		g.p("")
		g.p("def _lent() -> None:")
		g.p(`    """The finalizer of an object the library lent to a callback method: it`)
		g.p(`    destroys nothing, the library owns the handle."""`)
	}
	g.p("")
	g.p("")
	g.p("_F_release: _Final = _ct.CFUNCTYPE(None, _ct.c_void_p)")
	g.p("_T_release: _Final = _F_release(_cb_release)")
	g.p("_NO_RELEASE: _Final = _F_release()  # NULL: a borrowed callback")
	for _, cb := range pkg.Callbacks {
		g.callbackDecl(cb)
	}
}

// pyObjectsNote says, for the docstring of callback method m, who owns
// the objects it takes and returns (docs/abi.md, "Callbacks"), or "".
func pyObjectsNote(m *idl.Func) string {
	var lent []string
	for _, p := range m.Params {
		if cabi.IsHandle(p.Type) {
			lent = append(lent, naming.PyName(p.Name))
		}
	}
	var notes []string
	switch len(lent) {
	case 0:
	case 1:
		notes = append(notes, lent[0]+" is lent by the library for the call: it works until the method\nreturns and is closed after that (close() ends the loan early, and\ndestroys nothing).")
	default:
		notes = append(notes, strings.Join(lent, ", ")+" are lent by the library for the call: they work until the\nmethod returns and are closed after that (close() ends a loan early,\nand destroys nothing).")
	}
	if r := m.Result; r != nil && cabi.IsHandle(r) {
		what := "A closed"
		if r.Kind != idl.KindOptional {
			what = "None, a closed"
		}
		notes = append(notes, fmt.Sprintf("The %s returned moves to the library, which owns it from then on:\nit is closed once the method returned. %s or a lent one fails\nthe method (TypeError, ClosedError).", className(cabi.HandleObject(r)), what))
	}
	return strings.Join(notes, "\n\n")
}

// cbArg is the ctypes type of a callback method's C parameter.
func (g *generator) cbArg(cp cabi.Param) string {
	switch {
	case cp.Mode == cabi.Out, cp.Mode == cabi.ByConstPtr, cp.Mode == cabi.Callback:
		return "_ct.c_void_p"
	case cp.Type.Kind.IsScalar() || cp.Type.Kind == idl.KindEnum:
		return ctScalarOf(cp.Type)
	}
	return g.ctOut(cp.Type)
}

// cbLift is the Python value of C argument v of type t.
func (g *generator) cbLift(t *idl.Type, v string) string {
	switch t.Kind {
	case idl.KindStruct, idl.KindUnion:
		return g.lf(t, g.ctOut(t)+".from_address("+v+" or 0)")
	}
	return g.lf(t, v)
}

// cbCheck is a statement that checks result v of method at path p, and
// the expression of its C value.
func (g *generator) cbCheck(t *idl.Type, v, p string) (string, string) {
	// The common case costs one comparison; only a wrong result pays
	// for the precise check, which raises.
	switch {
	case t.Kind.IsInteger():
		lo, hi := intRange(t.Kind)
		return fmt.Sprintf("if %s.__class__ is not int or not %s <= %s <= %s:\n    %s", v, lo, v, hi, g.chk(t, v, p)), v
	case t.Kind == idl.KindF64:
		return fmt.Sprintf("if %s.__class__ is not float:\n    %s = %s", v, v, g.chk(t, v, p)), v
	case t.Kind.IsFloat():
		return fmt.Sprintf("%s = %s", v, g.chk(t, v, p)), v
	case t.Kind == idl.KindBool:
		return fmt.Sprintf("if %s.__class__ is not bool:\n    %s", v, g.chk(t, v, p)), v
	case t.Kind == idl.KindEnum:
		return fmt.Sprintf("%s = _chk_enum(%s, %s, %s)", v, v, p, className(t.Decl)), "int(" + v + ")"
	}
	return g.chk(t, v, p), v
}

func (g *generator) callbackDecl(cb *idl.Callback) {
	pkg := g.pkg
	name := className(cb)
	m := mangle(idl.TypeOf(cb))
	g.all = append(g.all, name)
	failed := "-2147483648"

	g.p("")
	g.p("")
	g.p("class %s(_Protocol):", name)
	g.in()
	g.doc(cb.Doc, fmt.Sprintf("The callback %s of %s: methods the caller implements and the library calls.", cb.Name, pkg.Name),
		"The library may call it from any thread, also one it created. An exception in\n"+
			"a method is raised again by the call that passed the callback, when it returns\n"+
			"(after it returned: given to report_callback_error); the library sees\n"+
			cabi.CallbackFailedName(pkg)+" from a method that raises, the zero result otherwise.")
	for _, meth := range cb.Methods {
		var ps []string
		ps = append(ps, "self")
		for _, p := range meth.Params {
			ps = append(ps, naming.PyName(p.Name)+": "+g.hint(p.Type))
		}
		res := "None"
		if meth.Result != nil {
			res = g.hint(meth.Result)
		}
		g.p("")
		g.p("def %s(%s) -> %s:", naming.PyName(meth.Name), strings.Join(ps, ", "), res)
		var extra []string
		if meth.Raises != nil {
			extra = append(extra, fmt.Sprintf("Raise %s to fail with its code; any other exception fails with\n%s.", className(meth.Raises.Decl), cabi.CallbackFailedName(pkg)))
		}
		if note := pyObjectsNote(meth); note != "" {
			extra = append(extra, note)
		}
		g.in()
		g.doc(meth.Doc, fmt.Sprintf("The method %s of %s.", meth.Name, cb.Name), extra...)
		g.p("...")
		g.out()
	}
	g.out()

	// One CFUNCTYPE per method, and the struct.
	var fields []string
	fields = append(fields, `("ctx", _ct.c_void_p)`)
	for _, meth := range cb.Methods {
		s := cabi.LowerCallbackMethod(pkg, meth)
		var args []string
		for _, cp := range s.Params {
			args = append(args, g.cbArg(cp))
		}
		ret := "None"
		switch {
		case s.Raises != nil:
			ret = "_ct.c_int32"
		case s.Result != nil && !s.ResultOut && cabi.IsHandle(s.Result):
			ret = "_ct.c_void_p"
		case s.Result != nil && !s.ResultOut:
			ret = ctScalarOf(s.Result)
		}
		ft := fmt.Sprintf("_F_%s_%s", m, meth.Name)
		g.p("")
		g.p("")
		g.p("%s: _Final = _ct.CFUNCTYPE(%s, %s)", ft, ret, strings.Join(args, ", "))
		fields = append(fields, fmt.Sprintf("(%q, %s)", cabi.CallbackMemberName(meth), ft))
	}
	fields = append(fields, `("release", _F_release)`)
	g.p("")
	g.p("")
	g.p("class _C_%s(_ct.Structure):", m)
	g.p("    _fields_ = [")
	for _, f := range fields {
		g.p("        %s,", f)
	}
	g.p("    ]")

	var ptrs []string
	for _, meth := range cb.Methods {
		ptrs = append(ptrs, g.trampoline(cb, meth, failed))
	}

	g.p("")
	g.p("")
	g.p("def _cb_%s(v: %s, kept: bool) -> tuple[_C_%s, _CbState]:", m, name, m)
	g.p("    s = _cb_open(v, kept)")
	g.p("    return _C_%s(s.key, %s, _T_release if kept else _NO_RELEASE), s", m, strings.Join(ptrs, ", "))
}

// trampoline writes the Python function behind one method and its
// CFUNCTYPE object, and returns the object's name.
func (g *generator) trampoline(cb *idl.Callback, meth *idl.Func, failed string) string {
	pkg := g.pkg
	m := mangle(idl.TypeOf(cb))
	s := cabi.LowerCallbackMethod(pkg, meth)
	fname := fmt.Sprintf("_t_%s_%s", m, meth.Name)
	var params, args []string
	type loan struct{ b, a, cls string }
	var loans []loan
	params = append(params, "ctx: int | None")
	for i, p := range meth.Params {
		cp := s.Params[i+1]
		v := "a_" + naming.PyName(p.Name)
		hint := "_Any"
		if cabi.IsHandle(p.Type) {
			// Lent for the call, not owned: see borrowDecls.
			b := "b_" + naming.PyName(p.Name)
			cls := className(cabi.HandleObject(p.Type))
			if p.Type.Kind == idl.KindOptional {
				cls = "?" + cls
			}
			loans = append(loans, loan{b, v, cls})
			params = append(params, v+": int | None")
			args = append(args, b)
			continue
		}
		switch {
		case cp.Mode == cabi.ByConstPtr:
			hint = "int | None"
		case p.Type.Kind.IsInteger() || p.Type.Kind == idl.KindEnum:
			hint = "int"
		case p.Type.Kind.IsFloat():
			hint = "float"
		case p.Type.Kind == idl.KindBool:
			hint = "bool"
		}
		params = append(params, v+": "+hint)
		args = append(args, g.cbLift(p.Type, v))
	}
	if s.ResultOut {
		params = append(params, "out: int | None")
	}
	// ctypes calls a trampoline with the C arguments only, so the
	// parameters after them keep their defaults: the table and the writer
	// of a scalar result are bound once, at definition, and read as locals
	// on every call instead of as a global and two attribute lookups
	// (about a tenth of a call's instructions, docs/benchmarks.md).
	params = append(params, "_tab: dict[int, _CbState] = _cb_table")
	scalarOut := s.ResultOut && (meth.Result.Kind.IsScalar() || meth.Result.Kind == idl.KindEnum)
	if scalarOut {
		params = append(params, "_w: _Any = "+ctScalarOf(meth.Result)+".from_address")
	}
	ret := "None"
	switch {
	case s.Raises != nil:
		ret = "int" // the error code
	case s.Result != nil && !s.ResultOut && s.Result.Kind == idl.KindEnum:
		ret = "int"
	case s.Result != nil && !s.ResultOut && cabi.IsHandle(s.Result):
		ret = "int | None" // the handle, or NULL
	case s.Result != nil && !s.ResultOut:
		ret = g.hint(s.Result)
	}
	path := fmt.Sprintf(`"the result of %s.%s"`, cb.Name, meth.Name)
	call := fmt.Sprintf("s.obj.%s(%s)", naming.PyName(meth.Name), strings.Join(args, ", "))
	zero := "None"
	if ret != "None" {
		zero = "0"
		switch {
		case s.Raises != nil:
			zero = failed
		case cabi.IsHandle(s.Result):
			zero = "None" // NULL, returned explicitly
		case s.Result.Kind == idl.KindBool:
			zero = "False"
		case s.Result.Kind.IsFloat():
			zero = "0.0"
		}
	}
	g.p("")
	g.p("")
	g.p("def %s(%s) -> %s:", fname, strings.Join(params, ", "), ret)
	g.in()
	g.p("s = _tab[ctx or 0]")
	g.p("try:")
	g.in()
	// Each loan ends however the method ends (an exception included),
	// before its result is checked.
	for _, l := range loans {
		if l.cls[0] == '?' {
			g.p("%s = %s._borrow(%s) if %s else None", l.b, l.cls[1:], l.a, l.a)
		} else {
			g.p("%s = %s._borrow(%s)", l.b, l.cls, l.a)
		}
		g.p("try:")
		g.in()
	}
	endLoans := func() {
		for i := len(loans) - 1; i >= 0; i-- {
			l := loans[i]
			g.out()
			g.p("finally:")
			if l.cls[0] == '?' {
				g.p("    if %s is not None:", l.b)
				g.p("        %s._unborrow()", l.b)
			} else {
				g.p("    %s._unborrow()", l.b)
			}
		}
	}
	if meth.Result != nil {
		// Annotated, so that returning it is typed (the method's result
		// is Any to mypy); the check below makes it true.
		ann := ""
		switch k := meth.Result.Kind; {
		case k.IsInteger():
			ann = ": int"
		case k.IsFloat():
			ann = ": float"
		case k == idl.KindBool:
			ann = ": bool"
		}
		g.p("r%s = %s", ann, call)
		endLoans()
		if cabi.IsHandle(meth.Result) {
			g.giveResult(meth.Result, path, s.Raises != nil)
			if s.Raises != nil {
				g.p("return 0")
			}
			g.out()
			g.trampolineExcept(s, failed, zero)
			g.out()
			return g.trampolineObject(m, meth, fname)
		}
		chk, cv := g.cbCheck(meth.Result, "r", path)
		for _, line := range strings.Split(chk, "\n") {
			g.p("%s", line)
		}
		switch {
		case s.ResultOut && (meth.Result.Kind == idl.KindString || meth.Result.Kind == idl.KindBytes):
			from := cabi.StringFromName(pkg)
			enc := "r.encode()"
			if meth.Result.Kind == idl.KindBytes {
				from = cabi.BytesFromName(pkg)
				enc = "bytes(r)"
			}
			f := g.bind(from, []string{"_ct.c_char_p", "_ct.c_size_t"}, "_OBuf", "_Callable[..., _Any]")
			g.p("b = %s", enc)
			g.p("o = %s(b, len(b))", f)
			g.p("_ct.memmove(out or 0, _ct.addressof(o), _ct.sizeof(o))")
		case s.ResultOut && !(meth.Result.Kind.IsScalar() || meth.Result.Kind == idl.KindEnum):
			g.compoundResult(meth.Result)
		case s.ResultOut:
			g.p("_w(out or 0).value = %s", cv)
		default:
			g.p("return %s", cv)
		}
	} else {
		g.p("%s", call)
		endLoans()
	}
	if s.Raises != nil {
		g.p("return 0")
	}
	g.out()
	g.trampolineExcept(s, failed, zero)
	g.out()
	return g.trampolineObject(m, meth, fname)
}

// trampolineExcept writes the except clauses of a trampoline: an error of
// the method's type crosses as its code, anything else fails the method.
func (g *generator) trampolineExcept(s *cabi.Signature, failed, zero string) {
	if s.Raises != nil {
		g.p("except %s as e:", className(s.Raises.Decl))
		g.p("    if int(e.code) not in (0, %s):", failed)
		g.p("        return int(e.code)")
		g.p("    _cb_fail(s, e)")
		g.p("    return %s", failed)
	}
	// Any failure, of any kind, becomes the library's error code; the
	// outer call re-raises it (docs/abi.md, "Callbacks").
	g.p("except BaseException as e:  # noqa: BLE001 - re-raised by the outer call")
	g.p("    _cb_fail(s, e)")
	switch {
	case s.Result != nil && s.Raises == nil && !s.ResultOut && cabi.IsHandle(s.Result):
		g.p("    return None")
	case zero != "None":
		g.p("    return %s", zero)
	}
}

// trampolineObject writes the CFUNCTYPE object of trampoline fname and
// returns its name.
func (g *generator) trampolineObject(m string, meth *idl.Func, fname string) string {
	obj := fmt.Sprintf("_T_%s_%s", m, meth.Name)
	g.p("")
	g.p("")
	g.p("%s: _Final = _F_%s_%s(%s)", obj, m, meth.Name, fname)
	return obj
}

// giveResult writes the statements that check r, the object result of a
// callback method (at path, a Python str expression), and move its handle
// to the library (docs/abi.md, "Callbacks"): written through out for a
// method that raises, returned otherwise. None where the result is not
// optional, another class, a closed object and one lent to a callback
// method raise, which fails the method.
func (g *generator) giveResult(t *idl.Type, path string, viaOut bool) {
	ot := idl.TypeOf(cabi.HandleObject(t))
	cls := className(ot.Decl)
	ind := ""
	if t.Kind == idl.KindOptional {
		g.p("h = None")
		g.p("if r is not None:")
		ind = "    "
	}
	g.p("%sif r.__class__ is not %s:", ind, cls)
	g.p("%s    %s", ind, g.chk(ot, "r", path))
	if ind == "" {
		// Typed: r is the untyped result of the user's method, so an
		// untyped h returned as the trampoline's int | None fails mypy
		// --strict (no-any-return).
		g.p("h: int = r._give(%s)", path)
	} else {
		g.p("%sh = r._give(%s)", ind, path)
	}
	if viaOut {
		g.p("_ct.c_void_p.from_address(out or 0).value = h")
	} else {
		g.p("return h")
	}
}

// compoundResult writes the statements that store checked result r of a
// struct, union, list, map or optional type into *out: r is lowered as an
// argument would be (ctypes memory that borrows Python objects), then the
// type's C copy function makes the deep copy, allocated with the package
// allocator, that the library owns and releases. Nothing is allocated in
// C before the copy, so an exception while lowering leaves nothing to
// free, and out is written only with the finished copy.
func (g *generator) compoundResult(t *idl.Type) {
	copyFn := cabi.CopyName(g.pkg, t)
	if t.Kind == idl.KindOptional {
		// The copy of an optional takes and returns the pointer itself.
		f := g.bind(copyFn, []string{"_ct.c_void_p"}, "_ct.c_void_p", "_Callable[..., _Any]")
		g.p("_ct.c_void_p.from_address(out or 0).value = %s(%s)", f, g.lw(t, "r"))
		return
	}
	f := g.bind(copyFn, []string{"_ct.c_void_p"}, g.ctOut(t), "_Callable[..., _Any]")
	g.p("c = %s", g.lw(t, "r"))
	g.p("o = %s(_ct.byref(c))", f)
	g.p("_ct.memmove(out or 0, _ct.addressof(o), _ct.sizeof(o))")
}
