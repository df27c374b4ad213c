package gengo

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
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
// Every C function is declared `#cgo noescape` and `#cgo nocallback`: the
// ABI forbids keeping an input pointer after the call, and the IDL has no
// callbacks. That keeps Go arguments on the stack.
//
// Local names in generated bodies contain an underscore: c_pin, c_out and
// c_rc for the wrapper's own, a_<param> for a parameter's C form. Helper
// functions are named lower_<Mangled>, lift_<Mangled>, wrap_<Object> and
// destroy_<Object>. naming.GoLocal never produces an underscore except the
// trailing escape (`type` → type_, giving a_type_), so none of these
// collides with a parameter, and none with an exported name. The named
// results res and err and the receiver self are reserved by GoLocal.

// plain reports whether t has the same memory layout in Go and in C and
// owns no memory: bool, integers, floats, enums, and structs made only of
// these. Plain values and slices of them cross without a copy.
func plain(t *idl.Type) bool {
	switch {
	case t.Kind.IsScalar(), t.Kind == idl.KindEnum:
		return true
	case t.Kind == idl.KindStruct:
		for _, f := range t.Struct().Fields {
			if !plain(f.Type) {
				return false
			}
		}
		return true
	}
	return false
}

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
	p        *printer
	cfuncs   map[string]bool // C functions called, for #cgo noescape/nocallback
	helpers  map[string]bool // helper functions emitted or queued
	queue    []helper
	plainSet map[string]*idl.Type
}

type helper struct {
	name string
	lift bool
	t    *idl.Type
	body string
}

func (g *generator) cgoFile(p *printer) {
	c := &cgoGen{generator: g, p: p, cfuncs: map[string]bool{}, helpers: map[string]bool{}, plainSet: map[string]*idl.Type{}}
	for _, f := range g.pkg.Funcs {
		c.function(f.Doc, naming.GoExported(f.Name), nil, f.Params, f.Result, f.Raises, g.cFunc(f), f.Name)
	}
	for _, o := range g.pkg.Objects {
		c.object(o)
	}
	c.flushHelpers()
	c.layoutAssertions()

	// Import what the body names, and nothing else.
	body := p.buf.String()
	for _, imp := range []string{"runtime", "unsafe"} {
		delete(p.imports, imp)
		if strings.Contains(body, imp+".") {
			p.Import(imp)
		}
	}

	var names []string
	for n := range c.cfuncs {
		names = append(names, n)
	}
	sort.Strings(names)
	pre := &p.preamble
	pre.WriteString("/*\n")
	for _, n := range names {
		fmt.Fprintf(pre, "#cgo noescape %s\n#cgo nocallback %s\n", n, n)
	}
	fmt.Fprintf(pre, "#include %q\n*/\nimport \"C\"\n\n", g.opts.Header)
}

// call records that the file calls C function name and returns "C.name".
func (c *cgoGen) call(name string) string {
	c.cfuncs[name] = true
	return "C." + name
}

