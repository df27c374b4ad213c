package gengo

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// The cgo file follows three rules.
//
// Inputs are borrowed views. A string, []byte, list of plain values or a
// plain struct is handed to C as a pointer into the Go value itself: no
// copy, no allocation. Anything that needs a C-shaped copy (a struct with
// a string field, a map, a list of such structs, ...) is built in Go
// memory, and every Go pointer stored in it is pinned with a
// runtime.Pinner for the call, which is what cgo's pointer rules ask for
// (checked with GOEXPERIMENT=cgocheck2).
//
// Outputs are owned by Go at once: the wrapper copies the C value into Go
// values and calls the type's release function before returning.
//
// Objects inside values follow the same two rules. An argument lends the
// objects it holds: lowering gathers them into a c_objects set (a nil one
// where the IDL type is not optional fails, naming its place), which then
// read-locks each object once, in address order, for the whole call, and
// fills in the handles; a closed one is ErrClosed, and no C runs. A result
// gives its handles away: lift_<Object> moves each handle out of the C
// value into a new Go object (setting it to NULL), so the release that
// follows destroys none of them. A NULL handle where the IDL type is not
// optional becomes nil, as a NULL object result does.
//
// Every C function is declared `#cgo noescape` and `#cgo nocallback`: the
// ABI forbids keeping an input pointer after the call. That keeps Go
// arguments on the stack. The exceptions are the functions that take a
// callback, and every function of a package where the library may keep
// one (callbacks.go).
//
// Local names in generated bodies contain an underscore: c_pin, c_out,
// c_rc, c_objs, c_self and c_err for the wrapper's own, a_<param> for a
// parameter's C form. Helper functions are named lower_<Mangled>,
// lift_<Mangled>, wrap_<Object> and destroy_<Object>, and the helpers for
// objects c_objects, c_ref, c_objError and c_at. naming.GoLocal never
// produces an underscore except the trailing escape (`type` → type_,
// giving a_type_), so none of these collides with a parameter, and none
// with an exported name. The named results res and err and the receiver
// obj are reserved by GoLocal. (The receiver is not self: staticcheck's
// ST1006 rejects self and this.)

// holdsUnion reports whether t's C value contains a union by value. cgo
// gives such a type only the alignment of its tag (a union becomes a byte
// array in Go), so the wrapper never puts one on the Go stack: it
// allocates it, which gives the 8-byte alignment C expects.
func holdsUnion(t *idl.Type) bool {
	switch t.Kind {
	case idl.KindUnion:
		return true
	case idl.KindStruct:
		for _, f := range t.Struct().Fields {
			if holdsUnion(f.Type) {
				return true
			}
		}
	}
	return false
}

// cgoType spells t's C type the way Go code names it through cgo.
func (g *generator) cgoType(t *idl.Type) string {
	switch t.Kind {
	case idl.KindOptional:
		if t.Elem.Kind == idl.KindObject {
			return g.cgoType(t.Elem) // a nullable handle
		}
		return "*" + g.cgoType(t.Elem)
	case idl.KindObject:
		return "*C." + g.cTypeName(t)
	}
	return "C." + g.cTypeName(t)
}

// cgoGen carries the state of writing one cgo file.
type cgoGen struct {
	*generator
	p       *printer
	cfuncs  map[string]bool // C functions called, for #cgo noescape/nocallback
	helpers map[string]bool // helper functions emitted or queued
	usesSet bool            // some call locks its objects through c_objects
	queue   []helper
}

type helper struct {
	name string
	lift bool
	t    *idl.Type
	body string
}

func (g *generator) cgoFile(p *printer) {
	c := &cgoGen{generator: g, p: p, cfuncs: map[string]bool{}, helpers: map[string]bool{}}
	if g.pkg.Extern == nil {
		c.abiCheck() // an extern library has no contract hash: its header is the user's
	}
	var externC strings.Builder // the preamble's wrappers of an extern package's functions
	if g.pkg.Extern != nil {
		// The wrappers' own types, whatever the user's header includes.
		externC.WriteString("#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n")
	}
	for _, f := range g.pkg.Funcs {
		if g.pkg.Extern != nil {
			c.externFunc(f, &externC)
			continue
		}
		c.function(f.Doc, naming.GoExported(f.Name), nil, f.Params, f.Result, f.Raises, g.cFunc(f), f.Name)
	}
	if g.pkg.Extern != nil {
		c.externHelpers()
	}
	for _, o := range g.pkg.Objects {
		c.object(o)
	}
	c.callbacksFile()
	c.flushHelpers()
	if c.usesSet {
		c.objectSet()
	}
	c.layoutAssertions()
	c.vocabAssertions()

	// Import what the code names, and nothing else: comments (doc comments
	// carried from the IDL among them) may say "runtime." without using it.
	// strconv is named only by the paths of error messages for objects
	// inside lists and maps and for map keys, which not every package with
	// objects has.
	for _, imp := range []string{"runtime", "strconv", "strings", "unsafe"} {
		if codeNames(p.buf.Bytes(), imp+".") {
			p.Import(imp)
		}
	}

	var names []string
	for n := range c.cfuncs {
		names = append(names, n)
	}
	if keepsCallbacks(g.pkg) {
		// A kept callback may be called, and released, by any function of
		// the library, a destroy or a release function among them.
		names = nil
	}
	sort.Strings(names)
	pre := &p.preamble
	pre.WriteString("/*\n")
	for _, n := range names {
		fmt.Fprintf(pre, "#cgo noescape %s\n#cgo nocallback %s\n", n, n)
	}
	fmt.Fprintf(pre, "#include %q\n%s%s*/\nimport \"C\"\n\n", g.opts.Header, c.trampolineDecls(), externC.String())
}

