package idl

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// MaxTag is the largest field tag or union case tag. Tags share a varint
// with a 3-bit wire type in the wire format, so they stay below 2^29.
const MaxTag = 1<<29 - 1

// Check resolves and checks parsed files of one package and returns the
// model emitters read. It reports every error it finds, sorted by
// position; the package is nil when there is any.
func Check(files ...*File) (*Package, ErrorList) {
	c := &checker{pkg: &Package{Lookup: map[string]Decl{}}}
	c.collect(files)
	c.collectExterns(files)
	// checkNames reads only names and positions, which collect wrote and
	// nothing after it changes: it runs beside the other passes (on a
	// large package it is a third of the checker's time), and its
	// diagnostics come last, as when it ran last.
	names := &checker{pkg: c.pkg}
	named := make(chan struct{})
	go func() {
		defer close(named)
		names.checkNames()
	}()
	c.resolveAll()
	c.checkDecls()
	c.checkExtern()
	c.checkCycles()
	<-named
	c.errs = append(c.errs, names.errs...)
	if len(c.errs) > 0 {
		c.errs.Sort()
		return nil, c.errs
	}
	c.markObjectHolders()
	return c.pkg, nil
}

// markObjectHolders sets HoldsObject on every struct and union that holds
// an object handle at some depth: those that hold one in a field's type
// expression, then, backwards along "is held by", everything that holds
// one of those. Linear in the size of the package.
func (c *checker) markObjectHolders() {
	heldBy := map[Decl][]Decl{}
	var work []Decl
	// scan reports whether t holds an object itself, and records the
	// structs and unions it names as held by d.
	var scan func(d Decl, t *Type) bool
	scan = func(d Decl, t *Type) bool {
		if t == nil { // a union case without a payload
			return false
		}
		switch t.Kind {
		case KindObject:
			return true
		case KindList, KindOptional:
			return scan(d, t.Elem)
		case KindMap:
			k := scan(d, t.Key)
			return scan(d, t.Elem) || k
		case KindStruct, KindUnion:
			heldBy[t.Decl] = append(heldBy[t.Decl], d)
		}
		return false
	}
	mark := func(d Decl) bool {
		switch d := d.(type) {
		case *Struct:
			if d.HoldsObject {
				return false
			}
			d.HoldsObject = true
		case *Union:
			if d.HoldsObject {
				return false
			}
			d.HoldsObject = true
		}
		return true
	}
	for _, d := range c.pkg.Decls {
		direct := false
		for _, f := range Members(d) {
			if scan(d, f.Type) {
				direct = true
			}
		}
		if direct && mark(d) {
			work = append(work, d)
		}
	}
	for len(work) > 0 {
		d := work[len(work)-1]
		work = work[:len(work)-1]
		for _, h := range heldBy[d] {
			if mark(h) {
				work = append(work, h)
			}
		}
	}
}

type checker struct {
	pkg  *Package
	errs ErrorList

	// members and seen are reused by fieldNames and paramNames.
	members [3]*scope
	seen    map[string]bool
}

func (c *checker) collect(files []*File) {
	p := c.pkg
	seenFiles := map[string]bool{}
	for i, f := range files {
		if i == 0 {
			p.Name, p.Pos = f.Package, f.PkgPos
		} else if f.Package != p.Name {
			c.errs.Add(f.PkgPos, "package %q differs from package %q declared in %s", f.Package, p.Name, p.Pos)
		}
		p.Doc = append(p.Doc, f.Doc...)
		base := baseName(f.Name)
		if !seenFiles[base] {
			seenFiles[base] = true
			p.Files = append(p.Files, base)
		}
		for _, d := range f.Decls {
			name := d.DeclName()
			if prev, ok := p.Lookup[name]; ok {
				c.errs.Add(d.DeclPos(), "%s %q is already declared at %s", d.DeclKind(), name, prev.DeclPos())
				continue
			}
			if _, ok := Builtins[name]; ok || isTypeKeyword(name) || CTypes[name] != nil {
				c.errs.Add(d.DeclPos(), "%s %q uses the name of a built-in type", d.DeclKind(), name)
				continue
			}
			p.Lookup[name] = d
			p.Decls = append(p.Decls, d)
			switch d := d.(type) {
			case *Const:
				p.Consts = append(p.Consts, d)
			case *Enum:
				p.Enums = append(p.Enums, d)
			case *Struct:
				p.Structs = append(p.Structs, d)
			case *Union:
				p.Unions = append(p.Unions, d)
			case *Func:
				p.Funcs = append(p.Funcs, d)
			case *Object:
				p.Objects = append(p.Objects, d)
			case *Callback:
				p.Callbacks = append(p.Callbacks, d)
			}
		}
	}
	sort.Strings(p.Files)
	if !validPackageName(p.Name) {
		c.errs.Add(p.Pos, "package name %q must be lower case letters, digits and underscores, starting with a letter", p.Name)
	} else if by := reservedBy(p.Name); by != "" {
		c.errs.Add(p.Pos, "package name %q is a reserved word in %s", p.Name, by)
	} else if pre := cgoPrefix(p.Name); pre != "" {
		c.errs.Add(p.Pos, "package name %q starts with %q: cgo reads C.%s... as a C %s, so the Go wrapper could not name the package's C types", p.Name, pre, pre, cgoPrefixes[pre])
	}
}

