// Package echo writes the runtime half of the random-IDL property tests
// (internal/randidl's TestProperty and grpctest's TestRandomIDLs): a C
// library generated from the model that implements every function of a
// random IDL (echo functions, see randidl.EchoPrefix, return a deep copy
// of v made with the header's own copy functions; callback echo
// functions, see randidl.EchoCallback, return what their callback
// returns), the values to call them with, and the Go, Python and C
// programs that make the calls through each binding and transport and
// check that what goes in comes out and that nothing is left allocated.
package echo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/internal/langtype"
	"github.com/bindgen-dev/bindgen/internal/naming"
	"github.com/bindgen-dev/bindgen/internal/randidl"
)

// IsEcho reports whether f follows the echo rule, and returns v and the
// fail flag (nil when absent).
func IsEcho(f *idl.Func) (v, fail *idl.Param) {
	if !strings.HasPrefix(f.Name, randidl.EchoPrefix) || f.Result == nil {
		return nil, nil
	}
	for _, p := range f.Params {
		switch {
		case p.Name == "v" && p.Type.String() == f.Result.String():
			v = p
		case p.Name == "fail" && p.Type.Kind == idl.KindBool:
			fail = p
		}
	}
	return v, fail
}

// backMethod returns, for a function f that follows the callback echo
// rule (see randidl.EchoCallback), the callback method it calls; nil for
// any other function.
func backMethod(pkg *idl.Package, f *idl.Func) *idl.Func {
	if f.Object != nil || !strings.HasPrefix(f.Name, randidl.BackPrefix) {
		return nil
	}
	var cb *idl.Callback
	for _, c := range pkg.Callbacks {
		if c.Name == randidl.EchoCallback {
			cb = c
		}
	}
	i := 0
	for _, g := range pkg.Funcs {
		if g == f {
			break
		}
		if strings.HasPrefix(g.Name, randidl.BackPrefix) {
			i++
		}
	}
	if cb == nil || i >= len(cb.Methods) {
		return nil
	}
	return cb.Methods[i]
}

// cBack is the body of the C function sig, which calls the method m of
// its callback cb with its v (and fail) and returns what m returns.
func cBack(pkg *idl.Package, sig *cabi.Signature, m *idl.Func) string {
	var b strings.Builder
	ms := cabi.LowerCallbackMethod(pkg, m)
	var cb *cabi.Param
	for i, p := range sig.Params {
		if p.Mode == cabi.Callback {
			cb = &sig.Params[i]
		}
	}
	args := []string{cb.Name + "->ctx"}
	for _, p := range m.Params {
		for _, q := range sig.Params {
			if q.IDL != nil && q.IDL.Name == p.Name {
				args = append(args, q.Name)
			}
		}
	}
	fmt.Fprintf(&b, "    %s;\n", cabi.Decl(cabi.TypeName(pkg, m.Result), "r"))
	if ms.ResultOut {
		b.WriteString("    memset(&r, 0, sizeof r);\n")
		args = append(args, "&r")
	}
	callee := fmt.Sprintf("%s->%s(%s)", cb.Name, ms.Name, strings.Join(args, ", "))
	switch {
	case ms.Raises != nil:
		fmt.Fprintf(&b, "    int32_t st = %s;\n", callee)
	case ms.ResultOut:
		fmt.Fprintf(&b, "    %s;\n", callee)
	default:
		fmt.Fprintf(&b, "    r = %s;\n", callee)
	}
	if cb.IDL.Keep {
		// The library owns a kept callback: it releases it after its
		// last call.
		fmt.Fprintf(&b, "    %s->release(%s->ctx);\n", cb.Name, cb.Name)
	}
	if ms.Raises != nil {
		b.WriteString("    if (st != 0) {\n        return st;\n    }\n    *out = r;\n    return 0;\n")
	} else {
		b.WriteString("    return r;\n")
	}
	return b.String()
}

// cCopy is the C expression that deep-copies the value of type t held in
// the C variable or expression x, passed as the parameter mode says.
func cCopy(pkg *idl.Package, t *idl.Type, x string, byPtr bool) string {
	cp := cabi.CopyName(pkg, t)
	if cp == "" {
		if byPtr {
			return "*" + x
		}
		return x
	}
	if byPtr {
		return cp + "(" + x + ")"
	}
	return cp + "(&" + x + ")"
}

func cZero(pkg *idl.Package, t *idl.Type) string {
	ct := cabi.TypeName(pkg, t)
	if strings.HasSuffix(ct, "*") {
		return "NULL"
	}
	return "zero_" + cabi.Mangle(t) + "()"
}

