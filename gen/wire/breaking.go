package genwire

import (
	"fmt"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
)

// Breaking compares two checked versions of one package and reports every
// change that breaks the wire format in either direction: bytes written by
// the old schema that the new one reads differently, or bytes written by the
// new schema that the old one reads differently. Removals are reported at
// their position in the old file; everything else at its position in the
// new file. The list is sorted; it is empty when the change is safe.
//
// The rules (docs/wire.md, "Breaking changes"):
//
//   - a struct, union or enum that is removed, or turned into another kind
//     of declaration, or a struct or union that comes to hold an object
//     handle (which has no wire form);
//   - a field or union case whose tag now holds a type that is not
//     wire-compatible with the old one: every value either version writes
//     must decode under the other to the same value;
//   - a field or union case removed while its tag is not reserved;
//   - a field or union case that takes a tag the old version reserved;
//   - an enum member whose value changed, or that was removed while its
//     value is not reserved; a member that takes a value the old version
//     reserved.
//
// Renaming a field, a case or an enum member is not reported: names never
// reach the wire. An error type reaches the wire only as the code of an
// RPC RAISE, so it is compared only when a function, constructor or method
// of the old version raises it.
//
// Functions, objects, constructors and methods are compared as RPC
// callables (breaking_rpc.go, docs/rpc.md "Evolution").
func Breaking(old, new *idl.Package) idl.ErrorList {
	b := newBreaker(old, new)
	for _, od := range old.Decls {
		if !onWire(od) {
			continue
		}
		nd, ok := new.Lookup[od.DeclName()]
		if !ok {
			b.errs.Add(od.DeclPos(), "%s %q was removed", od.DeclKind(), od.DeclName())
			continue
		}
		if od.DeclKind() != nd.DeclKind() {
			b.errs.Add(nd.DeclPos(), "%s %q became %s", od.DeclKind(), od.DeclName(), article(nd.DeclKind()))
			continue
		}
		if !onWire(nd) {
			b.errs.Add(nd.DeclPos(), "%s %q now holds an object handle, so it has no wire form", od.DeclKind(), od.DeclName())
			continue
		}
		switch od := od.(type) {
		case *idl.Struct:
			n := nd.(*idl.Struct)
			b.fields("struct", od.Name, "field", od.Fields, od.Reserved, n.Fields, n.Reserved)
		case *idl.Union:
			n := nd.(*idl.Union)
			b.fields("union", od.Name, "case", od.Cases, od.Reserved, n.Cases, n.Reserved)
		case *idl.Enum:
			b.enum(od, nd.(*idl.Enum))
		}
	}
	b.callables()
	b.errs.Sort()
	return b.errs
}

// onWire reports whether a declaration has a wire encoding: structs and
// unions that hold no object handle, and (non-error) enums.
func onWire(d idl.Decl) bool {
	switch d := d.(type) {
	case *idl.Struct, *idl.Union:
		return !cabi.HoldsObject(idl.TypeOf(d))
	case *idl.Enum:
		return !d.IsError
	}
	return false
}

func article(kind string) string {
	switch kind[0] {
	case 'a', 'e', 'i', 'o':
		return "an " + kind
	}
	return "a " + kind
}

type breaker struct {
	old, new *idl.Package
	errs     idl.ErrorList
	// oldLay and newLay give the wire form of the types of each version.
	oldLay, newLay *Layout
	seen           map[[2]idl.Decl]bool
}

func newBreaker(old, new *idl.Package) *breaker {
	return &breaker{old: old, new: new, oldLay: &Layout{Types: map[string]*Value{}}, newLay: &Layout{Types: map[string]*Value{}}}
}

func reservedCovers(rs []*idl.Reserved, v int64) *idl.Reserved {
	for _, r := range rs {
		for _, rg := range r.Ranges {
			if v >= rg.Lo && v <= rg.Hi {
				return r
			}
		}
	}
	return nil
}

func (b *breaker) fields(kind, owner, what string, oldF []*idl.Field, oldRes []*idl.Reserved, newF []*idl.Field, newRes []*idl.Reserved) {
	newByTag := map[int64]*idl.Field{}
	for _, f := range newF {
		newByTag[f.Tag] = f
	}
	for _, of := range oldF {
		nf, ok := newByTag[of.Tag]
		if !ok {
			if reservedCovers(newRes, of.Tag) == nil {
				b.errs.AddHint(of.Pos, fmt.Sprintf("add `reserved %d;` to %s %q", of.Tag, kind, owner),
					"%s %q (@%d) of %s %q was removed without reserving its tag", what, of.Name, of.Tag, kind, owner)
			}
			continue
		}
		if why := b.caseIncompatible(of.Type, nf.Type, kind == "struct"); why != "" {
			name := fmt.Sprintf("%q", nf.Name)
			if nf.Name != of.Name {
				name = fmt.Sprintf("%q (was %q)", nf.Name, of.Name)
			}
			at := nf.Pos
			if nf.Type != nil {
				at = nf.Type.Pos
			}
			b.errs.Add(at, "%s %s (@%d) of %s %q changed type from %s to %s: %s",
				what, name, nf.Tag, kind, owner, payloadName(of.Type), payloadName(nf.Type), why)
		}
	}
	for _, nf := range newF {
		if r := reservedCovers(oldRes, nf.Tag); r != nil {
			b.errs.Add(nf.Pos, "%s %q of %s %q uses tag @%d, which the old version reserved at %s",
				what, nf.Name, kind, owner, nf.Tag, r.Pos)
		}
	}
}

