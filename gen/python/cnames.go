package genpython

import (
	"github.com/bindgen-dev/bindgen/idl"
)

// This file is the only place genpython learns a C spelling; each function
// answers from the ABI contract (docs/abi.md).

// mangle is a type's mangled name in generated C names; genpython also
// uses it to name its per-type helpers, since it is unique per type.
func mangle(t *idl.Type) string {
	switch t.Kind {
	case idl.KindList:
		return "List_" + mangle(t.Elem)
	case idl.KindMap:
		return "Map_" + mangle(t.Key) + "_" + mangle(t.Elem)
	case idl.KindOptional:
		return "Opt_" + mangle(t.Elem)
	case idl.KindEnum, idl.KindError, idl.KindStruct, idl.KindUnion, idl.KindObject:
		return t.Decl.DeclName()
	case idl.KindString:
		return "String"
	case idl.KindBytes:
		return "Bytes"
	case idl.KindBool:
		return "Bool"
	}
	s := t.Kind.String()
	return string(s[0]-'a'+'A') + s[1:]
}

func (g *generator) cFunc(f *idl.Func) string {
	if f.Object != nil {
		return g.pkg.Name + "_" + f.Object.Name + "_" + f.Name
	}
	return g.pkg.Name + "_" + f.Name
}

func (g *generator) cCtor(c *idl.Ctor) string {
	s := g.pkg.Name + "_" + c.Object.Name + "_new"
	if c.Name != "" {
		s += "_" + c.Name
	}
	return s
}

func (g *generator) cDestroy(o *idl.Object) string {
	return g.pkg.Name + "_" + o.Name + "_destroy"
}

// cRelease is the release function of an output of type t, or "" when a
// value of t owns no memory.
func (g *generator) cRelease(t *idl.Type) string {
	if !owns(t) {
		return ""
	}
	return g.pkg.Name + "_" + mangle(t) + "_release"
}

func (g *generator) cLiveAllocations() string { return g.pkg.Name + "_live_allocations" }
