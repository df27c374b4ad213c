// Package gengoimpl is bindgen's Go implementation backend: the other
// direction of gen/go. Where gen/go calls a C library from Go, gengoimpl lets
// Go be the library behind the generated C header, so that C, C++ and the
// generated Python module call Go code through the same ABI (docs/abi.md).
//
// For a package it writes three files into one Go package:
//
//   - <pkg>_impl.go: pure Go: the constants, enums, errors, structs and
//     unions, one interface per object, the Impl interface the user
//     implements (every function and constructor) and Register.
//   - <pkg>_export.go: the cgo side: one //export function per function,
//     constructor, method and destroy of the header, converting C values
//     to Go, calling the registered Impl and converting results back with
//     the header's allocator, so the caller releases them as docs/abi.md
//     says, whichever language implements the library.
//   - <pkg>_export.c: the header's functions with their exact prototypes
//     (the compiler checks them against the header), each forwarding to
//     its Go export, and the header's own implementation section (the
//     allocator, the live-allocation counter, release and copy functions),
//     so the library defines every symbol the header declares.
//
// Objects are cgo.Handle values in a one-word calc_alloc block behind the
// opaque pointer, so an undestroyed handle shows in the live-allocation
// counter as in the C test libraries. Go never hands C a Go pointer: every
// output is built in calc_alloc memory, which is what keeps cgo's pointer
// rules (checked with GOEXPERIMENT=cgocheck2) trivially satisfied.
package gengoimpl

