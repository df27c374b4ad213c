// Package langtype spells IDL types in the target languages' own type
// syntax (Go types, Python annotations). Two backends write each of them —
// the FFI binding and the wire codec of one language — and must agree to
// the letter, since the codec reads and writes the binding's types.
package langtype

import (
	"fmt"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// Go is the Go type of t in the generated package: fixed-width integers,
// []byte, slices, maps, *T for an optional, the interface itself for an
// optional union and *Object for an object or an optional object (both
// already have nil as their absent value).
func Go(t *idl.Type) string {
	switch t.Kind {
	case idl.KindBool:
		return "bool"
	case idl.KindI8, idl.KindI16, idl.KindI32, idl.KindI64:
		return fmt.Sprintf("int%d", t.Kind.Bits())
	case idl.KindU8, idl.KindU16, idl.KindU32, idl.KindU64:
		return fmt.Sprintf("uint%d", t.Kind.Bits())
	case idl.KindF32:
		return "float32"
	case idl.KindF64:
		return "float64"
	case idl.KindString:
		return "string"
	case idl.KindBytes:
		return "[]byte"
	case idl.KindList:
		return "[]" + Go(t.Elem)
	case idl.KindMap:
		return "map[" + Go(t.Key) + "]" + Go(t.Elem)
	case idl.KindOptional:
		if GoNilable(t.Elem) {
			return Go(t.Elem)
		}
		return "*" + Go(t.Elem)
	case idl.KindEnum, idl.KindError, idl.KindStruct, idl.KindUnion:
		return naming.GoExported(t.Decl.DeclName())
	case idl.KindObject:
		return "*" + naming.GoExported(t.Decl.DeclName())
	case idl.KindCallback:
		return naming.GoExported(t.Decl.DeclName()) // an interface
	}
	panic(fmt.Sprintf("langtype: unexpected type %s", t))
}

// GoNilable reports whether the Go form of t already has nil as a value
// that means "absent": a union (an interface) or an object (a pointer).
func GoNilable(t *idl.Type) bool {
	return t.Kind == idl.KindUnion || t.Kind == idl.KindObject
}

// Python is the annotation of t in the generated module: int, float, str,
// bytes, list[...], dict[..., ...], X | None, and class names.
func Python(t *idl.Type) string {
	switch t.Kind {
	case idl.KindBool:
		return "bool"
	case idl.KindF32, idl.KindF64:
		return "float"
	case idl.KindString:
		return "str"
	case idl.KindBytes:
		return "bytes"
	case idl.KindList:
		return "list[" + Python(t.Elem) + "]"
	case idl.KindMap:
		return "dict[" + Python(t.Key) + ", " + Python(t.Elem) + "]"
	case idl.KindOptional:
		return Python(t.Elem) + " | None"
	case idl.KindEnum, idl.KindError, idl.KindStruct, idl.KindUnion, idl.KindObject, idl.KindCallback:
		return naming.PyClass(t.Decl.DeclName())
	}
	if t.Kind.IsInteger() {
		return "int"
	}
	panic(fmt.Sprintf("langtype: unexpected type %s", t))
}
