package gengo

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// Callbacks (docs/abi.md, "Callbacks") cross as a C struct of function
// pointers whose ctx is a cbt_alloc block (c_ctx) holding a cgo.Handle
// of a c_callback, which holds the Go value, and the c_callback pinned. The function pointers are
// //export trampolines in <pkg>_callbacks.go: each finds the c_callback
// through ctx, converts the C arguments into Go values (copies: the
// library keeps owning them), calls the Go method and converts the result
// into C memory the library owns (cbt_alloc). An object argument is not
// copied but lent: a *T that does not own the handle and is closed when
// the trampoline returns (borrow_T, unborrow_T); an object result gives
// its handle to the library (give_T). A panic is recovered in the
// trampoline and never unwinds through C; like an error that is not of
// the method's error type, it becomes CALLBACK_FAILED for a fallible
// method and the zero result otherwise, and is returned by the outer call
// that passed the callback (or, once that call returned, given to
// ReportCallbackPanic).
//
// A borrowed callback's context is freed when the outer call returns; a
// kept one's when the library calls release. A function with a callback
// parameter gets neither #cgo noescape nor #cgo nocallback: the library
// calls back into Go during the call, and Go code may then grow (move) the
// goroutine's stack, so none of its arguments may live there. In a
// package with a keep parameter no function gets them: the library may
// call a kept callback, or release it, from any of them.

// callbackType writes the Go interface of a callback.
func (g *generator) callbackType(p *printer, cb *idl.Callback) {
	name := naming.GoExported(cb.Name)
	p.doc("", cb.Doc, fmt.Sprintf("%s is the callback %s of %s: methods the caller implements and the C library calls.", name, cb.Name, g.pkg.Name))
	p.P("//")
	for _, line := range wrap(fmt.Sprintf("The library may call it from any thread, also concurrently. A panic in a method is recovered: the call that passed the callback returns a *CallbackPanicError, and the library sees a failure (%s for a method that raises, the zero result otherwise).", cabi.CallbackFailedName(g.pkg))) {
		p.P("// ", line)
	}
	p.P("type ", name, " interface {")
	for i, m := range cb.Methods {
		if i > 0 {
			p.P()
		}
		p.doc("\t", m.Doc, fmt.Sprintf("%s is the method %s of %s.", naming.GoExported(m.Name), m.Name, cb.Name))
		if m.Raises != nil {
			p.P("\t//")
			p.P("\t// An error that is (or wraps) a ", naming.GoExported(m.Raises.Decl.DeclName()), " crosses as its code; any other error as ", cabi.CallbackFailedName(g.pkg), ".")
		}
		if note := objectsNote(m, cabi.CallbackFailedName(g.pkg)); note != "" {
			p.P("\t//")
			for _, line := range wrap(note) {
				p.P("\t// ", line)
			}
		}
		p.P("\t", naming.GoExported(m.Name), "(", goParams(m.Params), ")", goResults(m.Result, m.Raises != nil))
	}
	p.P("}")
	p.P()
}

// objectsNote says, for the doc comment of callback method m, who owns
// the objects it takes and returns (docs/abi.md, "Callbacks"), or "".
func objectsNote(m *idl.Func, failed string) string {
	var lent []string
	for _, prm := range m.Params {
		if cabi.IsHandle(prm.Type) {
			lent = append(lent, naming.GoLocal(prm.Name))
		}
	}
	var notes []string
	switch len(lent) {
	case 0:
	case 1:
		notes = append(notes, lent[0]+" is lent by the library for the call: it works until the method returns and is closed after that (Close ends the loan early, and destroys nothing).")
	default:
		notes = append(notes, strings.Join(lent, ", ")+" are lent by the library for the call: they work until the method returns and are closed after that (Close ends a loan early, and destroys nothing).")
	}
	if r := m.Result; r != nil && cabi.IsHandle(r) {
		on := "*" + naming.GoExported(cabi.HandleObject(r).Name)
		what := "A closed"
		if r.Kind != idl.KindOptional {
			what = "A nil, closed"
		}
		fails := "the zero result (NULL) for the library, and the error goes to the call that passed the callback"
		if m.Raises != nil {
			fails = failed + " for the library, and the error is what the call that passed the callback returns"
		}
		notes = append(notes, fmt.Sprintf("The %s it returns moves to the library, which owns it from then on: it is closed once the method returned. %s or lent %s fails the method with an error wrapping ErrClosed: %s.", on, what, on, fails))
	}
	return strings.Join(notes, " ")
}