// cgoPrefixes are the prefixes cgo gives a meaning in C.name: every C
// name of a package starts with the package name and "_", so a package
// named enum_x would have its type x_T read as `enum x_T`.
var cgoPrefixes = map[string]string{
	"struct_": "struct tag",
	"union_":  "union tag",
	"enum_":   "enum tag",
	"sizeof_": "sizeof expression",
}

func cgoPrefix(name string) string {
	for _, pre := range []string{"struct_", "union_", "enum_", "sizeof_"} {
		if strings.HasPrefix(name, pre) {
			return pre
		}
	}
	return ""
}

func isTypeKeyword(s string) bool { return s == "list" || s == "map" || s == "optional" }

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

func validPackageName(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z') {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '_') {
			return false
		}
	}
	return true
}

// resolveAll resolves every named type in every declaration.
func (c *checker) resolveAll() {
	for _, d := range c.pkg.Decls {
		switch d := d.(type) {
		case *Const:
			c.resolve(d.Type)
		case *Struct:
			for _, f := range d.Fields {
				c.resolve(f.Type)
			}
		case *Union:
			for _, f := range d.Cases {
				c.resolve(f.Type)
			}
		case *Func:
			c.resolveFunc(d.Params, d.Result, d.Raises)
		case *Object:
			for _, ct := range d.Ctors {
				c.resolveFunc(ct.Params, nil, ct.Raises)
			}
			for _, m := range d.Methods {
				c.resolveFunc(m.Params, m.Result, m.Raises)
			}
		case *Callback:
			for _, m := range d.Methods {
				c.resolveFunc(m.Params, m.Result, m.Raises)
			}
		}
	}
}

func (c *checker) resolveFunc(params []*Param, result, raises *Type) {
	for _, p := range params {
		c.resolve(p.Type)
		c.resolve(p.Len)
	}
	if result != nil {
		c.resolve(result)
	}
	if raises != nil {
		c.resolve(raises)
	}
}

func (c *checker) resolve(t *Type) {
	if t == nil {
		return
	}
	switch t.Kind {
	case KindList, KindOptional:
		c.resolve(t.Elem)
		return
	case KindMap:
		c.resolve(t.Key)
		c.resolve(t.Elem)
		return
	case KindInvalid:
	default:
		return
	}
	d, ok := c.pkg.Lookup[t.Name]
	if !ok {
		if hint := c.typeHint(t); hint != "" {
			c.errs.AddHint(t.Pos, hint, "unknown type %q", t.Name)
		} else if hint := c.suggest(t.Name); hint != "" {
			c.errs.AddHint(t.Pos, fmt.Sprintf("did you mean %q?", hint), "unknown type %q", t.Name)
		} else {
			c.errs.Add(t.Pos, "unknown type %q", t.Name)
		}
		return
	}
	if t.Kind = kindOf(d); t.Kind == KindInvalid {
		c.errs.Add(t.Pos, "%q is a %s, not a type", t.Name, d.DeclKind())
		return
	}
	t.Decl = d
}

