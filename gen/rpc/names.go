package genrpc

import (
	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
)

// Names lists the public identifiers the RPC files declare (gen.Name):
// the package-scope names of <pkg>_rpc.go and <pkg>_rpc_cgo.go, the
// module names of <pkg>_rpc.py and those of the C dispatcher's header.
// The message structs are the package's own (Augment), listed by the
// backends that render them.
func Names(plan *Plan) []gen.Name {
	pkg := plan.Pkg
	var out []gen.Name
	add := func(lang, file, ident, what string, pos idl.Pos) {
		out = append(out, gen.Name{Lang: lang, File: file, Ident: ident, What: what, Pos: pos})
	}
	goFile, adapter, pyFile, hFile := pkg.Name+"_rpc.go", pkg.Name+"_rpc_cgo.go", pkg.Name+"_rpc.py", pkg.Name+"_rpc.h"
	for _, n := range goRuntimeNames {
		add("Go", goFile, n, "the RPC runtime's "+n, idl.Pos{})
	}
	add("Go", adapter, "InProcess", "the RPC's in-process adapter", idl.Pos{})
	for _, n := range pyRuntimeNames {
		add("Python", pyFile, n, "the RPC runtime's "+n, idl.Pos{})
	}
	add("Python", pyFile, pkg.Name, "the RPC module's import of "+pkg.Name, idl.Pos{})
	pre, up := cabi.Prefix(pkg), cabi.MacroPrefix(pkg)
	for _, n := range []string{up + "RPC_H", up + "RPC_MAX_FRAME", pre + "rpc_handle", pre + "rpc_reset", pre + "rpc_serve"} {
		add("C", hFile, n, "the RPC dispatcher's "+n, idl.Pos{})
	}
	for _, o := range plan.Objects {
		what := gen.Decl(o) + "'s RPC interface"
		add("Go", goFile, goIface(o), what, o.Pos)
		add("Python", pyFile, pyIface(o), what, o.Pos)
	}
	for _, m := range plan.Methods {
		var what string
		var pos idl.Pos
		switch m.Kind {
		case KindFunc, KindMethod:
			what, pos = "the RPC method id of "+gen.Decl(m.Func), m.Func.DeclPos()
		case KindCtor:
			what, pos = "the RPC method id of a constructor of "+gen.Decl(m.Object), m.Ctor.Pos
		default:
			what, pos = "the RPC method id of the destroy of "+gen.Decl(m.Object), m.Object.Pos
		}
		add("Go", goFile, goConst(m), what, pos)
	}
	return out
}

// goRuntimeNames are the exported names of goRuntime and of the Service
// and server <pkg>_rpc.go declares around it.
var goRuntimeNames = []string{
	"Service", "NewRPCServer", "RPCServer", "RPCClient", "NewRPCClient", "RPCOptions",
	"RPCError", "RPCTransportError", "RPCFaultCode",
	"RPCFaultUnknownMethod", "RPCFaultBadRequest", "RPCFaultBadHandle", "RPCFaultTooManyCalls",
	"RPCFaultCancelled", "RPCFaultInternal", "RPCFaultOversizedFrame", "RPCFaultBadFrame",
	"ErrRPCUnknownMethod", "ErrRPCBadRequest", "ErrRPCBadHandle", "ErrRPCTooManyCalls",
	"ErrRPCCancelled", "ErrRPCInternal", "ErrRPCOversizedFrame", "ErrRPCBadFrame",
}

// pyRuntimeNames are the public names of <pkg>_rpc.py that every package
// has.
var pyRuntimeNames = []string{
	"METHOD_IDS", "Service", "DEFAULT_MAX_FRAME", "DEFAULT_MAX_CALLS", "Fault", "RpcError",
	"RpcTransportError", "Stream", "RpcServer", "serve_stdio", "RpcClient", "SubprocessClient",
	"connect", "connect_subprocess", "InProcess",
}