func goParams(params []*idl.Param) string {
	var sig []string
	for _, prm := range params {
		sig = append(sig, naming.GoLocal(prm.Name)+" "+goType(prm.Type))
	}
	return strings.Join(sig, ", ")
}

func goResults(result *idl.Type, hasErr bool) string {
	switch {
	case hasErr && result != nil:
		return " (" + goType(result) + ", error)"
	case hasErr:
		return " error"
	case result != nil:
		return " " + goType(result)
	}
	return ""
}

// callbackErrors writes CallbackPanicError and ReportCallbackPanic.
func (g *generator) callbackErrors(p *printer) {
	pkg := g.pkg.Name
	p.Import("fmt")
	p.P("// CallbackPanicError is a panic recovered in a method of a callback the C")
	p.P("// library called. The call that passed the callback returns it; a panic")
	p.P("// after that call returned goes to ReportCallbackPanic.")
	p.P("type CallbackPanicError struct {")
	p.P("\t// Callback and Method name the method, as in the IDL.")
	p.P("\tCallback, Method string")
	p.P("\t// Value is what the method panicked with.")
	p.P("\tValue any")
	p.P("\t// Stack is the goroutine's stack where it panicked.")
	p.P("\tStack []byte")
	p.P("}")
	p.P()
	p.P("// Error says which callback method panicked and with what.")
	p.P("func (e *CallbackPanicError) Error() string {")
	p.P("\treturn fmt.Sprintf(\"", pkg, ": callback %s.%s panicked: %v\", e.Callback, e.Method, e.Value)")
	p.P("}")
	p.P()
	p.P("// Unwrap returns the panic value when it is an error.")
	p.P("func (e *CallbackPanicError) Unwrap() error {")
	p.P("\terr, _ := e.Value.(error)")
	p.P("\treturn err")
	p.P("}")
	p.P()
	p.P("// ReportCallbackPanic, when not nil, is given every failure of a kept")
	p.P("// callback (a *CallbackPanicError, or an error of a method that is not of")
	p.P("// its error type) that happens when no call that passed the callback is")
	p.P("// in flight to return it. When nil, the failure is written to standard")
	p.P("// error. Set it before any callback is passed to C.")
	p.P("var ReportCallbackPanic func(error)")
	p.P()
}

// trampolineName is the C symbol of the //export function behind method m
// of callback cb.
func (c *cgoGen) trampolineName(cb *idl.Callback, m *idl.Func) string {
	return cabi.Prefix(c.pkg) + "go_" + cb.Name + "_" + m.Name
}

func (c *cgoGen) releaseName() string { return cabi.Prefix(c.pkg) + "go_release" }

// trampolineDecl is the C prototype of a trampoline: the method's
// function pointer type with the trampoline's name, and without const,
// because cgo's own declaration of an //export function (in
// _cgo_export.h, which sees this preamble) has none. A pointer to const T
// and to T are passed alike, so the struct member may point to it.
func (c *cgoGen) trampolineDecl(cb *idl.Callback, m *idl.Func) string {
	s := cabi.LowerCallbackMethod(c.pkg, m)
	s.Name = c.trampolineName(cb, m)
	return strings.ReplaceAll(s.String(), "const ", "")
}

// callbackMember is the Go spelling of the C struct member behind m.
func callbackMember(m *idl.Func) string {
	n := cabi.CallbackMemberName(m)
	if isGoKeyword(n) {
		return "_" + n
	}
	return n
}

