package genrpc

import (
	"fmt"
	"strings"

	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/langtype"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// GRPCOptions configures GenerateGRPC.
type GRPCOptions struct {
	// GoPackage is the Go package name of the RPC files; the IDL package
	// name when empty. The gRPC package is named GoPackage + "grpc".
	GoPackage string
	// GoImport is the import path of the RPC Go package (required).
	GoImport string
}

// GRPCService is the gRPC service name of the package (docs/rpc.md,
// "gRPC"): "calc.Calc".
func GRPCService(plan *Plan) string {
	return plan.Pkg.Name + "." + pascal(plan.Pkg.Name)
}

// GRPCMethod is the gRPC method name of m: its messages' name without
// "Request".
func GRPCMethod(m *Method) string { return strings.TrimSuffix(m.Request.Name, "Request") }

// GenerateGRPC renders the gRPC transport of plan: the Go package
// <gopkg>grpc in a directory of its own, <gopkg>grpc/<pkg>_grpc.go.
func GenerateGRPC(plan *Plan, opts GRPCOptions) ([]gen.File, error) {
	goPkg := opts.GoPackage
	if goPkg == "" {
		goPkg = plan.Pkg.Name
	}
	if opts.GoImport == "" {
		return nil, fmt.Errorf("the gRPC Go file needs the import path of the RPC Go package (--grpc-go-import)")
	}
	for _, m := range plan.Methods {
		if GRPCMethod(m) == "Session" {
			return nil, &Error{m.Request.Pos, fmt.Sprintf("%q would be the gRPC method Session, which scopes objects (docs/rpc.md, \"gRPC\"); rename it", m.Key)}
		}
	}
	g := &grpcGo{plan: plan, q: goPkg + "."}
	f, err := g.render(goPkg, opts.GoImport)
	if err != nil {
		return nil, err
	}
	f.Path = goPkg + "grpc/" + f.Path
	return []gen.File{f, renderGRPCPython(plan)}, nil
}

type grpcGo struct {
	plan *Plan
	q    string // the qualifier of the RPC package: "calc."
	p    goPrinter
}

// typ is the Go type of t in the RPC package, qualified.
func (g *grpcGo) typ(t *idl.Type) string {
	switch t.Kind {
	case idl.KindList:
		return "[]" + g.typ(t.Elem)
	case idl.KindMap:
		return "map[" + g.typ(t.Key) + "]" + g.typ(t.Elem)
	case idl.KindOptional:
		if cabiHandle(t) {
			return g.q + goIface(handleObject(t))
		}
		if langtype.GoNilable(t.Elem) {
			return g.typ(t.Elem)
		}
		return "*" + g.typ(t.Elem)
	case idl.KindEnum, idl.KindError, idl.KindStruct, idl.KindUnion:
		return g.q + naming.GoExported(t.Decl.DeclName())
	case idl.KindObject:
		return g.q + goIface(t.Object())
	}
	s := goAPIType(t)
	return s
}

func (g *grpcGo) params(m *Method) (decl string, names []string) {
	parts := []string{"ctx context.Context"}
	for _, p := range m.Params {
		n := naming.GoLocal(p.Name)
		if goTaken[n] || isNumberedLocal(n) || n == "sess" || n == "tr" {
			n += "_"
		}
		names = append(names, n)
		parts = append(parts, n+" "+g.typ(p.Type))
	}
	return strings.Join(parts, ", "), names
}

func (g *grpcGo) signature(m *Method) string {
	decl, _ := g.params(m)
	res := "error"
	if m.Result != nil {
		res = "(" + g.typ(m.Result) + ", error)"
	}
	return goMethodName(m) + "(" + decl + ") " + res
}

func grpcClientObj(o *idl.Object) string { return "grpcClient" + naming.GoExported(o.Name) }

func (g *grpcGo) raise(m *Method) string {
	if m.Raises == nil {
		return "nil"
	}
	return "func(code int32) error { return " + g.q + naming.GoExported(m.Raises.Decl.DeclName()) + "(code) }"
}

func (g *grpcGo) path(m *Method) string {
	return fmt.Sprintf("%q", "/"+GRPCService(g.plan)+"/"+GRPCMethod(m))
}

func (g *grpcGo) render(goPkg, goImport string) (gen.File, error) {
	p := &g.p
	pkg := g.plan.Pkg
	header(p, g.plan, goPkg+"grpc", "Package "+goPkg+"grpc is the gRPC transport of package "+pkg.Name+" (docs/rpc.md, \"gRPC\"): a client implementing "+goPkg+".Service over a gRPC channel (NewGRPCClient) and the service of any implementation on a gRPC server (RegisterGRPCService), with the bindgen wire codec as the content subtype \"bindgen\".")
	p.P("import (")
	for _, imp := range []string{"context", "encoding/binary", "errors", "fmt", "io", "sort", "strconv", "sync", "sync/atomic", ""} {
		if imp == "" {
			p.P()
			continue
		}
		p.P("\t", fmt.Sprintf("%q", imp))
	}
	p.P("\t", goPkg, " ", fmt.Sprintf("%q", goImport))
	p.P("\t\"google.golang.org/grpc\"")
	p.P("\t\"google.golang.org/grpc/codes\"")
	p.P("\t\"google.golang.org/grpc/encoding\"")
	p.P("\t\"google.golang.org/grpc/mem\"")
	p.P("\t\"google.golang.org/grpc/metadata\"")
	p.P("\t\"google.golang.org/grpc/status\"")
	p.P(")")
	p.P()
	p.P("// GRPCServiceName is the gRPC service of package ", pkg.Name, ".")
	p.P("const GRPCServiceName = ", fmt.Sprintf("%q", GRPCService(g.plan)))
	p.P()
	p.P("var _ ", g.q, "Service = (*GRPCClient)(nil)")
	p.P()
	for _, m := range g.plan.Methods {
		g.clientMethod(m)
	}
	for _, o := range g.plan.Objects {
		p.P("// ", grpcClientObj(o), " is a ", o.Name, " in the server, held by handle.")
		p.P("type ", grpcClientObj(o), " struct{ grpcHandle }")
		p.P()
	}
	p.P("// grpcServiceDesc describes the service for grpc.Server.RegisterService.")
	p.P("var grpcServiceDesc = grpc.ServiceDesc{")
	p.P("\tServiceName: GRPCServiceName,")
	p.P("\tHandlerType: (*any)(nil),")
	p.P("\tMethods: []grpc.MethodDesc{")
	for _, m := range g.plan.Methods {
		p.P("\t\t{MethodName: ", fmt.Sprintf("%q", GRPCMethod(m)), ", Handler: grpcHandle", GRPCMethod(m), "},")
	}
	p.P("\t},")
	p.P("\tStreams: []grpc.StreamDesc{{StreamName: \"Session\", Handler: grpcHandleSession, ServerStreams: true}},")
	p.P("}")
	p.P()
	for _, m := range g.plan.Methods {
		g.handler(m)
	}
	p.P(strings.ReplaceAll(grpcGoRuntime, "PKG.", g.q))
	return goFormat(pkg.Name+"_grpc.go", p.buf.Bytes())
}

func (g *grpcGo) clientMethod(m *Method) {
	p := &g.p
	recv := "c *GRPCClient"
	client := "c"
	if m.Kind == KindMethod || m.Kind == KindDestroy {
		recv = "o *" + grpcClientObj(m.Object)
		client = "o.c"
	}
	req, resp := g.q+goStruct(m.Request), g.q+goStruct(m.Response)
	_, names := g.params(m)
	if m.Kind == KindDestroy {
		p.P("// Close releases the object in the server; closing twice does nothing.")
		p.P("func (", recv, ") Close() error {")
		p.P("\tif o.closed.Swap(true) {")
		p.P("\t\treturn nil")
		p.P("\t}")
		p.P("\treq := ", req, "{", goField(m.Request.Fields[0]), ": o.h}")
		p.P("\tvar resp ", resp)
		p.P("\treturn o.c.invoke(context.Background(), ", g.path(m), ", true, &req, &resp, nil)")
		p.P("}")
		p.P()
		return
	}
	p.P("// ", goMethodName(m), " calls ", m.Key, " in the server.")
	p.P("func (", recv, ") ", g.signature(m), " {")
	zero := ""
	if m.Result != nil {
		p.P("\tvar zero ", g.typ(m.Result))
		zero = "zero, "
	}
	var fields []string
	fi := 0
	if m.Kind == KindMethod {
		p.P("\tself, err := o.of(o.c, \"this ", m.Object.Name, "\")")
		p.P("\tif err != nil {")
		p.P("\t\treturn ", zero, "err")
		p.P("\t}")
		fields = append(fields, goField(m.Request.Fields[0])+": self")
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
			p.P("\t\tx, ok := ", names[i], ".(*", grpcClientObj(o), ")")
			p.P("\t\tif !ok || x == nil {")
			p.P("\t\t\treturn ", zero, "&", g.q, "RPCError{Code: ", g.q, "RPCFaultBadHandle, Msg: \"", prm.Name, " is not a ", o.Name, " of this client\"}")
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
	p.P("\treq := ", req, "{", strings.Join(fields, ", "), "}")
	p.P("\tvar resp ", resp)
	p.P("\tif err := ", client, ".invoke(ctx, ", g.path(m), ", ", needsSession(m), ", &req, &resp, ", g.raise(m), "); err != nil {")
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
			p.P("\treturn &", grpcClientObj(o), "{grpcHandle{c: ", client, ", h: *resp.Result}}, nil")
		} else {
			p.P("\treturn &", grpcClientObj(o), "{grpcHandle{c: ", client, ", h: resp.Result}}, nil")
		}
	default:
		p.P("\treturn resp.Result, nil")
	}
	p.P("}")
	p.P()
}