// CImpl is the C library of pkg.
func CImpl(pkg *idl.Package) string {
	var b strings.Builder
	pre := cabi.Prefix(pkg)
	fmt.Fprintf(&b, "#define %s\n#include \"%s.h\"\n#include <string.h>\n\n", cabi.ImplementationMacro(pkg), pkg.Name)
	// A zero value of every non-pointer type a function returns.
	zeros := map[string]bool{}
	zero := func(t *idl.Type) {
		if t == nil || strings.HasSuffix(cabi.TypeName(pkg, t), "*") || zeros[cabi.Mangle(t)] {
			return
		}
		zeros[cabi.Mangle(t)] = true
		ct := cabi.TypeName(pkg, t)
		fmt.Fprintf(&b, "static %s zero_%s(void) {\n    %s z;\n    memset(&z, 0, sizeof z);\n    return z;\n}\n\n", ct, cabi.Mangle(t), ct)
	}
	for _, f := range pkg.Funcs {
		zero(f.Result)
	}
	for _, o := range pkg.Objects {
		for _, m := range o.Methods {
			zero(m.Result)
		}
	}
	var kept *idl.Type
	for _, o := range pkg.Objects {
		if o.Name == randidl.EchoObject && len(o.Ctors) > 0 && len(o.Ctors[0].Params) == 1 {
			kept = o.Ctors[0].Params[0].Type
			fmt.Fprintf(&b, "struct %s%s {\n    %s;\n};\n\n", pre, o.Name, cabi.Decl(cabi.TypeName(pkg, kept), "v"))
		} else {
			fmt.Fprintf(&b, "struct %s%s {\n    int unused;\n};\n\n", pre, o.Name)
		}
	}
	body := func(sig *cabi.Signature, f *idl.Func) {
		fmt.Fprintf(&b, "%s {\n", sig.String())
		if f != nil {
			if m := backMethod(pkg, f); m != nil {
				b.WriteString(cBack(pkg, sig, m) + "}\n\n")
				return
			}
		}
		for _, p := range sig.Params {
			fmt.Fprintf(&b, "    (void)%s;\n", p.Name)
			if p.IDL != nil && p.IDL.Keep {
				// The library owns a kept callback: it releases it once.
				fmt.Fprintf(&b, "    %s->release(%s->ctx);\n", p.Name, p.Name)
			}
		}
		var res string
		var v, fail *idl.Param
		if f != nil {
			v, fail = IsEcho(f)
		}
		switch {
		case v != nil:
			_, mode := cabi.InputType(pkg, v.Type)
			res = cCopy(pkg, v.Type, cabi.ParamName(v), mode == cabi.ByConstPtr)
		case f != nil && f.Name == "get" && kept != nil && f.Object != nil && f.Object.Name == randidl.EchoObject:
			res = cCopy(pkg, kept, "self->v", kept.Kind == idl.KindOptional) // an optional is kept as its pointer
		case sig.Result != nil:
			res = cZero(pkg, sig.Result)
		}
		if fail != nil && sig.Raises != nil {
			e := sig.Raises.Enum()
			fmt.Fprintf(&b, "    if (%s) {\n        return %s;\n    }\n", cabi.ParamName(fail), cabi.EnumMemberName(pkg, e, e.Members[0]))
		}
		switch {
		case sig.Raises != nil && sig.ResultOut:
			fmt.Fprintf(&b, "    *out = %s;\n    return 0;\n", res)
		case sig.Raises != nil:
			b.WriteString("    return 0;\n")
		case sig.Result != nil:
			fmt.Fprintf(&b, "    return %s;\n", res)
		}
		b.WriteString("}\n\n")
	}
	for _, f := range pkg.Funcs {
		body(cabi.LowerFunc(pkg, f), f)
	}
	for _, o := range pkg.Objects {
		on := pre + o.Name
		echoer := o.Name == randidl.EchoObject && kept != nil
		for _, c := range o.Ctors {
			sig := cabi.LowerCtor(pkg, c)
			fmt.Fprintf(&b, "%s {\n", sig.String())
			for _, p := range sig.Params {
				fmt.Fprintf(&b, "    (void)%s;\n", p.Name)
			}
			fmt.Fprintf(&b, "    %s *self = (%s *)%salloc(sizeof *self);\n    memset(self, 0, sizeof *self);\n", on, on, pre)
			if echoer {
				_, mode := cabi.InputType(pkg, kept)
				fmt.Fprintf(&b, "    self->v = %s;\n", cCopy(pkg, kept, cabi.ParamName(c.Params[0]), mode == cabi.ByConstPtr))
			}
			if sig.Raises != nil {
				b.WriteString("    *out = self;\n    return 0;\n}\n\n")
			} else {
				b.WriteString("    return self;\n}\n\n")
			}
		}
		for _, m := range o.Methods {
			body(cabi.LowerFunc(pkg, m), m)
		}
		fmt.Fprintf(&b, "void %s(%s *self) {\n    if (self == NULL) {\n        return;\n    }\n", cabi.DestroyName(pkg, o), on)
		if echoer && cabi.HasRelease(kept) {
			fmt.Fprintf(&b, "    %s(&self->v);\n", cabi.ReleaseName(pkg, kept))
		}
		fmt.Fprintf(&b, "    %sfree(self);\n}\n\n", pre)
	}
	return b.String()
}

// A Value is a random value of an IDL type, rendered as Go and Python.
type Value struct {
	t      *idl.Type
	b      bool
	i      int64
	u      uint64
	f      float64 // f32 values are exact float32s
	s      string  // string and bytes
	null   bool    // optional: absent
	elems  []*Value
	keys   []*Value
	fields []*Value // struct fields, or the one union case's payload
	cs     int      // union case index
}

type valueGen struct {
	rng *rand.Rand
}

var f64s = []float64{0, 1, -1.5, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1), 1e-300, 0.1}
var f32s = []float32{0, 1, -1.5, math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32, float32(math.Inf(1)), float32(math.Inf(-1)), 0.1}
var strs = []string{"", "a", "caf\u00e9", "nul\x00inside", "\U0001F600 emoji", "quote \" backslash \\ newline \n", strings.Repeat("long ", 40)}

func (g *valueGen) gen(t *idl.Type, depth int) *Value {
	v := &Value{t: t}
	r := g.rng
	deep := depth >= 3
	switch k := t.Kind; {
	case k == idl.KindBool:
		v.b = r.IntN(2) == 1
	case k.IsInteger():
		lo, hi := k.IntRange()
		switch r.IntN(4) {
		case 0:
			v.i, v.u = lo, uint64(lo)
		case 1:
			v.i, v.u = int64(hi), hi
		case 2:
			v.i, v.u = 0, 0
		default:
			if k.IsSigned() {
				// hi-lo, computed in uint64 (it wraps to 2^64-1 for i64),
				// is the count of values less one.
				v.i = lo + int64(r.Uint64N(hi-uint64(lo)))
			} else {
				v.u = r.Uint64N(hi/2 + 1)
			}
		}
	case k == idl.KindF32:
		v.f = float64(f32s[r.IntN(len(f32s))])
	case k == idl.KindF64:
		v.f = f64s[r.IntN(len(f64s))]
	case k == idl.KindString:
		v.s = strs[r.IntN(len(strs))]
	case k == idl.KindBytes:
		n := r.IntN(6)
		if deep {
			n = 0
		}
		bs := make([]byte, n)
		for i := range bs {
			bs[i] = byte(r.IntN(256))
		}
		v.s = string(bs)
	case k == idl.KindEnum:
		ms := t.Enum().Members
		v.i = ms[r.IntN(len(ms))].Value
	case k == idl.KindList:
		n := r.IntN(4)
		if deep {
			n = 0
		}
		for i := 0; i < n; i++ {
			v.elems = append(v.elems, g.gen(t.Elem, depth+1))
		}
	case k == idl.KindMap:
		n := r.IntN(4)
		if deep {
			n = 0
		}
		seen := map[string]bool{}
		for i := 0; i < n; i++ {
			key := g.gen(t.Key, depth+1)
			if ks := key.goLit(nil); seen[ks] {
				continue
			} else {
				seen[ks] = true
			}
			v.keys = append(v.keys, key)
			v.elems = append(v.elems, g.gen(t.Elem, depth+1))
		}
	case k == idl.KindOptional:
		if deep || r.IntN(3) == 0 {
			v.null = true
		} else {
			v.elems = []*Value{g.gen(t.Elem, depth+1)}
		}
	case k == idl.KindStruct:
		for _, f := range t.Struct().Fields {
			v.fields = append(v.fields, g.gen(f.Type, depth+1))
		}
	case k == idl.KindUnion:
		cs := t.Union().Cases
		v.cs = r.IntN(len(cs))
		if cs[v.cs].Type != nil {
			v.fields = []*Value{g.gen(cs[v.cs].Type, depth+1)}
		}
	default:
		panic("no random value of " + t.String())
	}
	return v
}

