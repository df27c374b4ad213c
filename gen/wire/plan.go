package genwire

import (
	"fmt"
	"strings"
)

// The plan: the canonical rules of docs/wire.md, decided once per package
// in NewLayout and read by every renderer. A renderer switches on these
// values; it never decides from a field's type whether the field is
// written, what an absent field decodes to, what a repeated field does or
// what becomes of an unknown union case. Layout.String prints them, and
// golden/wire_plan holds that text, so a rule change shows up in one
// reviewed diff before it shows up in three codecs.

// Emit says when an encoder writes a struct field or a union case.
type Emit uint8

// The emission rules of docs/wire.md, "Canonical encoding".
const (
	// EmitAlways: the key and V(T) are written whatever the value holds
	// (every union case: a union that holds a case writes it, rule 3).
	EmitAlways Emit = iota + 1
	// EmitIfPresent: an optional<T> field, written as key + V(T) when
	// present (even when T's value is its default) and omitted when absent.
	EmitIfPresent
	// EmitIfNonZero: omitted when the value is its type's default (false,
	// 0, a float whose bits are all zero, an empty string, bytes, list or
	// map).
	EmitIfNonZero
	// EmitIfNonEmptyPayload: a struct, union or optional<union> field,
	// omitted when its payload would be empty (a struct of defaults, a
	// union with no case or an unknown one, an absent optional union).
	EmitIfNonEmptyPayload
)

var emitNames = [...]string{EmitAlways: "always", EmitIfPresent: "if-present", EmitIfNonZero: "if-nonzero", EmitIfNonEmptyPayload: "if-nonempty-payload"}

func (e Emit) String() string {
	if e > 0 && int(e) < len(emitNames) {
		return emitNames[e]
	}
	return fmt.Sprintf("Emit(%d)", uint8(e))
}

// Absent is what a decoder leaves in a struct field that did not appear.
type Absent uint8

// The absent rules of docs/wire.md, "Decoding a struct".
const (
	// AbsentDefault: the type's default (the value EmitIfNonZero or
	// EmitIfNonEmptyPayload omits; a struct of defaults).
	AbsentDefault Absent = iota + 1
	// AbsentNoCase: a union with no case (Go nil, Python None, C tag 0).
	AbsentNoCase
	// AbsentNone: an absent optional (Go nil, Python None, C NULL).
	AbsentNone
)

var absentNames = [...]string{AbsentDefault: "default", AbsentNoCase: "no-case", AbsentNone: "none"}

func (a Absent) String() string {
	if a > 0 && int(a) < len(absentNames) {
		return absentNames[a]
	}
	return fmt.Sprintf("Absent(%d)", uint8(a))
}

// Repeat is what a decoder does with a struct field that appears twice.
type Repeat uint8

// RepeatLastWins is the one rule of docs/wire.md: the field takes its last
// value, replacing (not merging with) the first, which is released.
const RepeatLastWins Repeat = 1

func (r Repeat) String() string {
	if r == RepeatLastWins {
		return "last value wins"
	}
	return fmt.Sprintf("Repeat(%d)", uint8(r))
}

// UnknownCase is what a decoder does with a union case it does not know.
type UnknownCase uint8

// UnknownCaseDrop is the one policy of docs/wire.md: the case is skipped by
// its wire type and decodes to its tag alone (Go XUnknown{Tag}, Python
// XUnknown(tag=t), C tag = t with a zeroed payload). The payload is not
// kept: no codec could re-encode it (re-encoding writes the union with no
// case), and keeping it would keep part of the input alive.
const UnknownCaseDrop UnknownCase = 1

func (u UnknownCase) String() string {
	if u == UnknownCaseDrop {
		return "dropped: decoded as its tag alone, re-encoded as no case"
	}
	return fmt.Sprintf("UnknownCase(%d)", uint8(u))
}

// Hot is the shape of a field on a decoder's fast path: a one-byte key
// followed by a small value, decoded inline. Any other field is cold, a
// call.
type Hot uint8

// The hot-path shapes.
const (
	HotNone     Hot = iota // cold: a call
	HotVarint              // a varint (bool, integer, enum), usually one byte
	HotFixed32             // four bytes
	HotFixed64             // eight bytes
	HotShortLen            // a string or bytes, usually a one-byte length
)

var hotNames = [...]string{HotNone: "cold", HotVarint: "varint", HotFixed32: "fixed32", HotFixed64: "fixed64", HotShortLen: "short-len"}

func (h Hot) String() string {
	if int(h) < len(hotNames) {
		return hotNames[h]
	}
	return fmt.Sprintf("Hot(%d)", uint8(h))
}

// Limits are a decoder's default limits (docs/wire.md, "Limits"), printed
// into every runtime from the Default* constants.
type Limits struct {
	MaxSize, MaxDepth, MaxCount int
}

// DefaultLimits are the Default* constants as Limits.
var DefaultLimits = Limits{MaxSize: DefaultMaxSize, MaxDepth: DefaultMaxDepth, MaxCount: DefaultMaxCount}