// needsSession reports whether m touches the session's object table.
func needsSession(m *Method) bool {
	if m.Object != nil || cabiHandle(m.Result) {
		return true
	}
	for _, prm := range m.Params {
		if cabiHandle(prm.Type) {
			return true
		}
	}
	return false
}

func (g *grpcGo) handler(m *Method) {
	p := &g.p
	g.tail(m)
	p.P("// grpcServe", GRPCMethod(m), " runs ", m.Key, " for a decoded request.")
	p.P("func grpcServe", GRPCMethod(m), "(srv any, ctx context.Context, req *", g.q, goStruct(m.Request), ") (_ any, rerr error) {")
	p.P("\t\tdefer grpcRecover(ctx, &rerr)")
	p.P("\t\ts := srv.(*grpcServer)")
	if needsSession(m) {
		p.P("\t\tsess, serr := s.session(ctx)")
		p.P("\t\tif serr != nil {")
		p.P("\t\t\treturn nil, serr")
		p.P("\t\t}")
	}
	p.P("\t\tvar resp ", g.q, goStruct(m.Response))
	if m.Kind == KindDestroy {
		p.P("\t\to, ok := sess.remove(req.", goField(m.Request.Fields[0]), ").(", g.q, goIface(m.Object), ")")
		p.P("\t\tif !ok {")
		p.P("\t\t\treturn nil, grpcBadHandle(ctx, \"", m.Object.Name, "\", req.", goField(m.Request.Fields[0]), ")")
		p.P("\t\t}")
		p.P("\t\tif err := o.Close(); err != nil {")
		p.P("\t\t\treturn nil, grpcImplError[grpcNoError](ctx, err, false)")
		p.P("\t\t}")
		p.P("\t\treturn &resp, nil")
		p.P("}")
		p.P()
		return
	}
	target := "s.impl"
	fi := 0
	if m.Kind == KindMethod {
		p.P("\t\tself, ok := sess.get(req.", goField(m.Request.Fields[0]), ").(", g.q, goIface(m.Object), ")")
		p.P("\t\tif !ok {")
		p.P("\t\t\treturn nil, grpcBadHandle(ctx, \"", m.Object.Name, "\", req.", goField(m.Request.Fields[0]), ")")
		p.P("\t\t}")
		target = "self"
		fi = 1
	}
	args := []string{"ctx"}
	for i, prm := range m.Params {
		f := m.Request.Fields[fi+i]
		x := "req." + goField(f)
		if cabiHandle(prm.Type) {
			o := handleObject(prm.Type)
			a := fmt.Sprint("a", i)
			p.P("\t\tvar ", a, " ", g.q, goIface(o))
			h := x
			if prm.Type.Kind == idl.KindOptional {
				p.P("\t\tif ", x, " != nil {")
				h = "*" + x
			} else {
				p.P("\t\t{")
			}
			p.P("\t\t\tx, ok := sess.get(", h, ").(", g.q, goIface(o), ")")
			p.P("\t\t\tif !ok {")
			p.P("\t\t\t\treturn nil, grpcBadHandle(ctx, \"", prm.Name, "\", ", h, ")")
			p.P("\t\t\t}")
			p.P("\t\t\t", a, " = x")
			p.P("\t\t}")
			args = append(args, a)
			continue
		}
		args = append(args, x)
	}
	res := "err"
	if m.Result != nil {
		res = "res, err"
	}
	p.P("\t\t", res, " := ", target, ".", goMethodName(m), "(", strings.Join(args, ", "), ")")
	p.P("\t\tif err != nil {")
	if m.Raises != nil {
		p.P("\t\t\treturn nil, grpcImplError[", g.q, naming.GoExported(m.Raises.Decl.DeclName()), "](ctx, err, true)")
	} else {
		p.P("\t\t\treturn nil, grpcImplError[grpcNoError](ctx, err, false)")
	}
	p.P("\t\t}")
	switch {
	case m.Result == nil:
	case cabiHandle(m.Result) && m.Result.Kind == idl.KindOptional:
		p.P("\t\tif res != nil {")
		p.P("\t\t\th, err := sess.put(ctx, res)")
		p.P("\t\t\tif err != nil {")
		p.P("\t\t\t\treturn nil, err")
		p.P("\t\t\t}")
		p.P("\t\t\tresp.Result = &h")
		p.P("\t\t}")
	case cabiHandle(m.Result):
		p.P("\t\tif res == nil {")
		p.P("\t\t\treturn nil, grpcFault(ctx, ", g.q, "RPCFaultInternal, \"the implementation of ", m.Key, " returned a nil ", m.Result.Decl.DeclName(), "\")")
		p.P("\t\t}")
		p.P("\t\tif resp.Result, err = sess.put(ctx, res); err != nil {")
		p.P("\t\t\treturn nil, err")
		p.P("\t\t}")
	default:
		p.P("\t\tresp.Result = res")
	}
	p.P("\t\treturn &resp, nil")
	p.P("}")
	p.P()
}

// tail writes the MethodDesc handler of m: decode, then the interceptor
// if there is one, then grpcServe<Method>.
func (g *grpcGo) tail(m *Method) {
	p := &g.p
	serve := "grpcServe" + GRPCMethod(m)
	p.P("func grpcHandle", GRPCMethod(m), "(srv any, ctx context.Context, dec func(any) error, ic grpc.UnaryServerInterceptor) (any, error) {")
	p.P("\tvar req ", g.q, goStruct(m.Request))
	p.P("\tif err := dec(&req); err != nil {")
	p.P("\t\treturn nil, grpcFault(ctx, ", g.q, "RPCFaultBadRequest, err.Error())")
	p.P("\t}")
	p.P("\tif ic == nil {")
	p.P("\t\treturn ", serve, "(srv, ctx, &req)")
	p.P("\t}")
	p.P("\treturn ic(ctx, &req, &grpc.UnaryServerInfo{Server: srv, FullMethod: ", g.path(m), "}, func(ctx context.Context, _ any) (any, error) {")
	p.P("\t\treturn ", serve, "(srv, ctx, &req)")
	p.P("\t})")
	p.P("}")
	p.P()
}
