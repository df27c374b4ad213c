// Package genwire owns the bindgen wire format (docs/wire.md): it computes
// one language-neutral layout of every encodable type of a package, and
// renders codecs that follow it in Go, Python and C. The renderers read only
// the Layout, never the rules of the format, so the three cannot drift.
package genwire

import (
	"fmt"
	"sort"
	"strings"

	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"

	"github.com/bindgen-dev/bindgen/internal/cabi"
)

// WireType is the low three bits of a field key: how a reader that does not
// know the field skips its value.
type WireType uint8

// The wire types of docs/wire.md. 3, 4, 6 and 7 do not exist.
const (
	WireVarint WireType = 0 // a varint
	WireI64    WireType = 1 // 8 bytes
	WireLen    WireType = 2 // a varint length, then that many bytes
	WireI32    WireType = 5 // 4 bytes
)

func (w WireType) String() string {
	switch w {
	case WireVarint:
		return "VARINT"
	case WireI64:
		return "I64"
	case WireLen:
		return "LEN"
	case WireI32:
		return "I32"
	}
	return fmt.Sprintf("WireType(%d)", uint8(w))
}

// Op is how a value is written in its element form V(T).
type Op int

// The encoding operations. Every renderer switches on these and nothing
// else.
const (
	OpBool     Op = iota + 1 // one byte 0 or 1
	OpUvarint                // varint of an unsigned integer (range-checked to Bits on decode)
	OpZigzag                 // zigzag varint of a signed integer (range-checked to Bits)
	OpEnum                   // zigzag varint of an int32 enum value
	OpFixed32                // 4 bytes little-endian IEEE 754 (f32)
	OpFixed64                // 8 bytes little-endian IEEE 754 (f64)
	OpString                 // length prefix + UTF-8 (validated)
	OpBytes                  // length prefix + bytes
	OpStruct                 // length prefix + struct payload
	OpUnion                  // length prefix + union payload
	OpList                   // length prefix + count + count x V(Elem)
	OpMap                    // length prefix + count + count x (V(Key) V(Elem)), keys ascending
	OpOptional               // presence byte 0, or 1 then V(Elem)
)

var opNames = [...]string{
	OpBool: "bool", OpUvarint: "uvarint", OpZigzag: "zigzag", OpEnum: "enum",
	OpFixed32: "fixed32", OpFixed64: "fixed64", OpString: "string", OpBytes: "bytes",
	OpStruct: "struct", OpUnion: "union", OpList: "list", OpMap: "map", OpOptional: "optional",
}

func (o Op) String() string {
	if o > 0 && int(o) < len(opNames) {
		return opNames[o]
	}
	return fmt.Sprintf("Op(%d)", int(o))
}

// Value is the layout of one type in its element form V(T).
type Value struct {
	Type *idl.Type
	Op   Op
	// Wire is the wire type of V(T) when it follows a key. For OpOptional it
	// is the wire type of Elem (an optional field is keyed by its payload's
	// wire type; its key is the presence bit).
	Wire WireType
	// Bits is the width of an integer (8 to 64); 32 for enums.
	Bits int
	// Elem is the element of a list, the value of a map and the payload of
	// an optional; Key is a map's key.
	Elem, Key *Value
	// Decl is the declaration of a struct, union or enum.
	Decl idl.Decl
	// Mangled is the type's mangled name from docs/abi.md (Bool, U32,
	// String, Point, List_Point, Map_String_Opt_U32, Opt_U32): unique per
	// type, usable in helper function names.
	Mangled string
	// IsKey is set when the type is some map's key (the C codec compares
	// such values, for key order).
	IsKey bool
}

// Field is one struct field or union case, with everything needed to write
// it: its key, and how its value is written after the key.
type Field struct {
	Field *idl.Field
	Name  string
	Tag   uint32
	// Wire is the wire type in the key.
	Wire WireType
	// Key is tag<<3 | Wire; KeyBytes is its varint encoding.
	Key      uint64
	KeyBytes []byte
	Value    *Value
	// Presence is set for an optional field of a struct: the field is
	// written (key + V(Value.Elem)) when present and omitted when absent.
	// When Presence is false, the field is written as key + V(Value),
	// omitted (in a struct) when it holds its default.
	Presence bool
	// Wrapped is set for a union case of optional type: its wire type is
	// LEN and its value is a length prefix around V(optional<T>).
	Wrapped bool
	// NoPayload is set for a union case without a payload (`name @tag;`):
	// Value is nil, the wire type is LEN and the case is written as its
	// key and an empty payload (one byte 0), the bytes of a case holding
	// an empty struct. A decoder skips whatever payload it finds, so the
	// case may later gain a struct payload.
	NoPayload bool
	// Emit is when an encoder writes the field (plan.go); Absent is what a
	// decoder leaves in a struct field that did not appear (zero for a
	// union case); Hot is its shape on a decoder's fast path.
	Emit   Emit
	Absent Absent
	Hot    Hot
}

// Message is a struct or a union: its fields or cases sorted by tag, which
// is the order every encoder writes them.
type Message struct {
	Decl    idl.Decl
	Name    string
	IsUnion bool
	Fields  []*Field
}