// goLit is v as a Go expression in the generated package (pkg nil: any
// spelling that tells values apart, for map key uniqueness).
func (v *Value) goLit(pkg *idl.Package) string {
	t := v.t
	gt := langtype.Go(t)
	switch k := t.Kind; {
	case k == idl.KindBool:
		return strconv.FormatBool(v.b)
	case k.IsSigned():
		return fmt.Sprintf("%s(%d)", gt, v.i)
	case k.IsInteger():
		return fmt.Sprintf("%s(%d)", gt, v.u)
	case k == idl.KindF32:
		return fmt.Sprintf("math.Float32frombits(%#x)", math.Float32bits(float32(v.f)))
	case k == idl.KindF64:
		return fmt.Sprintf("math.Float64frombits(%#x)", math.Float64bits(v.f))
	case k == idl.KindString:
		return strconv.Quote(v.s)
	case k == idl.KindBytes:
		if v.s == "" {
			return "[]byte(nil)"
		}
		return "[]byte(" + strconv.Quote(v.s) + ")"
	case k == idl.KindEnum:
		return fmt.Sprintf("%s(%d)", gt, v.i)
	case k == idl.KindList:
		if len(v.elems) == 0 {
			return gt + "(nil)"
		}
		var es []string
		for _, e := range v.elems {
			es = append(es, e.goLit(pkg))
		}
		return gt + "{" + strings.Join(es, ", ") + "}"
	case k == idl.KindMap:
		if len(v.elems) == 0 {
			return gt + "(nil)"
		}
		var es []string
		for i, e := range v.elems {
			es = append(es, v.keys[i].goLit(pkg)+": "+e.goLit(pkg))
		}
		return gt + "{" + strings.Join(es, ", ") + "}"
	case k == idl.KindOptional:
		if langtype.GoNilable(t.Elem) {
			if v.null {
				return gt + "(nil)"
			}
			return v.elems[0].goLit(pkg)
		}
		if v.null {
			return "(" + gt + ")(nil)"
		}
		return "ptr(" + v.elems[0].goLit(pkg) + ")"
	case k == idl.KindStruct:
		var fs []string
		for i, f := range t.Struct().Fields {
			fs = append(fs, naming.GoExported(f.Name)+": "+v.fields[i].goLit(pkg))
		}
		return gt + "{" + strings.Join(fs, ", ") + "}"
	case k == idl.KindUnion:
		u := t.Union()
		c := u.Cases[v.cs]
		if c.Type == nil {
			return naming.GoExported(u.Name) + naming.GoExported(c.Name) + "{}"
		}
		return naming.GoExported(u.Name) + naming.GoExported(c.Name) + "{Value: " + v.fields[0].goLit(pkg) + "}"
	}
	panic("no Go literal for " + t.String())
}

func pyStr(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, "\\x%02x", r)
		case r < 0x10000:
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			fmt.Fprintf(&b, "\\U%08x", r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func pyFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return `float("inf")`
	case math.IsInf(f, -1):
		return `float("-inf")`
	}
	return "float.fromhex(" + strconv.Quote(strconv.FormatFloat(f, 'x', -1, 64)) + ")"
}

// pyLit is v as a Python expression, the module imported as m.
func (v *Value) pyLit() string {
	t := v.t
	switch k := t.Kind; {
	case k == idl.KindBool:
		if v.b {
			return "True"
		}
		return "False"
	case k.IsSigned():
		return strconv.FormatInt(v.i, 10)
	case k.IsInteger():
		return strconv.FormatUint(v.u, 10)
	case k.IsFloat():
		return pyFloat(v.f)
	case k == idl.KindString:
		return pyStr(v.s)
	case k == idl.KindBytes:
		var b strings.Builder
		b.WriteString(`b"`)
		for i := 0; i < len(v.s); i++ {
			fmt.Fprintf(&b, "\\x%02x", v.s[i])
		}
		b.WriteByte('"')
		return b.String()
	case k == idl.KindEnum:
		return fmt.Sprintf("m.%s(%d)", naming.PyClass(t.Enum().Name), v.i)
	case k == idl.KindList:
		var es []string
		for _, e := range v.elems {
			es = append(es, e.pyLit())
		}
		return "[" + strings.Join(es, ", ") + "]"
	case k == idl.KindMap:
		var es []string
		for i, e := range v.elems {
			es = append(es, v.keys[i].pyLit()+": "+e.pyLit())
		}
		return "{" + strings.Join(es, ", ") + "}"
	case k == idl.KindOptional:
		if v.null {
			return "None"
		}
		return v.elems[0].pyLit()
	case k == idl.KindStruct:
		var fs []string
		for i, f := range t.Struct().Fields {
			fs = append(fs, naming.PyName(f.Name)+"="+v.fields[i].pyLit())
		}
		return "m." + naming.PyClass(t.Struct().Name) + "(" + strings.Join(fs, ", ") + ")"
	case k == idl.KindUnion:
		u := t.Union()
		if u.Cases[v.cs].Type == nil {
			return "m." + naming.PyClass(u.Name) + naming.PyClass(u.Cases[v.cs].Name) + "()"
		}
		return "m." + naming.PyClass(u.Name) + naming.PyClass(u.Cases[v.cs].Name) + "(" + v.fields[0].pyLit() + ")"
	}
	panic("no Python literal for " + t.String())
}

// A Call is one echo call to make: the function (or method of the echo
// object), its arguments and whether fail is set.
type Call struct {
	f    *idl.Func
	args []*Value
	v    *Value
	fail bool
}