// abiCheck writes the init function that compares the library's contract
// hash with the header's (docs/abi.md, "The contract hash"): a library
// built from another version of the IDL would otherwise be called with
// layouts and prototypes it does not have.
func (c *cgoGen) abiCheck() {
	p := c.p
	pkg := c.pkg
	want := cabi.ABIHashHex(cabi.ABIHash(pkg))
	p.P(fmt.Sprintf("// abiHash is %s of the %s.h this package was generated with.", cabi.ABIHashMacro(pkg), pkg.Name))
	p.P(fmt.Sprintf("const abiHash uint64 = 0x%s", want))
	p.P()
	p.P("// init refuses a C library built from another version of the IDL, whose")
	p.P("// types and functions differ from those this package reads and calls.")
	p.P("func init() {")
	p.P(fmt.Sprintf("	if got := uint64(%s()); got != abiHash {", c.call(cabi.ABIHashName(pkg))))
	p.P(fmt.Sprintf("		panic(%q + abiHashHex(got) + %q)",
		pkg.Name+": the C library was built from a different version of the IDL: its ABI hash is ",
		", this package's is "+want+"; regenerate the bindings and rebuild the library from the same IDL"))
	p.P("	}")
	p.P("}")
	p.P()
	p.P("// abiHashHex spells a contract hash as 16 hex digits, as C and Python do.")
	p.P("func abiHashHex(x uint64) string {")
	p.P("	const digits = \"0123456789abcdef\"")
	p.P("	var b [16]byte")
	p.P("	for i := len(b) - 1; i >= 0; i-- {")
	p.P("		b[i] = digits[x&15]")
	p.P("		x >>= 4")
	p.P("	}")
	p.P("	return string(b[:])")
	p.P("}")
	p.P()
}

// codeNames reports whether sel (like "unsafe.") occurs in a line of src
// that is not a comment. Generated code puts comments on lines of their
// own, and locals never take a package's name (naming.GoReserved).
func codeNames(src []byte, sel string) bool {
	for line := range bytes.Lines(src) {
		if t := bytes.TrimLeft(line, "\t "); !bytes.HasPrefix(t, []byte("//")) && bytes.Contains(t, []byte(sel)) {
			return true
		}
	}
	return false
}

// call records that the file calls C function name and returns "C.name".
func (c *cgoGen) call(name string) string {
	c.cfuncs[name] = true
	return "C." + name
}

func (c *cgoGen) object(o *idl.Object) {
	p := c.p
	name := naming.GoExported(o.Name)
	t := idl.TypeOf(o)
	ct := c.cgoType(t)
	for _, ctor := range o.Ctors {
		goName := ctorName(o, ctor)
		what := "new"
		if ctor.Name != "" {
			what += " " + ctor.Name
		}
		fallback := fmt.Sprintf("%s calls the constructor %s of %s (%s in C).", goName, what, o.Name, c.cCtor(ctor))
		c.function(ctor.Doc, goName, nil, ctor.Params, t, ctor.Raises, c.cCtor(ctor), fallback)
	}
	for _, m := range o.Methods {
		c.function(m.Doc, naming.GoExported(m.Name), o, m.Params, m.Result, m.Raises, c.cFunc(m), "the method "+m.Name+" of "+o.Name)
	}
	destroy := c.call(c.cDestroy(o))
	p.P("// Close destroys the C value behind the handle. It waits for calls in flight, is")
	p.P("// safe to call more than once, and always returns nil.")
	if c.lent[o] {
		p.P("//")
		p.P("// On ", strings.ToLower(article(name)), " ", name, " lent to a callback method it only ends the loan: the")
		p.P("// library keeps the C value.")
	}
	p.P("func (obj *", name, ") Close() error {")
	p.P("\tif obj == nil {")
	p.P("\t\treturn nil")
	p.P("\t}")
	p.P("\tobj.mu.Lock()")
	p.P("\tdefer obj.mu.Unlock()")
	switch {
	case c.lent[o]:
		p.P("\tif obj.handle != nil && !obj.borrowed {")
		p.P("\t\tobj.cleanup.Stop()")
		p.P("\t\t", destroy, "((", ct, ")(obj.handle))")
		p.P("\t}")
		p.P("\tobj.handle = nil")
	default:
		p.P("\tif obj.handle != nil {")
		p.P("\t\tobj.cleanup.Stop()")
		p.P("\t\t", destroy, "((", ct, ")(obj.handle))")
		p.P("\t\tobj.handle = nil")
		p.P("\t}")
	}
	p.P("\treturn nil")
	p.P("}")
	p.P()
	if c.lent[o] {
		c.borrowHelpers(o)
	}
	if c.given[o] {
		c.giveHelper(o)
	}
	p.P("// wrap_", name, " takes ownership of a handle returned by C; nil stays nil.")
	p.P("func wrap_", name, "(h ", ct, ") *", name, " {")
	p.P("\tif h == nil {")
	p.P("\t\treturn nil")
	p.P("\t}")
	p.P("\to := &", name, "{handle: unsafe.Pointer(h)}")
	p.P("\to.cleanup = runtime.AddCleanup(o, destroy_", name, ", o.handle)")
	p.P("\treturn o")
	p.P("}")
	p.P()
	p.P("// destroy_", name, " is the safety net for ", strings.ToLower(article(name)), " ", name, " that was never closed.")
	p.P("func destroy_", name, "(h unsafe.Pointer) {")
	p.P("\t", destroy, "((", ct, ")(h))")
	p.P("}")
	p.P()
}

// borrowHelpers writes borrow_<Object> and unborrow_<Object>, with which
// a callback trampoline lends the library's handle to the Go method it
// calls (docs/abi.md, "Callbacks").
func (c *cgoGen) borrowHelpers(o *idl.Object) {
	p := c.p
	name := naming.GoExported(o.Name)
	ct := c.cgoType(idl.TypeOf(o))
	p.P("// borrow_", name, " wraps a handle the library lends to a callback method for")
	p.P("// the call: the *", name, " does not own it (no cleanup; Close ends the loan and")
	p.P("// destroys nothing). NULL is nil.")
	p.P("func borrow_", name, "(h ", ct, ") *", name, " {")
	p.P("\tif h == nil {")
	p.P("\t\treturn nil")
	p.P("\t}")
	p.P("\treturn &", name, "{handle: unsafe.Pointer(h), borrowed: true}")
	p.P("}")
	p.P()
	p.P("// unborrow_", name, " ends the loan when the callback method returns: it waits")
	p.P("// for the calls in flight on o (a goroutine the method started may still be")
	p.P("// in one) and closes o, so that a later use, by code that kept o, is")
	p.P("// ErrClosed and never reaches a handle the library may have destroyed.")
	p.P("func unborrow_", name, "(o *", name, ") {")
	p.P("\tif o == nil {")
	p.P("\t\treturn")
	p.P("\t}")
	p.P("\to.mu.Lock()")
	p.P("\to.handle = nil")
	p.P("\to.mu.Unlock()")
	p.P("}")
	p.P()
}

