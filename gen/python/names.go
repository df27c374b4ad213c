package genpython

import (
	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// Names lists the public identifiers of <pkg>.py (gen.Name): the module's
// names, every one of __all__ and the names the module binds besides, and
// the methods of each object's class. Names with a leading underscore are
// the module's private helpers and are left out.
func Names(pkg *idl.Package) []gen.Name {
	out := make([]gen.Name, 0, 16+2*len(pkg.Decls))
	file := pkg.Name + ".py"
	add := func(scope, ident, what string, pos idl.Pos) {
		out = append(out, gen.Name{Lang: "Python", Scope: scope, File: file, Ident: ident, What: what, Pos: pos})
	}
	rt := func(ident, what string) { add("", ident, what, idl.Pos{}) }
	rt("load", "the module's library loader")
	rt("LibraryNotLoadedError", "the module's error of a library not loaded")
	rt("ClosedError", "the module's error of a closed object")
	if len(pkg.Callbacks) > 0 {
		rt("report_callback_error", "the hook for errors of kept callbacks")
	}
	if pkg.Extern != nil {
		n := externNeeds(pkg)
		if n.status {
			rt("StatusError", "the error type of a failed status")
		}
		if n.outbuf {
			rt("OverrunError", "the error type of an overrun out buffer")
		}
	}
	for _, d := range pkg.Decls {
		what, pos := gen.Decl(d), d.DeclPos()
		switch d := d.(type) {
		case *idl.Const:
			add("", naming.PyConst(d.Name), what, pos)
		case *idl.Enum, *idl.Struct, *idl.Callback:
			add("", className(d), what, pos)
		case *idl.Union:
			name := className(d)
			add("", name, what, pos)
			for _, c := range d.Cases {
				add("", name+naming.PyClass(c.Name), "case \""+d.Name+"."+c.Name+"\"", c.Pos)
			}
			add("", name+"Unknown", what+"'s unknown case", pos)
		case *idl.Func:
			add("", naming.PyName(d.Name), what, pos)
		case *idl.Object:
			name := className(d)
			add("", name, what, pos)
			scope := "class " + name
			add(scope, "close", "the method close every object has", idl.Pos{})
			for _, ct := range d.Ctors {
				if ct.Name != "" {
					add(scope, naming.PyName(ct.Name), "constructor of "+what, ct.Pos)
				}
			}
			for _, m := range d.Methods {
				add(scope, naming.PyName(m.Name), "method \""+d.Name+"."+m.Name+"\"", m.Pos)
			}
		}
	}
	return out
}

// externRuntime says which conversions and error types the module of an
// extern package needs.
type externRuntime struct{ cstr, buf, status, outbuf, arr bool }

func externNeeds(pkg *idl.Package) externRuntime {
	var n externRuntime
	for _, f := range pkg.Funcs {
		n.status = n.status || f.Ok != ""
		for _, p := range f.Params {
			n.arr = n.arr || p.Type.Kind == idl.KindList
			n.outbuf = n.outbuf || p.IsOutBuffer()
			n.cstr = n.cstr || p.Type.IsCString()
			n.buf = n.buf || p.Type.Kind == idl.KindBytes && !p.Out
		}
	}
	return n
}
