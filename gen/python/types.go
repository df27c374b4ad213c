package genpython

import (
	"fmt"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/internal/langtype"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// layout returns the C size and alignment of a POD type under natural
// alignment (docs/abi.md), and appends its struct-module format (with
// explicit padding, "=" standard sizes) to fmt.
func layout(t *idl.Type, fmtb *strings.Builder) (size, align int) {
	if t.Kind == idl.KindStruct {
		off, al := 0, 1
		for _, f := range t.Struct().Fields {
			var sub strings.Builder
			s, a := layout(f.Type, &sub)
			if pad := (a - off%a) % a; pad > 0 {
				fmtb.WriteString(strings.Repeat("x", pad))
				off += pad
			}
			fmtb.WriteString(sub.String())
			off += s
			if a > al {
				al = a
			}
		}
		if pad := (al - off%al) % al; pad > 0 {
			fmtb.WriteString(strings.Repeat("x", pad))
			off += pad
		}
		return off, al
	}
	fmtb.WriteString(structCode(t.Kind))
	n := t.Kind.Bits() / 8
	if t.Kind == idl.KindEnum {
		n = 4
	}
	return n, n
}

// structCode is the struct/array module code of a scalar kind.
func structCode(k idl.Kind) string {
	switch k {
	case idl.KindBool:
		return "?"
	case idl.KindI8:
		return "b"
	case idl.KindU8:
		return "B"
	case idl.KindI16:
		return "h"
	case idl.KindU16:
		return "H"
	case idl.KindI32, idl.KindEnum:
		return "i"
	case idl.KindU32:
		return "I"
	case idl.KindI64:
		return "q"
	case idl.KindU64:
		return "Q"
	case idl.KindF32:
		return "f"
	case idl.KindF64:
		return "d"
	}
	panic("structCode: " + k.String())
}

func ctScalar(k idl.Kind) string {
	switch k {
	case idl.KindBool:
		return "_ct.c_bool"
	case idl.KindF32:
		return "_ct.c_float"
	case idl.KindF64:
		return "_ct.c_double"
	case idl.KindEnum, idl.KindError:
		return "_ct.c_int32"
	}
	s := k.String()
	if s[0] == 'u' {
		return "_ct.c_uint" + s[1:]
	}
	return "_ct.c_int" + s[1:]
}

// ctVocab is the ctypes type of one of C's own types (extern packages):
// ctypes gives each the platform's size.
var ctVocab = map[string]string{
	"signed char": "_ct.c_byte", "unsigned char": "_ct.c_ubyte",
	"short": "_ct.c_short", "unsigned short": "_ct.c_ushort",
	"int": "_ct.c_int", "unsigned int": "_ct.c_uint",
	"long": "_ct.c_long", "unsigned long": "_ct.c_ulong",
	"long long": "_ct.c_longlong", "unsigned long long": "_ct.c_ulonglong",
	"size_t": "_ct.c_size_t", "float": "_ct.c_float", "double": "_ct.c_double",
}

// ctScalarOf is ctScalar for t, or t's ctypes type when it is one of C's
// own.
func ctScalarOf(t *idl.Type) string {
	if t.C != nil {
		return ctVocab[t.C.Spelling]
	}
	return ctScalar(t.Kind)
}

// intRange returns the bounds of an integer kind as Python literals.
func intRange(k idl.Kind) (lo, hi string) {
	min, max := k.IntRange()
	return fmt.Sprint(min), fmt.Sprint(max)
}

// className is the Python class of a declared type.
func className(d idl.Decl) string { return naming.PyClass(d.DeclName()) }

// hint is the Python annotation of t, shared with the wire codec.
func (g *generator) hint(t *idl.Type) string { return langtype.Python(t) }

// ctIn is the ctypes type of t as an input (inside a struct, list or
// optional): pointers are typed so ctypes keeps what they point to alive.
func (g *generator) ctIn(t *idl.Type) string {
	if t.IsCString() {
		return "_ct.c_char_p"
	}
	switch t.Kind {
	case idl.KindString, idl.KindBytes:
		return "_Buf"
	case idl.KindList, idl.KindMap, idl.KindStruct, idl.KindUnion:
		return "_C_" + mangle(t)
	case idl.KindOptional:
		if t.Elem.Kind == idl.KindObject {
			return "_ct.c_void_p" // the nullable handle itself
		}
		return "_ct.POINTER(" + g.ctIn(t.Elem) + ")"
	case idl.KindObject:
		return "_ct.c_void_p"
	}
	return ctScalarOf(t)
}

// ctOut is the ctypes type of t as an output: pointers are plain
// addresses, read with from_address/string_at.
func (g *generator) ctOut(t *idl.Type) string {
	if t.IsCString() {
		return "_ct.c_char_p"
	}
	switch t.Kind {
	case idl.KindString, idl.KindBytes:
		return "_OBuf"
	case idl.KindList, idl.KindMap, idl.KindStruct, idl.KindUnion:
		return "_O_" + mangle(t)
	case idl.KindOptional, idl.KindObject:
		return "_ct.c_void_p"
	}
	return ctScalarOf(t)
}

// lw is an expression that converts the Python value v to its ctypes input
// form, raising (anything) when v is invalid. The converter of a value that
// holds objects also enters each of them (counts a call in flight, see
// objectDecl) and appends it to _en, the list the caller leaves after the
// native call.
func (g *generator) lw(t *idl.Type, v string) string {
	switch {
	case t.Kind.IsInteger():
		lo, hi := intRange(t.Kind)
		return fmt.Sprintf("_li(%s, %s, %s)", v, lo, hi)
	case t.Kind == idl.KindF32:
		return "_lf32(" + v + ")"
	case t.Kind == idl.KindF64:
		return "_lf64(" + v + ")"
	case t.Kind == idl.KindBool:
		return "_lb(" + v + ")"
	case t.Kind == idl.KindEnum:
		return fmt.Sprintf("_le(%s, %s)", v, className(t.Decl))
	}
	return "_lw_" + mangle(t) + "(" + v + en(t) + ")"
}

// en is the extra argument of the converters of a type that holds objects:
// the list of the objects they entered.
func en(t *idl.Type) string {
	if cabi.HoldsObject(t) {
		return ", _en"
	}
	return ""
}

// enParam is en's parameter declaration.
func enParam(t *idl.Type) string {
	if cabi.HoldsObject(t) {
		return ", _en: list[_Any]"
	}
	return ""
}

// chk is a statement that validates v (at path p, a Python str
// expression) and raises TypeError/OverflowError/ValueError naming p.
func (g *generator) chk(t *idl.Type, v, p string) string {
	switch {
	case t.Kind.IsInteger():
		lo, hi := intRange(t.Kind)
		return fmt.Sprintf("_chk_int(%s, %s, %s, %s, %q)", v, p, lo, hi, t.Kind.String())
	case t.Kind.IsFloat():
		return fmt.Sprintf("_chk_float(%s, %s, %q)", v, p, t.Kind.String())
	case t.Kind == idl.KindBool:
		return fmt.Sprintf("_chk_bool(%s, %s)", v, p)
	case t.Kind == idl.KindString:
		return fmt.Sprintf("_chk_str(%s, %s)", v, p)
	case t.Kind == idl.KindBytes:
		return fmt.Sprintf("_chk_bytes(%s, %s)", v, p)
	case t.Kind == idl.KindEnum:
		return fmt.Sprintf("_chk_enum(%s, %s, %s)", v, p, className(t.Decl))
	}
	return fmt.Sprintf("_chk_%s(%s, %s)", mangle(t), v, p)
}

// lf is an expression that converts the ctypes output c of type t to a
// Python value (copying; the caller releases c afterwards).
func (g *generator) lf(t *idl.Type, c string) string {
	switch {
	case t.Kind.IsScalar():
		return c
	case t.Kind == idl.KindEnum:
		return className(t.Decl) + "(" + c + ")"
	case t.Kind == idl.KindObject:
		return className(t.Decl) + "._wrap(" + c + ")"
	}
	return "_lf_" + mangle(t) + "(" + c + ")"
}

// hasZero reports whether a value of t has a zero value to default to. An
// object has none (there is no handle without the library), and so has a
// struct with a field, or a union whose first case, without one: such a
// dataclass field is required.
func hasZero(t *idl.Type) bool {
	switch t.Kind {
	case idl.KindObject:
		return false
	case idl.KindStruct:
		for _, f := range t.Struct().Fields {
			if !hasZero(f.Type) {
				return false
			}
		}
	case idl.KindUnion:
		c := t.Union().Cases[0]
		return c.Type == nil || hasZero(c.Type)
	}
	return true
}

// zero is the default value of a field of type t, as a dataclass field
// default; t must have one (hasZero).
func (g *generator) zero(t *idl.Type) string {
	switch t.Kind {
	case idl.KindBool:
		return "False"
	case idl.KindF32, idl.KindF64:
		return "0.0"
	case idl.KindString:
		return `""`
	case idl.KindBytes:
		return `b""`
	case idl.KindList:
		return "_field(default_factory=list)"
	case idl.KindMap:
		return "_field(default_factory=dict)"
	case idl.KindOptional:
		return "None"
	case idl.KindEnum:
		e := t.Enum()
		m := e.Members[0]
		for _, x := range e.Members {
			if x.Value == 0 {
				m = x
				break
			}
		}
		return className(e) + "." + naming.PyConst(m.Name)
	case idl.KindStruct:
		return "_field(default_factory=" + className(t.Decl) + ")"
	case idl.KindUnion:
		u := t.Union()
		c := u.Cases[0]
		return "_field(default_factory=lambda: " + className(u) + naming.PyClass(c.Name) + "())"
	}
	if t.Kind.IsInteger() {
		return "0"
	}
	panic("zero: " + t.Kind.String())
}