// callbacksFile writes <pkg>_callbacks.go into its own printer: the
// c_callback state, one builder per callback and one trampoline per
// method. Helpers it needs are queued on c and land in the cgo file.
func (c *cgoGen) callbacksFile() {
	pkg := c.pkg
	if len(pkg.Callbacks) == 0 {
		return
	}
	main := c.p
	p := newPrinter()
	c.p = p
	defer func() { c.p = main }()
	alloc, free := c.pkg.Name+"_alloc", c.pkg.Name+"_free"
	failed := "C." + cabi.CallbackFailedName(pkg)

	p.P("// c_liveCallbacks counts the callback contexts C may still use: the")
	p.P("// round-trip tests see it return to 0.")
	p.P("var c_liveCallbacks atomic.Int64")
	p.P()
	p.P("// c_callback is what the ctx of a callback struct leads to: the Go value")
	p.P("// and the failure its methods leave for the outer call.")
	p.P("type c_callback struct {")
	// One field of its own interface type per callback, so that a
	// trampoline calls the method without a type assertion. A blank line
	// ends the block gofmt aligns.
	p.P("\t// The value, in the field of its callback type.")
	width := 0
	for _, cb := range pkg.Callbacks {
		width = max(width, len("impl_"+naming.GoExported(cb.Name)))
	}
	for _, cb := range pkg.Callbacks {
		n := naming.GoExported(cb.Name)
		p.P("\t", fmt.Sprintf("%-*s", width, "impl_"+n), " ", n)
	}
	p.P()
	p.P("\tname    string")
	p.P("\tctx     unsafe.Pointer // the C block holding the handle")
	p.P("\thandle  cgo.Handle")
	p.P("\tpin     runtime.Pinner // pins the c_callback while C holds ctx")
	p.P("\tmu      sync.Mutex")
	p.P("\tcalling bool  // the call that passed the callback is in flight")
	p.P("\tfailure error // the first failure during that call")
	p.P("}")
	p.P()
	p.P("// c_ctx is the layout of the C block ctx points to: the handle that")
	p.P("// owns the c_callback, and the c_callback itself, pinned, so that a")
	p.P("// trampoline reads it with one load instead of a lookup in the table")
	p.P("// of handles (most of a call's cost otherwise). cgo allows a pinned")
	p.P("// Go pointer in C memory.")
	p.P("type c_ctx struct {")
	p.P("	handle uintptr")
	p.P("	s      *c_callback")
	p.P("}")
	p.P()
	p.P("// c_newCallback makes the context of a callback value passed to C.")
	p.P("func c_newCallback(name string) *c_callback {")
	p.P("\ts := &c_callback{name: name, calling: true}")
	p.P("\ts.handle = cgo.NewHandle(s)")
	p.P("\ts.pin.Pin(s)")
	p.P("\ts.ctx = C.", alloc, "(C.size_t(unsafe.Sizeof(c_ctx{})))")
	p.P("\t*(*c_ctx)(s.ctx) = c_ctx{handle: uintptr(s.handle), s: s}")
	p.P("\tc_liveCallbacks.Add(1)")
	p.P("\treturn s")
	p.P("}")
	p.P()
	p.P("// c_callbackOf finds the c_callback behind a ctx C passes.")
	p.P("func c_callbackOf(ctx unsafe.Pointer) *c_callback {")
	p.P("\treturn (*c_ctx)(ctx).s")
	p.P("}")
	p.P()
	p.P("// free ends the context: C calls no method after it.")
	p.P("func (s *c_callback) free() {")
	p.P("\t*(*c_ctx)(s.ctx) = c_ctx{}")
	p.P("\tC.", free, "(s.ctx)")
	p.P("\ts.handle.Delete()")
	p.P("\ts.pin.Unpin()")
	p.P("\tc_liveCallbacks.Add(-1)")
	p.P("}")
	p.P()
	p.P("// finish runs when the call that passed the callback returns: it frees a")
	p.P("// borrowed callback's context and makes a failure during the call the")
	p.P("// call's error.")
	p.P("func (s *c_callback) finish(kept bool, err *error) {")
	p.P("\ts.mu.Lock()")
	p.P("\tf := s.failure")
	p.P("\ts.failure, s.calling = nil, false")
	p.P("\ts.mu.Unlock()")
	p.P("\tif !kept {")
	p.P("\t\ts.free()")
	p.P("\t}")
	p.P("\tif f != nil {")
	p.P("\t\t*err = f")
	p.P("\t}")
	p.P("}")
	p.P()
	p.P("// fail records a failure of a method: for the outer call while it is in")
	p.P("// flight (the first one wins), else for ReportCallbackPanic.")
	p.P("func (s *c_callback) fail(err error) {")
	p.P("\ts.mu.Lock()")
	p.P("\tif s.calling {")
	p.P("\t\tif s.failure == nil {")
	p.P("\t\t\ts.failure = err")
	p.P("\t\t}")
	p.P("\t\ts.mu.Unlock()")
	p.P("\t\treturn")
	p.P("\t}")
	p.P("\ts.mu.Unlock()")
	p.P("\tif report := ReportCallbackPanic; report != nil {")
	p.P("\t\treport(err)")
	p.P("\t\treturn")
	p.P("\t}")
	p.P("\tfmt.Fprintln(os.Stderr, err)")
	p.P("}")
	p.P()
	p.P("// panicked turns a panic of method, recovered by the trampoline's deferred")
	p.P("// function, into a failure; rc, for a method that raises, becomes ", cabi.CallbackFailedName(pkg), ".")
	p.P("func (s *c_callback) panicked(method string, r any, rc *C.int32_t) {")
	p.P("\ts.fail(&CallbackPanicError{Callback: s.name, Method: method, Value: r, Stack: debug.Stack()})")
	p.P("\tif rc != nil {")
	p.P("\t\t*rc = ", failed)
	p.P("\t}")
	p.P("}")
	p.P()
	p.P("// c_nilCallback is the error for a nil callback value.")
	p.P("func c_nilCallback(param, callback string) error {")
	p.P("\treturn errors.New(\"", pkg.Name, ": \" + param + \" is a nil \" + callback + \"; a callback is required\")")
	p.P("}")
	p.P()
	p.P("//export ", c.releaseName())
	p.P("func ", c.releaseName(), "(ctx unsafe.Pointer) {")
	p.P("\tc_callbackOf(ctx).free()")
	p.P("}")
	p.P()
	needString, needBytes := false, false
	for _, cb := range pkg.Callbacks {
		name := naming.GoExported(cb.Name)
		ct := c.cgoType(idl.TypeOf(cb))
		p.P("// c_callback_", name, " builds the C struct of a ", name, " value; a kept")
		p.P("// one has release, which the library calls when it is done with it.")
		p.P("func c_callback_", name, "(impl ", name, ", kept bool) (", ct, ", *c_callback) {")
		p.P("\ts := c_newCallback(", fmt.Sprintf("%q", cb.Name), ")")
		p.P("\ts.impl_", name, " = impl")
		p.P("\tcb := ", ct, "{ctx: s.ctx}")
		for _, m := range cb.Methods {
			p.P("\tcb.", callbackMember(m), " = (*[0]byte)(C.", c.trampolineName(cb, m), ")")
		}
		p.P("\tif kept {")
		p.P("\t\tcb.release = (*[0]byte)(C.", c.releaseName(), ")")
		p.P("\t}")
		p.P("\treturn cb, s")
		p.P("}")
		p.P()
		for _, m := range cb.Methods {
			s, b := c.trampoline(cb, m, failed)
			needString = needString || s
			needBytes = needBytes || b
		}
	}
	if needString {
		p.P("// c_toString copies s into a ", cabi.StringFromName(pkg), " string the library owns.")
		p.P("func c_toString(s string) C.", pkg.Name, "_String {")
		p.P("\treturn C.", cabi.StringFromName(pkg), "((*C.char)(unsafe.Pointer(unsafe.StringData(s))), C.size_t(len(s)))")
		p.P("}")
		p.P()
	}
	if needBytes {
		p.P("// c_toBytes copies b into bytes the library owns.")
		p.P("func c_toBytes(b []byte) C.", pkg.Name, "_Bytes {")
		p.P("\treturn C.", cabi.BytesFromName(pkg), "((*C.uint8_t)(unsafe.Pointer(unsafe.SliceData(b))), C.size_t(len(b)))")
		p.P("}")
		p.P()
	}

	var decls strings.Builder
	decls.WriteString("/*\n")
	fmt.Fprintf(&decls, "#include %q\n", c.opts.Header)
	// Declarations only: cgo copies the preamble of a file with //export
	// into two C files, so a definition here would be defined twice.
	decls.WriteString(c.trampolineDecls())
	decls.WriteString("*/\nimport \"C\"\n\n")
	p.preamble.WriteString(decls.String())
	for _, imp := range []string{"errors", "fmt", "os", "runtime", "runtime/cgo", "runtime/debug", "sync", "sync/atomic", "unsafe"} {
		sel := imp[strings.LastIndex(imp, "/")+1:] + "."
		if codeNames(p.buf.Bytes(), sel) {
			p.Import(imp)
		}
	}
	c.generator.callbacks = p
}

