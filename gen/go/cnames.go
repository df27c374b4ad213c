package gengo

import (
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// This file is the only place gengo learns a C spelling. Each function
// answers from the ABI contract (docs/abi.md).

// mangle is a type's mangled name in generated C names (docs/abi.md).
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
	// i8 → I8, f64 → F64
	s := t.Kind.String()
	return string(s[0]-'a'+'A') + s[1:]
}

// cScalar is the C spelling of a scalar kind.
func cScalar(k idl.Kind) string {
	switch k {
	case idl.KindBool:
		return "bool"
	case idl.KindF32:
		return "float"
	case idl.KindF64:
		return "double"
	case idl.KindI8, idl.KindI16, idl.KindI32, idl.KindI64:
		return "int" + k.String()[1:] + "_t"
	case idl.KindU8, idl.KindU16, idl.KindU32, idl.KindU64:
		return "uint" + k.String()[1:] + "_t"
	}
	return ""
}

// cTypeName is the C name of a non-scalar, non-optional type: calc_String,
// calc_List_Point, calc_Point, calc_Rounding, calc_Accumulator.
func (g *generator) cTypeName(t *idl.Type) string {
	if t.Kind.IsScalar() {
		return cScalar(t.Kind)
	}
	return g.pkg.Name + "_" + mangle(t)
}

// cFunc is the C function of a top-level function or method.
func (g *generator) cFunc(f *idl.Func) string {
	if f.Object != nil {
		return g.pkg.Name + "_" + f.Object.Name + "_" + f.Name
	}
	return g.pkg.Name + "_" + f.Name
}

// cCtor is the C function of a constructor.
func (g *generator) cCtor(c *idl.Ctor) string {
	s := g.pkg.Name + "_" + c.Object.Name + "_new"
	if c.Name != "" {
		s += "_" + c.Name
	}
	return s
}

// cDestroy is the C function that destroys an object's handle.
func (g *generator) cDestroy(o *idl.Object) string {
	return g.pkg.Name + "_" + o.Name + "_destroy"
}

// cRelease is the C release function of an owned output type.
func (g *generator) cRelease(t *idl.Type) string {
	return g.pkg.Name + "_" + mangle(t) + "_release"
}

// cField is a struct field or union case as cgo spells it: the C name
// (escaped for C and C++), with cgo's leading underscore when that C name
// is a Go keyword.
func cField(name string) string {
	c := naming.CName(name)
	if goKeyword[c] {
		return "_" + c
	}
	return c
}

var goKeyword = map[string]bool{
	"break": true, "case": true, "chan": true, "const": true, "continue": true, "default": true,
	"defer": true, "else": true, "fallthrough": true, "for": true, "func": true, "go": true,
	"goto": true, "if": true, "import": true, "interface": true, "map": true, "package": true,
	"range": true, "return": true, "select": true, "struct": true, "switch": true, "type": true,
	"var": true,
}