// giveHelper writes give_<Object>, with which a callback trampoline moves
// the handle of the object a Go method returned to the library.
func (c *cgoGen) giveHelper(o *idl.Object) {
	p := c.p
	name := naming.GoExported(o.Name)
	ct := c.cgoType(idl.TypeOf(o))
	p.P("// give_", name, " moves the handle of o, the result of a callback method, to the")
	p.P("// library, which owns and destroys it from then on: o is closed afterwards.")
	p.P("// It waits for the calls in flight on o. A nil o gives NULL. A closed o,")
	if c.lent[o] {
		p.P("// or one lent to a callback method, has no handle to give: the result is")
		p.P("// NULL, and the string says why.")
	} else {
		p.P("// which has no handle to give, gives NULL and says why in the string.")
	}
	p.P("func give_", name, "(o *", name, ") (", ct, ", string) {")
	p.P("\tif o == nil {")
	p.P("\t\treturn nil, \"\"")
	p.P("\t}")
	p.P("\to.mu.Lock()")
	p.P("\tdefer o.mu.Unlock()")
	p.P("\tif o.handle == nil {")
	p.P("\t\treturn nil, \"a closed *", name, "\"")
	p.P("\t}")
	if c.lent[o] {
		p.P("\tif o.borrowed {")
		p.P("\t\treturn nil, \"a *", name, " lent to a callback method, which the library owns\"")
		p.P("\t}")
	}
	p.P("\to.cleanup.Stop()")
	p.P("\th := o.handle")
	p.P("\to.handle = nil")
	p.P("\treturn (", ct, ")(h), \"\"")
	p.P("}")
	p.P()
}

// needsErr reports whether a Go function gets an error result: it raises,
// it is a method (the object may be closed), or it takes an object, alone
// or inside another value.
func needsErr(recv *idl.Object, params []*idl.Param, raises *idl.Type) bool {
	if raises != nil || recv != nil || idl.HasCallbackParam(params) {
		return true
	}
	for _, p := range params {
		if cabi.HoldsObject(p.Type) {
			return true
		}
	}
	return false
}

// holdsCompoundObject reports whether a parameter holds an object inside
// another value (a struct, union, list, map or optional value).
func holdsCompoundObject(params []*idl.Param) bool {
	for _, p := range params {
		if cabi.HoldsObject(p.Type) && !cabi.IsHandle(p.Type) {
			return true
		}
	}
	return false
}

// usesObjectSet reports whether a call locks its objects through a
// c_objects set rather than one inline RLock: when an argument holds
// objects inside another value, or when the call holds more than one
// object (receiver included). The set locks each object once, in one
// global order.
func usesObjectSet(recv *idl.Object, params []*idl.Param) bool {
	if holdsCompoundObject(params) {
		return true
	}
	n := 0
	if recv != nil {
		n++
	}
	for _, p := range params {
		if cabi.IsHandle(p.Type) {
			n++
		}
	}
	return n > 1
}

// direct returns the C argument for a parameter that crosses without any
// scratch memory, or "" when the parameter needs lowering.
func (c *cgoGen) direct(t *idl.Type, v string) string {
	switch {
	case t.Kind == idl.KindCallback:
		return "&c_cb_" + v // built by function just before the call
	case t.Kind.IsScalar() || t.Kind == idl.KindEnum:
		return c.cgoType(t) + "(" + v + ")"
	case t.Kind == idl.KindString:
		return fmt.Sprintf("%s{ptr: (*C.char)(unsafe.Pointer(unsafe.StringData(%s))), len: C.size_t(len(%s))}", c.cgoType(t), v, v)
	case t.Kind == idl.KindBytes:
		return fmt.Sprintf("%s{ptr: (*C.uint8_t)(unsafe.Pointer(unsafe.SliceData(%s))), len: C.size_t(len(%s))}", c.cgoType(t), v, v)
	case t.Kind == idl.KindList && cabi.IsPlain(t.Elem):
		return fmt.Sprintf("%s{ptr: (%s)(unsafe.Pointer(unsafe.SliceData(%s))), len: C.size_t(len(%s))}", c.cgoType(t), "*"+c.cgoType(t.Elem), v, v)
	case t.Kind == idl.KindStruct && cabi.IsPlain(t):
		return fmt.Sprintf("(*%s)(unsafe.Pointer(&%s))", c.cgoType(t), v)
	case t.Kind == idl.KindOptional && cabi.IsPlain(t.Elem):
		return fmt.Sprintf("(%s)(unsafe.Pointer(%s))", c.cgoType(t), v)
	}
	return ""
}

// byPointer reports whether the ABI passes an input of type t as const T *.
func byPointer(t *idl.Type) bool { return t.Kind == idl.KindStruct || t.Kind == idl.KindUnion }

