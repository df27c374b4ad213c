package genrpc

import (
	"bytes"
	"fmt"
	"go/format"
	"slices"
	"strings"

	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/langtype"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// goPrinter collects Go source one line at a time.
type goPrinter struct{ buf bytes.Buffer }

func (p *goPrinter) P(args ...any) {
	for _, a := range args {
		fmt.Fprint(&p.buf, a)
	}
	p.buf.WriteByte('\n')
}

func (p *goPrinter) doc(indent string, d idl.Doc, fallback string) {
	if len(d) == 0 {
		for _, l := range gen.Wrap(fallback, 76) {
			p.P(indent, "// ", l)
		}
		return
	}
	for _, l := range d {
		p.P(strings.TrimRight(indent+"// "+l, " "))
	}
}

func goFormat(name string, src []byte) (gen.File, error) {
	out, err := format.Source(src)
	if err != nil {
		return gen.File{}, fmt.Errorf("genrpc: formatting %s: %v\n%s", name, err, gen.Numbered(src))
	}
	return gen.File{Path: name, Content: out}, nil
}

func header(p *goPrinter, plan *Plan, goPkg, what string, constraint ...string) {
	for _, c := range constraint {
		p.P(c)
		p.P()
	}
	p.P("// ", gen.Marker)
	p.P("// source: ", strings.Join(plan.Pkg.Files, ", "))
	p.P()
	for _, l := range gen.Wrap(what, 76) {
		p.P("// ", l)
	}
	if len(plan.Skipped) > 0 {
		p.P("//")
		p.P("// Not served over RPC (docs/rpc.md, \"Messages\"):")
		for _, s := range plan.Skipped {
			p.P("//   - ", s.Name, ": ", s.Reason)
		}
	}
	p.P()
	p.P("package ", goPkg)
	p.P()
}

// goIface is the name of the Go interface of an object.
func goIface(o *idl.Object) string { return naming.GoExported(o.Name) + "Service" }

// goClientObj is the client type of an object.
func goClientObj(o *idl.Object) string { return "rpcClient" + naming.GoExported(o.Name) }

// goAPIType is the Go type of t in the Service interface: objects are
// their interfaces.
func goAPIType(t *idl.Type) string {
	if cabiHandle(t) {
		return goIface(handleObject(t))
	}
	return langtype.Go(t)
}

func cabiHandle(t *idl.Type) bool {
	return t != nil && (t.Kind == idl.KindObject || t.Kind == idl.KindOptional && t.Elem.Kind == idl.KindObject)
}

func handleObject(t *idl.Type) *idl.Object {
	if t.Kind == idl.KindOptional {
		t = t.Elem
	}
	return t.Object()
}

// goMethodName is the name of m in Service or in its object's interface.
func goMethodName(m *Method) string {
	switch m.Kind {
	case KindCtor:
		n := "New" + naming.GoExported(m.Object.Name)
		if m.Ctor.Name != "" {
			n += naming.GoExported(m.Ctor.Name)
		}
		return n
	case KindDestroy:
		return "Close"
	}
	return naming.GoExported(m.Func.Name)
}

// goParams spells the parameters of m after ctx, and the local names.
func goParams(m *Method) (decl string, names []string) {
	parts := []string{"ctx context.Context"}
	for _, p := range m.Params {
		n := naming.GoLocal(p.Name)
		if goTaken[n] || isNumberedLocal(n) {
			n += "_"
		}
		names = append(names, n)
		parts = append(parts, n+" "+goAPIType(p.Type))
	}
	return strings.Join(parts, ", "), names
}

// goTaken are the names the generated client and adapter methods use
// themselves (receivers and locals), which a parameter must not shadow.
// The server's handlers never name a parameter: they read req's fields.
var goTaken = map[string]bool{
	"ctx": true, "c": true, "o": true, "x": true, "ok": true, "req": true, "resp": true,
	"zero": true, "err": true, "self": true, "res": true,
}

// isNumberedLocal reports whether n has the form of the generated
// locals h0, p0, a0, o0.
func isNumberedLocal(n string) bool {
	if len(n) < 2 || !strings.ContainsRune("hpao", rune(n[0])) {
		return false
	}
	for _, r := range n[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func goResults(m *Method) string {
	if m.Result == nil {
		return "error"
	}
	return "(" + goAPIType(m.Result) + ", error)"
}

func goSignature(m *Method) string {
	decl, _ := goParams(m)
	return goMethodName(m) + "(" + decl + ") " + goResults(m)
}

func methodDoc(m *Method) idl.Doc {
	switch {
	case m.Func != nil:
		return m.Func.Doc
	case m.Ctor != nil:
		return m.Ctor.Doc
	}
	return nil
}

func goConst(m *Method) string {
	var n string
	switch m.Kind {
	case KindFunc:
		n = naming.GoExported(m.Func.Name)
	case KindMethod:
		n = naming.GoExported(m.Object.Name) + naming.GoExported(m.Func.Name) + "Method"
	case KindCtor:
		n = goMethodName(m)
	case KindDestroy:
		n = naming.GoExported(m.Object.Name) + "Destroy"
	}
	return "RPCMethod" + n
}

// goStruct is the Go type of a message.
func goStruct(s *idl.Struct) string { return naming.GoExported(s.Name) }

func goField(f *idl.Field) string { return naming.GoExported(f.Name) }

// renderGo writes <pkg>_rpc.go: the interfaces, the method ids, the
// client, the server and the protocol runtime.
func renderGo(plan *Plan, goPkg string) (gen.File, error) {
	p := &goPrinter{}
	pkg := plan.Pkg
	header(p, plan, goPkg, "This file is the RPC of package "+pkg.Name+" (docs/rpc.md): the Service interface, a client over any byte stream (NewRPCClient) and a server of any implementation (NewRPCServer).")
	p.P("import (")
	for _, imp := range []string{"bufio", "context", "encoding/binary", "errors", "fmt", "io", "net", "strconv", "sync", "sync/atomic", "time"} {
		p.P("\t", fmt.Sprintf("%q", imp))
	}
	p.P(")")
	p.P()
	p.P("// Service is every function and constructor of ", pkg.Name, " that is served")
	p.P("// over RPC. InProcess (the cgo binding), *RPCClient and any")
	p.P("// implementation of a server's own implement it.")
	p.P("type Service interface {")
	for _, m := range plan.Methods {
		if m.Kind == KindFunc || m.Kind == KindCtor {
			p.doc("\t", methodDoc(m), goMethodName(m)+" calls "+m.Key+".")
			p.P("\t", goSignature(m))
		}
	}
	p.P("}")
	p.P()
	for _, o := range plan.Objects {
		p.doc("", o.Doc, goIface(o)+" is the "+o.Name+" object behind any transport.")
		p.P("type ", goIface(o), " interface {")
		for _, m := range plan.Methods {
			if m.Object == o && m.Kind == KindMethod {
				p.doc("\t", methodDoc(m), goMethodName(m)+" calls "+m.Key+".")
				p.P("\t", goSignature(m))
			}
		}
		p.P("\t// Close releases the object; using it afterwards is an error.")
		p.P("\tClose() error")
		p.P("}")
		p.P()
	}
	p.P("// The method ids (docs/rpc.md, \"Method ids\").")
	p.P("const (")
	for _, m := range plan.Methods {
		p.P("\t", goConst(m), " uint32 = ", fmt.Sprintf("%#08x", m.ID), " // ", m.Key)
	}
	p.P(")")
	p.P()
	p.P("var _ Service = (*RPCClient)(nil)")
	p.P()
	for _, m := range plan.Methods {
		renderGoClientMethod(p, m)
	}
	for _, o := range plan.Objects {
		p.P("// ", goClientObj(o), " is a ", o.Name, " in the server, held by handle.")
		p.P("type ", goClientObj(o), " struct{ rpcHandle }")
		p.P()
	}
	renderGoServer(p, plan)
	p.P(goRuntime)
	return goFormat(pkg.Name+"_rpc.go", p.buf.Bytes())
}

func raiseFunc(m *Method) string {
	if m.Raises == nil {
		return "nil"
	}
	e := naming.GoExported(m.Raises.Decl.DeclName())
	return "func(code int32) error { return " + e + "(code) }"
}

// renderGoClientMethod writes the client side of m: a method of
// *RPCClient or of the object's client type.
func renderGoClientMethod(p *goPrinter, m *Method) {
	recv := "c *RPCClient"
	client := "c"
	if m.Kind == KindMethod || m.Kind == KindDestroy {
		recv = "o *" + goClientObj(m.Object)
		client = "o.c"
	}
	_, names := goParams(m)
	if m.Kind == KindDestroy {
		p.P("// Close releases the object in the server; closing twice does nothing.")
		p.P("func (", recv, ") Close() error {")
		p.P("\tif o.closed.Swap(true) {")
		p.P("\t\treturn nil")
		p.P("\t}")
		p.P("\treq := ", goStruct(m.Request), "{", goField(m.Request.Fields[0]), ": o.h}")
		p.P("\tvar resp ", goStruct(m.Response))
		p.P("\treturn o.c.invoke(context.Background(), ", goConst(m), ", &req, &resp, nil)")
		p.P("}")
		p.P()
		return
	}
	p.P("// ", goMethodName(m), " calls ", m.Key, " in the server.")
	p.P("func (", recv, ") ", goSignature(m), " {")
	zero := ""
	if m.Result != nil {
		p.P("\tvar zero ", goAPIType(m.Result))
		zero = "zero, "
	}
	var fields []string
	if m.Kind == KindMethod {
		p.P("\tself, err := o.of(o.c, \"this ", m.Object.Name, "\")")
		p.P("\tif err != nil {")
		p.P("\t\treturn ", zero, "err")
		p.P("\t}")
		fields = append(fields, goField(m.Request.Fields[0])+": self")
	}
	fi := 0
	if m.Kind == KindMethod {
		fi = 1
	}
	for i, prm := range m.Params {
		f := m.Request.Fields[fi+i]
		if cabiHandle(prm.Type) {
			o := handleObject(prm.Type)
			h := "h" + fmt.Sprint(i)
			opt := prm.Type.Kind == idl.KindOptional
			p.P("\tvar ", h, " uint64")
			cond := names[i] + " != nil"
			if !opt {
				cond = "true"
			}
			p.P("\tif ", cond, " {")
			p.P("\t\tx, ok := ", names[i], ".(*", goClientObj(o), ")")
			p.P("\t\tif !ok || x == nil {")
			p.P("\t\t\treturn ", zero, "&RPCError{Code: RPCFaultBadHandle, Msg: \"", prm.Name, " is not a ", o.Name, " of this client\"}")
			p.P("\t\t}")
			p.P("\t\tvar err error")
			p.P("\t\tif ", h, ", err = x.of(", client, ", \"", prm.Name, "\"); err != nil {")
			p.P("\t\t\treturn ", zero, "err")
			p.P("\t\t}")
			p.P("\t}")
			if opt {
				p.P("\tvar p", i, " *uint64")
				p.P("\tif ", names[i], " != nil {")
				p.P("\t\tp", i, " = &", h)
				p.P("\t}")
				fields = append(fields, goField(f)+": p"+fmt.Sprint(i))
			} else {
				fields = append(fields, goField(f)+": "+h)
			}
			continue
		}
		fields = append(fields, goField(f)+": "+names[i])
	}
	p.P("\treq := ", goStruct(m.Request), "{", strings.Join(fields, ", "), "}")
	p.P("\tvar resp ", goStruct(m.Response))
	p.P("\tif err := ", client, ".invoke(ctx, ", goConst(m), ", &req, &resp, ", raiseFunc(m), "); err != nil {")
	p.P("\t\treturn ", zero, "err")
	p.P("\t}")
	switch {
	case m.Result == nil:
		p.P("\treturn nil")
	case cabiHandle(m.Result):
		o := handleObject(m.Result)
		if m.Result.Kind == idl.KindOptional {
			p.P("\tif resp.Result == nil {")
			p.P("\t\treturn nil, nil")
			p.P("\t}")
			p.P("\treturn &", goClientObj(o), "{rpcHandle{c: ", client, ", h: *resp.Result}}, nil")
		} else {
			p.P("\treturn &", goClientObj(o), "{rpcHandle{c: ", client, ", h: resp.Result}}, nil")
		}
	default:
		p.P("\treturn resp.Result, nil")
	}
	p.P("}")
	p.P()
}

// renderGoServer writes NewRPCServer and the handler of every method.
func renderGoServer(p *goPrinter, plan *Plan) {
	p.P("// NewRPCServer returns a server of impl: every call of every connection")
	p.P("// runs on its own goroutine and calls impl.")
	p.P("func NewRPCServer(impl Service, o *RPCOptions) *RPCServer {")
	p.P("\ts := &RPCServer{impl: impl, opts: o}")
	p.P("\ts.handlers = map[uint32]rpcHandler{")
	for _, m := range plan.Methods {
		p.P("\t\t", goConst(m), ": s.handle", strings.TrimPrefix(goConst(m), "RPCMethod"), ",")
	}
	p.P("\t}")
	p.P("\treturn s")
	p.P("}")
	p.P()
	for _, m := range plan.Methods {
		renderGoHandler(p, m)
	}
}

func renderGoHandler(p *goPrinter, m *Method) {
	name := "handle" + strings.TrimPrefix(goConst(m), "RPCMethod")
	p.P("func (s *RPCServer) ", name, "(ctx context.Context, sc *rpcServerConn, in, b []byte) (byte, []byte) {")
	p.P("\tvar req ", goStruct(m.Request))
	p.P("\tif err := req.UnmarshalWire(in, s.opts.wire()); err != nil {")
	p.P("\t\treturn rpcBadRequest(b, err)")
	p.P("\t}")
	if m.Kind == KindDestroy {
		p.P("\to, ok := sc.remove(req.", goField(m.Request.Fields[0]), ").(", goIface(m.Object), ")")
		p.P("\tif !ok {")
		p.P("\t\treturn rpcBadHandle(b, \"", m.Object.Name, "\", req.", goField(m.Request.Fields[0]), ")")
		p.P("\t}")
		p.P("\tif err := o.Close(); err != nil {")
		p.P("\t\treturn rpcFail[rpcNoError](ctx, b, err, false)")
		p.P("\t}")
		p.P("\treturn rpcResult(b, &", goStruct(m.Response), "{})")
		p.P("}")
		p.P()
		return
	}
	target := "s.impl"
	if m.Kind == KindMethod {
		p.P("\tself, ok := sc.get(req.", goField(m.Request.Fields[0]), ").(", goIface(m.Object), ")")
		p.P("\tif !ok {")
		p.P("\t\treturn rpcBadHandle(b, \"", m.Object.Name, "\", req.", goField(m.Request.Fields[0]), ")")
		p.P("\t}")
		target = "self"
	}
	args := []string{"ctx"}
	fi := 0
	if m.Kind == KindMethod {
		fi = 1
	}
	for i, prm := range m.Params {
		f := m.Request.Fields[fi+i]
		x := "req." + goField(f)
		if cabiHandle(prm.Type) {
			o := handleObject(prm.Type)
			a := fmt.Sprint("a", i)
			p.P("\tvar ", a, " ", goIface(o))
			if prm.Type.Kind == idl.KindOptional {
				p.P("\tif ", x, " != nil {")
				p.P("\t\tx, ok := sc.get(*", x, ").(", goIface(o), ")")
			} else {
				p.P("\t{")
				p.P("\t\tx, ok := sc.get(", x, ").(", goIface(o), ")")
			}
			p.P("\t\tif !ok {")
			h := x
			if prm.Type.Kind == idl.KindOptional {
				h = "*" + x
			}
			p.P("\t\t\treturn rpcBadHandle(b, \"", prm.Name, "\", ", h, ")")
			p.P("\t\t}")
			p.P("\t\t", a, " = x")
			p.P("\t}")
			args = append(args, a)
			continue
		}
		args = append(args, x)
	}
	res := "err"
	if m.Result != nil {
		res = "res, err"
	}
	p.P("\t", res, " := ", target, ".", goMethodName(m), "(", strings.Join(args, ", "), ")")
	p.P("\tif err != nil {")
	if m.Raises != nil {
		p.P("\t\treturn rpcFail[", naming.GoExported(m.Raises.Decl.DeclName()), "](ctx, b, err, true)")
	} else {
		p.P("\t\treturn rpcFail[rpcNoError](ctx, b, err, false)")
	}
	p.P("\t}")
	p.P("\tvar resp ", goStruct(m.Response))
	switch {
	case m.Result == nil:
	case cabiHandle(m.Result) && m.Result.Kind == idl.KindOptional:
		p.P("\tif res != nil {")
		p.P("\t\th := sc.put(res)")
		p.P("\t\tresp.Result = &h")
		p.P("\t}")
	case cabiHandle(m.Result):
		p.P("\tif res == nil {")
		p.P("\t\treturn rpcFail[rpcNoError](ctx, b, errors.New(\"the implementation of ", m.Key, " returned a nil ", m.Result.Decl.DeclName(), "\"), false)")
		p.P("\t}")
		p.P("\tresp.Result = sc.put(res)")
	default:
		p.P("\tresp.Result = res")
	}
	p.P("\treturn rpcResult(b, &resp)")
	p.P("}")
	p.P()
}

// renderGoAdapter writes <pkg>_rpc_cgo.go: InProcess, the cgo binding as
// a Service.
func renderGoAdapter(plan *Plan, goPkg string) (gen.File, error) {
	p := &goPrinter{}
	pkg := plan.Pkg
	header(p, plan, goPkg, "This file makes the cgo binding of package "+pkg.Name+" a Service (docs/rpc.md): the same API in process, and what NewRPCServer(InProcess(), nil) serves to other processes. It is built with cgo only, like the binding, so that CGO_ENABLED=0 builds a client or a server of a Go implementation.", "//go:build cgo")
	p.P("import (")
	// Every method but a destroy takes a context; a package with
	// nothing else to call (only types and constants) has none.
	if slices.ContainsFunc(plan.Methods, func(m *Method) bool { return m.Kind != KindDestroy }) {
		p.P("\t\"context\"")
	}
	p.P("\t\"errors\"")
	p.P(")")
	p.P()
	p.P("// InProcess returns the cgo binding as a Service: each call calls the C")
	p.P("// library directly; ctx is not consulted.")
	p.P("func InProcess() Service { return inProcess{} }")
	p.P()
	p.P("type inProcess struct{}")
	p.P()
	p.P("// errInProcessForeign is returned for an object argument that the cgo")
	p.P("// binding did not make (a client's object, say).")
	p.P("var errInProcessForeign = errors.New(\"", pkg.Name, ": object argument is not an in-process object\")")
	p.P()
	for _, o := range plan.Objects {
		n := naming.GoExported(o.Name)
		p.P("// inProcess", n, " is a ", n, " of the cgo binding as a ", goIface(o), ".")
		p.P("type inProcess", n, " struct{ o *", n, " }")
		p.P()
		p.P("func (x inProcess", n, ") Close() error { return x.o.Close() }")
		p.P()
		p.P("// wrapInProcess", n, " wraps o, keeping nil nil.")
		p.P("func wrapInProcess", n, "(o *", n, ") ", goIface(o), " {")
		p.P("\tif o == nil {")
		p.P("\t\treturn nil")
		p.P("\t}")
		p.P("\treturn inProcess", n, "{o}")
		p.P("}")
		p.P()
		p.P("// unwrapInProcess", n, " returns the binding's object behind v; ok is")
		p.P("// false for an object that is not one.")
		p.P("func unwrapInProcess", n, "(v ", goIface(o), ") (o *", n, ", ok bool) {")
		p.P("\tif v == nil {")
		p.P("\t\treturn nil, true")
		p.P("\t}")
		p.P("\tx, ok := v.(inProcess", n, ")")
		p.P("\treturn x.o, ok")
		p.P("}")
		p.P()
	}
	for _, m := range plan.Methods {
		if m.Kind == KindDestroy {
			continue
		}
		recv := "inProcess"
		call := goMethodName(m)
		if m.Kind == KindMethod {
			recv = "x inProcess" + naming.GoExported(m.Object.Name)
			call = "x.o." + call
		}
		_, names := goParams(m)
		p.P("func (", recv, ") ", goSignature(m), " {")
		fallible := m.Raises != nil || m.Kind == KindMethod
		for _, prm := range m.Params {
			if cabiHandle(prm.Type) {
				fallible = true
			}
		}
		zero := ""
		if m.Result != nil && fallible {
			p.P("\tvar zero ", goAPIType(m.Result))
			zero = "zero, "
		}
		var args []string
		for i, prm := range m.Params {
			if cabiHandle(prm.Type) {
				n := naming.GoExported(handleObject(prm.Type).Name)
				a := fmt.Sprint("o", i)
				p.P("\t", a, ", ok := unwrapInProcess", n, "(", names[i], ")")
				cond := "!ok"
				if prm.Type.Kind != idl.KindOptional {
					cond = "!ok || " + a + " == nil"
				}
				p.P("\tif ", cond, " {")
				p.P("\t\treturn ", zero, "errInProcessForeign")
				p.P("\t}")
				args = append(args, a)
				continue
			}
			args = append(args, names[i])
		}
		call += "(" + strings.Join(args, ", ") + ")"
		wrap := func(x string) string {
			if cabiHandle(m.Result) {
				return "wrapInProcess" + naming.GoExported(handleObject(m.Result).Name) + "(" + x + ")"
			}
			return x
		}
		switch {
		case m.Result == nil && fallible:
			p.P("\treturn ", call)
		case m.Result == nil:
			p.P("\t", call)
			p.P("\treturn nil")
		case fallible:
			p.P("\tres, err := ", call)
			p.P("\tif err != nil {")
			p.P("\t\treturn ", zero, "err")
			p.P("\t}")
			p.P("\treturn ", wrap("res"), ", nil")
		default:
			p.P("\treturn ", wrap(call), ", nil")
		}
		p.P("}")
		p.P()
	}
	return goFormat(pkg.Name+"_rpc_cgo.go", p.buf.Bytes())
}

// Options configures Generate.
type Options struct {
	// GoPackage is the Go package name; the IDL package name when empty.
	GoPackage string
}

// Generate renders the RPC files of plan (whose Pkg is the augmented
// package): <pkg>_rpc.go, <pkg>_rpc_cgo.go and the C dispatcher
// <pkg>_rpc.h, <pkg>_rpc.c.
func Generate(plan *Plan, opts Options) ([]gen.File, error) {
	goPkg := opts.GoPackage
	if goPkg == "" {
		goPkg = plan.Pkg.Name
	}
	g, err := renderGo(plan, goPkg)
	if err != nil {
		return nil, err
	}
	a, err := renderGoAdapter(plan, goPkg)
	if err != nil {
		return nil, err
	}
	return withPython(plan, append([]gen.File{g, a}, renderC(plan, plan.Pkg)...))
}