// Unit is one piece of codec a renderer emits once: a struct or union
// (Message set) or a distinct list, map or optional type (Value set).
type Unit struct {
	Message *Message
	Value   *Value
}

// Name is the unit's name: the message's name or the type's mangled one.
func (u *Unit) Name() string {
	if u.Message != nil {
		return u.Message.Name
	}
	return u.Value.Mangled
}

// planField sets the rules of one struct field or union case.
func planField(f *Field, union bool) {
	f.Hot = hotShape(f)
	if union {
		f.Emit = EmitAlways
		return
	}
	v := f.Value
	switch {
	case f.Presence && v.Elem.Op == OpUnion:
		// Go cannot tell a present union with no case from an absent
		// one (both nil), so an optional union is written exactly like a
		// union field.
		f.Emit, f.Absent = EmitIfNonEmptyPayload, AbsentNone
	case f.Presence:
		f.Emit, f.Absent = EmitIfPresent, AbsentNone
	case v.Op == OpStruct:
		f.Emit, f.Absent = EmitIfNonEmptyPayload, AbsentDefault
	case v.Op == OpUnion:
		f.Emit, f.Absent = EmitIfNonEmptyPayload, AbsentNoCase
	default:
		f.Emit, f.Absent = EmitIfNonZero, AbsentDefault
	}
}

func hotShape(f *Field) Hot {
	if len(f.KeyBytes) != 1 || f.NoPayload || f.Wrapped {
		return HotNone
	}
	v := f.Value
	if f.Presence {
		v = v.Elem
	}
	switch v.Op {
	case OpBool, OpUvarint, OpZigzag, OpEnum:
		return HotVarint
	case OpFixed32:
		return HotFixed32
	case OpFixed64:
		return HotFixed64
	case OpString, OpBytes:
		return HotShortLen
	}
	return HotNone
}

// checkPlan panics when a field's rules are a combination no renderer can
// follow: a bug in NewLayout or in a test's change to the plan.
func checkPlan(l *Layout) {
	if l.Repeated != RepeatLastWins || l.UnknownCase != UnknownCaseDrop {
		panic(fmt.Sprintf("genwire: unsupported plan rules %v, %v", l.Repeated, l.UnknownCase))
	}
	for _, m := range l.Messages {
		for _, f := range m.Fields {
			if m.IsUnion {
				if f.Emit != EmitAlways {
					panic(fmt.Sprintf("genwire: union case %s.%s: emit %v", m.Name, f.Name, f.Emit))
				}
				continue
			}
			ok := false
			switch op := f.Value.Op; f.Emit {
			case EmitAlways:
				ok = !f.Presence
			case EmitIfPresent:
				ok = f.Presence && f.Value.Elem.Op != OpUnion
			case EmitIfNonZero:
				ok = !f.Presence && op != OpStruct && op != OpUnion
			case EmitIfNonEmptyPayload:
				ok = op == OpStruct || op == OpUnion || (f.Presence && f.Value.Elem.Op == OpUnion)
			}
			if !ok {
				panic(fmt.Sprintf("genwire: field %s.%s of type %s cannot be emitted %v", m.Name, f.Name, describe(f.Value), f.Emit))
			}
		}
	}
}

// units lists one Unit per struct, union and distinct list, map or
// optional type, each after the units it calls (a recursive type's cycle
// is entered once, at its first message in source order).
func (l *Layout) units() []*Unit {
	var out []*Unit
	seen := map[string]bool{}
	var value func(v *Value)
	message := func(m *Message) {
		if m == nil || seen["msg "+m.Name] {
			return
		}
		seen["msg "+m.Name] = true
		for _, f := range m.Fields {
			if f.Value != nil {
				value(f.Value)
			}
		}
		out = append(out, &Unit{Message: m})
	}
	value = func(v *Value) {
		switch v.Op {
		case OpStruct, OpUnion:
			message(l.messages[v.Decl])
			return
		case OpList, OpMap, OpOptional:
		default:
			return
		}
		if seen[v.Mangled] {
			return
		}
		seen[v.Mangled] = true
		if v.Key != nil {
			value(v.Key)
		}
		value(v.Elem)
		out = append(out, &Unit{Value: v})
	}
	for _, m := range l.Messages {
		message(m)
	}
	return out
}

// planText writes the package-wide rules and the units.
func (l *Layout) planHeader(b *strings.Builder) {
	fmt.Fprintf(b, "limits: max size %d, max depth %d, max count %d\n", l.Limits.MaxSize, l.Limits.MaxDepth, l.Limits.MaxCount)
	fmt.Fprintf(b, "repeated field: %v\n", l.Repeated)
	fmt.Fprintf(b, "unknown union case: %v\n", l.UnknownCase)
}

func (l *Layout) planUnits(b *strings.Builder) {
	b.WriteString("\nunits, in dependency order:\n")
	for _, u := range l.Units {
		if u.Message != nil {
			kind := "struct"
			if u.Message.IsUnion {
				kind = "union"
			}
			fmt.Fprintf(b, "  %s %s\n", kind, u.Message.Name)
			continue
		}
		fmt.Fprintf(b, "  %s %s\n", u.Value.Mangled, describe(u.Value))
	}
}