// function writes one exported Go function or method over C function
// cname. recv is the object of a method; result is the constructed object
// for a constructor.
func (c *cgoGen) function(doc idl.Doc, goName string, recv *idl.Object, params []*idl.Param, result, raises *idl.Type, cname, idlName string) {
	p := c.p
	hasErr := needsErr(recv, params, raises)
	fallback := fmt.Sprintf("%s calls %s (%s in C).", goName, idlName, cname)
	if strings.HasSuffix(idlName, ".") {
		fallback = idlName
	}
	p.doc("", doc, fallback)
	var notes []string
	if raises != nil {
		notes = append(notes, fmt.Sprintf("On failure the error is a %s.", naming.GoExported(raises.Decl.DeclName())))
	}
	switch {
	case holdsCompoundObject(params):
		notes = append(notes, "It returns ErrClosed for a closed object anywhere in its arguments, and for a nil one where an object is required.")
	case recv != nil || hasErr && raises == nil:
		notes = append(notes, "It returns ErrClosed for a closed object.")
	}
	if len(notes) > 0 {
		p.P("//")
		for _, line := range wrap(strings.Join(notes, " ")) {
			p.P("// ", line)
		}
	}
	var sig []string
	for _, prm := range params {
		sig = append(sig, naming.GoLocal(prm.Name)+" "+goType(prm.Type))
	}
	callsBack := idl.HasCallbackParam(params)
	var results string
	switch {
	case hasErr && result != nil:
		results = " (res " + goType(result) + ", err error)"
	case callsBack:
		results = " (err error)" // named: a callback's failure replaces it
	case hasErr:
		results = " error"
	case result != nil:
		results = " " + goType(result)
	}
	head := "func "
	if recv != nil {
		head += "(obj *" + naming.GoExported(recv.Name) + ") "
	}
	p.P(head, goName, "(", strings.Join(sig, ", "), ")", results, " {")

	fail := func(e string) string {
		if result != nil {
			return "return res, " + e
		}
		return "return " + e
	}
	for _, prm := range params {
		if prm.Type.Kind == idl.KindCallback {
			v := naming.GoLocal(prm.Name)
			p.P("\tif ", v, " == nil {")
			p.P("\t\t", fail(fmt.Sprintf("c_nilCallback(%q, %q)", v, naming.GoExported(prm.Type.Decl.DeclName()))))
			p.P("\t}")
		}
	}
	var args []string
	if usesObjectSet(recv, params) {
		c.usesSet = true
		args = c.lowerWithSet(recv, params, fail)
	} else {
		args = c.lowerPlain(recv, params, fail)
	}
	// Callback contexts last: no return between here and the call, so a
	// kept callback always reaches the library, which releases it.
	for _, prm := range params {
		if prm.Type.Kind == idl.KindCallback {
			v := naming.GoLocal(prm.Name)
			p.P("\tc_cb_", v, ", c_st_", v, " := c_callback_", naming.GoExported(prm.Type.Decl.DeclName()), "(", v, ", ", prm.Keep, ")")
			p.P("\tdefer c_st_", v, ".finish(", prm.Keep, ", &err)")
		}
	}

	cf := c.call(cname)
	if callsBack {
		delete(c.cfuncs, cname) // neither noescape nor nocallback: see callbacks.go
	}
	okRet := "return"
	switch {
	case hasErr && result != nil:
		okRet = "return res, nil"
	case hasErr:
		okRet = "return nil"
	}
	if raises != nil {
		errName := naming.GoExported(raises.Decl.DeclName())
		out := ""
		if result != nil {
			out = c.local("c_out", result)
			args = append(args, out)
		}
		p.P("\tif c_rc := ", cf, "(", strings.Join(args, ", "), "); c_rc != 0 {")
		p.P("\t\t", fail(errName+"(c_rc)"))
		p.P("\t}")
		if result != nil {
			c.finishResult(result, out, false)
		}
		p.P("\t", okRet)
		p.P("}")
		p.P()
		return
	}
	call := cf + "(" + strings.Join(args, ", ") + ")"
	switch {
	case result == nil:
		p.P("\t", call)
		if hasErr {
			p.P("\t", okRet)
		}
	case result.Kind.IsScalar() || result.Kind == idl.KindEnum:
		if hasErr {
			p.P("\treturn ", goType(result), "(", call, "), nil")
		} else {
			p.P("\treturn ", goType(result), "(", call, ")")
		}
	case cabi.IsHandle(result):
		if hasErr {
			p.P("\treturn wrap_", naming.GoExported(cabi.HandleObject(result).Name), "(", call, "), nil")
		} else {
			p.P("\treturn wrap_", naming.GoExported(cabi.HandleObject(result).Name), "(", call, ")")
		}
	default:
		var out string
		if holdsUnion(result) {
			out = c.local("c_out", result)
			p.P("\t", deref(out), " = ", call)
		} else {
			p.P("\tc_out := ", call)
			out = "&c_out"
		}
		c.finishResult(result, out, !hasErr)
		p.P("\treturn res", map[bool]string{true: ", nil", false: ""}[hasErr])
	}
	p.P("}")
	p.P()
}

// lowerPlain writes the argument conversions of a call that holds at most
// one object (the receiver or one parameter), locked inline, and returns
// the C arguments.
func (c *cgoGen) lowerPlain(recv *idl.Object, params []*idl.Param, fail func(string) string) []string {
	p := c.p
	var args []string
	if recv != nil {
		ot := idl.TypeOf(recv)
		c.lockObject("\t", "obj", fail)
		args = append(args, "("+c.cgoType(ot)+")(obj.handle)")
	}
	// Objects first: a closed one must stop the call before any work.
	objArgs := map[string]string{}
	for _, prm := range params {
		if !cabi.IsHandle(prm.Type) {
			continue
		}
		v := naming.GoLocal(prm.Name)
		ot := objectType(prm.Type)
		cv := "a_" + v
		if prm.Type.Kind == idl.KindOptional {
			p.P("\tvar ", cv, " ", c.cgoType(ot))
			p.P("\tif ", v, " != nil {")
			c.lockObject("\t\t", v, fail)
			p.P("\t\t", cv, " = (", c.cgoType(ot), ")(", v, ".handle)")
			p.P("\t}")
		} else {
			c.lockObject("\t", v, fail)
			p.P("\t", cv, " := (", c.cgoType(ot), ")(", v, ".handle)")
		}
		objArgs[prm.Name] = cv
	}
	pinned := false
	for _, prm := range params {
		v := naming.GoLocal(prm.Name)
		if a, ok := objArgs[prm.Name]; ok {
			args = append(args, a)
			continue
		}
		if d := c.direct(prm.Type, v); d != "" {
			args = append(args, d)
			continue
		}
		if !pinned {
			c.declarePin()
			pinned = true
		}
		slot := c.local("a_"+v, prm.Type)
		c.lowerInto("\t", "&c_pin", "", slot, v, prm.Type, "", fail)
		if byPointer(prm.Type) {
			args = append(args, slot)
		} else {
			args = append(args, deref(slot))
		}
	}
	return args
}

