package gengo

import (
	"go/token"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
)

// This file is the only place gengo learns a C spelling, and it learns
// every one from internal/cabi, the single source of docs/abi.md.

func mangle(t *idl.Type) string { return cabi.Mangle(t) }

// cTypeName is the C name of t without any pointer: calc_String,
// calc_List_Point, calc_Point, calc_Rounding, calc_Accumulator, int32_t.
func (g *generator) cTypeName(t *idl.Type) string {
	if t.C != nil {
		return cgoVocab(t.C)
	}
	if t.IsCStruct() {
		// cgo's name of the header's type: C.struct_point, C.point_t.
		return strings.Replace(t.Struct().CName, "struct ", "struct_", 1)
	}
	return cabi.BaseName(g.pkg, t)
}

// cgoVocab is how cgo names a type of C's vocabulary: C.uint for
// unsigned int, C.schar for signed char, C.longlong for long long.
func cgoVocab(c *idl.CType) string {
	s := strings.Replace(c.Spelling, "unsigned ", "u", 1)
	s = strings.Replace(s, "signed ", "s", 1)
	return strings.ReplaceAll(s, " ", "")
}

func (g *generator) cFunc(f *idl.Func) string      { return cabi.FuncName(g.pkg, f) }
func (g *generator) cCtor(c *idl.Ctor) string      { return cabi.CtorName(g.pkg, c) }
func (g *generator) cDestroy(o *idl.Object) string { return cabi.DestroyName(g.pkg, o) }
func (g *generator) cRelease(t *idl.Type) string   { return cabi.ReleaseName(g.pkg, t) }

// owns reports whether a C value of type t points to memory its owner
// must release.
func owns(t *idl.Type) bool { return cabi.NeedsRelease(t) }

// cField is a struct field or union case as cgo spells it: the C member
// name, with cgo's leading underscore when that name is a Go keyword.
func cField(f *idl.Field) string {
	c := cabi.FieldName(f)
	if token.IsKeyword(c) {
		return "_" + c
	}
	return c
}