// trampolineDecls are the C declarations, for the cgo file's preamble, of
// every trampoline the callback builders point to.
func (c *cgoGen) trampolineDecls() string {
	var b strings.Builder
	for _, cb := range c.pkg.Callbacks {
		for _, m := range cb.Methods {
			b.WriteString("extern " + c.trampolineDecl(cb, m) + ";\n")
		}
	}
	if b.Len() > 0 {
		b.WriteString("extern void " + c.releaseName() + "(void *ctx);\n")
	}
	return b.String()
}

// cgoParam is the Go type of a C parameter as cgo spells it.
func (c *cgoGen) cgoParam(t *idl.Type) string {
	if byPointer(t) {
		return "*" + c.cgoType(t)
	}
	return c.cgoType(t)
}

// resultToC converts Go value v of a scalar, enum, string or bytes
// callback result into the C value the library owns.
func (c *cgoGen) resultToC(t *idl.Type, v string) string {
	switch t.Kind {
	case idl.KindString:
		return "c_toString(" + v + ")"
	case idl.KindBytes:
		return "c_toBytes(" + v + ")"
	}
	return c.cgoType(t) + "(" + v + ")"
}

// storeResult writes the statements that store Go value v, the result of
// a callback method, into *out as C memory the library owns. A compound
// value (struct, union, list, map, optional) is first lowered as an
// argument would be, into scratch that points to pinned Go memory, and
// then deep-copied by the type's C copy function, which allocates with the
// package allocator: the library releases the copy with the type's release
// function. Lowering touches no C memory, so a panic inside it (a nil
// union halfway through a list) leaves nothing to free, and *out is
// written only once the whole copy exists.
func (c *cgoGen) storeResult(ind string, t *idl.Type, v string) {
	p := c.p
	switch {
	case t.Kind.IsScalar() || t.Kind == idl.KindEnum || t.Kind == idl.KindString || t.Kind == idl.KindBytes:
		p.P(ind, "*out = ", c.resultToC(t, v))
		return
	}
	p.P(ind, "var c_pin runtime.Pinner")
	p.P(ind, "defer c_pin.Unpin()")
	tmp := "&c_tmp"
	if holdsUnion(t) {
		p.P(ind, "var c_tmp struct {")
		p.P(ind, "\t_ [0]uint64")
		p.P(ind, "\tv ", c.cgoType(t))
		p.P(ind, "}")
		tmp = "&c_tmp.v"
	} else {
		p.P(ind, "var c_tmp ", c.cgoType(t))
	}
	p.P(ind, c.need(false, t), "(&c_pin, ", tmp, ", ", v, ")")
	src := tmp
	if t.Kind == idl.KindOptional {
		src = deref(tmp) // the copy of an optional takes the pointer itself
	}
	p.P(ind, "*out = C.", cabi.CopyName(c.pkg, t), "(", src, ")")
}