// lowerWithSet writes the argument conversions of a call whose objects go
// through a c_objects set, and returns the C arguments. Lowering gathers
// every object (a nil one where an object is required fails at once,
// naming where it was); c_objs.lock then read-locks them, once each and in
// address order, and fills in their handles, or fails with ErrClosed. No C
// runs on either failure, and the deferred unlock releases what was locked.
func (c *cgoGen) lowerWithSet(recv *idl.Object, params []*idl.Param, fail func(string) string) []string {
	p := c.p
	var args []string
	p.P("\tvar c_objs c_objects")
	p.P("\tdefer c_objs.unlock()")
	if recv != nil {
		ot := idl.TypeOf(recv)
		p.P("\tif obj == nil {")
		p.P("\t\t", fail("ErrClosed"))
		p.P("\t}")
		p.P("\tvar c_self ", c.cgoType(ot))
		p.P("\tc_objs.add(&obj.mu, &obj.handle, unsafe.Pointer(&c_self))")
		args = append(args, "c_self")
	}
	pinned := false
	for _, prm := range params {
		v := naming.GoLocal(prm.Name)
		if d := c.direct(prm.Type, v); d != "" {
			args = append(args, d)
			continue
		}
		if cabi.IsHandle(prm.Type) {
			cv := "a_" + v
			p.P("\tvar ", cv, " ", c.cgoType(prm.Type))
			c.lowerInto("\t", "", "&c_objs", "&"+cv, v, prm.Type, strconv.Quote(v), fail)
			args = append(args, cv)
			continue
		}
		if !pinned {
			c.declarePin()
			pinned = true
		}
		slot := c.local("a_"+v, prm.Type)
		c.lowerInto("\t", "&c_pin", "&c_objs", slot, v, prm.Type, strconv.Quote(v), fail)
		if byPointer(prm.Type) {
			args = append(args, slot)
		} else {
			args = append(args, deref(slot))
		}
	}
	p.P("\tif c_err := c_objs.lock(); c_err != nil {")
	p.P("\t\t", fail("c_err"))
	p.P("\t}")
	return args
}

func (c *cgoGen) declarePin() {
	c.p.P("\tvar c_pin runtime.Pinner")
	c.p.P("\tdefer c_pin.Unpin()")
}

// objectType is the object type of an object or optional object.
func objectType(t *idl.Type) *idl.Type {
	if t.Kind == idl.KindOptional {
		return t.Elem
	}
	return t
}

// local declares a C value of type t named name and returns an expression
// for its address. A value holding a union gets 8-byte alignment (see
// holdsUnion) by sitting next to a zero-length [0]uint64: that costs no
// bytes and, unlike new, keeps the value on the stack.
func (c *cgoGen) local(name string, t *idl.Type) string {
	if holdsUnion(t) {
		c.p.P("\tvar ", name, " struct {")
		c.p.P("\t\t_ [0]uint64")
		c.p.P("\t\tv ", c.cgoType(t))
		c.p.P("\t}")
		return "&" + name + ".v"
	}
	c.p.P("\tvar ", name, " ", c.cgoType(t))
	return "&" + name
}

// finishResult converts the C result at pointer out into res and releases
// what C allocated for it.
func (c *cgoGen) finishResult(t *idl.Type, out string, declare bool) {
	p := c.p
	assign := "\tres = "
	if declare {
		assign = "\tres := "
	}
	if cabi.IsHandle(t) {
		p.P(assign, "wrap_", naming.GoExported(cabi.HandleObject(t).Name), "(", deref(out), ")")
		return
	}
	p.P(assign, c.liftExpr(out, t))
	if owns(t) {
		p.P("\t", c.call(c.cRelease(t)), "(", out, ")")
	}
}

// lockObject writes the guard that makes a closed or nil object an
// ErrClosed before any C runs, holding its read lock for the call. It is
// used only by calls that hold one object; the others lock through
// c_objects (see usesObjectSet), which never read-locks one object twice
// (a second RLock could wait behind a Close queued between the two and
// deadlock).
func (c *cgoGen) lockObject(ind, v string, fail func(string) string) {
	p := c.p
	if ind == "\t" { // an optional object's guard already knows v != nil
		p.P(ind, "if ", v, " == nil {")
		p.P(ind, "\t", fail("ErrClosed"))
		p.P(ind, "}")
	}
	p.P(ind, v, ".mu.RLock()")
	p.P(ind, "defer ", v, ".mu.RUnlock()")
	p.P(ind, "if ", v, ".handle == nil {")
	p.P(ind, "\t", fail("ErrClosed"))
	p.P(ind, "}")
}

// lowerInto writes statements that store Go value src of type t into the C
// slot that dst (a *C.T expression) points to. A value that holds objects
// gathers them into the c_objects set objs and may fail: where is a Go
// string expression naming the place of src (".Main", "[" + ... + "]"),
// evaluated only on failure ("" adds nothing), and fail turns an error
// expression into the statement that returns it.
func (c *cgoGen) lowerInto(ind, pin, objs, dst, src string, t *idl.Type, where string, fail func(string) string) {
	if t.Kind.IsScalar() || t.Kind == idl.KindEnum {
		c.p.P(ind, deref(dst), " = ", c.cgoType(t), "(", src, ")")
		return
	}
	if !cabi.HoldsObject(t) {
		c.p.P(ind, c.need(false, t), "(", pin, ", ", dst, ", ", src, ")")
		return
	}
	call := c.need(false, t) + "(" + pin + ", " + objs + ", " + dst + ", " + src + ")"
	if cabi.IsHandle(t) {
		call = c.need(false, t) + "(" + objs + ", " + dst + ", " + src + ")"
	}
	e := "c_err"
	if where != "" {
		e = "c_at(" + where + ", c_err)"
	}
	c.p.P(ind, "if c_err := ", call, "; c_err != nil {")
	c.p.P(ind, "\t", fail(e))
	c.p.P(ind, "}")
}

// liftExpr is a Go expression converting the C value that src (a *C.T
// expression) points to into a Go value of type t.
func (c *cgoGen) liftExpr(src string, t *idl.Type) string {
	if t.Kind.IsScalar() || t.Kind == idl.KindEnum {
		v := "*" + src
		if strings.HasPrefix(src, "&") {
			v = src[1:]
		}
		return goType(t) + "(" + v + ")"
	}
	if cabi.IsHandle(t) {
		t = objectType(t) // an optional handle lifts as the handle
	}
	return c.need(true, t) + "(" + src + ")"
}

// need queues the lower_/lift_ helper for t and returns its name.
func (c *cgoGen) need(lift bool, t *idl.Type) string {
	name := "lower_" + mangle(t)
	if lift {
		name = "lift_" + mangle(t)
	}
	if !c.helpers[name] {
		c.helpers[name] = true
		c.queue = append(c.queue, helper{name: name, lift: lift, t: t})
	}
	return name
}

// flushHelpers writes every queued helper, sorted by name so that the
// output does not depend on the order types were met.
func (c *cgoGen) flushHelpers() {
	var done []helper
	for len(c.queue) > 0 {
		h := c.queue[0]
		c.queue = c.queue[1:]
		// Render now to discover the helpers this one needs; print later.
		saved := c.p.buf
		c.p.buf = bytes.Buffer{}
		c.helperBody(h)
		h.body = c.p.buf.String()
		c.p.buf = saved
		done = append(done, h)
	}
	sort.Slice(done, func(i, j int) bool { return done[i].name < done[j].name })
	for _, h := range done {
		c.p.buf.WriteString(h.body)
	}
}

