package main

import (
	"path/filepath"
	"strings"
	"sync"

	"github.com/bindgen-dev/bindgen/gen"
	genc "github.com/bindgen-dev/bindgen/gen/c"
	gengo "github.com/bindgen-dev/bindgen/gen/go"
	genpython "github.com/bindgen-dev/bindgen/gen/python"
	genrpc "github.com/bindgen-dev/bindgen/gen/rpc"
	genwire "github.com/bindgen-dev/bindgen/gen/wire"
	"github.com/bindgen-dev/bindgen/idl"
)

// genOptions is what a backend may need besides the package.
type genOptions struct {
	goPackage string
	// cHeader is the path the cgo file uses to include the C header,
	// relative to the Go output directory.
	cHeader string
	// memo shares one backend's output with another that needs it (wire
	// needs the type files); nil runs every backend afresh.
	memo *memo
	// rpc is the RPC plan of the package when rpc is among the languages;
	// the package every backend sees then holds its message structs.
	rpc *genrpc.Plan
	// grpcImport is the import path of the RPC Go package, for the gRPC
	// package that imports it.
	grpcImport string
}

// memo runs each (backend, options) pair once per bindgen run, even when
// two backends ask for it at the same time.
type memo struct {
	mu sync.Mutex
	m  map[string]*memoEntry
}

type memoEntry struct {
	once  sync.Once
	files []gen.File
	err   error
}

// run returns the output of g for pkg and o, computing it once.
func (o genOptions) run(name string, g func(*idl.Package, genOptions) ([]gen.File, error), pkg *idl.Package) ([]gen.File, error) {
	if o.memo == nil {
		return g(pkg, o)
	}
	key := name + "\x00" + o.goPackage + "\x00" + o.cHeader
	o.memo.mu.Lock()
	if o.memo.m == nil {
		o.memo.m = map[string]*memoEntry{}
	}
	e := o.memo.m[key]
	if e == nil {
		e = &memoEntry{}
		o.memo.m[key] = e
	}
	o.memo.mu.Unlock()
	e.once.Do(func() { e.files, e.err = g(pkg, o) })
	return e.files, e.err
}

// backend is one --lang value. Adding a language is one entry here.
type backend struct {
	name     string
	help     string
	generate func(pkg *idl.Package, o genOptions) ([]gen.File, error)
}

// backends lists every language in the order files are generated.
var backends = []backend{
	{"c", "C ABI header <pkg>.h", genC},
	{"go", "Go types <pkg>.go and cgo wrapper <pkg>_cgo.go", genGo},
	{"python", "Python module <pkg>.py (ctypes bindings)", genPython},
	{"wire", "wire codecs <pkg>_wire.{go,py,h,c} and the type files they use", genWire},
	{"rpc", "RPC client, server and in-process adapter <pkg>_rpc.go, <pkg>_rpc_cgo.go, with every file they use", genRPC},
	{"grpc", "gRPC transport of the RPC: Go package <pkg>grpc/<pkg>_grpc.go (needs rpc and --grpc-go-import)", genGRPC},
}

// genRPC returns the RPC files and everything they use: the wire codecs
// with their type files, and the cgo wrapper the in-process adapter calls.
func genRPC(pkg *idl.Package, o genOptions) ([]gen.File, error) {
	if o.rpc == nil {
		// Called without plan: (tests) plan here, on a package of our own.
		plan, err := genrpc.NewPlan(pkg)
		if err != nil {
			return nil, err
		}
		o.rpc, o.memo = plan, nil
		pkg = genrpc.Augment(pkg, plan)
	}
	files, err := genrpc.Generate(o.rpc, genrpc.Options{GoPackage: o.goPackage})
	if err != nil {
		return nil, err
	}
	wire, err := o.run("wire", genWire, pkg)
	if err != nil {
		return nil, err
	}
	o.cHeader = pkg.Name + ".h"
	goFiles, err := o.run("go", genGo, pkg)
	if err != nil {
		return nil, err
	}
	return append(append(files, wire...), goFiles...), nil
}

// genGRPC returns the gRPC transport files; the RPC files they use come
// from rpc, which must be generated in the same run.
func genGRPC(pkg *idl.Package, o genOptions) ([]gen.File, error) {
	if o.rpc == nil {
		plan, err := genrpc.NewPlan(pkg)
		if err != nil {
			return nil, err
		}
		o.rpc = plan
	}
	return genrpc.GenerateGRPC(o.rpc, genrpc.GRPCOptions{GoPackage: o.goPackage, GoImport: o.grpcImport})
}

func genC(pkg *idl.Package, o genOptions) ([]gen.File, error) {
	return genc.Generate(pkg, genc.Options{})
}

func genGo(pkg *idl.Package, o genOptions) ([]gen.File, error) {
	return gengo.Generate(pkg, gengo.Options{Package: o.goPackage, Header: o.cHeader})
}

func genPython(pkg *idl.Package, o genOptions) ([]gen.File, error) {
	return genpython.Generate(pkg, genpython.Options{})
}

// genWire returns the codecs and, beside them, the type files each codec
// uses: <pkg>.go for the Go codec, <pkg>.py for the Python one, <pkg>.h
// for the C one, but not the cgo wrapper.
func genWire(pkg *idl.Package, o genOptions) ([]gen.File, error) {
	files, err := genwire.Generate(pkg, genwire.Options{GoPackage: o.goPackage})
	if err != nil {
		return nil, err
	}
	// The codecs sit next to their type files, so the cgo wrapper (which
	// wire does not write) would include the header by its bare name.
	o.cHeader = pkg.Name + ".h"
	need := map[string]func(*idl.Package, genOptions) ([]gen.File, error){}
	for _, f := range files {
		switch strings.ToLower(filepath.Ext(f.Path)) {
		case ".go":
			need["go"] = genGo
		case ".py":
			need["python"] = genPython
		case ".h", ".c":
			need["c"] = genC
		}
	}
	for _, lang := range []string{"c", "go", "python"} {
		if g := need[lang]; g != nil {
			types, err := o.run(lang, g, pkg)
			if err != nil {
				return nil, err
			}
			files = append(files, typeFilesOnly(types)...)
		}
	}
	return files, nil
}

func backendNames() []string {
	var names []string
	for _, b := range backends {
		names = append(names, b.name)
	}
	return names
}

func lookupBackend(name string) *backend {
	for i := range backends {
		if backends[i].name == name {
			return &backends[i]
		}
	}
	return nil
}

// typeFilesOnly keeps the files a wire codec needs from a bindings
// backend: the types, not the cgo wrapper.
func typeFilesOnly(files []gen.File) []gen.File {
	var out []gen.File
	for _, f := range files {
		if !strings.HasSuffix(f.Path, "_cgo.go") {
			out = append(out, f)
		}
	}
	return out
}