func (b *breaker) enum(o, n *idl.Enum) {
	kind := "enum"
	if o.IsError {
		kind = "error"
	}
	newByName := map[string]*idl.EnumMember{}
	newByValue := map[int64]*idl.EnumMember{}
	for _, m := range n.Members {
		newByName[m.Name] = m
		newByValue[m.Value] = m
	}
	for _, om := range o.Members {
		if nm, ok := newByName[om.Name]; ok && nm.Value != om.Value {
			b.errs.Add(nm.Pos, "%s member %q of %s %q changed value from %d to %d", kind, nm.Name, kind, n.Name, om.Value, nm.Value)
			continue
		}
		if _, ok := newByValue[om.Value]; ok {
			continue // kept, perhaps renamed: names never reach the wire
		}
		if _, ok := newByName[om.Name]; ok {
			continue // renumbered, reported above
		}
		if reservedCovers(n.Reserved, om.Value) == nil {
			b.errs.AddHint(om.Pos, fmt.Sprintf("add `reserved %d;` to %s %q", om.Value, kind, o.Name),
				"%s member %q (= %d) of %s %q was removed without reserving its value", kind, om.Name, om.Value, kind, o.Name)
		}
	}
	for _, nm := range n.Members {
		if r := reservedCovers(o.Reserved, nm.Value); r != nil {
			b.errs.Add(nm.Pos, "%s member %q of %s %q uses value %d, which the old version reserved at %s",
				kind, nm.Name, kind, n.Name, nm.Value, r.Pos)
		}
	}
}

// payloadName spells a field's or case's type for a message; a union case
// without a payload has none.
func payloadName(t *idl.Type) string {
	if t == nil {
		return "no payload"
	}
	return t.String()
}

// caseIncompatible is incompatible for a field or union case whose type
// may be nil (a payload-free case). Such a case is written as its key and
// an empty LEN payload, and read by skipping whatever payload arrives: the
// bytes of a case holding a struct with every field default, and a reader
// of a struct payload loses nothing it could have read. So a payload-free
// case and a struct case are interchangeable (as an empty struct and one
// that gained fields are); any other payload is breaking.
func (b *breaker) caseIncompatible(o, n *idl.Type, structField bool) string {
	switch {
	case o == nil && n == nil:
		return ""
	case o != nil && n != nil:
		return b.incompatible(o, n, structField)
	}
	t, lay := o, b.oldLay
	if t == nil {
		t, lay = n, b.newLay
	}
	if t.Kind == idl.KindStruct {
		return ""
	}
	return fmt.Sprintf("a case without a payload is written as an empty LEN payload, %s as %s", t, describe(lay.value(t)))
}

// incompatible returns why a field of type o cannot change to type n, or
// "" when bytes written with either type decode under the other to the
// same value. struct says the types are those of a struct field, where an
// optional is keyed by its payload's wire type (docs/wire.md), so T and
// optional<T> share an encoding.
func (b *breaker) incompatible(o, n *idl.Type, structField bool) string {
	ov, nv := b.oldLay.value(o), b.newLay.value(n)
	if structField && (ov.Op == OpOptional) != (nv.Op == OpOptional) {
		// A present optional is written as its payload, even when that is
		// the default; a plain field omits its default. Either reader gets
		// the value the writer meant, except that a default read into an
		// optional arrives as absent, which is what adding optional means.
		if ov.Op == OpOptional {
			o = o.Elem
		} else {
			n = n.Elem
		}
		return b.incompatible(o, n, false)
	}
	oop, nop := scalarOp(ov.Op), scalarOp(nv.Op)
	if oop != nop {
		return fmt.Sprintf("%s is written as %s, %s as %s", o, describe(ov), n, describe(nv))
	}
	switch oop {
	case OpUvarint, OpZigzag:
		if ov.Bits != nv.Bits {
			return fmt.Sprintf("%s and %s hold different ranges, so one side rejects values the other writes", o, n)
		}
	case OpList, OpOptional:
		return b.incompatible(o.Elem, n.Elem, false)
	case OpMap:
		if why := b.incompatible(o.Key, n.Key, false); why != "" {
			return why
		}
		return b.incompatible(o.Elem, n.Elem, false)
	case OpStruct, OpUnion:
		// The same name is the same declaration, whose own changes are
		// checked on their own. A different one must match tag by tag.
		if o.Name != n.Name {
			return b.sameMessage(ov.Decl, nv.Decl)
		}
	}
	return ""
}

// scalarOp merges the operations that write the same bytes for the same
// values: an enum is a zigzag varint of an int32, exactly like an i32.
func scalarOp(op Op) Op {
	if op == OpEnum {
		return OpZigzag
	}
	return op
}

// sameMessage reports why two differently named structs (or unions) are
// not interchangeable on the wire: a tag both use with incompatible types.
// Tags only one of them uses are skipped or default, as in evolution.
func (b *breaker) sameMessage(o, n idl.Decl) string {
	key := [2]idl.Decl{o, n}
	if b.seen[key] {
		return "" // assume compatible while the pair is being compared
	}
	if b.seen == nil {
		b.seen = map[[2]idl.Decl]bool{}
	}
	b.seen[key] = true
	of, nf := idl.Members(o), idl.Members(n)
	byTag := map[int64]*idl.Field{}
	for _, f := range nf {
		byTag[f.Tag] = f
	}
	_, isStruct := o.(*idl.Struct)
	for _, f := range of {
		g, ok := byTag[f.Tag]
		if !ok {
			continue
		}
		if why := b.caseIncompatible(f.Type, g.Type, isStruct); why != "" {
			return fmt.Sprintf("%s %q and %s %q differ at @%d: %s", o.DeclKind(), o.DeclName(), n.DeclKind(), n.DeclName(), f.Tag, why)
		}
	}
	return ""
}