func (c *cgoGen) helperBody(h helper) {
	if h.lift {
		c.liftHelper(h.name, h.t)
	} else {
		c.lowerHelper(h.name, h.t)
	}
}

func (c *cgoGen) lowerHelper(name string, t *idl.Type) {
	p := c.p
	ct := c.cgoType(t)
	slot := "*" + ct
	gt := goType(t)
	if t.Kind == idl.KindOptional {
		if nilable(t.Elem) {
			gt = goType(t.Elem)
		}
	}
	// A value that holds objects gathers them into objs and returns an
	// error for a nil one where an object is required.
	objs := cabi.HoldsObject(t)
	ret := func(e string) string { return strings.TrimSpace("return " + e) }
	done := ""
	if objs {
		done = "nil"
	}
	into := func(ind, dst, src string, t *idl.Type, where string) {
		c.lowerInto(ind, "pin", "objs", dst, src, t, where, ret)
	}
	switch {
	case cabi.IsHandle(t):
		p.P("func ", name, "(objs *c_objects, dst ", slot, ", v ", gt, ") error {")
	case objs:
		p.P("func ", name, "(pin *runtime.Pinner, objs *c_objects, dst ", slot, ", v ", gt, ") error {")
	default:
		p.P("func ", name, "(pin *runtime.Pinner, dst ", slot, ", v ", gt, ") {")
	}
	switch t.Kind {
	case idl.KindObject:
		p.P("\tif v == nil {")
		p.P("\t\treturn &c_objError{typ: ", strconv.Quote(gt), "}")
		p.P("\t}")
		p.P("\tobjs.add(&v.mu, &v.handle, unsafe.Pointer(dst))")
	case idl.KindString, idl.KindBytes:
		p.P("\tdst.len = C.size_t(len(v))")
		p.P("\tif len(v) == 0 {")
		p.P("\t\tdst.ptr = nil")
		p.P("\t\treturn")
		p.P("\t}")
		if t.Kind == idl.KindString {
			p.P("\tp := unsafe.StringData(v)")
			p.P("\tpin.Pin(p)")
			p.P("\tdst.ptr = (*C.char)(unsafe.Pointer(p))")
		} else {
			p.P("\tpin.Pin(&v[0])")
			p.P("\tdst.ptr = (*C.uint8_t)(unsafe.Pointer(&v[0]))")
		}
	case idl.KindList:
		et := c.cgoType(t.Elem)
		p.P("\tdst.len = C.size_t(len(v))")
		p.P("\tif len(v) == 0 {")
		p.P("\t\tdst.ptr = nil")
		p.P("\t\t", ret(done))
		p.P("\t}")
		if cabi.IsPlain(t.Elem) {
			p.P("\tpin.Pin(&v[0])")
			p.P("\tdst.ptr = (*", et, ")(unsafe.Pointer(&v[0]))")
			break
		}
		p.P("\ta := make([]", et, ", len(v))")
		p.P("\tfor i := range v {")
		into("\t\t", "&a[i]", "v[i]", t.Elem, `"["+strconv.Itoa(i)+"]"`)
		p.P("\t}")
		p.P("\tpin.Pin(&a[0])")
		p.P("\tdst.ptr = &a[0]")
	case idl.KindMap:
		p.P("\tdst.len = C.size_t(len(v))")
		p.P("\tif len(v) == 0 {")
		p.P("\t\tdst.keys, dst.values = nil, nil")
		p.P("\t\t", ret(done))
		p.P("\t}")
		p.P("\tks := make([]", c.cgoType(t.Key), ", len(v))")
		p.P("\tvs := make([]", c.cgoType(t.Elem), ", len(v))")
		p.P("\ti := 0")
		p.P("\tfor k, e := range v {")
		into("\t\t", "&ks[i]", "k", t.Key, "")
		into("\t\t", "&vs[i]", "e", t.Elem, `"["+`+keyString(t.Key, "k")+`+"]"`)
		p.P("\t\ti++")
		p.P("\t}")
		p.P("\tpin.Pin(&ks[0])")
		p.P("\tpin.Pin(&vs[0])")
		p.P("\tdst.keys, dst.values = &ks[0], &vs[0]")
	case idl.KindOptional:
		et := c.cgoType(t.Elem)
		if cabi.IsHandle(t) {
			// A nullable handle: nil is absent.
			p.P("\tif v != nil {")
			p.P("\t\tobjs.add(&v.mu, &v.handle, unsafe.Pointer(dst))")
			p.P("\t}")
			break
		}
		p.P("\tif v == nil {")
		p.P("\t\t*dst = nil")
		p.P("\t\t", ret(done))
		p.P("\t}")
		switch {
		case cabi.IsPlain(t.Elem):
			p.P("\tpin.Pin(v)")
			p.P("\t*dst = (", ct, ")(unsafe.Pointer(v))")
		case nilable(t.Elem):
			p.P("\tc := new(", et, ")")
			into("\t", "c", "v", t.Elem, "")
			p.P("\tpin.Pin(c)")
			p.P("\t*dst = c")
		default:
			p.P("\tc := new(", et, ")")
			into("\t", "c", "*v", t.Elem, "")
			p.P("\tpin.Pin(c)")
			p.P("\t*dst = c")
		}
	case idl.KindStruct:
		if cabi.IsPlain(t) {
			p.P("\t*dst = *(*", ct, ")(unsafe.Pointer(&v))")
			break
		}
		for _, f := range t.Struct().Fields {
			fn := naming.GoExported(f.Name)
			into("\t", "&dst."+cField(f), "v."+fn, f.Type, strconv.Quote("."+fn))
		}
	case idl.KindUnion:
		u := t.Union()
		un := naming.GoExported(u.Name)
		// A pointer to a case stands for the case (the case types have
		// value receivers, so both implement the interface); a nil one
		// falls through to the panic below.
		p.P("\tswitch c := v.(type) {")
		for _, cs := range u.Cases {
			p.P("\tcase *", un+naming.GoExported(cs.Name), ":")
			p.P("\t\tif c != nil {")
			p.P("\t\t\tv = *c")
			p.P("\t\t}")
		}
		p.P("\tcase *", un, "Unknown:")
		p.P("\t\tif c != nil {")
		p.P("\t\t\tv = *c")
		p.P("\t\t}")
		p.P("\t}")
		p.P("\tswitch c := v.(type) {")
		for _, cs := range u.Cases {
			cn := un + naming.GoExported(cs.Name)
			p.P("\tcase ", cn, ":")
			p.P("\t\tdst.tag = ", cs.Tag)
			if cs.Type == nil {
				continue // the tag alone
			}
			slot := "(*" + c.cgoType(cs.Type) + ")(unsafe.Pointer(&dst.u))"
			into("\t\t", slot, "c.Value", cs.Type, strconv.Quote(".("+cn+").Value"))
		}
		p.P("\tcase ", un, "Unknown:")
		p.P("\t\tdst.tag = C.uint32_t(c.Tag)")
		p.P("\tdefault:")
		p.P("\t\tpanic(\"", c.pkg.Name, ": a ", un, " argument is nil; it must hold one of its cases\")")
		p.P("\t}")
	default:
		panic(fmt.Sprintf("gengo: no lowering for %s", t))
	}
	if objs {
		p.P("\treturn nil")
	}
	p.P("}")
	p.P()
}