func (c *cgoGen) object(o *idl.Object) {
	p := c.p
	name := naming.GoExported(o.Name)
	t := &idl.Type{Kind: idl.KindObject, Name: o.Name, Decl: o}
	ct := c.cgoType(t)
	for _, ctor := range o.Ctors {
		goName := "New" + name
		if ctor.Name != "" {
			goName += naming.GoExported(ctor.Name)
		}
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
	p.Import("runtime")
	p.P("// Close destroys the C value behind the handle. It waits for calls in flight, is")
	p.P("// safe to call more than once, and always returns nil.")
	p.P("func (self *", name, ") Close() error {")
	p.P("\tif self == nil {")
	p.P("\t\treturn nil")
	p.P("\t}")
	p.P("\tself.mu.Lock()")
	p.P("\tdefer self.mu.Unlock()")
	p.P("\tif self.handle != nil {")
	p.P("\t\tself.cleanup.Stop()")
	p.P("\t\t", destroy, "((", ct, ")(self.handle))")
	p.P("\t\tself.handle = nil")
	p.P("\t}")
	p.P("\treturn nil")
	p.P("}")
	p.P()
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

// needsErr reports whether a Go function gets an error result: it raises,
// it is a method (the object may be closed), or it takes an object.
func needsErr(recv *idl.Object, params []*idl.Param, raises *idl.Type) bool {
	if raises != nil || recv != nil {
		return true
	}
	for _, p := range params {
		if isObject(p.Type) {
			return true
		}
	}
	return false
}

func isObject(t *idl.Type) bool {
	return t.Kind == idl.KindObject || t.Kind == idl.KindOptional && t.Elem.Kind == idl.KindObject
}

// direct returns the C argument for a parameter that crosses without any
// scratch memory, or "" when the parameter needs lowering.
func (c *cgoGen) direct(t *idl.Type, v string) string {
	switch {
	case t.Kind.IsScalar() || t.Kind == idl.KindEnum:
		return c.cgoType(t) + "(" + v + ")"
	case t.Kind == idl.KindString:
		return fmt.Sprintf("%s{ptr: (*C.char)(unsafe.Pointer(unsafe.StringData(%s))), len: C.size_t(len(%s))}", c.cgoType(t), v, v)
	case t.Kind == idl.KindBytes:
		return fmt.Sprintf("%s{ptr: (*C.uint8_t)(unsafe.Pointer(unsafe.SliceData(%s))), len: C.size_t(len(%s))}", c.cgoType(t), v, v)
	case t.Kind == idl.KindList && plain(t.Elem):
		return fmt.Sprintf("%s{ptr: (%s)(unsafe.Pointer(unsafe.SliceData(%s))), len: C.size_t(len(%s))}", c.cgoType(t), "*"+c.cgoType(t.Elem), v, v)
	case t.Kind == idl.KindStruct && plain(t):
		return fmt.Sprintf("(*%s)(unsafe.Pointer(&%s))", c.cgoType(t), v)
	case t.Kind == idl.KindOptional && plain(t.Elem):
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
	if recv != nil || hasErr && raises == nil {
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
	var results string
	switch {
	case hasErr && result != nil:
		results = " (res " + goType(result) + ", err error)"
	case hasErr:
		results = " error"
	case result != nil:
		results = " " + goType(result)
	}
	head := "func "
	if recv != nil {
		head += "(self *" + naming.GoExported(recv.Name) + ") "
	}
	p.P(head, goName, "(", strings.Join(sig, ", "), ")", results, " {")

	fail := func(e string) string {
		if result != nil {
			return "return res, " + e
		}
		return "return " + e
	}
	var args []string
	// held lists the objects of each type this call has locked so far.
	held := map[*idl.Object][]string{}
	if recv != nil {
		ot := &idl.Type{Kind: idl.KindObject, Name: recv.Name, Decl: recv}
		c.lockObject("\t", "self", nil, fail)
		held[recv] = append(held[recv], "self")
		args = append(args, "("+c.cgoType(ot)+")(self.handle)")
	}
	// Objects first: a closed one must stop the call before any work.
	objArgs := map[string]string{}
	for _, prm := range params {
		if !isObject(prm.Type) {
			continue
		}
		v := naming.GoLocal(prm.Name)
		ot := prm.Type
		if ot.Kind == idl.KindOptional {
			ot = ot.Elem
		}
		cv := "a_" + v
		if prm.Type.Kind == idl.KindOptional {
			p.P("\tvar ", cv, " ", c.cgoType(ot))
			p.P("\tif ", v, " != nil {")
			c.lockObject("\t\t", v, held[ot.Object()], fail)
			p.P("\t\t", cv, " = (", c.cgoType(ot), ")(", v, ".handle)")
			p.P("\t}")
		} else {
			c.lockObject("\t", v, held[ot.Object()], fail)
			p.P("\t", cv, " := (", c.cgoType(ot), ")(", v, ".handle)")
		}
		objArgs[prm.Name] = cv
		held[ot.Object()] = append(held[ot.Object()], v)
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
			p.Import("runtime")
			p.P("\tvar c_pin runtime.Pinner")
			p.P("\tdefer c_pin.Unpin()")
			pinned = true
		}
		slot := c.local("a_"+v, prm.Type)
		c.lowerInto("\t", "&c_pin", slot, v, prm.Type)
		if byPointer(prm.Type) {
			args = append(args, slot)
		} else {
			args = append(args, deref(slot))
		}
	}

	cf := c.call(cname)
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
	case isObject(result):
		if hasErr {
			p.P("\treturn wrap_", naming.GoExported(objectOf(result).Name), "(", call, "), nil")
		} else {
			p.P("\treturn wrap_", naming.GoExported(objectOf(result).Name), "(", call, ")")
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

func objectOf(t *idl.Type) *idl.Object {
	if t.Kind == idl.KindOptional {
		t = t.Elem
	}
	return t.Object()
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
	if isObject(t) {
		p.P(assign, "wrap_", naming.GoExported(objectOf(t).Name), "(", deref(out), ")")
		return
	}
	p.P(assign, c.liftExpr(out, t))
	if owns(t) {
		p.P("\t", c.call(c.cRelease(t)), "(", out, ")")
	}
}

// lockObject writes the guard that makes a closed or nil object an
// ErrClosed before any C runs, holding its read lock for the call. An
// object already locked by this call (held, e.g. `s.Merge(s)`) is not
// locked twice: a second RLock could wait behind a Close queued between
// the two and deadlock.
func (c *cgoGen) lockObject(ind, v string, held []string, fail func(string) string) {
	p := c.p
	if ind == "\t" { // an optional object's guard already knows v != nil
		p.P(ind, "if ", v, " == nil {")
		p.P(ind, "\t", fail("ErrClosed"))
		p.P(ind, "}")
	}
	if len(held) == 0 {
		p.P(ind, v, ".mu.RLock()")
		p.P(ind, "defer ", v, ".mu.RUnlock()")
	} else {
		var conds []string
		for _, h := range held {
			conds = append(conds, v+" != "+h)
		}
		p.P(ind, "if ", strings.Join(conds, " && "), " {")
		p.P(ind, "\t", v, ".mu.RLock()")
		p.P(ind, "\tdefer ", v, ".mu.RUnlock()")
		p.P(ind, "}")
	}
	p.P(ind, "if ", v, ".handle == nil {")
	p.P(ind, "\t", fail("ErrClosed"))
	p.P(ind, "}")
}

// lowerInto writes statements that store Go value src of type t into the C
// slot that dst (a *C.T expression) points to.
func (c *cgoGen) lowerInto(ind, pin, dst, src string, t *idl.Type) {
	if t.Kind.IsScalar() || t.Kind == idl.KindEnum {
		c.p.P(ind, deref(dst), " = ", c.cgoType(t), "(", src, ")")
		return
	}
	c.p.P(ind, c.need(false, t), "(", pin, ", ", dst, ", ", src, ")")
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
	if t.Kind == idl.KindStruct && plain(t) {
		c.plainSet[t.Decl.DeclName()] = t
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
	p.Import("runtime")
	ct := c.cgoType(t)
	slot := "*" + ct
	gt := goType(t)
	if t.Kind == idl.KindOptional {
		slot = "*" + ct
		if nilable(t.Elem) {
			gt = goType(t.Elem)
		}
	}
	p.P("func ", name, "(pin *runtime.Pinner, dst ", slot, ", v ", gt, ") {")
	switch t.Kind {
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
		p.P("\t\treturn")
		p.P("\t}")
		if plain(t.Elem) {
			p.P("\tpin.Pin(&v[0])")
			p.P("\tdst.ptr = (*", et, ")(unsafe.Pointer(&v[0]))")
			break
		}
		p.P("\ta := make([]", et, ", len(v))")
		p.P("\tfor i := range v {")
		c.lowerInto("\t\t", "pin", "&a[i]", "v[i]", t.Elem)
		p.P("\t}")
		p.P("\tpin.Pin(&a[0])")
		p.P("\tdst.ptr = &a[0]")
	case idl.KindMap:
		p.P("\tdst.len = C.size_t(len(v))")
		p.P("\tif len(v) == 0 {")
		p.P("\t\tdst.keys, dst.values = nil, nil")
		p.P("\t\treturn")
		p.P("\t}")
		p.P("\tks := make([]", c.cgoType(t.Key), ", len(v))")
		p.P("\tvs := make([]", c.cgoType(t.Elem), ", len(v))")
		p.P("\ti := 0")
		p.P("\tfor k, e := range v {")
		c.lowerInto("\t\t", "pin", "&ks[i]", "k", t.Key)
		c.lowerInto("\t\t", "pin", "&vs[i]", "e", t.Elem)
		p.P("\t\ti++")
		p.P("\t}")
		p.P("\tpin.Pin(&ks[0])")
		p.P("\tpin.Pin(&vs[0])")
		p.P("\tdst.keys, dst.values = &ks[0], &vs[0]")
	case idl.KindOptional:
		et := c.cgoType(t.Elem)
		p.P("\tif v == nil {")
		p.P("\t\t*dst = nil")
		p.P("\t\treturn")
		p.P("\t}")
		switch {
		case plain(t.Elem):
			p.P("\tpin.Pin(v)")
			p.P("\t*dst = (", ct, ")(unsafe.Pointer(v))")
		case nilable(t.Elem):
			p.P("\tc := new(", et, ")")
			c.lowerInto("\t", "pin", "c", "v", t.Elem)
			p.P("\tpin.Pin(c)")
			p.P("\t*dst = c")
		default:
			p.P("\tc := new(", et, ")")
			c.lowerInto("\t", "pin", "c", "*v", t.Elem)
			p.P("\tpin.Pin(c)")
			p.P("\t*dst = c")
		}
	case idl.KindStruct:
		if plain(t) {
			p.P("\t*dst = *(*", ct, ")(unsafe.Pointer(&v))")
			break
		}
		for _, f := range t.Struct().Fields {
			c.lowerInto("\t", "pin", "&dst."+cField(f), "v."+naming.GoExported(f.Name), f.Type)
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
			slot := "(*" + c.cgoType(cs.Type) + ")(unsafe.Pointer(&dst.u))"
			p.P("\tcase ", cn, ":")
			p.P("\t\tdst.tag = ", cs.Tag)
			c.lowerInto("\t\t", "pin", slot, "c.Value", cs.Type)
		}
		p.P("\tcase ", un, "Unknown:")
		p.P("\t\tdst.tag = C.uint32_t(c.Tag)")
		p.P("\tdefault:")
		p.P("\t\tpanic(\"", c.pkg.Name, ": a ", un, " argument is nil; it must hold one of its cases\")")
		p.P("\t}")
	default:
		panic(fmt.Sprintf("gengo: no lowering for %s", t))
	}
	p.P("}")
	p.P()
}

func (c *cgoGen) liftHelper(name string, t *idl.Type) {
	p := c.p
	ct := c.cgoType(t)
	gt := goType(t)
	p.P("func ", name, "(src *", ct, ") ", gt, " {")
	switch t.Kind {
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
		if plain(t.Elem) {
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
		if plain(t.Elem) {
			p.P("\tv := *(*", goType(t.Elem), ")(unsafe.Pointer(*src))")
		} else {
			p.P("\tv := ", c.liftExpr("*src", t.Elem))
		}
		p.P("\treturn &v")
	case idl.KindStruct:
		if plain(t) {
			p.P("\treturn *(*", gt, ")(unsafe.Pointer(src))")
			break
		}
		p.P("\treturn ", gt, "{")
		fields := t.Struct().Fields
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

// layoutAssertions proves at compile time that every struct the wrapper
// reinterprets in place has the same size, alignment and field offsets in
// Go and in C; a platform where they differ fails to build instead of
// corrupting memory.
func (c *cgoGen) layoutAssertions() {
	// Every plain struct that appears anywhere is reinterpreted: as a direct
	// argument, in a list, or as a result.
	var all []*idl.Type
	seen := map[string]bool{}
	var visit func(t *idl.Type)
	visit = func(t *idl.Type) {
		switch t.Kind {
		case idl.KindList, idl.KindOptional:
			visit(t.Elem)
		case idl.KindMap:
			visit(t.Key)
			visit(t.Elem)
		case idl.KindStruct:
			if plain(t) {
				if !seen[t.Decl.DeclName()] {
					seen[t.Decl.DeclName()] = true
					all = append(all, t)
				}
			}
		}
	}
	for _, s := range c.pkg.Structs {
		visit(&idl.Type{Kind: idl.KindStruct, Name: s.Name, Decl: s})
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