// Calls returns the calls to make for pkg, and the values to keep in
// the echo object.
func Calls(pkg *idl.Package, seed uint64) (calls []Call, kept []*Value) {
	g := &valueGen{rng: rand.New(rand.NewPCG(seed, 0x6563686f))}
	var fns []*idl.Func
	fns = append(fns, pkg.Funcs...)
	var echoer *idl.Object
	for _, o := range pkg.Objects {
		if o.Name == randidl.EchoObject {
			echoer = o
			fns = append(fns, o.Methods...)
		}
	}
	for _, f := range fns {
		v, fail := IsEcho(f)
		if v == nil {
			continue
		}
		for n := 0; n < 3; n++ {
			c := Call{f: f}
			for _, p := range f.Params {
				a := g.gen(p.Type, 0)
				if p == fail {
					a.b = n == 2
					c.fail = a.b
				}
				if p == v {
					c.v = a
				}
				c.args = append(c.args, a)
			}
			calls = append(calls, c)
		}
	}
	if echoer != nil && len(echoer.Ctors) > 0 {
		for n := 0; n < 3; n++ {
			kept = append(kept, g.gen(echoer.Ctors[0].Params[0].Type, 0))
		}
	}
	// Last, so that the values before are what they were without them:
	// the callback echo functions, whose callback argument is nil here
	// (each language passes its implementation of randidl.EchoCallback).
	for _, f := range pkg.Funcs {
		if backMethod(pkg, f) == nil {
			continue
		}
		for n := 0; n < 3; n++ {
			c := Call{f: f}
			for _, p := range f.Params {
				var a *Value
				switch p.Name {
				case "v":
					a = g.gen(p.Type, 0)
					c.v = a
				case "fail":
					a = &Value{t: p.Type, b: n == 2}
					c.fail = a.b
				}
				c.args = append(c.args, a)
			}
			calls = append(calls, c)
		}
	}
	return calls, kept
}

// WireValues are the struct values among the calls' and the echo
// object's: each is encoded by Go, decoded by Go and Python, and encoded
// by Python, which must give Go's bytes.
func WireValues(calls []Call, kept []*Value) []*Value {
	var out []*Value
	for _, c := range calls {
		if c.v.t.Kind == idl.KindStruct {
			out = append(out, c.v)
		}
	}
	for _, k := range kept {
		if k.t.Kind == idl.KindStruct {
			out = append(out, k)
		}
	}
	return out
}

// goErrorsResult reports whether the Go form of f returns an error.
func goErrorsResult(f *idl.Func) bool {
	if f.Raises != nil || f.Object != nil {
		return true
	}
	for _, p := range f.Params {
		if cabi.HoldsObject(p.Type) || p.Type.Kind == idl.KindCallback {
			return true
		}
	}
	return false
}

// RPCServers are the RPC servers of a library in child processes: the
// Python one (its script, its argument the library, the directory of
// its modules) and the C dispatcher's executable.
type RPCServers struct{ Script, Lib, Dir, C string }