// keyString is a Go expression spelling map key k of type t as Go would
// write it, for the place of a value in an error message.
func keyString(t *idl.Type, k string) string {
	switch {
	case t.Kind == idl.KindString:
		return "strconv.Quote(" + k + ")"
	case t.Kind == idl.KindBool:
		return "strconv.FormatBool(" + k + ")"
	case t.Kind.IsInteger() && !t.Kind.IsSigned():
		return "strconv.FormatUint(uint64(" + k + "), 10)"
	}
	return "strconv.FormatInt(int64(" + k + "), 10)" // signed, or an enum
}

func (c *cgoGen) liftHelper(name string, t *idl.Type) {
	p := c.p
	ct := c.cgoType(t)
	gt := goType(t)
	p.P("func ", name, "(src *", ct, ") ", gt, " {")
	switch t.Kind {
	case idl.KindObject:
		// The Go object owns the handle from now on: it leaves the C value,
		// whose release then skips it.
		p.P("\th := *src")
		p.P("\t*src = nil")
		p.P("\treturn wrap_", naming.GoExported(t.Decl.DeclName()), "(h)")
	case idl.KindString:
		p.P("\treturn string(unsafe.Slice((*byte)(unsafe.Pointer(src.ptr)), int(src.len)))")
	case idl.KindBytes:
		p.P("\tif src.len == 0 {")
		p.P("\t\treturn nil")
		p.P("\t}")
		p.P("\treturn append([]byte(nil), unsafe.Slice((*byte)(unsafe.Pointer(src.ptr)), int(src.len))...)")
	case idl.KindList:
		p.P("\tif src.len == 0 {")
		p.P("\t\treturn nil")
		p.P("\t}")
		et := goType(t.Elem)
		if cabi.IsPlain(t.Elem) {
			p.P("\tout := make([]", et, ", int(src.len))")
			p.P("\tcopy(out, unsafe.Slice((*", et, ")(unsafe.Pointer(src.ptr)), int(src.len)))")
			p.P("\treturn out")
			break
		}
		p.P("\ts := unsafe.Slice(src.ptr, int(src.len))")
		p.P("\tout := make([]", et, ", len(s))")
		p.P("\tfor i := range s {")
		p.P("\t\tout[i] = ", c.liftExpr("&s[i]", t.Elem))
		p.P("\t}")
		p.P("\treturn out")
	case idl.KindMap:
		p.P("\tif src.len == 0 {")
		p.P("\t\treturn nil")
		p.P("\t}")
		p.P("\tks := unsafe.Slice(src.keys, int(src.len))")
		p.P("\tvs := unsafe.Slice(src.values, int(src.len))")
		p.P("\tout := make(", gt, ", len(ks))")
		p.P("\tfor i := range ks {")
		p.P("\t\tout[", c.liftExpr("&ks[i]", t.Key), "] = ", c.liftExpr("&vs[i]", t.Elem))
		p.P("\t}")
		p.P("\treturn out")
	case idl.KindOptional:
		p.P("\tif *src == nil {")
		p.P("\t\treturn nil")
		p.P("\t}")
		if nilable(t.Elem) {
			p.P("\treturn ", c.liftExpr("*src", t.Elem))
			break
		}
		if cabi.IsPlain(t.Elem) {
			p.P("\tv := *(*", goType(t.Elem), ")(unsafe.Pointer(*src))")
		} else {
			p.P("\tv := ", c.liftExpr("*src", t.Elem))
		}
		p.P("\treturn &v")
	case idl.KindStruct:
		if cabi.IsPlain(t) {
			p.P("\treturn *(*", gt, ")(unsafe.Pointer(src))")
			break
		}
		fields := t.Struct().Fields
		if len(fields) == 0 {
			p.P("\treturn ", gt, "{}")
			break
		}
		p.P("\treturn ", gt, "{")
		keys := make([]string, len(fields))
		for i, f := range fields {
			keys[i] = naming.GoExported(f.Name)
		}
		for i, key := range alignKeys(keys) {
			p.P("\t\t", key, c.liftExpr("&src."+cField(fields[i]), fields[i].Type), ",")
		}
		p.P("\t}")
	case idl.KindUnion:
		u := t.Union()
		un := naming.GoExported(u.Name)
		p.P("\tswitch src.tag {")
		for _, cs := range u.Cases {
			p.P("\tcase ", cs.Tag, ":")
			if cs.Type == nil {
				p.P("\t\treturn ", un+naming.GoExported(cs.Name), "{}")
				continue
			}
			slot := "(*" + c.cgoType(cs.Type) + ")(unsafe.Pointer(&src.u))"
			p.P("\t\treturn ", un+naming.GoExported(cs.Name), "{Value: ", c.liftExpr(slot, cs.Type), "}")
		}
		p.P("\t}")
		p.P("\treturn ", un, "Unknown{Tag: uint32(src.tag)}")
	default:
		panic(fmt.Sprintf("gengo: no lifting for %s", t))
	}
	p.P("}")
	p.P()
}

