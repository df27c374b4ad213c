package genwire

import (
	"fmt"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
)

// The RPC side of Breaking (docs/rpc.md, "Evolution"). Over RPC a callable
// is named by its key (the function's name, "Object.method", the
// constructor's "Object.new" or "Object.new.name"), its arguments travel as
// a request struct whose field i is its parameter i (after the receiver
// handle of a method), its result as field 1 of the response, and its IDL
// error as a code. So, for every callable of the old version:
//
//   - removed (or its object removed): an old caller's call is answered
//     "unknown method";
//   - a parameter removed, or added, moved or renamed-into-place anywhere
//     but the end: an old caller's argument reaches another parameter or
//     none;
//   - a parameter or result whose type at its position is not
//     wire-compatible (the struct field rules of Breaking); an object
//     travels as its handle, which names an object of one type only;
//   - a parameter added at the end that is an object (not optional): an
//     old caller sends no handle, which the server rejects;
//   - a result removed: an old caller reads a default, not an answer;
//   - a changed error set: raising an error where it raised none, none
//     where it raised one, or another error type; and, in an error type a
//     callable raises, a code renumbered, or removed without reserving it.
//
// Adding a callable, a parameter at the end (it arrives as its zero value
// from old callers), a result where there was none, an enum member or an
// error code is compatible. Callables that are not served over RPC (their
// parameters or result hold objects inside a value) are compared only by
// their presence.

// callable is one RPC callable of a package version.
type callable struct {
	key    string // docs/rpc.md, "Method ids"
	what   string // for messages: `function "f"`, `method "m" of object "O"`
	pos    idl.Pos
	params []*idl.Param
	result *idl.Type // nil for none; the object itself for a constructor
	raises *idl.Type
}

func callables(pkg *idl.Package) (map[string]*callable, []*callable) {
	byKey := map[string]*callable{}
	var list []*callable
	add := func(c *callable) {
		byKey[c.key] = c
		list = append(list, c)
	}
	for _, f := range pkg.Funcs {
		add(&callable{key: f.Name, what: fmt.Sprintf("function %q", f.Name), pos: f.Pos, params: f.Params, result: f.Result, raises: f.Raises})
	}
	for _, o := range pkg.Objects {
		for _, c := range o.Ctors {
			key, what := o.Name+".new", fmt.Sprintf("constructor \"new\" of object %q", o.Name)
			if c.Name != "" {
				key, what = key+"."+c.Name, fmt.Sprintf("constructor \"new %s\" of object %q", c.Name, o.Name)
			}
			add(&callable{key: key, what: what, pos: c.Pos, params: c.Params, raises: c.Raises})
		}
		for _, m := range o.Methods {
			add(&callable{key: o.Name + "." + m.Name, what: fmt.Sprintf("method %q of object %q", m.Name, o.Name), pos: m.Pos, params: m.Params, result: m.Result, raises: m.Raises})
		}
	}
	return byKey, list
}

// callables reports the RPC changes of b.old to b.new.
func (b *breaker) callables() {
	newObjects := map[string]bool{}
	for _, o := range b.new.Objects {
		newObjects[o.Name] = true
	}
	for _, o := range b.old.Objects {
		if !newObjects[o.Name] {
			b.errs.Add(o.Pos, "object %q was removed: an old caller's constructors and methods are unknown methods", o.Name)
		}
	}
	newByKey, _ := callables(b.new)
	_, oldList := callables(b.old)
	raised := map[string]bool{}
	for _, oc := range oldList {
		if oc.raises != nil {
			raised[oc.raises.Name] = true
		}
		nc, ok := newByKey[oc.key]
		if !ok {
			if obj, _, _ := cutKey(oc.key); obj == "" || newObjects[obj] {
				b.errs.Add(oc.pos, "%s was removed: an old caller's call is an unknown method", oc.what)
			}
			continue
		}
		b.params(oc, nc)
		b.result(oc, nc)
		b.raises(oc, nc)
	}
	for _, e := range b.old.Enums {
		if !e.IsError || !raised[e.Name] {
			continue
		}
		if ne, ok := b.new.Lookup[e.Name].(*idl.Enum); ok && ne.IsError {
			b.enum(e, ne)
		}
	}
}

// cutKey splits the key of a constructor or method into its object and
// the rest; obj is "" for a function.
func cutKey(key string) (obj, rest string, ok bool) {
	for i := 0; i < len(key); i++ {
		if key[i] == '.' {
			return key[:i], key[i+1:], true
		}
	}
	return "", key, false
}

