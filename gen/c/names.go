package genc

import (
	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
)

// Names lists the identifiers and macros <pkg>.h declares (gen.Name), all
// in C's one global scope, spelled by the internal/cabi functions the
// header is printed with. Struct members and parameters have scopes of
// their own, which the checker covers.
func Names(pkg *idl.Package) []gen.Name {
	if pkg.Extern != nil {
		return nil // the header is the user's
	}
	insts := cabi.Instances(pkg)
	out := make([]gen.Name, 0, 32+3*len(pkg.Decls)+3*len(insts))
	file := pkg.Name + ".h"
	add := func(ident, what string, pos idl.Pos) {
		out = append(out, gen.Name{Lang: "C", File: file, Ident: ident, What: what, Pos: pos})
	}
	rt := func(ident, what string) { add(ident, "the header's "+what, idl.Pos{}) }
	rt(cabi.GuardName(pkg), "include guard")
	rt(cabi.ImplementationMacro(pkg), "implementation macro")
	rt(cabi.AbiVersionName(pkg), "ABI version macro")
	rt(cabi.ABIHashMacro(pkg), "contract hash macro")
	rt(cabi.ExportMacro(pkg), "export macro")
	// The header reads the build macro (#ifdef) and never defines it.
	out = append(out, gen.Name{Lang: "C", File: file, Ident: cabi.BuildMacro(pkg), What: "the header's build macro", Reserved: true})
	rt(cabi.ABIHashName(pkg), "contract hash function")
	rt(cabi.AllocName(pkg), "allocator")
	rt(cabi.FreeName(pkg), "deallocator")
	rt(cabi.LiveAllocationsName(pkg), "allocation counter")
	rt(liveCountName(pkg), "allocation counter's variable")
	rt(liveAddName(pkg), "allocation counter's helper")
	rt(cabi.StringFromName(pkg), "string constructor")
	rt(cabi.BytesFromName(pkg), "bytes constructor")
	if len(pkg.Callbacks) > 0 {
		rt(cabi.CallbackFailedName(pkg), "callback failure macro")
	}
	// The release and copy functions of every type that has them: string
	// and bytes, each struct and union, each list, map and optional.
	types := func(t *idl.Type, what string, pos idl.Pos) {
		if t.Kind != idl.KindOptional {
			add(cabi.BaseName(pkg, t), what, pos)
		}
		if n := cabi.AnyReleaseName(pkg, t); n != "" {
			add(n, what+"'s release function", pos)
		}
		if n := cabi.CopyName(pkg, t); n != "" {
			add(n, what+"'s copy function", pos)
		}
	}
	types(&idl.Type{Kind: idl.KindString}, "the header's string type", idl.Pos{})
	types(&idl.Type{Kind: idl.KindBytes}, "the header's bytes type", idl.Pos{})
	for _, t := range insts {
		types(t, "the header's type "+t.String(), idl.Pos{})
	}
	for _, d := range pkg.Decls {
		what, pos := gen.Decl(d), d.DeclPos()
		switch d := d.(type) {
		case *idl.Const:
			add(cabi.ConstName(pkg, d), what, pos)
		case *idl.Enum:
			add(cabi.BaseName(pkg, idl.TypeOf(d)), what, pos)
			for _, m := range d.Members {
				add(cabi.EnumMemberName(pkg, d, m), "member \""+d.Name+"."+m.Name+"\"", m.Pos)
			}
		case *idl.Struct:
			types(idl.TypeOf(d), what, pos)
		case *idl.Union:
			types(idl.TypeOf(d), what, pos)
			for _, c := range d.Cases {
				add(cabi.UnionTagName(pkg, d, c), "case \""+d.Name+"."+c.Name+"\"", c.Pos)
			}
		case *idl.Object:
			add(cabi.BaseName(pkg, idl.TypeOf(d)), what, pos)
			for _, c := range d.Ctors {
				add(cabi.CtorName(pkg, c), "constructor of "+what, c.Pos)
			}
			for _, m := range d.Methods {
				add(cabi.MethodName(pkg, d, m), "method \""+d.Name+"."+m.Name+"\"", m.Pos)
			}
			add(cabi.DestroyName(pkg, d), what+"'s destroy function", pos)
		case *idl.Callback:
			add(cabi.BaseName(pkg, idl.TypeOf(d)), what, pos)
		case *idl.Func:
			add(cabi.FuncName(pkg, d), what, pos)
		}
	}
	return out
}

// liveCountName and liveAddName are the implementation section's
// allocation counter and the function that moves it.
func liveCountName(pkg *idl.Package) string { return cabi.Prefix(pkg) + "live_count_" }
func liveAddName(pkg *idl.Package) string   { return cabi.Prefix(pkg) + "live_add_" }