// Layout is the wire layout of one package: every struct and union (in
// source order) and every enum that can appear in a value.
type Layout struct {
	Package  string
	Messages []*Message
	Enums    []*idl.Enum
	// Types holds every distinct type that appears in a value, keyed by
	// mangled name, for renderers that emit one helper per type.
	Types map[string]*Value
	// Skipped names the structs and unions that hold an object handle at
	// some depth (cabi.HoldsObject): a handle means nothing in another
	// process, so they have no wire form and no codec.
	Skipped []string
	// The package-wide rules of the plan (plan.go).
	Limits      Limits
	Repeated    Repeat
	UnknownCase UnknownCase
	// Units is one unit per message and distinct list, map or optional
	// type, in dependency order.
	Units []*Unit
	// messages finds the Message of a struct or union declaration.
	messages map[idl.Decl]*Message
}

// Message is the Message of struct or union d; nil when d has none (it
// holds an object, or is not a struct or union).
func (l *Layout) Message(d idl.Decl) *Message { return l.messages[d] }

// Values returns every distinct type of the layout, sorted by mangled name
// so that output does not depend on map order.
func (l *Layout) Values() []*Value {
	out := make([]*Value, 0, len(l.Types))
	for _, v := range l.Types {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Mangled < out[j].Mangled })
	return out
}

// SkipNote is the sentence each renderer writes, as a comment, about the
// types without a codec; nil when there are none.
func (l *Layout) SkipNote() []string {
	if len(l.Skipped) == 0 {
		return nil
	}
	var names string
	switch n := len(l.Skipped); n {
	case 1:
		names = l.Skipped[0] + " holds"
	default:
		names = strings.Join(l.Skipped[:n-1], ", ") + " and " + l.Skipped[n-1] + " hold"
	}
	return gen.Wrap("Not encodable: "+names+" object handles, which mean nothing in another process, so this file has no codec for them.", 70)
}

// Defaults of the decoder limits (docs/wire.md, "Limits").
const (
	DefaultMaxSize  = 64 << 20
	DefaultMaxDepth = 100
	DefaultMaxCount = 1 << 24
)

// Error kinds and their codes, shared by every language (docs/wire.md,
// "Errors"). ErrorKinds[i] is the kind with code i+1.
var ErrorKinds = []ErrorKind{
	{1, "Truncated", "truncated", "input ends inside a value"},
	{2, "BadTag", "bad tag", "invalid tag or wire type"},
	{3, "Type", "wire type", "field has the wrong wire type"},
	{4, "BadLength", "bad length", "length or count exceeds its payload"},
	{5, "BadUTF8", "bad utf8", "string is not valid UTF-8"},
	{6, "Depth", "depth", "nesting deeper than the limit"},
	{7, "Size", "size", "input larger than the limit"},
	{8, "Count", "count", "list or map longer than the limit"},
	{9, "BadValue", "bad value", "value out of range or not canonical"},
}

// ErrorKind is one decoder error kind.
type ErrorKind struct {
	Code int
	// Name is the identifier part (Go ErrWire<Name>, Python
	// WireErrorKind.<UPPER>, C CALC_WIRE_<UPPER>).
	Name string
	// Text is the lower-case name used in messages.
	Text string
	// Doc says when it happens.
	Doc string
}

// NewLayout computes the layout of a checked package.
func NewLayout(pkg *idl.Package) *Layout {
	l := &Layout{
		Package: pkg.Name, Types: map[string]*Value{}, messages: map[idl.Decl]*Message{},
		Limits: DefaultLimits, Repeated: RepeatLastWins, UnknownCase: UnknownCaseDrop,
	}
	for _, d := range pkg.Decls {
		switch d.(type) {
		case *idl.Struct, *idl.Union:
			if cabi.HoldsObject(idl.TypeOf(d)) {
				l.Skipped = append(l.Skipped, d.DeclName())
				continue
			}
		}
		switch d := d.(type) {
		case *idl.Struct:
			l.Messages = append(l.Messages, l.message(d, d.Name, false, d.Fields))
		case *idl.Union:
			l.Messages = append(l.Messages, l.message(d, d.Name, true, d.Cases))
		case *idl.Enum:
			if !d.IsError {
				l.Enums = append(l.Enums, d)
			}
		}
	}
	for _, m := range l.Messages {
		l.messages[m.Decl] = m
	}
	l.Units = l.units()
	return l
}