// trampoline writes the //export function behind method m of cb and
// reports whether it converts a string or bytes result.
func (c *cgoGen) trampoline(cb *idl.Callback, m *idl.Func, failed string) (usesString, usesBytes bool) {
	p := c.p
	name := c.trampolineName(cb, m)
	var params []string
	params = append(params, "ctx unsafe.Pointer")
	var args []string
	type loan struct{ b, a, obj string }
	var loans []loan
	for _, prm := range m.Params {
		v := "a_" + naming.GoLocal(prm.Name)
		params = append(params, v+" "+c.cgoParam(prm.Type))
		if cabi.IsHandle(prm.Type) {
			// Lent for the call, not owned: see borrowHelpers.
			b := "b_" + naming.GoLocal(prm.Name)
			loans = append(loans, loan{b, v, naming.GoExported(cabi.HandleObject(prm.Type).Name)})
			args = append(args, b)
			continue
		}
		src := "&" + v
		if byPointer(prm.Type) {
			src = v
		}
		args = append(args, c.liftExpr(src, prm.Type))
	}
	viaOut := cabi.LowerCallbackMethod(c.pkg, m).ResultOut
	if viaOut {
		params = append(params, "out *"+c.cgoType(m.Result))
	}
	results := ""
	switch {
	case m.Raises != nil:
		results = " (c_rc C.int32_t)"
	case m.Result != nil && !viaOut:
		results = " (c_res " + c.cgoType(m.Result) + ")"
	}
	if m.Result != nil {
		usesString = m.Result.Kind == idl.KindString
		usesBytes = m.Result.Kind == idl.KindBytes
	}
	p.P("// ", name, " calls ", naming.GoExported(cb.Name), ".", naming.GoExported(m.Name), " for C.")
	p.P("//")
	p.P("//export ", name)
	p.P("func ", name, "(", strings.Join(params, ", "), ")", results, " {")
	p.P("\tc_s := c_callbackOf(ctx)")
	rc := "nil"
	if m.Raises != nil {
		rc = "&c_rc"
	}
	// A closure calling recover itself: recover works only in the
	// deferred function, and a deferred method call with arguments costs
	// a wrapper and a call more on every callback.
	p.P("\tdefer func() {")
	p.P("\t\tif r := recover(); r != nil {")
	p.P("\t\t\tc_s.panicked(", fmt.Sprintf("%q", m.Name), ", r, ", rc, ")")
	p.P("\t\t}")
	p.P("\t}()")
	// Deferred after the recover closure, so run before it: a loan ends
	// however the method ends, a panic included.
	for _, l := range loans {
		p.P("\t", l.b, " := borrow_", l.obj, "(", l.a, ")")
		p.P("\tdefer unborrow_", l.obj, "(", l.b, ")")
	}
	call := "c_s.impl_" + naming.GoExported(cb.Name) + "." + naming.GoExported(m.Name) + "(" + strings.Join(args, ", ") + ")"
	switch {
	case m.Raises != nil:
		errName := naming.GoExported(m.Raises.Decl.DeclName())
		if m.Result != nil {
			p.P("\tc_v, c_err := ", call)
		} else {
			p.P("\tc_err := ", call)
		}
		p.P("\tif c_err != nil {")
		p.P("\t\tvar c_e ", errName)
		p.P("\t\tif errors.As(c_err, &c_e) && c_e != 0 {")
		p.P("\t\t\treturn C.int32_t(c_e)")
		p.P("\t\t}")
		p.P("\t\tc_s.fail(fmt.Errorf(\"", c.pkg.Name, ": callback ", cb.Name, ".", m.Name, " failed with an error that is not a ", errName, ": %w\", c_err))")
		p.P("\t\treturn ", failed)
		p.P("\t}")
		switch {
		case m.Result != nil && cabi.IsHandle(m.Result):
			c.giveResult(cb, m, failed)
			p.P("\t*out = c_h")
		case m.Result != nil:
			c.storeResult("\t", m.Result, "c_v")
		}
		p.P("\treturn 0")
	case viaOut:
		p.P("\tc_v := ", call)
		c.storeResult("\t", m.Result, "c_v")
	case m.Result != nil && cabi.IsHandle(m.Result):
		p.P("\tc_v := ", call)
		c.giveResult(cb, m, "nil")
		p.P("\treturn c_h")
	case m.Result != nil:
		p.P("\treturn ", c.resultToC(m.Result, call))
	default:
		p.P("\t", call)
	}
	p.P("}")
	p.P()
	return usesString, usesBytes
}