// suggest returns the declared or built-in type name closest to name, if
// it is close enough to be a likely typo.
func (c *checker) suggest(name string) string {
	var cands []string
	for n, d := range c.pkg.Lookup {
		switch d.(type) {
		case *Const, *Func:
			continue
		}
		cands = append(cands, n)
	}
	for n := range Builtins {
		cands = append(cands, n)
	}
	cands = append(cands, "list", "map", "optional")
	sort.Strings(cands)
	best, bestD := "", 1<<30
	for _, cand := range cands {
		d := editDistance(strings.ToLower(name), strings.ToLower(cand))
		if d < bestD {
			best, bestD = cand, d
		}
	}
	limit := 2
	if len(name) <= 3 {
		limit = 1
	}
	if bestD <= limit || (bestD <= len(name)/3) {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			// A swap of two neighbours counts as one edit (f46 → f64).
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

func (c *checker) checkDecls() {
	for _, d := range c.pkg.Decls {
		switch d := d.(type) {
		case *Const:
			c.checkConst(d)
		case *Enum:
			c.checkEnum(d)
		case *Struct:
			if d.CName != "" {
				c.checkCStruct(d) // a struct of the user's header (extern)
				continue
			}
			// An empty struct is legal (a request without parameters, a
			// marker); the backends give it a representation in every
			// language. A field must have a type: only a union case may
			// carry no payload.
			for _, f := range d.Fields {
				if f.Type == nil {
					c.errs.AddHint(f.Pos, fmt.Sprintf("write %s: TYPE @%d; only a union case may omit its type", f.Name, f.Tag),
						"field %q of struct %q has no type", f.Name, d.Name)
				}
			}
			c.checkFields("struct", d.Name, "field", d.Fields, d.Reserved)
		case *Union:
			if len(d.Cases) == 0 {
				c.errs.Add(d.Pos, "union %q has no cases", d.Name)
			}
			c.checkFields("union", d.Name, "case", d.Cases, d.Reserved)
		case *Func:
			c.checkFunc(d.Name, d.Params, d.Result, d.Raises)
		case *Object:
			c.checkObject(d)
		case *Callback:
			c.checkCallback(d)
		}
	}
}

func (c *checker) checkConst(d *Const) {
	t, v := d.Type, d.Value
	if t.Kind == KindInvalid {
		return
	}
	if !t.Kind.IsScalar() && t.Kind != KindString {
		c.errs.Add(t.Pos, "const %q has type %s; constants must be a bool, integer, float or string", d.Name, t)
		return
	}
	switch {
	case t.Kind == KindBool:
		if v.Kind != LitBool {
			c.errs.Add(v.Pos, "const %q of type bool needs true or false, not %s", d.Name, v.Text)
		}
	case t.Kind == KindString:
		if v.Kind != LitString {
			c.errs.Add(v.Pos, "const %q of type string needs a string literal, not %s", d.Name, v.Text)
		}
	case t.Kind.IsInteger():
		if v.Kind != LitInt {
			c.errs.Add(v.Pos, "const %q of type %s needs an integer literal, not %s", d.Name, t, v.Text)
			return
		}
		lo, hi := t.Kind.IntRange()
		ok := true
		if v.Neg {
			ok = t.Kind.IsSigned() && v.Uint <= uint64(-lo)
		} else {
			ok = v.Uint <= hi
		}
		if !ok {
			c.errs.Add(v.Pos, "value %s overflows %s (range %d to %d)", v.Text, t, lo, hi)
		}
	case t.Kind.IsFloat():
		if v.Kind != LitFloat && v.Kind != LitInt {
			c.errs.Add(v.Pos, "const %q of type %s needs a number, not %s", d.Name, t, v.Text)
			return
		}
		if t.Kind == KindF32 && math.Abs(v.Float) > math.MaxFloat32 {
			c.errs.Add(v.Pos, "value %s overflows f32", v.Text)
		}
	}
}

func (c *checker) checkEnum(d *Enum) {
	kind := d.DeclKind()
	if len(d.Members) == 0 {
		c.errs.Add(d.Pos, "%s %q has no members", kind, d.Name)
	}
	names := map[string]*EnumMember{}
	values := map[int64]*EnumMember{}
	for _, m := range d.Members {
		if prev, ok := names[m.Name]; ok {
			c.errs.Add(m.Pos, "%s member %q is already declared at %s", kind, m.Name, prev.Pos)
		} else {
			names[m.Name] = m
		}
		if m.Value < math.MinInt32 || m.Value > math.MaxInt32 {
			c.errs.Add(m.Pos, "%s member %q has value %d, which does not fit in i32", kind, m.Name, m.Value)
		}
		if d.IsError && m.Value == 0 {
			c.errs.Add(m.Pos, "error member %q cannot be 0: 0 means success", m.Name)
		}
		if prev, ok := values[m.Value]; ok {
			c.errs.Add(m.Pos, "%s member %q reuses value %d of %q", kind, m.Name, m.Value, prev.Name)
		} else {
			values[m.Value] = m
		}
		for _, r := range d.Reserved {
			if r.covers(m.Value) {
				c.errs.Add(m.Pos, "%s member %q uses reserved value %d", kind, m.Name, m.Value)
			}
			if r.hasName(m.Name) {
				c.errs.Add(m.Pos, "%s member %q uses a reserved name", kind, m.Name)
			}
		}
	}
}

func (r *Reserved) covers(v int64) bool {
	for _, rg := range r.Ranges {
		if v >= rg.Lo && v <= rg.Hi {
			return true
		}
	}
	return false
}

func (r *Reserved) hasName(n string) bool {
	for _, s := range r.Names {
		if s == n {
			return true
		}
	}
	return false
}

func (c *checker) checkFields(kind, owner, what string, fields []*Field, reserved []*Reserved) {
	names := map[string]*Field{}
	tags := map[int64]*Field{}
	for _, r := range reserved {
		for _, rg := range r.Ranges {
			if rg.Lo < 1 || rg.Hi > MaxTag {
				c.errs.Add(r.Pos, "reserved tag range %d to %d is outside 1 to %d", rg.Lo, rg.Hi, MaxTag)
			}
		}
	}
	for _, f := range fields {
		if prev, ok := names[f.Name]; ok {
			c.errs.Add(f.Pos, "%s %q of %s %q is already declared at %s", what, f.Name, kind, owner, prev.Pos)
		} else {
			names[f.Name] = f
		}
		if !f.TagPos.IsValid() {
			// Only a C struct of an extern package leaves tags out.
			c.errs.AddHint(f.Pos, fmt.Sprintf("write %s: TYPE @N; with a tag unique in the %s", f.Name, kind),
				"%s %q of %s %q has no tag", what, f.Name, kind, owner)
			if f.Type != nil {
				c.checkType(f.Type, fmt.Sprintf("%s %q", what, f.Name))
			}
			continue
		}
		if f.Tag < 1 || f.Tag > MaxTag {
			c.errs.Add(f.TagPos, "tag @%d of %s %q is out of range: tags run from 1 to %d", f.Tag, what, f.Name, MaxTag)
		} else if prev, ok := tags[f.Tag]; ok {
			c.errs.Add(f.TagPos, "tag @%d of %s %q is already used by %q", f.Tag, what, f.Name, prev.Name)
		} else {
			tags[f.Tag] = f
		}
		for _, r := range reserved {
			if r.covers(f.Tag) {
				c.errs.Add(f.TagPos, "%s %q uses reserved tag @%d", what, f.Name, f.Tag)
			}
			if r.hasName(f.Name) {
				c.errs.Add(f.Pos, "%s %q uses a reserved name", what, f.Name)
			}
		}
		c.checkType(f.Type, fmt.Sprintf("%s %q", what, f.Name))
	}
}

func (c *checker) checkFunc(name string, params []*Param, result, raises *Type) {
	seen := map[string]*Param{}
	for _, p := range params {
		if prev, ok := seen[p.Name]; ok {
			c.errs.Add(p.Pos, "parameter %q is already declared at %s", p.Name, prev.Pos)
		} else {
			seen[p.Name] = p
		}
		if p.Keep && p.Type.Kind != KindInvalid && p.Type.Kind != KindCallback {
			c.errs.Add(p.Pos, "keep applies only to a callback parameter; parameter %q has type %s", p.Name, p.Type)
		}
		if p.Type.Kind == KindCallback {
			continue // a callback is a parameter of its own, at the top only
		}
		c.checkType(p.Type, fmt.Sprintf("parameter %q", p.Name))
	}
	if result != nil {
		c.checkType(result, fmt.Sprintf("the result of %q", name))
	}
	if raises != nil && raises.Kind != KindInvalid && raises.Kind != KindError {
		c.errs.Add(raises.Pos, "%q raises %s, which is not an error type (declare it with `error %s { ... }`)", name, raises, raises)
	}
}

func (c *checker) checkObject(o *Object) {
	ctors := map[string]*Ctor{}
	for _, ct := range o.Ctors {
		if prev, ok := ctors[ct.Name]; ok {
			what := "constructor new"
			if ct.Name != "" {
				what += " " + ct.Name
			}
			c.errs.Add(ct.Pos, "%s of object %q is already declared at %s", what, o.Name, prev.Pos)
		} else {
			ctors[ct.Name] = ct
		}
		c.checkFunc("new "+ct.Name, ct.Params, nil, ct.Raises)
	}
	methods := map[string]*Func{}
	for _, m := range o.Methods {
		if prev, ok := methods[m.Name]; ok {
			c.errs.Add(m.Pos, "method %q of object %q is already declared at %s", m.Name, o.Name, prev.Pos)
		} else {
			methods[m.Name] = m
		}
		if m.Name == "close" || m.Name == "destroy" {
			c.errs.Add(m.Pos, "method name %q is reserved: every object gets %s generated", m.Name, m.Name)
		}
		c.checkFunc(m.Name, m.Params, m.Result, m.Raises)
	}
}

// checkCallback checks a callback declaration: its methods, what they take
// and return (docs/idl.md, "Callbacks"), and the errors they raise.
func (c *checker) checkCallback(cb *Callback) {
	if len(cb.Methods) == 0 {
		c.errs.Add(cb.Pos, "callback %q has no methods", cb.Name)
	}
	methods := map[string]*Func{}
	for _, m := range cb.Methods {
		if prev, ok := methods[m.Name]; ok {
			c.errs.Add(m.Pos, "method %q of callback %q is already declared at %s", m.Name, cb.Name, prev.Pos)
		} else {
			methods[m.Name] = m
		}
		if m.Name == "ctx" || m.Name == "release" {
			c.errs.Add(m.Pos, "method name %q is reserved: every callback's C struct has a member %s", m.Name, m.Name)
		}
		if m.Symbol != "" {
			c.errs.Add(m.SymbolPos, "`as %q` names a C symbol; a callback method is a member of a C struct, not a symbol", m.Symbol)
		}
		if m.Free != "" {
			c.errs.Add(m.FreePos, "`free %q` is for a cstring result of an extern function; a callback method has none", m.Free)
		}
		for _, prm := range m.Params {
			if prm.Keep {
				c.errs.Add(prm.Pos, "keep applies only to a callback parameter of a function, constructor or method; %q is a parameter of callback method %s.%s", prm.Name, cb.Name, m.Name)
			}
			if prm.Type.Kind == KindCallback {
				c.errs.AddHint(prm.Type.Pos, "pass the callback to a function of the library instead (docs/idl.md, \"Callbacks\")",
					"parameter %q of callback method %s.%s is a callback; a callback method takes no callbacks", prm.Name, cb.Name, m.Name)
				continue
			}
			// An object, or an optional one, is lent to the callback for
			// the method call (docs/abi.md, "Callbacks"). One inside
			// another value is not: the Go and Python wrappers would have
			// to find and end every loan a lifted value holds.
			if holdsObjectType(prm.Type) && !isHandleType(prm.Type) {
				c.errs.AddHint(prm.Type.Pos, "pass the object itself, or optional<"+objectIn(prm.Type)+">, as a parameter of its own (docs/idl.md, \"Callbacks\")",
					"parameter %q of callback method %s.%s holds an object inside %s; a callback method takes an object only as a parameter of its own", prm.Name, cb.Name, m.Name, prm.Type)
			}
		}
		// A result crosses as a deep copy the callback makes with the
		// package allocator (docs/abi.md, "Callbacks"). An object, or an
		// optional one, moves to the library; one inside another value
		// cannot, since a handle cannot be copied.
		if r := m.Result; r != nil && r.Kind != KindInvalid && r.Kind != KindCallback && r.Kind != KindError && holdsObjectType(r) && !isHandleType(r) {
			c.errs.AddHint(r.Pos, "return the object itself, or optional<"+objectIn(r)+">, or let the library create the objects itself",
				"callback method %s.%s returns %s, which holds an object inside another value; a callback method returns an object only as its whole result", cb.Name, m.Name, r)
		}
		c.checkFunc(cb.Name+"."+m.Name, m.Params, m.Result, m.Raises)
		if m.Raises == nil {
			continue
		}
		if e := m.Raises.Enum(); e != nil && e.IsError {
			for _, mem := range e.Members {
				if mem.Value == math.MinInt32 {
					c.errs.Add(mem.Pos, "error member %q has value %d, the code of a callback that failed (CALLBACK_FAILED); callback method %s.%s raises %q", mem.Name, mem.Value, cb.Name, m.Name, e.Name)
				}
			}
		}
	}
}

// isHandleType reports whether t is an object or an optional object: a
// handle, or NULL, in C.
func isHandleType(t *Type) bool {
	return t.Kind == KindObject || t.Kind == KindOptional && t.Elem != nil && t.Elem.Kind == KindObject
}

// objectIn names the first object type t holds, for a hint.
func objectIn(t *Type) string {
	return objectInSeen(t, map[Decl]bool{})
}

func objectInSeen(t *Type, seen map[Decl]bool) string {
	if t == nil {
		return ""
	}
	switch t.Kind {
	case KindObject:
		return t.String()
	case KindList, KindOptional:
		return objectInSeen(t.Elem, seen)
	case KindMap:
		if n := objectInSeen(t.Key, seen); n != "" {
			return n
		}
		return objectInSeen(t.Elem, seen)
	case KindStruct, KindUnion:
		if seen[t.Decl] {
			return ""
		}
		seen[t.Decl] = true
		for _, f := range Members(t.Decl) {
			if n := objectInSeen(f.Type, seen); n != "" {
				return n
			}
		}
	}
	return ""
}

// holdsObjectType reports whether t holds an object handle at any depth,
// by declaration (for a struct or union, whose HoldsObject is not set
// until Check succeeds).
func holdsObjectType(t *Type) bool {
	return holdsObject(t, map[Decl]bool{})
}

func holdsObject(t *Type, seen map[Decl]bool) bool {
	if t == nil {
		return false
	}
	switch t.Kind {
	case KindObject:
		return true
	case KindList, KindOptional:
		return holdsObject(t.Elem, seen)
	case KindMap:
		return holdsObject(t.Key, seen) || holdsObject(t.Elem, seen)
	case KindStruct, KindUnion:
		if seen[t.Decl] {
			return false
		}
		seen[t.Decl] = true
		for _, f := range Members(t.Decl) {
			if holdsObject(f.Type, seen) {
				return true
			}
		}
	}
	return false
}

// checkType checks where a type may appear: error types only after raises,
// map keys of integer, bool, string or enum type, and no optional of an
// optional. Objects (handles) may appear anywhere a value may, except as a
// map key.
func (c *checker) checkType(t *Type, what string) {
	if t == nil {
		return
	}
	switch t.Kind {
	case KindError:
		c.errs.Add(t.Pos, "error type %q can only follow raises; %s uses it as a value", t.Name, what)
	case KindCallback:
		c.errs.AddHint(t.Pos, "a function, constructor or method takes it as a parameter (keep NAME: "+t.Name+" for one the library keeps)",
			"callback %q can only be the type of a parameter; %s uses it as a value", t.Name, what)
	case KindList:
		c.checkType(t.Elem, what)
	case KindMap:
		k := t.Key
		if k.Kind != KindInvalid && !(k.Kind.IsInteger() || k.Kind == KindBool || k.Kind == KindString || k.Kind == KindEnum) {
			c.errs.Add(k.Pos, "map key type %s is not allowed; keys are integers, bool, string or an enum", k)
		}
		c.checkType(t.Key, what)
		c.checkType(t.Elem, what)
	case KindOptional:
		if t.Elem.Kind == KindOptional {
			c.errs.Add(t.Pos, "optional<optional<...>> is not allowed: an absent value has one spelling")
		}
		c.checkType(t.Elem, what)
	}
}

// checkCycles rejects structs and unions that contain themselves by value:
// such a value would have infinite size. A list, map or optional breaks the
// cycle.
func (c *checker) checkCycles() {
	const (
		white = iota
		grey
		black
	)
	color := map[Decl]int{}
	var stack []Decl
	var visit func(d Decl)
	visit = func(d Decl) {
		color[d] = grey
		stack = append(stack, d)
		for _, f := range Members(d) {
			if f.Type == nil || f.Type.Decl == nil {
				continue
			}
			if f.Type.Kind != KindStruct && f.Type.Kind != KindUnion {
				continue
			}
			next := f.Type.Decl
			switch color[next] {
			case grey:
				var path []string
				start := 0
				for i, s := range stack {
					if s == next {
						start = i
					}
				}
				for _, s := range stack[start:] {
					path = append(path, s.DeclName())
				}
				path = append(path, next.DeclName())
				c.errs.AddHint(f.Pos, fmt.Sprintf("break the cycle with optional<%s> or list<%s>", f.Type.Name, f.Type.Name),
					"%s %q contains itself by value (%s): its size would be infinite", next.DeclKind(), next.DeclName(), strings.Join(path, " -> "))
			case white:
				visit(next)
			}
		}
		stack = stack[:len(stack)-1]
		color[d] = black
	}
	for _, d := range c.pkg.Decls {
		switch d.(type) {
		case *Struct, *Union:
			if color[d] == white {
				visit(d)
			}
		}
	}
}
