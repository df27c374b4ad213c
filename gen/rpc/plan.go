// Package genrpc is the RPC backend: the protocol facts of a package (the
// callables, their method ids and their request and response messages,
// docs/rpc.md) computed once in a Plan, and the renderers that turn a Plan
// into a Go client, server and in-process adapter, and a C dispatcher.
//
// The messages are ordinary IDL structs: Augment adds them to the package
// before any backend runs, so the Go, Python and C codecs of the messages
// come from the wire backend like every other struct's.
package genrpc

import (
	"fmt"
	"sort"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// Kind tells what a Method calls.
type Kind int

// The kinds of callables.
const (
	KindFunc    Kind = iota // a top-level fn
	KindMethod              // a method of an object; field 1 is the receiver
	KindCtor                // a constructor; the result is a handle
	KindDestroy             // the release of an object (its client's Close)
)

// Method is one callable served over RPC.
type Method struct {
	Kind Kind
	// Key is the name the id is the hash of: "f", "O.m", "O.new",
	// "O.new.name" or "O.~".
	Key string
	ID  uint32
	// Func is the function or method (KindFunc, KindMethod); Ctor the
	// constructor (KindCtor); nil otherwise.
	Func *idl.Func
	Ctor *idl.Ctor
	// Object is the object of a method, constructor or destroy.
	Object *idl.Object
	// Params are the IDL parameters (without the receiver), Result the
	// IDL result (an object type for a constructor; nil when none), Raises
	// the error type or nil.
	Params []*idl.Param
	Result *idl.Type
	Raises *idl.Type
	// Request and Response are the synthesized message structs. In the
	// request, the receiver (methods and destroy) is field 1 and the
	// parameters follow; in the response, field 1 is the result. Both are
	// always set: a callable without parameters or without a result has
	// an empty struct, whose payload is empty, and which every codec
	// decodes by skipping the fields a newer peer sends.
	Request, Response *idl.Struct
}

// Skipped is a function not served over RPC, and why.
type Skipped struct {
	Name   string
	Reason string
}

// Plan is everything an RPC renderer reads about a package.
type Plan struct {
	Pkg *idl.Package
	// Methods in declaration order: functions, then for each object its
	// constructors, methods and destroy, in source order.
	Methods []*Method
	// Objects are the package's objects, in source order.
	Objects []*idl.Object
	Skipped []Skipped
}

// Error is a reason RPC code cannot be generated for a package.
type Error struct {
	Pos idl.Pos
	Msg string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: error: %s", e.Pos, e.Msg) }

// MethodID is the 32-bit FNV-1a hash of key (docs/rpc.md, "Method ids").
func MethodID(key string) uint32 {
	h := uint32(0x811c9dc5)
	for i := 0; i < len(key); i++ {
		h ^= uint32(key[i])
		h *= 0x01000193
	}
	return h
}

// wireType is how t travels in a message: objects as u64 handles, an
// optional object as an optional u64; ok is false when t holds objects
// in any other way (not served).
func wireType(t *idl.Type) (*idl.Type, bool) {
	switch {
	case t == nil:
		return nil, true
	case t.Kind == idl.KindObject:
		return &idl.Type{Kind: idl.KindU64, Pos: t.Pos}, true
	case t.Kind == idl.KindOptional && t.Elem.Kind == idl.KindObject:
		return &idl.Type{Kind: idl.KindOptional, Pos: t.Pos, Elem: &idl.Type{Kind: idl.KindU64, Pos: t.Pos}}, true
	}
	if holdsObject(t) {
		return nil, false
	}
	return t, true
}

func holdsObject(t *idl.Type) bool {
	switch t.Kind {
	case idl.KindObject:
		return true
	case idl.KindList, idl.KindOptional:
		return holdsObject(t.Elem)
	case idl.KindMap:
		return holdsObject(t.Key) || holdsObject(t.Elem)
	case idl.KindStruct:
		return t.Struct().HoldsObject
	case idl.KindUnion:
		return t.Union().HoldsObject
	}
	return false
}

// pascal joins the words of names in PascalCase, the IDL spelling of a
// struct name.
func pascal(names ...string) string {
	var b strings.Builder
	for _, n := range names {
		for _, w := range naming.Words(n) {
			b.WriteString(strings.ToUpper(w[:1]) + strings.ToLower(w[1:]))
		}
	}
	return b.String()
}

// receiverField is the name of the receiver handle's field in a method's
// request: "self", or when a parameter's name would meet it in a target
// language, "receiver", then "self2", "self3" ... (docs/rpc.md,
// "Messages").
func receiverField(params []*idl.Param) string {
	taken := func(name string) bool {
		for _, p := range params {
			if naming.GoExported(p.Name) == naming.GoExported(name) || naming.PyName(p.Name) == naming.PyName(name) || naming.CName(p.Name) == naming.CName(name) {
				return true
			}
		}
		return false
	}
	name := "self"
	for i := 1; taken(name); i++ {
		if i == 1 {
			name = "receiver"
		} else {
			name = fmt.Sprintf("self%d", i)
		}
	}
	return name
}

// NewPlan computes the Plan of pkg, or the reasons it has none.
func NewPlan(pkg *idl.Package) (*Plan, error) {
	if errs := idl.RefuseCallbacks(pkg, "rpc", "serving a callback would need calls from the server back to the client, which the RPC protocol does not have"); errs != nil {
		return nil, errs
	}
	p := &Plan{Pkg: pkg, Objects: pkg.Objects}
	var errs []error
	names := map[string]string{} // struct name -> key that made it
	ids := map[uint32]string{}
	add := func(m *Method, pos idl.Pos, name string, self bool) {
		var params []*idl.Field
		if self {
			params = append(params, &idl.Field{Name: receiverField(m.Params), Pos: pos, Type: &idl.Type{Kind: idl.KindU64, Pos: pos}, Tag: 1})
		}
		for _, prm := range m.Params {
			t, ok := wireType(prm.Type)
			if !ok {
				p.Skipped = append(p.Skipped, Skipped{m.Key, fmt.Sprintf("parameter %q holds objects inside a value", prm.Name)})
				return
			}
			params = append(params, &idl.Field{Name: prm.Name, Pos: prm.Pos, Type: t, Tag: int64(len(params) + 1)})
		}
		var results []*idl.Field
		if m.Result != nil {
			t, ok := wireType(m.Result)
			if !ok {
				p.Skipped = append(p.Skipped, Skipped{m.Key, "its result holds objects inside a value"})
				return
			}
			results = append(results, &idl.Field{Name: "result", Pos: pos, Type: t, Tag: 1})
		}
		for i, suffix := range []string{"Request", "Response"} {
			sn := name + suffix
			if d, ok := pkg.Lookup[sn]; ok {
				errs = append(errs, &Error{d.DeclPos(), fmt.Sprintf("%s %q has the name of the RPC message of %q; rename it", d.DeclKind(), sn, m.Key)})
				return
			}
			if other, ok := names[sn]; ok {
				errs = append(errs, &Error{pos, fmt.Sprintf("%q and %q both need the RPC message %q; rename one", other, m.Key, sn)})
				return
			}
			names[sn] = m.Key
			fields := params
			if i == 1 {
				fields = results
			}
			s := &idl.Struct{Name: sn, Pos: pos, Fields: fields, Doc: idl.Doc{fmt.Sprintf("The RPC %s message of %s (docs/rpc.md).", strings.ToLower(suffix), m.Key)}}
			if i == 0 {
				m.Request = s
			} else {
				m.Response = s
			}
		}
		m.ID = MethodID(m.Key)
		if m.ID == 0 {
			errs = append(errs, &Error{pos, fmt.Sprintf("the RPC method id of %q is 0; rename it", m.Key)})
			return
		}
		if other, ok := ids[m.ID]; ok {
			errs = append(errs, &Error{pos, fmt.Sprintf("%q and %q have the same RPC method id %#08x; rename one", other, m.Key, m.ID)})
			return
		}
		ids[m.ID] = m.Key
		p.Methods = append(p.Methods, m)
	}
	for _, f := range pkg.Funcs {
		add(&Method{Kind: KindFunc, Key: f.Name, Func: f, Params: f.Params, Result: f.Result, Raises: f.Raises}, f.Pos, pascal(f.Name), false)
	}
	for _, o := range pkg.Objects {
		ot := idl.TypeOf(o)
		for _, c := range o.Ctors {
			key, name := o.Name+".new", pascal(o.Name, "new")
			if c.Name != "" {
				key, name = key+"."+c.Name, pascal(o.Name, "new", c.Name)
			}
			add(&Method{Kind: KindCtor, Key: key, Ctor: c, Object: o, Params: c.Params, Result: ot, Raises: c.Raises}, c.Pos, name, false)
		}
		for _, f := range o.Methods {
			add(&Method{Kind: KindMethod, Key: o.Name + "." + f.Name, Func: f, Object: o, Params: f.Params, Result: f.Result, Raises: f.Raises}, f.Pos, pascal(o.Name, f.Name, "method"), true)
		}
		add(&Method{Kind: KindDestroy, Key: o.Name + ".~", Object: o}, o.Pos, pascal(o.Name, "destroy"), true)
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].(*Error).Pos.Offset < errs[j].(*Error).Pos.Offset })
		return nil, joinErrors(errs)
	}
	return p, nil
}

// Errors is every reason NewPlan failed, in source order.
type Errors []error

func (e Errors) Error() string {
	var b strings.Builder
	for i, err := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(err.Error())
	}
	return b.String()
}

// Unwrap returns the errors, for errors.As.
func (e Errors) Unwrap() []error { return e }

func joinErrors(errs []error) error { return Errors(errs) }

// Augment returns a copy of pkg with the request and response structs of
// plan added after its declarations: the package every backend renders
// when RPC code is generated. pkg itself is not changed.
func Augment(pkg *idl.Package, plan *Plan) *idl.Package {
	out := *pkg
	out.Decls = append([]idl.Decl(nil), pkg.Decls...)
	out.Structs = append([]*idl.Struct(nil), pkg.Structs...)
	out.Lookup = make(map[string]idl.Decl, len(pkg.Lookup)+2*len(plan.Methods))
	for k, v := range pkg.Lookup {
		out.Lookup[k] = v
	}
	for _, m := range plan.Methods {
		for _, s := range []*idl.Struct{m.Request, m.Response} {
			out.Decls = append(out.Decls, s)
			out.Structs = append(out.Structs, s)
			out.Lookup[s.Name] = s
		}
	}
	return &out
}