// giveResult writes the statements that move the handle of c_v, the
// object result of callback method m, into c_h for the library, or fail
// the method (returning fail) when c_v is nil where the result is not
// optional, closed, or lent to a callback method (docs/abi.md,
// "Callbacks").
func (c *cgoGen) giveResult(cb *idl.Callback, m *idl.Func, fail string) {
	p := c.p
	obj := naming.GoExported(cabi.HandleObject(m.Result).Name)
	where := c.pkg.Name + ": callback " + cb.Name + "." + m.Name
	if m.Result.Kind != idl.KindOptional {
		p.P("\tif c_v == nil {")
		p.P("\t\tc_s.fail(fmt.Errorf(\"", where, " returned a nil *", obj, ", and its result is not optional: %w\", ErrClosed))")
		p.P("\t\treturn ", fail)
		p.P("\t}")
	}
	p.P("\tc_h, c_why := give_", obj, "(c_v)")
	p.P("\tif c_why != \"\" {")
	p.P("\t\tc_s.fail(fmt.Errorf(\"", where, " returned %s: %w\", c_why, ErrClosed))")
	p.P("\t\treturn ", fail)
	p.P("\t}")
}

func isGoKeyword(s string) bool { return token.IsKeyword(s) }

// keepsCallbacks reports whether the library of pkg may keep a callback
// (a keep parameter anywhere), and so call one from any of its functions.
func keepsCallbacks(pkg *idl.Package) bool {
	kept := func(ps []*idl.Param) bool {
		for _, p := range ps {
			if p.Keep {
				return true
			}
		}
		return false
	}
	for _, f := range pkg.Funcs {
		if kept(f.Params) {
			return true
		}
	}
	for _, o := range pkg.Objects {
		for _, c := range o.Ctors {
			if kept(c.Params) {
				return true
			}
		}
		for _, m := range o.Methods {
			if kept(m.Params) {
				return true
			}
		}
	}
	return false
}