// GoTest is the Go test of pkg's echo calls, in package goPkg: through
// the cgo wrapper, or with py set through the RPC client of goPkg, to a
// Go server of the same library in process (over a net.Pipe) and to
// py's Python and C servers in child processes.
func GoTest(pkg *idl.Package, goPkg string, calls []Call, kept []*Value, py *RPCServers) string {
	var b strings.Builder
	rpc := py != nil
	imports := []string{"errors", "fmt", "math", "os", "path/filepath", "reflect", "testing"}
	if rpc {
		imports = append(imports, "context", "io", "net", "os/exec")
	}
	sort.Strings(imports)
	fmt.Fprintf(&b, "package %s\n\nimport (\n", goPkg)
	for _, i := range imports {
		fmt.Fprintf(&b, "\t%q\n", i)
	}
	b.WriteString(")\n\nvar _ = math.Inf\nvar _ = errors.As\nvar _ = reflect.DeepEqual\nvar _ = fmt.Fprintf\nvar _ = os.Create\nvar _ = filepath.Join\n\n")
	b.WriteString("func ptr[T any](v T) *T { return &v }\n\n")
	b.WriteString(goEchoBack(pkg))
	if rpc {
		// The server's connection ends when the client closes its end.
		b.WriteString("func TestEcho(t *testing.T) {\n\tcc, sc := net.Pipe()\n\tserved := make(chan error, 1)\n")
		b.WriteString("\tgo func() { served <- NewRPCServer(InProcess(), nil).ServeConn(sc) }()\n\tcl := NewRPCClient(cc, nil)\n\trunEcho(t, cl)\n")
		b.WriteString("\tif err := cl.Close(); err != nil {\n\t\tt.Fatal(err)\n\t}\n\tif err := <-served; err != nil {\n\t\tt.Errorf(\"server: %v\", err)\n\t}\n")
		b.WriteString("\tif n := liveAllocations(); n != 0 {\n\t\tt.Errorf(\"%d live allocations after the calls\", n)\n\t}\n}\n\n")
		// A server in a child process exits non-zero when allocations
		// outlive the connection.
		b.WriteString("// pipes is a child's stdout and stdin as one stream.\ntype pipes struct {\n\tio.ReadCloser\n\tw io.WriteCloser\n}\n\n")
		b.WriteString("func (p pipes) Write(b []byte) (int, error) { return p.w.Write(b) }\n\nfunc (p pipes) Close() error {\n\tp.w.Close()\n\treturn p.ReadCloser.Close()\n}\n\n")
		b.WriteString("// runChild makes the echo calls to the server argv serves on its stdin\n// and stdout.\nfunc runChild(t *testing.T, env []string, argv ...string) {\n\tcmd := exec.Command(argv[0], argv[1:]...)\n\tcmd.Env = append(os.Environ(), env...)\n\tcmd.Stderr = os.Stderr\n")
		b.WriteString("\tin, err := cmd.StdinPipe()\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\tout, err := cmd.StdoutPipe()\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\tif err := cmd.Start(); err != nil {\n\t\tt.Fatal(err)\n\t}\n")
		b.WriteString("\tcl := NewRPCClient(pipes{out, in}, nil)\n\trunEcho(t, cl)\n\tcl.Close()\n\tif err := cmd.Wait(); err != nil {\n\t\tt.Errorf(\"the server %s: %v\", argv[0], err)\n\t}\n}\n\n")
		fmt.Fprintf(&b, "func TestEchoPython(t *testing.T) {\n\trunChild(t, []string{\"PYTHONPATH=%s\"}, \"python3\", %q, %q)\n}\n\n", py.Dir, py.Script, py.Lib)
		fmt.Fprintf(&b, "func TestEchoC(t *testing.T) {\n\trunChild(t, []string{\"ASAN_OPTIONS=abort_on_error=1\", \"UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1\"}, %q)\n}\n\n", py.C)
		b.WriteString("func runEcho(t *testing.T, cl Service) {\n\tctx := context.Background()\n")
	} else {
		b.WriteString("func TestEcho(t *testing.T) {\n")
	}
	goCalls(&b, pkg, calls, kept, rpc)
	if ws := WireValues(calls, kept); len(ws) > 0 && !rpc {
		fmt.Fprintf(&b, "\twf, err := os.Create(filepath.Join(os.Getenv(\"PROP_WIRE_DIR\"), %q))\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\tdefer wf.Close()\n", pkg.Name+".hex")
		for i, w := range ws {
			gt := langtype.Go(w.t)
			fmt.Fprintf(&b, "\t{ // wire %d\n\t\twant := %s\n\t\tb, err := want.MarshalBinary()\n\t\tif err != nil {\n\t\t\tt.Fatalf(\"wire %d: %%v\", err)\n\t\t}\n", i, w.goLit(pkg), i)
			fmt.Fprintf(&b, "\t\tvar got %s\n\t\tif err := got.UnmarshalBinary(b); err != nil || !reflect.DeepEqual(got, want) {\n\t\t\tt.Errorf(\"wire %d: decoded %%#v, %%v\\nwant %%#v\", got, err, want)\n\t\t}\n", gt, i)
			b.WriteString("\t\tfmt.Fprintf(wf, \"%x\\n\", b)\n\t}\n")
		}
	}
	if !rpc {
		b.WriteString("\tif n := liveAllocations(); n != 0 {\n\t\tt.Errorf(\"%d live allocations after the calls\", n)\n\t}\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// goCalls writes the statements that make the echo calls and check
// their results: through the cgo wrapper, or with rpc set through cl, a
// Service, with ctx.
func goCalls(b *strings.Builder, pkg *idl.Package, calls []Call, kept []*Value, rpc bool) {
	// fn is how a function is called and ctor how the echo object is
	// made.
	fn, obj := "", naming.GoExported(randidl.EchoObject)
	ctor := "\t\te = New" + obj + "(%s)\n"
	if rpc {
		fn, obj = "cl.", obj+"Service"
		ctor = "\t\tvar err error\n\t\tif e, err = cl.New" + naming.GoExported(randidl.EchoObject) + "(ctx, %s); err != nil {\n\t\t\tt.Fatal(err)\n\t\t}\n"
	} else {
		obj = "*" + obj
	}
	if len(kept) > 0 {
		b.WriteString("\tvar e " + obj + "\n")
	}
	withCtx := func(args []string) string {
		if rpc {
			return strings.Join(append([]string{"ctx"}, args...), ", ")
		}
		return strings.Join(args, ", ")
	}
	for i, c := range calls {
		var args []string
		for _, a := range c.args {
			if a == nil {
				args = append(args, "propEchoBack{}")
				continue
			}
			args = append(args, a.goLit(pkg))
		}
		name := naming.GoExported(c.f.Name)
		fmt.Fprintf(b, "\t{ // call %d\n", i)
		recv := fn
		if c.f.Object != nil {
			fmt.Fprintf(b, ctor, kept[0].goLit(pkg))
			recv = "e."
		}
		fmt.Fprintf(b, "\t\twant := %s\n", c.v.goLit(pkg))
		if rpc || goErrorsResult(c.f) {
			fmt.Fprintf(b, "\t\tgot, err := %s%s(%s)\n", recv, name, withCtx(args))
			if c.fail {
				e := c.f.Raises.Enum()
				fmt.Fprintf(b, "\t\tvar ce %s\n\t\tif !errors.As(err, &ce) || int32(ce) != %d {\n\t\t\tt.Errorf(\"call %d (%s): err = %%v, want code %d\", err)\n\t\t}\n\t\t_ = got\n\t\t_ = want\n",
					naming.GoExported(e.Name), e.Members[0].Value, i, c.f.Name, e.Members[0].Value)
			} else {
				fmt.Fprintf(b, "\t\tif err != nil {\n\t\t\tt.Fatalf(\"call %d (%s): %%v\", err)\n\t\t}\n", i, c.f.Name)
				fmt.Fprintf(b, "\t\tif !reflect.DeepEqual(got, want) {\n\t\t\tt.Errorf(\"call %d (%s):\\n got %%#v\\nwant %%#v\", got, want)\n\t\t}\n", i, c.f.Name)
			}
		} else {
			fmt.Fprintf(b, "\t\tgot := %s%s(%s)\n", recv, name, strings.Join(args, ", "))
			fmt.Fprintf(b, "\t\tif !reflect.DeepEqual(got, want) {\n\t\t\tt.Errorf(\"call %d (%s):\\n got %%#v\\nwant %%#v\", got, want)\n\t\t}\n", i, c.f.Name)
		}
		if c.f.Object != nil {
			b.WriteString("\t\tif err := e.Close(); err != nil {\n\t\t\tt.Fatal(err)\n\t\t}\n")
		}
		b.WriteString("\t}\n")
	}
	for i, k := range kept {
		fmt.Fprintf(b, "\t{ // kept %d\n\t\twant := %s\n", i, k.goLit(pkg))
		fmt.Fprintf(b, ctor, "want")
		fmt.Fprintf(b, "\t\tgot, err := e.Get(%s)\n", withCtx(nil))
		fmt.Fprintf(b, "\t\tif err != nil || !reflect.DeepEqual(got, want) {\n\t\t\tt.Errorf(\"kept %d: got %%#v, %%v\\nwant %%#v\", got, err, want)\n\t\t}\n", i)
		b.WriteString("\t\tif err := e.Close(); err != nil {\n\t\t\tt.Fatal(err)\n\t\t}\n\t}\n")
	}
}

// echoBack is pkg's callback randidl.EchoCallback, or nil.
func echoBack(pkg *idl.Package) *idl.Callback {
	for _, c := range pkg.Callbacks {
		if c.Name == randidl.EchoCallback {
			return c
		}
	}
	return nil
}

// goEchoBack is the Go type propEchoBack, which implements pkg's
// randidl.EchoCallback: each method returns v, or fails with its error's
// first member when fail is set. "" when pkg has no such callback.
func goEchoBack(pkg *idl.Package) string {
	cb := echoBack(pkg)
	if cb == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("type propEchoBack struct{}\n\n")
	for _, m := range cb.Methods {
		t := langtype.Go(m.Result)
		if m.Raises == nil {
			fmt.Fprintf(&b, "func (propEchoBack) %s(v %s) %s { return v }\n\n", naming.GoExported(m.Name), t, t)
			continue
		}
		e := m.Raises.Enum()
		fmt.Fprintf(&b, "func (propEchoBack) %s(v %s, fail bool) (%s, error) {\n\tif fail {\n\t\treturn v, %s(%d)\n\t}\n\treturn v, nil\n}\n\n",
			naming.GoExported(m.Name), t, t, naming.GoExported(e.Name), e.Members[0].Value)
	}
	return b.String()
}

// pyEchoBack is the Python class _EchoBack, which implements pkg's
// randidl.EchoCallback as goEchoBack does; "" when pkg has no such
// callback.
func pyEchoBack(pkg *idl.Package) string {
	cb := echoBack(pkg)
	if cb == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("class _EchoBack:\n")
	for _, m := range cb.Methods {
		fmt.Fprintf(&b, "    def %s(self, v, fail=False):\n", naming.PyName(m.Name))
		if m.Raises != nil {
			e := m.Raises.Enum()
			fmt.Fprintf(&b, "        if fail:\n            raise m.%s(%d)\n", naming.PyClass(e.Name), e.Members[0].Value)
		}
		b.WriteString("        return v\n\n")
	}
	return b.String() + "\n"
}

// PyGRPCScript is the file name of PyTest's PyGRPC program, which
// GoGRPCTest runs from the package's directory.
const PyGRPCScript = "echo_grpc.py"

// PyGRPCServerScript is the file name of PyGRPCServer's program, which
// GoGRPCTest runs from the package's directory.
const PyGRPCServerScript = "echo_grpc_server.py"

// PyGRPCServer is the Python program that serves pkg's library (argv[1],
// a shared object) with the Python gRPC server at the grpc address
// argv[2]. It prints "ready" once it serves, stops when its stdin ends,
// and then fails when the library has allocations left.
func PyGRPCServer(pkg *idl.Package) string {
	return fmt.Sprintf("import ctypes\nimport gc\nimport sys\nfrom concurrent import futures\n\nimport grpc\n\nimport %s as m\nimport %s_grpc as g\nimport %s_rpc as r\n\n"+
		"lib = m.load(sys.argv[1])\nserver = grpc.server(futures.ThreadPoolExecutor(max_workers=16))\ng.add_to_server(r.InProcess(), server)\nserver.add_insecure_port(sys.argv[2])\nserver.start()\nprint(\"ready\", flush=True)\n"+
		"sys.stdin.read()\nserver.stop(None).wait()\ngc.collect()\nlive = lib.%slive_allocations\nlive.restype = ctypes.c_int64\nif live() != 0:\n    print(\"%s: live allocations after the sessions:\", live(), file=sys.stderr)\n    sys.exit(1)\n",
		pkg.Name, pkg.Name, pkg.Name, cabi.Prefix(pkg), pkg.Name)
}

// GoGRPCTest is the external test (package goPkg_test) of pkg's echo
// calls through the gRPC transport: a Go server of the library in
// process (RegisterGRPCService of the gRPC package grpcImport) on a Unix
// socket, called by the Go gRPC client and then by the Python one (the
// program PyTest writes in mode PyGRPC, in the package's directory as
// PyGRPCScript); then the Go client calls the Python gRPC server of the
// library (PyGRPCServer's program, as PyGRPCServerScript, which gcc
// builds impl.c for as a shared object). The package at goImport (which
// has GoLive's file) must have no allocations left once the client has
// closed: the server releases a session's objects when the session ends.
func GoGRPCTest(pkg *idl.Package, goPkg, goImport, grpcImport string, calls []Call, kept []*Value) string {
	var b strings.Builder
	g := grpcImport[strings.LastIndex(grpcImport, "/")+1:]
	fmt.Fprintf(&b, "package %s_test\n\nimport (\n", goPkg)
	for _, i := range []string{"bufio", "context", "errors", "fmt", "math", "net", "os", "os/exec", "path/filepath", "reflect", "testing", "time", "", "google.golang.org/grpc", "google.golang.org/grpc/credentials/insecure", ""} {
		if i == "" {
			b.WriteString("\n")
			continue
		}
		fmt.Fprintf(&b, "\t%q\n", i)
	}
	fmt.Fprintf(&b, "\t. %q\n\t%q\n)\n\n", goImport, grpcImport)
	b.WriteString("var _ = math.Inf\nvar _ = errors.As\nvar _ = reflect.DeepEqual\n\n")
	b.WriteString("func ptr[T any](v T) *T { return &v }\n\n")
	b.WriteString(goEchoBack(pkg))
	b.WriteString("func TestEchoGRPC(t *testing.T) {\n\td, err := os.MkdirTemp(\"\", \"grpc\")\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\tdefer os.RemoveAll(d)\n")
	b.WriteString("\tln, err := net.Listen(\"unix\", filepath.Join(d, \"s\"))\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n")
	fmt.Fprintf(&b, "\ts := grpc.NewServer()\n\t%s.RegisterGRPCService(s, InProcess())\n\tgo s.Serve(ln)\n\tdefer s.Stop()\n", g)
	b.WriteString("\tcc, err := grpc.NewClient(\"unix:\"+filepath.Join(d, \"s\"), grpc.WithTransportCredentials(insecure.NewCredentials()))\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\tdefer cc.Close()\n")
	b.WriteString("\tctx, cancel := context.WithTimeout(context.Background(), time.Minute)\n\tdefer cancel()\n")
	fmt.Fprintf(&b, "\tcl, err := %s.NewGRPCClient(ctx, cc)\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\trunEcho(t, cl)\n\tif err := cl.Close(); err != nil {\n\t\tt.Fatal(err)\n\t}\n", g)
	// The same calls from the Python gRPC client, in the package's
	// directory (the test's working directory), which holds the modules.
	fmt.Fprintf(&b, "\tpy := exec.Command(\"python3\", %q, \"unix:\"+filepath.Join(d, \"s\"))\n\tpy.Env = append(os.Environ(), \"PYTHONPATH=.\")\n", PyGRPCScript)
	b.WriteString("\tif out, err := py.CombinedOutput(); err != nil {\n\t\tt.Errorf(\"the Python gRPC client: %v\\n%s\", err, out)\n\t}\n")
	// The same calls from the Go client to the Python gRPC server, in a
	// child process, of the library built as a shared object.
	fmt.Fprintf(&b, "\tif out, err := exec.Command(\"gcc\", \"-shared\", \"-fPIC\", \"-o\", filepath.Join(d, \"lib.so\"), \"impl.c\").CombinedOutput(); err != nil {\n\t\tt.Fatalf(\"gcc: %%v\\n%%s\", err, out)\n\t}\n")
	fmt.Fprintf(&b, "\tsrv := exec.Command(\"python3\", %q, filepath.Join(d, \"lib.so\"), \"unix:\"+filepath.Join(d, \"py\"))\n", PyGRPCServerScript)
	b.WriteString("\tsrv.Env = append(os.Environ(), \"PYTHONPATH=.\")\n\tsrv.Stderr = os.Stderr\n\tstdin, err := srv.StdinPipe()\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\tstdout, err := srv.StdoutPipe()\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n")
	b.WriteString("\tif err := srv.Start(); err != nil {\n\t\tt.Fatal(err)\n\t}\n\tif line, err := bufio.NewReader(stdout).ReadString('\\n'); err != nil || line != \"ready\\n\" {\n\t\tt.Fatalf(\"the Python gRPC server: %q, %v\", line, err)\n\t}\n")
	b.WriteString("\tpc, err := grpc.NewClient(\"unix:\"+filepath.Join(d, \"py\"), grpc.WithTransportCredentials(insecure.NewCredentials()))\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\tdefer pc.Close()\n")
	fmt.Fprintf(&b, "\tpcl, err := %s.NewGRPCClient(ctx, pc)\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\trunEcho(t, pcl)\n\tif err := pcl.Close(); err != nil {\n\t\tt.Fatal(err)\n\t}\n", g)
	b.WriteString("\tstdin.Close()\n\tif err := srv.Wait(); err != nil {\n\t\tt.Errorf(\"the Python gRPC server: %v\", err)\n\t}\n")
	// The server ends the session on its own goroutine.
	b.WriteString("\tfor deadline := time.Now().Add(10 * time.Second); LiveAllocations() != 0; time.Sleep(5 * time.Millisecond) {\n")
	b.WriteString("\t\tif time.Now().After(deadline) {\n\t\t\tt.Fatalf(\"%d live allocations after the session\", LiveAllocations())\n\t\t}\n\t}\n}\n\n")
	b.WriteString("func runEcho(t *testing.T, cl Service) {\n\tctx := context.Background()\n\t_ = fmt.Sprint\n")
	goCalls(&b, pkg, calls, kept, true)
	b.WriteString("}\n")
	return b.String()
}

// GoLive is the non-test file that reads the library's counter (a test
// file cannot use cgo), as liveAllocations and LiveAllocations.
func GoLive(pkg *idl.Package, goPkg string) string {
	return fmt.Sprintf("package %s\n\n// #include \"%s.h\"\nimport \"C\"\n\nfunc liveAllocations() int64 { return int64(C.%slive_allocations()) }\n\n// LiveAllocations is liveAllocations, for external tests and servers.\nfunc LiveAllocations() int64 { return liveAllocations() }\n", goPkg, pkg.Name, cabi.Prefix(pkg))
}

// PyMode is how a Python echo program calls the library.
type PyMode int

const (
	PyCtypes PyMode = iota // through ctypes, and checking Go's wire bytes
	PyGoImpl               // through ctypes, the library implemented in Go
	PyRPC                  // through the RPC client of a server in a child process
	PyGRPC                 // through the gRPC client of the server at argv[1] (a grpc target)
)

// PyTest is the Python program of pkg's echo calls; it prints "ok" and
// exits 0 when every call echoed and nothing is left allocated. It calls
// the library through ctypes (argv[1] is the library), in mode PyGRPC
// through the gRPC client of the server at the grpc target argv[1]
// (which checks its allocations itself), or in mode PyRPC
// through the RPC client of a server in a child process (argv[1] is the
// server's command line, split at spaces; the server fails when it ends
// with live allocations).
func PyTest(pkg *idl.Package, calls []Call, kept []*Value, mode PyMode) string {
	rpc := mode == PyRPC || mode == PyGRPC
	var b strings.Builder
	fn, ctor := "m.", "m."+naming.PyClass(randidl.EchoObject)
	if rpc {
		if mode == PyGRPC {
			fmt.Fprintf(&b, "import sys\n\nimport grpc\n\nimport %s as m\nimport %s_grpc as g\n\ncl = g.GrpcClient(grpc.insecure_channel(sys.argv[1]), timeout=60)\nbad = 0\n\n", pkg.Name, pkg.Name)
		} else {
			fmt.Fprintf(&b, "import sys\n\nimport %s as m\nimport %s_rpc as r\n\ncl = r.connect_subprocess(sys.argv[1].split(), timeout=60)\nbad = 0\n\n", pkg.Name, pkg.Name)
		}
		fn, ctor = "cl.", "cl.new_"+strings.TrimSuffix(naming.PyName(randidl.EchoObject), "_")
	} else {
		fmt.Fprintf(&b, "import ctypes\nimport sys\n\nimport %s as m\n\nlib = m.load(sys.argv[1])\nbad = 0\n\n", pkg.Name)
	}
	b.WriteString(pyEchoBack(pkg))
	b.WriteString("def check(what, got, want):\n    global bad\n    if got != want or type(got) is not type(want):\n        bad += 1\n        print(f\"" + pkg.Name + ": {what}:\\n got {got!r}\\nwant {want!r}\")\n\n")
	for i, c := range calls {
		var args []string
		for _, a := range c.args {
			if a == nil {
				args = append(args, "_EchoBack()")
				continue
			}
			args = append(args, a.pyLit())
		}
		name := naming.PyName(c.f.Name)
		callee := fn + name
		pre := ""
		if c.f.Object != nil {
			pre = fmt.Sprintf("e = %s(%s)\n", ctor, kept[0].pyLit())
			callee = "e." + name
		}
		b.WriteString(pre)
		if c.fail {
			e := c.f.Raises.Enum()
			fmt.Fprintf(&b, "try:\n    %s(%s)\n    bad += 1\n    print(\"%s: call %d (%s) did not raise\")\nexcept m.%s as x:\n    check(\"call %d code\", int(x.code), %d)\n",
				callee, strings.Join(args, ", "), pkg.Name, i, c.f.Name, naming.PyClass(e.Name), i, e.Members[0].Value)
		} else {
			fmt.Fprintf(&b, "check(\"call %d (%s)\", %s(%s), %s)\n", i, c.f.Name, callee, strings.Join(args, ", "), c.v.pyLit())
		}
		if c.f.Object != nil {
			b.WriteString("e.close()\n")
		}
	}
	for i, k := range kept {
		fmt.Fprintf(&b, "e = %s(%s)\ncheck(\"kept %d\", e.get(), %s)\ne.close()\n", ctor, k.pyLit(), i, k.pyLit())
	}
	if ws := WireValues(calls, kept); len(ws) > 0 && mode == PyCtypes {
		fmt.Fprintf(&b, "import %s_wire as w\nimport os\nwith open(os.path.join(os.environ[\"PROP_WIRE_DIR\"], %q)) as f:\n    hexes = f.read().split(\"\\n\")[:-1]\n", pkg.Name, pkg.Name+".hex")
		fmt.Fprintf(&b, "if len(hexes) != %d:\n    bad += 1\n    print(\"%s: Go wrote\", len(hexes), \"encodings, want %d\")\nelse:\n", len(ws), pkg.Name, len(ws))
		for i, v := range ws {
			fn := strings.TrimSuffix(naming.PyName(v.t.Struct().Name), "_")
			fmt.Fprintf(&b, "    want = %s\n    data = bytes.fromhex(hexes[%d])\n    check(\"wire %d: decode of Go's bytes\", w.decode_%s(data), want)\n    check(\"wire %d: encode\", w.encode_%s(want), data)\n", v.pyLit(), i, i, fn, i, fn)
		}
	}
	switch {
	case mode == PyGRPC:
		b.WriteString("cl.close()\n") // the server's test checks its allocations
	case rpc:
		fmt.Fprintf(&b, "cl.close()\nif cl.process.returncode != 0:\n    bad += 1\n    print(\"%s: the server exited with\", cl.process.returncode)\n", pkg.Name)
	default:
		if pkg.HasCallbacks() {
			b.WriteString("check(\"callback values still registered\", m._cb_live(), 0)\n")
		}
		fmt.Fprintf(&b, "live = lib.%slive_allocations\nlive.restype = ctypes.c_int64\nif live() != 0:\n    bad += 1\n    print(\"%s: live allocations:\", live())\n", cabi.Prefix(pkg), pkg.Name)
	}
	fmt.Fprintf(&b, "print(\"%s: %d calls,\", bad, \"failed\")\nsys.exit(1 if bad else 0)\n", pkg.Name, len(calls)+len(kept))
	return b.String()
}

// PyServerScript serves pkg's library (argv[1]) with the Python RPC
// server on stdin and stdout; it fails when allocations outlive the
// connection.
func PyServerScript(pkg *idl.Package) string {
	return fmt.Sprintf("import ctypes\nimport sys\n\nimport %s as m\nimport %s_rpc as r\n\nlib = m.load(sys.argv[1])\nr.serve_stdio(r.InProcess())\nlive = lib.%slive_allocations\nlive.restype = ctypes.c_int64\nif live() != 0:\n    print(\"%s: live allocations after the connection:\", live(), file=sys.stderr)\n    sys.exit(1)\n",
		pkg.Name, pkg.Name, cabi.Prefix(pkg), pkg.Name)
}

// CServer is the main of the C dispatcher serving pkg's library on stdin
// and stdout; it fails when objects or allocations outlive the
// connection.
func CServer(pkg *idl.Package) string {
	pre := cabi.Prefix(pkg)
	return fmt.Sprintf("#include <stdio.h>\n\n#include \"%s.h\"\n#include \"%s_rpc.h\"\n\nint main(void) {\n    if (%srpc_serve(stdin, stdout) != 0) {\n        fprintf(stderr, \"%s: the connection did not end cleanly\\n\");\n        return 1;\n    }\n    if (%slive_allocations() != 0) {\n        fprintf(stderr, \"%s: %%lld live allocations after the connection\\n\", (long long)%slive_allocations());\n        return 1;\n    }\n    return 0;\n}\n",
		pkg.Name, pkg.Name, pre, pkg.Name, pre, pkg.Name, pre)
}

// CWireDriver is a C program that reads the Go encodings of the wire
// values (one hex line each, in WireValues order) from argv[1], decodes
// each with the C codec, encodes it again and compares the bytes, then
// checks that nothing is left allocated. It prints "<pkg>: N wire values,
// M failed".
func CWireDriver(pkg *idl.Package, ws []*Value) string {
	pre := cabi.Prefix(pkg)
	up := strings.ToUpper(pkg.Name)
	var b strings.Builder
	fmt.Fprintf(&b, "#define _POSIX_C_SOURCE 200809L\n#include \"%s_wire.h\"\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\n", pkg.Name)
	b.WriteString("static int hexval(int c) {\n    if (c >= '0' && c <= '9') return c - '0';\n    if (c >= 'a' && c <= 'f') return c - 'a' + 10;\n    return -1;\n}\n\n")
	b.WriteString("int main(int argc, char **argv) {\n    FILE *f;\n    char *line = NULL;\n    size_t cap = 0;\n    long got;\n    int i = 0, bad = 0;\n")
	b.WriteString("    if (argc < 2 || (f = fopen(argv[1], \"r\")) == NULL) {\n        perror(\"open\");\n        return 2;\n    }\n")
	b.WriteString("    while ((got = (long)getline(&line, &cap, f)) >= 0) {\n        size_t n = (size_t)got / 2, k, written = 0;\n        uint8_t *in = (uint8_t *)malloc(n + 1), *out = NULL;\n        int st = -1;\n")
	b.WriteString("        for (k = 0; k < n; k++) in[k] = (uint8_t)(hexval(line[2 * k]) * 16 + hexval(line[2 * k + 1]));\n        switch (i) {\n")
	for i, w := range ws {
		t := cabi.TypeName(pkg, w.t)
		m := pre + cabi.Mangle(w.t)
		fmt.Fprintf(&b, "        case %d: {\n            %s v;\n            %swire_error err;\n            st = %s_wire_decode(in, n, NULL, &v, &err);\n", i, t, pre, m)
		fmt.Fprintf(&b, "            if (st == %s_WIRE_OK) {\n                size_t size = %s_wire_size(&v);\n                out = (uint8_t *)malloc(size > 0 ? size : 1);\n                st = %s_wire_encode(&v, out, size, &written);\n                %s(&v);\n            } else {\n                printf(\"%s: wire %d: %%s\\n\", err.message);\n            }\n            break;\n        }\n", up, m, m, cabi.ReleaseName(pkg, w.t), pkg.Name, i)
	}
	fmt.Fprintf(&b, "        }\n        if (st != %s_WIRE_OK || written != n || (n > 0 && memcmp(in, out, n) != 0)) {\n            bad++;\n            printf(\"%s: wire %%d: C decode and encode of Go's bytes differ (status %%d)\\n\", i, st);\n        }\n", up, pkg.Name)
	b.WriteString("        free(in);\n        free(out);\n        i++;\n    }\n    free(line);\n    fclose(f);\n")
	fmt.Fprintf(&b, "    if (i != %d) {\n        bad++;\n        printf(\"%s: %%d lines, want %d\\n\", i);\n    }\n", len(ws), pkg.Name, len(ws))
	fmt.Fprintf(&b, "    if (%slive_allocations() != 0) {\n        bad++;\n        printf(\"%s: live allocations after the C wire round trips\\n\");\n    }\n", pre, pkg.Name)
	fmt.Fprintf(&b, "    printf(\"%s: %%d wire values, %%d failed\\n\", i, bad);\n    return bad != 0;\n}\n", pkg.Name)
	return b.String()
}
