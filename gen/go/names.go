package gengo

import (
	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// Names lists the exported identifiers of the files Generate writes
// (gen.Name): the package-scope names of <pkg>.go, <pkg>_cgo.go and
// <pkg>_callbacks.go, and the fields and methods of each struct and
// object. Unexported helpers are left out: every IDL name becomes an
// exported Go name, so none can meet them.
func Names(pkg *idl.Package) []gen.Name {
	out := make([]gen.Name, 0, 16+countNames(pkg))
	types, cgo := pkg.Name+".go", pkg.Name+"_cgo.go"
	add := func(scope, file, ident, what string, pos idl.Pos) {
		out = append(out, gen.Name{Lang: "Go", Scope: scope, File: file, Ident: ident, What: what, Pos: pos})
	}
	for _, d := range pkg.Decls {
		what, pos := gen.Decl(d), d.DeclPos()
		name := naming.GoExported(d.DeclName())
		switch d := d.(type) {
		case *idl.Const, *idl.Callback:
			add("", types, name, what, pos)
		case *idl.Enum:
			add("", types, name, what, pos)
			for _, m := range d.Members {
				add("", types, name+naming.GoExported(m.Name), "member \""+d.Name+"."+m.Name+"\"", m.Pos)
			}
		case *idl.Struct:
			add("", types, name, what, pos)
			for _, f := range d.Fields {
				add("type "+name, types, naming.GoExported(f.Name), "field \""+d.Name+"."+f.Name+"\"", f.Pos)
			}
		case *idl.Union:
			add("", types, name, what, pos)
			for _, c := range d.Cases {
				add("", types, name+naming.GoExported(c.Name), "case \""+d.Name+"."+c.Name+"\"", c.Pos)
			}
			add("", types, name+"Unknown", what+"'s unknown case", pos)
		case *idl.Object:
			add("", types, name, what, pos)
			add("type "+name, cgo, "Close", "the method Close every object has", idl.Pos{})
			for _, ct := range d.Ctors {
				add("", cgo, ctorName(d, ct), "constructor of "+what, ct.Pos)
			}
			for _, m := range d.Methods {
				add("type "+name, cgo, naming.GoExported(m.Name), "method \""+d.Name+"."+m.Name+"\"", m.Pos)
			}
		case *idl.Func:
			add("", cgo, name, what, pos)
		}
	}
	rt := func(file, ident, what string) { add("", file, ident, what, idl.Pos{}) }
	if len(pkg.Callbacks) > 0 {
		rt(types, "CallbackPanicError", "the error type of a panicking callback")
		rt(types, "ReportCallbackPanic", "the hook for panics of kept callbacks")
	}
	if len(pkg.Objects) > 0 {
		rt(types, "ErrClosed", "the error of a closed object")
	}
	if pkg.Extern != nil {
		n := externNeeds(pkg)
		for _, e := range []struct {
			need  bool
			ident string
		}{{n.cstr, "NULError"}, {n.length, "LengthError"}, {n.status, "StatusError"}, {n.buf, "CapacityError"}, {n.buf, "OverrunError"}} {
			if e.need {
				rt(cgo, e.ident, "an error type of the extern wrapper")
			}
		}
	}
	return out
}

// ctorName is the Go function of constructor ct of o: NewAccumulator,
// NewAccumulatorWithCapacity.
func ctorName(o *idl.Object, ct *idl.Ctor) string {
	name := "New" + naming.GoExported(o.Name)
	if ct.Name != "" {
		name += naming.GoExported(ct.Name)
	}
	return name
}

// externRuntime says which helpers and error types the wrapper of an
// extern package needs.
type externRuntime struct {
	cstr, bytes, length, array bool
	status, buf                bool
}

func externNeeds(pkg *idl.Package) externRuntime {
	var n externRuntime
	for _, f := range pkg.Funcs {
		n.status = n.status || f.Ok != ""
		for _, prm := range f.Params {
			n.cstr = n.cstr || prm.Type.IsCString()
			n.array = n.array || prm.Type.Kind == idl.KindList
			n.bytes = n.bytes || prm.Type.Kind == idl.KindBytes // out buffers too
			n.length = n.length || externArray(prm) && prm.Len.Kind.Bits() < 64
			n.buf = n.buf || prm.IsOutBuffer()
		}
	}
	return n
}

// countNames is about the number of names Names lists for pkg, to size
// its list once.
func countNames(pkg *idl.Package) int {
	n := len(pkg.Decls)
	for _, d := range pkg.Decls {
		switch d := d.(type) {
		case *idl.Enum:
			n += len(d.Members)
		case *idl.Struct:
			n += len(d.Fields)
		case *idl.Union:
			n += len(d.Cases) + 1
		case *idl.Object:
			n += 1 + len(d.Ctors) + len(d.Methods)
		}
	}
	return n
}
