package gengoimpl

import (
	"bytes"
	"fmt"
	"go/token"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// The export file follows three rules.
//
// Inputs are read from C memory into fresh Go values (lift_<Mangled>), so
// the Go implementation may keep anything it is given: the borrow rule of
// docs/abi.md holds by construction.
//
// Outputs are written into C memory (lower_<Mangled>): every pointer is a
// <pkg>_alloc allocation, zeroed before it is filled, and linked into the
// value before its contents are built, so a value left half-built by a
// panic is released by the header's release function like any partially
// filled value. The C side (the .c file) hands each export a zeroed result
// slot on its own stack and copies it to *out only on success.
//
// Objects are cgo.Handles: c_handle stores one in a one-word <pkg>_alloc
// block, the pointer C sees; lift_<Object> reads the Go value back, and
// the destroy export deletes the handle and frees the block.
//
// Local names contain an underscore (p_<param>, v_<param>, c_ret, c_out,
// c_rc, c_err, res) or are the helpers' own, none of which an IDL name can
// produce in Go.

// exportName is the Go function exported for C function c.
func exportName(c string) string { return "goimpl_" + c }

// cgoOf spells a C type of the header ("const calc_Point *", "uint32_t *",
// "calc_Store *") as cgo names it in Go ("*C.calc_Point", "*C.uint32_t").
func cgoOf(ctype string) string {
	t := strings.TrimSpace(strings.TrimPrefix(ctype, "const "))
	stars := 0
	for strings.HasSuffix(t, "*") {
		stars++
		t = strings.TrimSpace(strings.TrimSuffix(t, "*"))
	}
	return strings.Repeat("*", stars) + "C." + t
}

// cStorage is the cgo type of a value of t stored in a C struct field.
func (g *generator) cStorage(t *idl.Type) string { return cgoOf(cabi.TypeName(g.pkg, t)) }

// cField is a struct field or union case as cgo spells it.
func cField(f *idl.Field) string {
	c := cabi.FieldName(f)
	if token.IsKeyword(c) {
		return "_" + c
	}
	return c
}

// scalarLike reports whether t converts between C and Go with a plain
// conversion: bool, numbers, enums and errors.
func scalarLike(t *idl.Type) bool {
	return t.Kind.IsScalar() || t.Kind == idl.KindEnum || t.Kind == idl.KindError
}

type exportGen struct {
	*generator
	p     *printer
	done  map[string]bool
	queue []helper
}

type helper struct {
	lift bool
	t    *idl.Type
}

// need queues the lift or lower helper of t and returns its name.
func (e *exportGen) need(lift bool, t *idl.Type) string {
	prefix := "lower_"
	if lift {
		prefix = "lift_"
	}
	name := prefix + cabi.Mangle(t)
	if !e.done[name] {
		e.done[name] = true
		e.queue = append(e.queue, helper{lift, t})
	}
	return name
}

// liftLV is the Go value of the C lvalue lv of t's storage type.
func (e *exportGen) liftLV(t *idl.Type, lv string) string {
	switch {
	case scalarLike(t):
		return GoType(t) + "(" + lv + ")"
	case cabi.IsHandle(t):
		return "lift_" + cabi.Mangle(idl.TypeOf(cabi.HandleObject(t))) + "(" + lv + ")"
	}
	return e.need(true, t) + "(" + addr(lv) + ")"
}

// lowerLV is the statement that writes Go value v of t into the C lvalue lv
// (zeroed memory).
func (e *exportGen) lowerLV(t *idl.Type, lv, v string) string {
	switch {
	case scalarLike(t):
		return lv + " = " + e.cStorage(t) + "(" + v + ")"
	case cabi.IsHandle(t):
		obj := cabi.HandleObject(t)
		return lv + " = " + e.handleFunc(obj) + "(" + v + ", " + fmt.Sprint(t.Kind == idl.KindOptional) + ")"
	}
	return e.need(false, t) + "(" + addr(lv) + ", " + v + ")"
}

// addr is &lv, with &*x written x (&*p, &**p, &*(*T)(u); staticcheck's
// SA4001 flags &*, which reads as a copy that is not one). A unary *
// applies to the whole unary or primary expression after it, and an
// lvalue without a space has no binary operator, so dropping the * and
// the & leaves the same pointer.
func addr(lv string) string {
	if strings.HasPrefix(lv, "*") && !strings.Contains(lv, " ") {
		return lv[1:]
	}
	return "&" + lv
}

func (e *exportGen) handleFunc(o *idl.Object) string { return "handle_" + o.Name }

func (g *generator) exportFile(p *printer) {
	e := &exportGen{generator: g, p: p, done: map[string]bool{}}
	p.Import("runtime/cgo")
	p.Import("unsafe")
	for _, f := range g.pkg.Funcs {
		e.export(cabi.LowerFunc(g.pkg, f), nil, "c_getImpl()."+naming.GoExported(f.Name))
	}
	for _, o := range g.pkg.Objects {
		for _, c := range o.Ctors {
			e.export(cabi.LowerCtor(g.pkg, c), nil, "c_getImpl()."+ctorName(c))
		}
		for _, m := range o.Methods {
			e.export(cabi.LowerFunc(g.pkg, m), o, "."+naming.GoExported(m.Name))
		}
		e.objectHelpers(o)
	}
	for len(e.queue) > 0 {
		h := e.queue[0]
		e.queue = e.queue[1:]
		if h.lift {
			e.liftHelper(h.t)
		} else {
			e.lowerHelper(h.t)
		}
	}
	e.runtime()
	fmt.Fprintf(&p.preamble, "/*\n#include <stdlib.h>\n#include %q\n*/\nimport \"C\"\n\n", g.opts.Header)
}

// export writes the Go function behind one C function of the header.
// call is the Go callee: "c_getImpl().Name", or ".Name" for a method,
// called on the receiver.
func (e *exportGen) export(sig *cabi.Signature, recv *idl.Object, call string) {
	p := e.p
	var params, args []string
	var recvExpr string
	for _, pa := range sig.Params {
		goName := "p_" + pa.Name
		switch pa.Mode {
		case cabi.Out:
			params = append(params, "c_out "+cgoOf(pa.CType))
			continue
		case cabi.ByValue:
			if scalarLike(pa.Type) {
				params = append(params, goName+" "+cgoOf(pa.CType))
			} else {
				params = append(params, goName+" *"+cgoOf(pa.CType))
			}
		default:
			params = append(params, goName+" "+cgoOf(pa.CType))
		}
		var v string
		switch {
		case pa.Mode == cabi.ByValue && scalarLike(pa.Type):
			v = e.liftLV(pa.Type, goName)
		case pa.Mode == cabi.Handle:
			v = e.liftLV(pa.Type, goName)
		case pa.Mode == cabi.ByValue:
			v = e.need(true, pa.Type) + "(" + goName + ")"
		case pa.Type.Kind == idl.KindOptional:
			v = e.need(true, pa.Type) + "(&" + goName + ")"
		default: // a struct or union
			v = e.need(true, pa.Type) + "(" + goName + ")"
		}
		if pa.Receiver {
			recvExpr = v
			continue
		}
		args = append(args, v)
	}
	result := ""
	if sig.Raises != nil {
		result = " (c_rc C.int32_t)"
	} else if sig.Result != nil {
		params = append(params, "c_ret *"+cgoOf(sig.Return))
	}
	name := exportName(sig.Name)
	p.P("//export ", name)
	p.P("func ", name, "(", strings.Join(params, ", "), ")", result, " {")
	if sig.Raises != nil {
		p.P("\tdefer func() {")
		p.P("\t\tif r := recover(); r != nil {")
		if sig.Result != nil {
			if rel := e.releaseOut(sig.Result); rel != "" {
				p.P("\t\t\t", rel)
			}
		}
		p.P("\t\t\tc_rc = c_panicked(", fmt.Sprintf("%q", sig.Name), ", r)")
		p.P("\t\t}")
		p.P("\t}()")
	} else {
		p.P("\tdefer c_fatal(", fmt.Sprintf("%q", sig.Name), ")")
	}
	callee := call
	if recv != nil {
		callee = recvExpr + call
	}
	invoke := callee + "(" + strings.Join(args, ", ") + ")"
	switch {
	case sig.Raises != nil && sig.Result != nil:
		p.P("\tres, c_err := ", invoke)
		p.P("\tif c_err != nil {")
		p.P("\t\treturn c_code_", naming.GoExported(sig.Raises.Decl.DeclName()), "(", fmt.Sprintf("%q", sig.Name), ", c_err)")
		p.P("\t}")
		p.P("\t", e.lowerLV(sig.Result, "*c_out", "res"))
		p.P("\treturn 0")
	case sig.Raises != nil:
		p.P("\tif c_err := ", invoke, "; c_err != nil {")
		p.P("\t\treturn c_code_", naming.GoExported(sig.Raises.Decl.DeclName()), "(", fmt.Sprintf("%q", sig.Name), ", c_err)")
		p.P("\t}")
		p.P("\treturn 0")
	case sig.Result != nil:
		p.P("\tres := ", invoke)
		p.P("\t", e.lowerLV(sig.Result, "*c_ret", "res"))
	default:
		p.P("\t", invoke)
	}
	p.P("}")
	p.P()
	if sig.Raises != nil {
		e.codeFunc(sig.Raises)
	}
}

// releaseOut is the statement that releases a half-built result in *c_out
// after a panic, or "" when the result owns nothing.
func (e *exportGen) releaseOut(t *idl.Type) string {
	switch {
	case cabi.IsHandle(t):
		return "if *c_out != nil {\n" + exportName(cabi.DestroyName(e.pkg, cabi.HandleObject(t))) + "(*c_out)\n*c_out = nil\n}"
	case cabi.NeedsRelease(t):
		return "C." + cabi.ReleaseName(e.pkg, t) + "(c_out)"
	}
	return ""
}

// codeFunc writes c_code_<Error> once: the code an error result becomes.
func (e *exportGen) codeFunc(t *idl.Type) {
	name := naming.GoExported(t.Decl.DeclName())
	fn := "c_code_" + name
	if e.done[fn] {
		return
	}
	e.done[fn] = true
	e.p.Import("errors")
	p := e.p
	p.P("// ", fn, " is the C code of an error returned by the implementation: its")
	p.P("// ", name, " (through errors.As), else ", internalName, ".")
	p.P("func ", fn, "(function string, err error) C.int32_t {")
	p.P("\tvar code ", name)
	p.P("\tif errors.As(err, &code) && code != 0 && int32(code) != ", internalName, " {")
	p.P("\t\treturn C.int32_t(code)")
	p.P("\t}")
	p.P("\tc_report(function, err)")
	p.P("\treturn C.int32_t(", internalName, ")")
	p.P("}")
	p.P()
}

func (e *exportGen) objectHelpers(o *idl.Object) {
	p := e.p
	name := naming.GoExported(o.Name)
	ct := cgoOf(cabi.TypeName(e.pkg, idl.TypeOf(o)))
	destroy := exportName(cabi.DestroyName(e.pkg, o))
	p.P("//export ", destroy)
	p.P("func ", destroy, "(p_self ", ct, ") {")
	p.P("\tif p_self != nil {")
	p.P("\t\tc_dropHandle(unsafe.Pointer(p_self))")
	p.P("\t}")
	p.P("}")
	p.P()
	p.P("// ", e.handleFunc(o), " is a new handle to v that the C caller owns; nil is")
	p.P("// NULL where the IDL type is optional, and a panic where it is not.")
	p.P("func ", e.handleFunc(o), "(v ", name, ", optional bool) ", ct, " {")
	p.P("\tif v == nil {")
	p.P("\t\tif !optional {")
	p.P("\t\t\tpanic(", fmt.Sprintf("%q", e.pkg.Name+": a nil "+name+" where the IDL type is not optional"), ")")
	p.P("\t\t}")
	p.P("\t\treturn nil")
	p.P("\t}")
	p.P("\treturn (", ct, ")(c_newHandle(v))")
	p.P("}")
	p.P()
	t := idl.TypeOf(o)
	lift := "lift_" + cabi.Mangle(t)
	e.done[lift] = true
	p.P("// ", lift, " is the Go value behind a handle; NULL is nil.")
	p.P("func ", lift, "(h ", ct, ") ", name, " {")
	p.P("\tif h == nil {")
	p.P("\t\treturn nil")
	p.P("\t}")
	p.P("\treturn (*(*cgo.Handle)(unsafe.Pointer(h))).Value().(", name, ")")
	p.P("}")
	p.P()
}

func (e *exportGen) liftHelper(t *idl.Type) {
	p := e.p
	name := "lift_" + cabi.Mangle(t)
	gt := GoType(t)
	p.P("func ", name, "(src *", e.cStorage(t), ") ", gt, " {")
	switch t.Kind {
	case idl.KindString:
		p.P("\tif src.ptr == nil || src.len == 0 {")
		p.P("\t\treturn \"\"")
		p.P("\t}")
		p.P("\treturn string(unsafe.Slice((*byte)(unsafe.Pointer(src.ptr)), src.len))")
	case idl.KindBytes:
		p.P("\tif src.ptr == nil || src.len == 0 {")
		p.P("\t\treturn nil")
		p.P("\t}")
		p.P("\treturn append([]byte(nil), unsafe.Slice((*byte)(unsafe.Pointer(src.ptr)), src.len)...)")
	case idl.KindList:
		p.P("\tif src.ptr == nil || src.len == 0 {")
		p.P("\t\treturn nil")
		p.P("\t}")
		p.P("\ts := unsafe.Slice(src.ptr, src.len)")
		p.P("\tout := make(", gt, ", len(s))")
		p.P("\tfor i := range s {")
		p.P("\t\tout[i] = ", e.liftLV(t.Elem, "s[i]"))
		p.P("\t}")
		p.P("\treturn out")
	case idl.KindMap:
		p.P("\tvar out ", gt)
		p.P("\tif src.len == 0 || src.keys == nil || src.values == nil {")
		p.P("\t\treturn out")
		p.P("\t}")
		p.P("\tks := unsafe.Slice(src.keys, src.len)")
		p.P("\tvs := unsafe.Slice(src.values, src.len)")
		p.P("\tout.Keys = make([]", GoType(t.Key), ", len(ks))")
		p.P("\tout.Values = make([]", GoType(t.Elem), ", len(vs))")
		p.P("\tfor i := range ks {")
		p.P("\t\tout.Keys[i] = ", e.liftLV(t.Key, "ks[i]"))
		p.P("\t\tout.Values[i] = ", e.liftLV(t.Elem, "vs[i]"))
		p.P("\t}")
		p.P("\treturn out")
	case idl.KindOptional:
		p.P("\tif *src == nil {")
		p.P("\t\treturn nil")
		p.P("\t}")
		if nilable(t.Elem) {
			p.P("\treturn ", e.liftLV(t.Elem, "**src"))
		} else {
			p.P("\tv := ", e.liftLV(t.Elem, "**src"))
			p.P("\treturn &v")
		}
	case idl.KindStruct:
		s := t.Struct()
		if len(s.Fields) == 0 {
			p.P("\treturn ", gt, "{}")
			break
		}
		p.P("\treturn ", gt, "{")
		for _, f := range s.Fields {
			p.P("\t\t", naming.GoExported(f.Name), ": ", e.liftLV(f.Type, "src."+cField(f)), ",")
		}
		p.P("\t}")
	case idl.KindUnion:
		u := t.Union()
		p.P("\tswitch src.tag {")
		for _, c := range u.Cases {
			p.P("\tcase ", c.Tag, ":")
			if c.Type == nil {
				p.P("\t\treturn ", gt+naming.GoExported(c.Name), "{}")
				continue
			}
			p.P("\t\treturn ", gt+naming.GoExported(c.Name), "{Value: ", e.liftLV(c.Type, "*(*"+e.cStorage(c.Type)+")(unsafe.Pointer(&src.u))"), "}")
		}
		p.P("\t}")
		p.P("\treturn ", gt, "Unknown{Tag: uint32(src.tag)}")
	default:
		panic("gengoimpl: no lift for " + t.String())
	}
	p.P("}")
	p.P()
}

func (e *exportGen) lowerHelper(t *idl.Type) {
	p := e.p
	name := "lower_" + cabi.Mangle(t)
	gt := GoType(t)
	p.P("func ", name, "(dst *", e.cStorage(t), ", v ", gt, ") {")
	switch t.Kind {
	case idl.KindString, idl.KindBytes:
		ptr := "*C.char"
		if t.Kind == idl.KindBytes {
			ptr = "*C.uint8_t"
		}
		p.P("\tif len(v) == 0 {")
		p.P("\t\treturn")
		p.P("\t}")
		p.P("\tp := c_alloc(uintptr(len(v)) + 1)")
		p.P("\tb := unsafe.Slice((*byte)(p), len(v)+1)")
		p.P("\tb[copy(b, v)] = 0")
		p.P("\tdst.ptr = (", ptr, ")(p)")
		p.P("\tdst.len = C.size_t(len(v))")
	case idl.KindList:
		p.P("\tif len(v) == 0 {")
		p.P("\t\treturn")
		p.P("\t}")
		p.P("\tdst.ptr = (*", e.cStorage(t.Elem), ")(c_alloc(uintptr(len(v)) * unsafe.Sizeof(*dst.ptr)))")
		p.P("\tdst.len = C.size_t(len(v))")
		p.P("\ts := unsafe.Slice(dst.ptr, len(v))")
		p.P("\tfor i := range v {")
		p.P("\t\t", e.lowerLV(t.Elem, "s[i]", "v[i]"))
		p.P("\t}")
	case idl.KindMap:
		p.P("\tn := len(v.Keys)")
		p.P("\tif n == 0 {")
		p.P("\t\treturn")
		p.P("\t}")
		p.P("\tvalues := v.Values[:n] // fewer values than keys is a bug: panic here")
		p.P("\tdst.keys = (*", e.cStorage(t.Key), ")(c_alloc(uintptr(n) * unsafe.Sizeof(*dst.keys)))")
		p.P("\tdst.values = (*", e.cStorage(t.Elem), ")(c_alloc(uintptr(n) * unsafe.Sizeof(*dst.values)))")
		p.P("\tdst.len = C.size_t(n)")
		p.P("\tks := unsafe.Slice(dst.keys, n)")
		p.P("\tvs := unsafe.Slice(dst.values, n)")
		p.P("\tfor i, k := range v.Keys {")
		p.P("\t\t", e.lowerLV(t.Key, "ks[i]", "k"))
		p.P("\t\t", e.lowerLV(t.Elem, "vs[i]", "values[i]"))
		p.P("\t}")
	case idl.KindOptional:
		p.P("\tif v == nil {")
		p.P("\t\treturn")
		p.P("\t}")
		p.P("\t*dst = (", e.cStorage(t), ")(c_alloc(unsafe.Sizeof(**dst)))")
		if nilable(t.Elem) {
			p.P("\t", e.lowerLV(t.Elem, "**dst", "v"))
		} else {
			p.P("\t", e.lowerLV(t.Elem, "**dst", "*v"))
		}
	case idl.KindStruct:
		// An empty struct writes nothing: its padding byte (cabi.EmptyPad)
		// is already zero, as every output is.
		for _, f := range t.Struct().Fields {
			p.P("\t", e.lowerLV(f.Type, "dst."+cField(f), "v."+naming.GoExported(f.Name)))
		}
	case idl.KindUnion:
		u := t.Union()
		p.P("\tswitch c := v.(type) {")
		for _, c := range u.Cases {
			cn := gt + naming.GoExported(c.Name)
			if c.Type == nil {
				// The tag alone; the payload bytes stay zero.
				p.P("\tcase ", cn, ", *", cn, ":")
				p.P("\t\tdst.tag = ", c.Tag)
				continue
			}
			lv := "*(*" + e.cStorage(c.Type) + ")(unsafe.Pointer(&dst.u))"
			p.P("\tcase ", cn, ":")
			p.P("\t\tdst.tag = ", c.Tag)
			p.P("\t\t", e.lowerLV(c.Type, lv, "c.Value"))
			p.P("\tcase *", cn, ":")
			p.P("\t\tdst.tag = ", c.Tag)
			p.P("\t\t", e.lowerLV(c.Type, lv, "c.Value"))
		}
		p.P("\tcase ", gt, "Unknown:")
		p.P("\t\tdst.tag = C.uint32_t(c.Tag)")
		p.P("\tcase *", gt, "Unknown:")
		p.P("\t\tdst.tag = C.uint32_t(c.Tag)")
		p.P("\t}")
	default:
		panic("gengoimpl: no lower for " + t.String())
	}
	p.P("}")
	p.P()
}

// runtime writes the helpers every export file has.
func (e *exportGen) runtime() {
	p := e.p
	pkg := e.pkg
	p.Import("fmt")
	p.Import("os")
	p.Import("runtime/debug")
	p.Import("sync/atomic")
	p.P("func c_getImpl() ", implName, " {")
	p.P("\tif c_impl == nil {")
	p.P("\t\tpanic(", fmt.Sprintf("%q", pkg.Name+": no implementation registered: call "+e.opts.Package+"."+registerName+" from an init function"), ")")
	p.P("\t}")
	p.P("\treturn c_impl")
	p.P("}")
	p.P()
	p.P("// c_alloc is ", cabi.AllocName(pkg), "(n), zeroed, so that a half-built output is")
	p.P("// safe to release.")
	p.P("func c_alloc(n uintptr) unsafe.Pointer {")
	p.P("\tp := C.", cabi.AllocName(pkg), "(C.size_t(n))")
	p.P("\tclear(unsafe.Slice((*byte)(p), n))")
	p.P("\treturn p")
	p.P("}")
	p.P()
	p.P("// c_liveHandles counts the handles C holds; ", cabi.Prefix(pkg)+liveHandlesFunc, "() reads it.")
	p.P("var c_liveHandles atomic.Int64")
	p.P()
	p.P("func c_newHandle(v any) unsafe.Pointer {")
	p.P("\tp := c_alloc(unsafe.Sizeof(cgo.Handle(0)))")
	p.P("\t*(*cgo.Handle)(p) = cgo.NewHandle(v)")
	p.P("\tc_liveHandles.Add(1)")
	p.P("\treturn p")
	p.P("}")
	p.P()
	p.P("func c_dropHandle(p unsafe.Pointer) {")
	p.P("\th := (*cgo.Handle)(p)")
	p.P("\th.Delete()")
	p.P("\t*h = 0")
	p.P("\tc_liveHandles.Add(-1)")
	p.P("\tC.", cabi.FreeName(pkg), "(p)")
	p.P("}")
	p.P()
	live := exportName(cabi.Prefix(pkg) + liveHandlesFunc)
	p.P("// ", live, " is the number of object handles the Go library has handed")
	p.P("// out and C has not destroyed (", cabi.Prefix(pkg)+liveHandlesFunc, " in C).")
	p.P("//")
	p.P("//export ", live)
	p.P("func ", live, "() C.int64_t { return C.int64_t(c_liveHandles.Load()) }")
	p.P()
	p.P("func c_report(function string, err error) {")
	p.P("\tif ", reportName, " != nil {")
	p.P("\t\t", reportName, "(function, err)")
	p.P("\t\treturn")
	p.P("\t}")
	p.P("\tfmt.Fprintf(os.Stderr, \"%s: %v\\n\", function, err)")
	p.P("}")
	p.P()
	p.P("// c_panicked reports a recovered panic and returns ", internalName, ".")
	p.P("func c_panicked(function string, r any) C.int32_t {")
	p.P("\tc_report(function, fmt.Errorf(\"panic: %v\\n%s\", r, debug.Stack()))")
	p.P("\treturn C.int32_t(", internalName, ")")
	p.P("}")
	p.P()
	p.P("// c_fatal, deferred by a function that cannot raise, turns a panic into a")
	p.P("// message on standard error and abort(): there is no error to return, and")
	p.P("// a made-up result would be wrong data.")
	p.P("func c_fatal(function string) {")
	p.P("\tif r := recover(); r != nil {")
	p.P("\t\tfmt.Fprintf(os.Stderr, \"%s: panic: %v (the function cannot raise an error; aborting)\\n%s\", function, r, debug.Stack())")
	p.P("\t\tC.abort()")
	p.P("\t}")
	p.P("}")
}

// cFile is <pkg>_export.c: every function of the header that the library
// defines, each forwarding to its Go export, plus the header's
// implementation section. Its locals (r, rc) take a trailing underscore
// until no parameter has their name.
func (g *generator) cFile() []byte {
	var b bytes.Buffer
	pkg := g.pkg
	b.WriteString("/* Code generated by bindgen. DO NOT EDIT. */\n")
	b.WriteString("/* source: " + strings.Join(pkg.Files, ", ") + " */\n\n")
	b.WriteString("/* The functions of " + g.opts.Header + ", implemented by the Go package beside this\n")
	b.WriteString("   file; the header's own definitions (allocator, counter, release and copy\n")
	b.WriteString("   functions) are compiled here, once for the whole library. */\n")
	// This file is the library's: its build macro makes the header's
	// export macro export what it defines (on Windows, dllexport).
	fmt.Fprintf(&b, "#define %s\n#define %s\n#include %q\n#include \"_cgo_export.h\"\n\n#include <string.h>\n\n", cabi.BuildMacro(pkg), cabi.ImplementationMacro(pkg), g.opts.Header)
	fmt.Fprintf(&b, "int64_t %s%s(void);\n\n", cabi.Prefix(pkg), liveHandlesFunc)
	fmt.Fprintf(&b, "int64_t %s%s(void) { return %s(); }\n", cabi.Prefix(pkg), liveHandlesFunc, exportName(cabi.Prefix(pkg)+liveHandlesFunc))
	emit := func(sig *cabi.Signature) {
		b.WriteString("\n" + sig.String() + " {\n")
		var args []string
		var out *cabi.Param
		for i := range sig.Params {
			pa := &sig.Params[i]
			switch {
			case pa.Mode == cabi.Out:
				out = pa
			case pa.Mode == cabi.ByValue && !scalarLike(pa.Type):
				args = append(args, "&"+pa.Name)
			case pa.Mode == cabi.ByConstPtr:
				args = append(args, "("+strings.TrimPrefix(pa.CType, "const ")+")"+pa.Name)
			default:
				args = append(args, pa.Name)
			}
		}
		taken := map[string]bool{}
		for _, pa := range sig.Params {
			taken[pa.Name] = true
		}
		r, rc := fresh("r", taken), fresh("rc", taken)
		call := exportName(sig.Name)
		switch {
		case sig.Raises != nil && out != nil:
			rt := cabi.TypeName(pkg, sig.Result)
			fmt.Fprintf(&b, "    %s;\n    int32_t %s;\n    memset(&%s, 0, sizeof %s);\n", cabi.Decl(rt, r), rc, r, r)
			fmt.Fprintf(&b, "    %s = %s(%s);\n", rc, call, strings.Join(append(args, "&"+r), ", "))
			fmt.Fprintf(&b, "    if (%s == 0) {\n        *%s = %s;\n    }\n    return %s;\n", rc, out.Name, r, rc)
		case sig.Raises != nil:
			fmt.Fprintf(&b, "    return %s(%s);\n", call, strings.Join(args, ", "))
		case sig.Result != nil:
			fmt.Fprintf(&b, "    %s;\n    memset(&%s, 0, sizeof %s);\n", cabi.Decl(sig.Return, r), r, r)
			fmt.Fprintf(&b, "    %s(%s);\n    return %s;\n", call, strings.Join(append(args, "&"+r), ", "), r)
		default:
			fmt.Fprintf(&b, "    %s(%s);\n", call, strings.Join(args, ", "))
		}
		b.WriteString("}\n")
	}
	for _, f := range pkg.Funcs {
		emit(cabi.LowerFunc(pkg, f))
	}
	for _, o := range pkg.Objects {
		for _, c := range o.Ctors {
			emit(cabi.LowerCtor(pkg, c))
		}
		for _, m := range o.Methods {
			emit(cabi.LowerFunc(pkg, m))
		}
		ot := idl.TypeOf(o)
		fmt.Fprintf(&b, "\nvoid %s(%s) {\n    %s(self);\n}\n", cabi.DestroyName(pkg, o), cabi.Decl(cabi.TypeName(pkg, ot), "self"), exportName(cabi.DestroyName(pkg, o)))
	}
	return b.Bytes()
}

// fresh is base with as many trailing underscores as keep it out of taken.
func fresh(base string, taken map[string]bool) string {
	for taken[base] {
		base += "_"
	}
	return base
}