func (l *Layout) message(d idl.Decl, name string, union bool, fields []*idl.Field) *Message {
	m := &Message{Decl: d, Name: name, IsUnion: union}
	for _, f := range fields {
		if f.Type == nil {
			wf := &Field{Field: f, Name: f.Name, Tag: uint32(f.Tag), Wire: WireLen, NoPayload: true}
			wf.Key = uint64(wf.Tag)<<3 | uint64(wf.Wire)
			wf.KeyBytes = AppendUvarint(nil, wf.Key)
			planField(wf, union)
			m.Fields = append(m.Fields, wf)
			continue
		}
		v := l.value(f.Type)
		wf := &Field{Field: f, Name: f.Name, Tag: uint32(f.Tag), Value: v, Wire: v.Wire}
		if v.Op == OpOptional {
			if union {
				wf.Wrapped = true
				wf.Wire = WireLen
			} else {
				wf.Presence = true
			}
		}
		wf.Key = uint64(wf.Tag)<<3 | uint64(wf.Wire)
		wf.KeyBytes = AppendUvarint(nil, wf.Key)
		planField(wf, union)
		m.Fields = append(m.Fields, wf)
	}
	sort.Slice(m.Fields, func(i, j int) bool { return m.Fields[i].Tag < m.Fields[j].Tag })
	return m
}

func (l *Layout) value(t *idl.Type) *Value {
	v := &Value{Type: t, Mangled: cabi.Mangle(t)}
	if old, ok := l.Types[v.Mangled]; ok {
		return old
	}
	switch k := t.Kind; {
	case k == idl.KindBool:
		v.Op, v.Wire, v.Bits = OpBool, WireVarint, 8
	case k.IsInteger() && k.IsSigned():
		v.Op, v.Wire, v.Bits = OpZigzag, WireVarint, k.Bits()
	case k.IsInteger():
		v.Op, v.Wire, v.Bits = OpUvarint, WireVarint, k.Bits()
	case k == idl.KindEnum || k == idl.KindError:
		v.Op, v.Wire, v.Bits, v.Decl = OpEnum, WireVarint, 32, t.Decl
	case k == idl.KindF32:
		v.Op, v.Wire, v.Bits = OpFixed32, WireI32, 32
	case k == idl.KindF64:
		v.Op, v.Wire, v.Bits = OpFixed64, WireI64, 64
	case k == idl.KindString:
		v.Op, v.Wire = OpString, WireLen
	case k == idl.KindBytes:
		v.Op, v.Wire = OpBytes, WireLen
	case k == idl.KindStruct:
		v.Op, v.Wire, v.Decl = OpStruct, WireLen, t.Decl
	case k == idl.KindUnion:
		v.Op, v.Wire, v.Decl = OpUnion, WireLen, t.Decl
	case k == idl.KindList:
		v.Op, v.Wire = OpList, WireLen
		v.Elem = l.value(t.Elem)
	case k == idl.KindMap:
		v.Op, v.Wire = OpMap, WireLen
		v.Key, v.Elem = l.value(t.Key), l.value(t.Elem)
		v.Key.IsKey = true
	case k == idl.KindOptional:
		v.Op = OpOptional
		v.Elem = l.value(t.Elem)
		v.Wire = v.Elem.Wire
	default:
		panic(fmt.Sprintf("genwire: type %s has no wire form", t))
	}
	l.Types[v.Mangled] = v
	return v
}

// AppendUvarint appends the varint encoding of x.
func AppendUvarint(b []byte, x uint64) []byte {
	for x >= 0x80 {
		b = append(b, byte(x)|0x80)
		x >>= 7
	}
	return append(b, byte(x))
}

// String renders the layout as text: the shared description the renderers
// follow, readable in a golden file and in reviews.
func (l *Layout) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "package %s\n", l.Package)
	l.planHeader(&b)
	for _, e := range l.Enums {
		fmt.Fprintf(&b, "\nenum %s: zigzag varint of int32\n", e.Name)
	}
	for _, name := range l.Skipped {
		fmt.Fprintf(&b, "\n%s: holds an object handle, not encodable\n", name)
	}
	for _, m := range l.Messages {
		kind := "struct"
		if m.IsUnion {
			kind = "union"
		}
		fmt.Fprintf(&b, "\n%s %s\n", kind, m.Name)
		for _, f := range m.Fields {
			var extra string
			if f.Wrapped {
				extra = " (LEN around V(optional))"
			}
			rules := " emit=" + f.Emit.String()
			if f.Absent != 0 {
				rules += " absent=" + f.Absent.String()
			}
			rules += " hot=" + f.Hot.String()
			if f.NoPayload {
				fmt.Fprintf(&b, "  @%d %s key=% x %s no payload (written 00, read: skipped)%s\n", f.Tag, f.Name, f.KeyBytes, f.Wire, rules)
				continue
			}
			fmt.Fprintf(&b, "  @%d %s key=% x %s %s%s%s\n", f.Tag, f.Name, f.KeyBytes, f.Wire, describe(f.Value), extra, rules)
		}
	}
	l.planUnits(&b)
	return b.String()
}

func describe(v *Value) string {
	switch v.Op {
	case OpUvarint, OpZigzag:
		return fmt.Sprintf("%s%d", v.Op, v.Bits)
	case OpEnum, OpStruct, OpUnion:
		return v.Op.String() + " " + v.Decl.DeclName()
	case OpList, OpOptional:
		return v.Op.String() + "<" + describe(v.Elem) + ">"
	case OpMap:
		return "map<" + describe(v.Key) + ", " + describe(v.Elem) + ">"
	}
	return v.Op.String()
}