func (b *breaker) params(oc, nc *callable) {
	oldAt, newAt := map[string]int{}, map[string]int{}
	for i, p := range oc.params {
		oldAt[p.Name] = i
	}
	for i, p := range nc.params {
		newAt[p.Name] = i
	}
	common := min(len(oc.params), len(nc.params))
	for i := range common {
		op, np := oc.params[i], nc.params[i]
		if op.Name != np.Name {
			_, oldMoved := newAt[op.Name]
			_, newMoved := oldAt[np.Name]
			if oldMoved || newMoved {
				// Every later position is shifted too: one finding.
				b.errs.AddHint(np.Pos, "add parameters only at the end, and never reorder them",
					"parameter %q of %s is at position %d, where the old version has %q: arguments travel by position, so an old caller's %q arrives as %q",
					np.Name, nc.what, i+1, op.Name, op.Name, np.Name)
				return
			}
		}
		if why := b.rpcIncompatible(op.Type, np.Type); why != "" {
			name := fmt.Sprintf("%q", np.Name)
			if np.Name != op.Name {
				name = fmt.Sprintf("%q (was %q)", np.Name, op.Name)
			}
			b.errs.Add(np.Type.Pos, "parameter %s of %s changed type from %s to %s: %s", name, nc.what, op.Type, np.Type, why)
		}
	}
	for _, op := range oc.params[common:] {
		if _, ok := newAt[op.Name]; ok {
			// Moved to a position an old caller does not fill.
			b.errs.AddHint(nc.params[newAt[op.Name]].Pos, "add parameters only at the end, and never reorder them",
				"parameter %q of %s moved from position %d to %d: arguments travel by position", op.Name, nc.what, oldAt[op.Name]+1, newAt[op.Name]+1)
			continue
		}
		b.errs.Add(op.Pos, "parameter %q of %s was removed: an old caller's argument reaches no parameter", op.Name, oc.what)
	}
	for _, np := range nc.params[common:] {
		if _, ok := oldAt[np.Name]; ok {
			continue // reported above
		}
		if np.Type.Kind == idl.KindObject {
			b.errs.Add(np.Pos, "parameter %q added to %s is an object: an old caller sends no handle, which the server rejects (make it optional<%s>)", np.Name, nc.what, np.Type)
		}
	}
}

func (b *breaker) result(oc, nc *callable) {
	switch {
	case oc.result == nil:
		// None before: an old caller skips a new result.
	case nc.result == nil:
		b.errs.Add(nc.pos, "%s no longer returns %s: an old caller reads a default instead of a result", nc.what, oc.result)
	default:
		if why := b.rpcIncompatible(oc.result, nc.result); why != "" {
			b.errs.Add(nc.result.Pos, "the result of %s changed type from %s to %s: %s", nc.what, oc.result, nc.result, why)
		}
	}
}

func (b *breaker) raises(oc, nc *callable) {
	switch {
	case oc.raises == nil && nc.raises == nil:
	case oc.raises == nil:
		b.errs.Add(nc.raises.Pos, "%s now raises %q: an old caller does not expect an error", nc.what, nc.raises.Name)
	case nc.raises == nil:
		b.errs.Add(nc.pos, "%s no longer raises %q: a new caller of an old server gets an error it does not expect", nc.what, oc.raises.Name)
	case oc.raises.Name != nc.raises.Name:
		b.errs.Add(nc.raises.Pos, "%s raises %q instead of %q: the codes of one mean nothing to callers expecting the other", nc.what, nc.raises.Name, oc.raises.Name)
	}
}

// rpcIncompatible is incompatible for a parameter or result of a callable:
// a struct field of its request or response, where an object travels as
// its handle (a u64, an optional<u64> for optional<Object>). A type that
// holds objects any other way is not served over RPC: not compared.
func (b *breaker) rpcIncompatible(o, n *idl.Type) string {
	oh, nh := handleOf(o), handleOf(n)
	switch {
	case oh != nil && nh != nil:
		if oh.Name != nh.Name {
			return fmt.Sprintf("a handle names an object of one type, so a %s handle is rejected as a %s", oh.Name, nh.Name)
		}
		if (o.Kind == idl.KindOptional) != (n.Kind == idl.KindOptional) {
			return "an absent object travels as no handle, which a peer that wants one rejects"
		}
		return ""
	case oh != nil:
		return fmt.Sprintf("an object travels as its handle, not as %s", n)
	case nh != nil:
		return fmt.Sprintf("an object travels as its handle, not as %s", o)
	case cabi.HoldsObject(o) || cabi.HoldsObject(n):
		return ""
	}
	return b.incompatible(o, n, true)
}

// handleOf is the object of an Object or optional<Object> type, or nil.
func handleOf(t *idl.Type) *idl.Type {
	if t.Kind == idl.KindOptional {
		t = t.Elem
	}
	if t.Kind == idl.KindObject {
		return t
	}
	return nil
}