// objectSet writes c_objects, with which a call locks the objects its
// arguments hold, and c_objError, the error for a nil one.
func (c *cgoGen) objectSet() {
	p := c.p
	for _, imp := range []string{"cmp", "slices", "sync"} {
		p.Import(imp)
	}
	p.P("// c_objects gathers the objects that the arguments of one call hold, then")
	p.P("// read-locks each once, for the whole call, so that Close waits for the call.")
	p.P("// An object held twice is locked once: a second RLock by the same goroutine")
	p.P("// could wait behind a Close queued between the two and deadlock. The locks")
	p.P("// are taken in address order, the same for every call, so two calls that")
	p.P("// hold the same objects cannot wait on each other either.")
	p.P("type c_objects struct {")
	p.P("\trefs   []c_ref")
	p.P("\tbuf    [4]c_ref // refs' first backing array: up to four places grow nothing")
	p.P("\tlocked bool")
	p.P("}")
	p.P()
	p.P("// c_ref is one place that holds an object: the object's lock and handle,")
	p.P("// and the slot of the C value that gets the handle.")
	p.P("type c_ref struct {")
	p.P("\tmu     *sync.RWMutex")
	p.P("\thandle *unsafe.Pointer")
	p.P("\tdst    unsafe.Pointer")
	p.P("}")
	p.P()
	p.P("func (o *c_objects) add(mu *sync.RWMutex, handle *unsafe.Pointer, dst unsafe.Pointer) {")
	p.P("\tif o.refs == nil {")
	p.P("\t\to.refs = o.buf[:0]")
	p.P("\t}")
	p.P("\to.refs = append(o.refs, c_ref{mu, handle, dst})")
	p.P("}")
	p.P()
	p.P("// lock sorts the places by lock address, read-locks each distinct lock,")
	p.P("// and writes each handle into its slot, or returns ErrClosed if one is")
	p.P("// closed. unlock releases the locks either way.")
	p.P("func (o *c_objects) lock() error {")
	p.P("\tslices.SortFunc(o.refs, func(a, b c_ref) int {")
	p.P("\t\treturn cmp.Compare(uintptr(unsafe.Pointer(a.mu)), uintptr(unsafe.Pointer(b.mu)))")
	p.P("\t})")
	p.P("\tfor i, r := range o.refs {")
	p.P("\t\tif i == 0 || r.mu != o.refs[i-1].mu {")
	p.P("\t\t\tr.mu.RLock()")
	p.P("\t\t}")
	p.P("\t}")
	p.P("\to.locked = true")
	p.P("\tfor _, r := range o.refs {")
	p.P("\t\tif *r.handle == nil {")
	p.P("\t\t\treturn ErrClosed")
	p.P("\t\t}")
	p.P("\t\t*(*unsafe.Pointer)(r.dst) = *r.handle")
	p.P("\t}")
	p.P("\treturn nil")
	p.P("}")
	p.P()
	p.P("func (o *c_objects) unlock() {")
	p.P("\tif !o.locked {")
	p.P("\t\treturn")
	p.P("\t}")
	p.P("\tfor i, r := range o.refs {")
	p.P("\t\tif i == 0 || r.mu != o.refs[i-1].mu {")
	p.P("\t\t\tr.mu.RUnlock()")
	p.P("\t\t}")
	p.P("\t}")
	p.P("}")
	p.P()
	p.P("// c_objError is the error for a nil object where an argument requires one.")
	p.P("// It is an ErrClosed, as a nil object parameter is, and names the place.")
	p.P("type c_objError struct {")
	p.P("\tpath string // from the parameter: s.Stores[2]")
	p.P("\ttyp  string // *Store")
	p.P("}")
	p.P()
	p.P("// Error names the place of the nil object.")
	p.P("func (e *c_objError) Error() string {")
	p.P("\treturn ", strconv.Quote(c.pkg.Name+": "), " + e.path + \" is a nil \" + e.typ + \"; an open object is required\"")
	p.P("}")
	p.P()
	p.P("// Unwrap makes errors.Is(err, ErrClosed) hold.")
	p.P("func (e *c_objError) Unwrap() error { return ErrClosed }")
	p.P()
	p.P("// c_at prefixes the place named by a c_objError with where, the place of")
	p.P("// the value it was found in.")
	p.P("func c_at(where string, err error) error {")
	p.P("\tif e, ok := err.(*c_objError); ok {")
	p.P("\t\te.path = where + e.path")
	p.P("\t}")
	p.P("\treturn err")
	p.P("}")
	p.P()
}

// layoutAssertions proves at compile time that every struct the wrapper
// reinterprets in place has the same size, alignment and field offsets in
// Go and in C; a platform where they differ fails to build instead of
// corrupting memory.
func (c *cgoGen) layoutAssertions() {
	// Every plain struct is reinterpreted wherever it appears: as a direct
	// argument, in a list, or as a result.
	var all []*idl.Type
	for _, s := range c.pkg.Structs {
		if t := idl.TypeOf(s); cabi.IsPlain(t) {
			all = append(all, t)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Decl.DeclName() < all[j].Decl.DeclName() })
	if len(all) == 0 {
		return
	}
	p := c.p
	p.P("// Plain structs are passed and returned by reinterpreting their memory;")
	p.P("// these declarations fail to compile if Go and C ever disagree on layout.")
	p.P("var (")
	// One spec a line, so gofmt aligns the whole block on its widest type;
	// the specs are written with that padding.
	type spec struct{ typ, val string }
	var specs []spec
	width := 0
	for _, t := range all {
		gt, ct := goType(t), c.cgoType(t)
		specs = append(specs,
			spec{"[unsafe.Sizeof(" + gt + "{})]byte", "[unsafe.Sizeof(" + ct + "{})]byte{}"},
			spec{"[unsafe.Alignof(" + gt + "{})]byte", "[unsafe.Alignof(" + ct + "{})]byte{}"})
		for _, f := range t.Struct().Fields {
			specs = append(specs, spec{"[unsafe.Offsetof(" + gt + "{}." + naming.GoExported(f.Name) + ")]byte",
				"[unsafe.Offsetof(" + ct + "{}." + cField(f) + ")]byte{}"})
		}
	}
	for _, s := range specs {
		width = max(width, len(s.typ))
	}
	pad := strings.Repeat(" ", width)
	for _, s := range specs {
		p.P("\t_ ", s.typ, pad[:width-len(s.typ)], " = ", s.val)
	}
	p.P(")")
	p.P()
}

// deref is the value an address expression points to: &x is x.
func deref(addr string) string {
	if strings.HasPrefix(addr, "&") {
		return addr[1:]
	}
	return "*" + addr
}