import (
	"bytes"
	"fmt"
	"go/format"
	"strconv"
	"strings"

	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/internal/langtype"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// Options tune the generated Go package.
type Options struct {
	// Package is the Go package name; the IDL package name when empty.
	Package string
	// Header is the C header the generated files include; "<pkg>.h" when
	// empty. It is written by the C backend (--lang=c).
	Header string
}

// Names the generated package defines besides those of the IDL.
const (
	implName     = "Impl"
	registerName = "Register"
	mapName      = "Map"
	internalName = "ErrorCodeInternal"
	reportName   = "ReportError"
)

// InternalCode is the error code a fallible call returns when the Go
// implementation panics or returns an error that is not of the IDL error
// type: INT32_MIN, which no error type of a sane IDL uses.
const InternalCode = -2147483648

// Generate returns <pkg>_impl.go, <pkg>_export.go and <pkg>_export.c. It
// fails with an idl.ErrorList (diagnostics of the IDL) when a name the
// generated package needs is taken by the IDL, or
// when the output is not valid Go (a bug in this package; the error shows
// the source with line numbers).
func Generate(pkg *idl.Package, opts Options) ([]gen.File, error) {
	if errs := idl.RefuseCallbacks(pkg, "goimpl", "a Go implementation that calls C callback structs is not written yet"); errs != nil {
		return nil, errs
	}
	if pkg.Extern != nil {
		return nil, fmt.Errorf("package %s binds an existing C library (extern %q): goimpl implements a header bindgen generates, not the user's", pkg.Name, pkg.Extern.Header)
	}
	if opts.Package == "" {
		opts.Package = pkg.Name
	}
	if opts.Header == "" {
		opts.Header = pkg.Name + ".h"
	}
	g := &generator{pkg: pkg, opts: opts}
	if err := g.checkNames(); err != nil {
		return nil, err
	}
	impl, err := g.goFile(pkg.Name+"_impl.go", g.implFile)
	if err != nil {
		return nil, err
	}
	export, err := g.goFile(pkg.Name+"_export.go", g.exportFile)
	if err != nil {
		return nil, err
	}
	return []gen.File{impl, export, {Path: pkg.Name + "_export.c", Content: g.cFile()}}, nil
}

type generator struct {
	pkg  *idl.Package
	opts Options
}

// checkNames reports, as diagnostics of the IDL, every Go name that meets
// one the generated package defines itself (Impl, Register, Map, ...),
// two Impl methods of one name, and a function that meets the one C
// function the Go library adds.
func (g *generator) checkNames() error {
	var errs idl.ErrorList
	own := map[string]bool{implName: true, registerName: true, internalName: true, reportName: true}
	if usesMap(g.pkg) {
		own[mapName] = true
	}
	for _, d := range g.pkg.Decls {
		if _, ok := d.(*idl.Func); ok {
			continue
		}
		if n := naming.GoExported(d.DeclName()); own[n] {
			errs.Add(d.DeclPos(), "%s %q is spelled %s in Go, a name the goimpl package defines itself", d.DeclKind(), d.DeclName(), n)
		}
	}
	methods := map[string]string{}
	add := func(pos idl.Pos, name, what string) {
		if prev, ok := methods[name]; ok {
			errs.Add(pos, "%s and %s are both the method %s.%s in Go", prev, what, implName, name)
			return
		}
		methods[name] = what
	}
	for _, f := range g.pkg.Funcs {
		add(f.Pos, naming.GoExported(f.Name), "fn "+f.Name)
	}
	for _, o := range g.pkg.Objects {
		for _, c := range o.Ctors {
			add(c.Pos, ctorName(c), "a constructor of "+o.Name)
		}
	}
	if d, ok := g.pkg.Lookup[liveHandlesFunc]; ok {
		errs.Add(d.DeclPos(), "%s %q meets the C function %s%s that the Go library exports", d.DeclKind(), liveHandlesFunc, cabi.Prefix(g.pkg), liveHandlesFunc)
	}
	errs.Sort()
	return errs.Err()
}

// liveHandlesFunc is the IDL spelling of the one C function the Go library
// exports beyond the header: <pkg>_goimpl_live_handles.
const liveHandlesFunc = "goimpl_live_handles"

func usesMap(pkg *idl.Package) bool {
	for _, t := range cabi.Instances(pkg) {
		if t.Kind == idl.KindMap {
			return true
		}
	}
	return false
}

func ctorName(c *idl.Ctor) string {
	n := "New" + naming.GoExported(c.Object.Name)
	if c.Name != "" {
		n += naming.GoExported(c.Name)
	}
	return n
}

// goFile renders one Go file through go/format; output depends on the
// IDL alone.
func (g *generator) goFile(name string, body func(p *printer)) (gen.File, error) {
	p := &printer{imports: map[string]bool{}}
	body(p)
	var out bytes.Buffer
	out.WriteString("// Code generated by bindgen. DO NOT EDIT.\n")
	out.WriteString("// source: " + strings.Join(g.pkg.Files, ", ") + "\n\n")
	out.Write(p.head.Bytes())
	out.WriteString("package " + g.opts.Package + "\n\n")
	out.Write(p.preamble.Bytes())
	if len(p.imports) > 0 {
		out.WriteString("import (\n")
		for _, imp := range sortedKeys(p.imports) {
			out.WriteString("\t" + strconv.Quote(imp) + "\n")
		}
		out.WriteString(")\n\n")
	}
	out.Write(p.buf.Bytes())
	src, err := format.Source(out.Bytes())
	if err != nil {
		return gen.File{}, fmt.Errorf("gengoimpl: generated %s is not valid Go: %v\n%s", name, err, gen.Numbered(out.Bytes()))
	}
	// One pass is not always a fixed point: a doc comment whose first
	// line is indented (followed by a line ending in a backslash) becomes
	// a code block that the next pass turns back into a paragraph
	// (testdata/prop/doc_indented_then_backslash.idl). The second pass is
	// what gofmt would write.
	if again, err := format.Source(src); err == nil {
		src = again
	}
	return gen.File{Path: name, Content: src}, nil
}

// printer collects a file's body line by line.
type printer struct {
	head, preamble, buf bytes.Buffer
	imports             map[string]bool
}

// P writes its arguments and a newline.
func (p *printer) P(args ...any) {
	for _, a := range args {
		fmt.Fprint(&p.buf, a)
	}
	p.buf.WriteByte('\n')
}

// Import records that the file uses package path.
func (p *printer) Import(path string) { p.imports[path] = true }

// doc writes d as a doc comment, or fallback when d is empty.
func (p *printer) doc(indent string, d idl.Doc, fallback string) {
	if len(d) == 0 {
		for _, line := range gen.Wrap(fallback, 76) {
			p.P(indent, "// ", line)
		}
		return
	}
	for _, line := range d {
		if strings.TrimSpace(line) == "" {
			p.P(indent, "//")
		} else {
			p.P(indent, "// ", line)
		}
	}
}

// GoType is the Go type of t in the implementation package: the go
// backend's (internal/langtype) except that an object is the interface the
// user implements, not a pointer to a handle, and a map is Map[K, V],
// which keeps the order of the C arrays (a C implementation sees that
// order, so a Go one does too).
//
// It is exported for code written against the generated package, such
// as a test's implementation of a random IDL.
func GoType(t *idl.Type) string {
	switch t.Kind {
	case idl.KindList:
		return "[]" + GoType(t.Elem)
	case idl.KindMap:
		return mapName + "[" + GoType(t.Key) + ", " + GoType(t.Elem) + "]"
	case idl.KindOptional:
		if nilable(t.Elem) {
			return GoType(t.Elem)
		}
		return "*" + GoType(t.Elem)
	case idl.KindObject:
		return naming.GoExported(t.Decl.DeclName())
	}
	return langtype.Go(t)
}

// nilable reports whether t's Go form already has nil as "absent": a
// union or an object, both interfaces.
func nilable(t *idl.Type) bool { return t.Kind == idl.KindUnion || t.Kind == idl.KindObject }

func (g *generator) implFile(p *printer) {
	p.head.WriteString("// Package " + g.opts.Package + " is the Go side of the C ABI of " + strings.Join(g.pkg.Files, ", ") + ",\n")
	p.head.WriteString("// generated by bindgen: implement Impl, call Register from an init\n")
	p.head.WriteString("// function, and build with -buildmode=c-shared or -buildmode=c-archive.\n")
	if len(g.pkg.Doc) > 0 {
		p.head.WriteString("//\n")
		for _, l := range g.pkg.Doc {
			if strings.TrimSpace(l) == "" {
				p.head.WriteString("//\n")
			} else {
				p.head.WriteString("// " + l + "\n")
			}
		}
	}
	for _, d := range g.pkg.Decls {
		switch d := d.(type) {
		case *idl.Const:
			g.constDecl(p, d)
		case *idl.Enum:
			g.enumDecl(p, d)
		case *idl.Struct:
			g.structDecl(p, d)
		case *idl.Union:
			g.unionDecl(p, d)
		case *idl.Object:
			g.objectDecl(p, d)
		}
	}
	if usesMap(g.pkg) {
		g.mapDecl(p)
	}
	g.implDecl(p)
}

func (g *generator) constDecl(p *printer, c *idl.Const) {
	name := naming.GoExported(c.Name)
	p.doc("", c.Doc, name+" is the constant "+c.Name+" of "+g.pkg.Name+".")
	var v string
	l := c.Value
	switch c.Type.Kind {
	case idl.KindBool:
		v = strconv.FormatBool(l.Bool)
	case idl.KindString:
		v = strconv.Quote(l.Str)
	case idl.KindF32:
		v = strconv.FormatFloat(float64(float32(l.Float)), 'g', -1, 32)
	case idl.KindF64:
		v = strconv.FormatFloat(l.Float, 'g', -1, 64)
	default:
		v = strconv.FormatUint(l.Uint, 10)
		if l.Neg {
			v = "-" + v
		}
	}
	p.P("const ", name, " ", GoType(c.Type), " = ", v)
	p.P()
}

func (g *generator) enumDecl(p *printer, e *idl.Enum) {
	name := naming.GoExported(e.Name)
	p.doc("", e.Doc, name+" is the "+map[bool]string{false: "enum", true: "error"}[e.IsError]+" "+e.Name+" of "+g.pkg.Name+".")
	if e.IsError {
		p.P("//")
		p.P("// A ", name, " is an error: a fallible Impl method returns one (or an")
		p.P("// error wrapping one) to make the C call return its code.")
	}
	p.P("type ", name, " int32")
	p.P()
	p.P("// The members of ", name, ".")
	p.P("const (")
	for _, m := range e.Members {
		p.doc("\t", m.Doc, name+naming.GoExported(m.Name)+" is "+e.Name+"."+m.Name+".")
		p.P("\t", name+naming.GoExported(m.Name), " ", name, " = ", m.Value)
	}
	p.P(")")
	p.P()
	p.Import("strconv")
	p.P("// String returns the IDL name of v, or ", name, "(N) for a value that has no")
	p.P("// name in this version of ", g.pkg.Name, ".")
	p.P("func (v ", name, ") String() string {")
	p.P("\tswitch v {")
	for _, m := range e.Members {
		p.P("\tcase ", name+naming.GoExported(m.Name), ":")
		p.P("\t\treturn ", strconv.Quote(m.Name))
	}
	p.P("\t}")
	p.P("\treturn \"", name, "(\" + strconv.FormatInt(int64(v), 10) + \")\"")
	p.P("}")
	p.P()
	if e.IsError {
		p.P("// Error formats the error with its name and code.")
		p.P("func (v ", name, ") Error() string {")
		p.P("\treturn \"", g.pkg.Name, ": ", name, " \" + v.String() + \" (code \" + strconv.FormatInt(int64(v), 10) + \")\"")
		p.P("}")
		p.P()
		p.P("// Code returns the error code that crosses the C ABI.")
		p.P("func (v ", name, ") Code() int32 { return int32(v) }")
		p.P()
	}
}

func (g *generator) structDecl(p *printer, s *idl.Struct) {
	name := naming.GoExported(s.Name)
	p.doc("", s.Doc, name+" is the struct "+s.Name+" of "+g.pkg.Name+".")
	if len(s.Fields) == 0 {
		// C's padding byte (cabi.EmptyPad) carries nothing: Go holds nothing.
		p.P("type ", name, " struct{}")
		p.P()
		return
	}
	p.P("type ", name, " struct {")
	for _, f := range s.Fields {
		fn := naming.GoExported(f.Name)
		p.doc("\t", f.Doc, fmt.Sprintf("%s is field %s (@%d).", fn, f.Name, f.Tag))
		p.P("\t", fn, " ", GoType(f.Type))
	}
	p.P("}")
	p.P()
}

func (g *generator) unionDecl(p *printer, u *idl.Union) {
	name := naming.GoExported(u.Name)
	var cases []string
	for _, c := range u.Cases {
		cases = append(cases, name+naming.GoExported(c.Name))
	}
	p.doc("", u.Doc, name+" is the union "+u.Name+" of "+g.pkg.Name+".")
	p.P("//")
	for _, l := range gen.Wrap(fmt.Sprintf("A %s holds exactly one of %s, or %sUnknown for a case that this version of %s does not know; nil holds no case (tag 0). A pointer to a case type is accepted too.", name, strings.Join(cases, ", "), name, g.pkg.Name), 76) {
		p.P("// ", l)
	}
	p.P("type ", name, " interface {")
	p.P("\tis", name, "()")
	p.P("}")
	p.P()
	for i, c := range u.Cases {
		p.doc("", c.Doc, fmt.Sprintf("%s is the case %s (@%d) of %s.", cases[i], c.Name, c.Tag, u.Name))
		if c.Type == nil {
			// A payload-free case is its tag alone: nothing to hold.
			p.P("type ", cases[i], " struct{}")
		} else {
			p.P("type ", cases[i], " struct {")
			p.P("\t// Value is the case's payload.")
			p.P("\tValue ", GoType(c.Type))
			p.P("}")
		}
		p.P()
		p.P("func (", cases[i], ") is", name, "() {}")
		p.P()
	}
	p.P("// ", name, "Unknown is a case of ", name, " that this version of ", g.pkg.Name, " does not")
	p.P("// know. Tag is the case's tag; the payload is not kept, and returning it")
	p.P("// returns the tag with a zeroed payload.")
	p.P("type ", name, "Unknown struct {")
	p.P("\t// Tag is the unknown case's tag.")
	p.P("\tTag uint32")
	p.P("}")
	p.P()
	p.P("func (", name, "Unknown) is", name, "() {}")
	p.P()
}

// signature is the Go parameter list and results of an IDL function.
func signature(params []*idl.Param, result, raises *idl.Type) string {
	var ps []string
	for _, pa := range params {
		ps = append(ps, naming.GoLocal(pa.Name)+" "+GoType(pa.Type))
	}
	s := "(" + strings.Join(ps, ", ") + ")"
	switch {
	case result != nil && raises != nil:
		s += " (" + GoType(result) + ", error)"
	case result != nil:
		s += " " + GoType(result)
	case raises != nil:
		s += " error"
	}
	return s
}

func (g *generator) objectDecl(p *printer, o *idl.Object) {
	name := naming.GoExported(o.Name)
	p.doc("", o.Doc, name+" is the object "+o.Name+" of "+g.pkg.Name+".")
	p.P("//")
	for _, l := range gen.Wrap(fmt.Sprintf("The Go implementation of %s implements this interface; the constructors are methods of %s. Each %s a Go function returns to C becomes a new handle (a cgo.Handle) that the caller destroys once; destroying it only drops the handle, so a Go value may be returned, kept or passed again freely. Methods may be called from several C threads at once.", o.Name, implName, name), 76) {
		p.P("// ", l)
	}
	p.P("type ", name, " interface {")
	for _, m := range o.Methods {
		p.doc("\t", m.Doc, naming.GoExported(m.Name)+" implements the method "+m.Name+" of "+o.Name+" ("+cabi.MethodName(g.pkg, o, m)+" in C).")
		p.P("\t", naming.GoExported(m.Name), signature(m.Params, m.Result, m.Raises))
	}
	p.P("}")
	p.P()
}

func (g *generator) mapDecl(p *printer) {
	p.Import("iter")
	p.P("// ", mapName, " is an IDL map as it crosses the C ABI: parallel keys and values,")
	p.P("// entry i being Keys[i] -> Values[i], in the order the caller gave them")
	p.P("// (what a C implementation sees). Keys must be unique; Put keeps them so.")
	p.P("type ", mapName, "[K comparable, V any] struct {")
	p.P("\tKeys   []K")
	p.P("\tValues []V")
	p.P("}")
	p.P()
	p.P("// Len is the number of entries.")
	p.P("func (m ", mapName, "[K, V]) Len() int { return len(m.Keys) }")
	p.P()
	p.P("// Get returns the value under k, by a linear search.")
	p.P("func (m ", mapName, "[K, V]) Get(k K) (V, bool) {")
	p.P("\tfor i, key := range m.Keys {")
	p.P("\t\tif key == k {")
	p.P("\t\t\treturn m.Values[i], true")
	p.P("\t\t}")
	p.P("\t}")
	p.P("\tvar zero V")
	p.P("\treturn zero, false")
	p.P("}")
	p.P()
	p.P("// Put sets the value under k: in place when k is present, else appended.")
	p.P("func (m *", mapName, "[K, V]) Put(k K, v V) {")
	p.P("\tfor i, key := range m.Keys {")
	p.P("\t\tif key == k {")
	p.P("\t\t\tm.Values[i] = v")
	p.P("\t\t\treturn")
	p.P("\t\t}")
	p.P("\t}")
	p.P("\tm.Keys = append(m.Keys, k)")
	p.P("\tm.Values = append(m.Values, v)")
	p.P("}")
	p.P()
	p.P("// All yields the entries in order.")
	p.P("func (m ", mapName, "[K, V]) All() iter.Seq2[K, V] {")
	p.P("\treturn func(yield func(K, V) bool) {")
	p.P("\t\tfor i, k := range m.Keys {")
	p.P("\t\t\tif !yield(k, m.Values[i]) {")
	p.P("\t\t\t\treturn")
	p.P("\t\t\t}")
	p.P("\t\t}")
	p.P("\t}")
	p.P("}")
	p.P()
}

func (g *generator) implDecl(p *printer) {
	p.P("// ", implName, " is the library: every function and constructor of ", g.pkg.Name, ".")
	p.P("//")
	p.P("// A method whose IDL function raises returns an error: one of the IDL")
	p.P("// error type (or wrapping one, for errors.As) makes the C call return its")
	p.P("// code; any other error, and a panic, make it return ", internalName, ".")
	p.P("// A panic in a function that does not raise has no error to become: the")
	p.P("// library writes the panic and its stack to standard error and aborts")
	p.P("// the process, as a C library's failed assertion would.")
	p.P("type ", implName, " interface {")
	for _, f := range g.pkg.Funcs {
		p.doc("\t", f.Doc, naming.GoExported(f.Name)+" implements "+f.Name+" ("+cabi.FuncName(g.pkg, f)+" in C).")
		p.P("\t", naming.GoExported(f.Name), signature(f.Params, f.Result, f.Raises))
	}
	for _, o := range g.pkg.Objects {
		for _, c := range o.Ctors {
			what := "new"
			if c.Name != "" {
				what += " " + c.Name
			}
			p.doc("\t", c.Doc, ctorName(c)+" implements the constructor "+what+" of "+o.Name+" ("+cabi.CtorName(g.pkg, c)+" in C).")
			p.P("\t", ctorName(c), signature(c.Params, idl.TypeOf(o), c.Raises))
		}
	}
	p.P("}")
	p.P()
	p.P("// ", internalName, " is the code a fallible C call returns when the Go")
	p.P("// implementation panicked or returned an error that is not of the IDL")
	p.P("// error type (INT32_MIN). ", reportName, " is told what it was.")
	p.P("const ", internalName, " int32 = ", InternalCode)
	p.P()
	p.P("// ", reportName, ", when set, is given every panic and every error that")
	p.P("// becomes ", internalName, ", with the C function it happened in; when nil,")
	p.P("// they are written to standard error. Set it before the first call.")
	p.P("var ", reportName, " func(function string, err error)")
	p.P()
	p.P("var c_impl ", implName)
	p.P()
	p.P("// ", registerName, " installs the implementation every exported C function calls.")
	p.P("// Call it once, from an init function of the main package: a c-shared or")
	p.P("// c-archive library runs init functions when it loads, but never main.")
	p.P("func ", registerName, "(i ", implName, ") { c_impl = i }")
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
