package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/bindgen-dev/bindgen/gen"
	genc "github.com/bindgen-dev/bindgen/gen/c"
	gengo "github.com/bindgen-dev/bindgen/gen/go"
	gengoimpl "github.com/bindgen-dev/bindgen/gen/goimpl"
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
	// pythonRelative spells the Python modules' imports of each other
	// for modules inside a package.
	pythonRelative bool
	// memo shares one backend's output with another that needs it (wire
	// needs the type files); nil runs every backend afresh.
	memo *memo
	// rpc is the RPC plan of the package when rpc is among the languages;
	// the package every backend sees then holds its message structs.
	rpc *genrpc.Plan
	// grpcImport is the import path of the RPC Go package, for the gRPC
	// package that imports it.
	grpcImport string
	// names shares the backends' name lists within one run; nil lists
	// them afresh.
	names nameMemo
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
	key := fmt.Sprintf("%s\x00%s\x00%s\x00%t", name, o.goPackage, o.cHeader, o.pythonRelative)
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
	// optIn keeps the language out of --lang's default: goimpl writes the
	// other side of the ABI, whose Go package cannot share a directory
	// with the go backend's; rpc changes what every other backend renders
	// (docs/rpc.md).
	optIn bool
	// dirs are the languages whose --<lang>-out directory this one's
	// files go to when its own flag is not given, first given first;
	// --out after them all.
	dirs []string
	// alias, when set, makes the language a name for these others
	// (generate is then nil).
	alias []string
	// names lists the identifiers the files of generate declare, for the
	// collision check of every language of a run (gen.CheckNames); nil
	// for a language whose names no other file can meet.
	names func(pkg *idl.Package, o genOptions) []gen.Name
}

// backends lists every language in the order files are generated.
var backends = []backend{
	{name: "c", help: "C ABI header <pkg>.h", generate: genC, names: cNames},
	{name: "go", help: "Go types <pkg>.go and cgo wrapper <pkg>_cgo.go", generate: genGo, names: goNames},
	{name: "goimpl", help: "Go implementation of the header: <pkg>_impl.go, <pkg>_export.go, <pkg>_export.c (opt-in)", generate: genGoImpl, optIn: true},
	{name: "python", help: "Python module <pkg>.py (ctypes bindings)", generate: genPython, names: pythonNames},
	{name: "wire", help: "the three wire codecs: go-wire, python-wire and c-wire", alias: []string{"go-wire", "python-wire", "c-wire"}},
	// The codecs go where their language goes: the Go codec belongs to the
	// Go package of <pkg>.go, which a C file would make uncompilable
	// without cgo. --wire-out, older than the per-language flags, still
	// puts all three together.
	{name: "go-wire", help: "Go wire codec <pkg>_wire.go and the types <pkg>.go (no cgo)", generate: wireCodec(".go"), names: wireNames(".go"), optIn: true, dirs: []string{"wire", "go"}},
	{name: "python-wire", help: "Python wire codec <pkg>_wire.py and the module <pkg>.py", generate: wireCodec(".py"), names: wireNames(".py"), optIn: true, dirs: []string{"wire", "python"}},
	{name: "c-wire", help: "C wire codec <pkg>_wire.h, <pkg>_wire.c and the header <pkg>.h", generate: wireCodec(".h", ".c"), names: wireNames(".h", ".c"), optIn: true, dirs: []string{"wire", "c"}},
	{name: "rpc", help: "RPC client, server and in-process adapter <pkg>_rpc.go, <pkg>_rpc_cgo.go, with every file they use (opt-in)", generate: genRPC, names: rpcNames, optIn: true},
	{name: "grpc", help: "gRPC transport of the RPC: Go package <pkg>grpc/<pkg>_grpc.go and <pkg>_grpc.py (opt-in; needs rpc and --grpc-go-import)", generate: genGRPC, optIn: true},
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
	files, err := o.run("rpc-files", genRPCFiles, pkg)
	if err != nil {
		return nil, err
	}
	wire, err := wireCodec(".go", ".py", ".h", ".c")(pkg, o)
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

// genRPCFiles returns the files of the RPC itself.
func genRPCFiles(_ *idl.Package, o genOptions) ([]gen.File, error) {
	return genrpc.Generate(o.rpc, genrpc.Options{GoPackage: o.goPackage})
}

// rpcNames lists the names of what genRPC writes.
func rpcNames(pkg *idl.Package, o genOptions) []gen.Name {
	if o.rpc == nil {
		return nil // NewPlan refused the package: genRPC reports why
	}
	names := append(genrpc.Names(o.rpc), wireNames(".go", ".py", ".h", ".c")(pkg, o)...)
	return append(names, goNames(pkg, o)...)
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

func genGoImpl(pkg *idl.Package, o genOptions) ([]gen.File, error) {
	return gengoimpl.Generate(pkg, gengoimpl.Options{Package: o.goPackage, Header: o.cHeader})
}

func genPython(pkg *idl.Package, o genOptions) ([]gen.File, error) {
	return genpython.Generate(pkg, genpython.Options{})
}

// wireCodec returns the backend of the wire codec whose files end in exts,
// with the type file the codec uses beside it: <pkg>.go for the Go codec,
// <pkg>.py for the Python one, <pkg>.h for the C one, but not the cgo
// wrapper.
func wireCodec(exts ...string) func(*idl.Package, genOptions) ([]gen.File, error) {
	return func(pkg *idl.Package, o genOptions) ([]gen.File, error) {
		// One run renders all three codecs; the options that shape them
		// are the only ones in its memo key.
		codecs, err := genOptions{goPackage: o.goPackage, pythonRelative: o.pythonRelative, memo: o.memo, rpc: o.rpc}.run("wire", genWireCodecs, pkg)
		if err != nil {
			return nil, err
		}
		// The codecs sit next to their type files, so the cgo wrapper (which
		// wire does not write) would include the header by its bare name.
		o.cHeader = pkg.Name + ".h"
		types := map[string]func(*idl.Package, genOptions) ([]gen.File, error){".go": genGo, ".py": genPython, ".h": genC}
		langs := map[string]string{".go": "go", ".py": "python", ".h": "c"}
		var files []gen.File
		for _, f := range codecs {
			if slices.Contains(exts, strings.ToLower(filepath.Ext(f.Path))) {
				files = append(files, f)
			}
		}
		for _, ext := range exts {
			if g := types[ext]; g != nil {
				t, err := o.run(langs[ext], g, pkg)
				if err != nil {
					return nil, err
				}
				files = append(files, typeFilesOnly(t)...)
			}
		}
		return files, nil
	}
}

// nameMemo keeps each backend's names for one run: the codecs' languages
// list the names of the type files, which the bindings list too.
type nameMemo map[string][]gen.Name

func (o genOptions) listNames(key string, pkg *idl.Package, f func(*idl.Package) []gen.Name) []gen.Name {
	if o.names == nil {
		return f(pkg)
	}
	n, ok := o.names[key]
	if !ok {
		n = f(pkg)
		o.names[key] = n
	}
	return n
}

func cNames(pkg *idl.Package, o genOptions) []gen.Name  { return o.listNames("c", pkg, genc.Names) }
func goNames(pkg *idl.Package, o genOptions) []gen.Name { return o.listNames("go", pkg, gengo.Names) }
func pythonNames(pkg *idl.Package, o genOptions) []gen.Name {
	return o.listNames("python", pkg, genpython.Names)
}

// wireNames lists the names of what wireCodec(exts...) writes: the
// codec's files and the type files beside them.
func wireNames(exts ...string) func(*idl.Package, genOptions) []gen.Name {
	return func(pkg *idl.Package, o genOptions) []gen.Name {
		lists := [][]gen.Name{o.listNames("wire", pkg, genwire.Names)}
		types := map[string]func(*idl.Package, genOptions) []gen.Name{".go": goNames, ".py": pythonNames, ".h": cNames}
		for _, ext := range exts {
			if n := types[ext]; n != nil {
				lists = append(lists, n(pkg, o))
			}
		}
		// Which files to keep is decided once per file, and the result is
		// allocated once: the lists are long and their files few.
		keepFile := map[string]bool{}
		keep := func(file string) bool {
			k, ok := keepFile[file]
			if !ok {
				k = slices.Contains(exts, strings.ToLower(filepath.Ext(file))) && !strings.HasSuffix(file, "_cgo.go")
				keepFile[file] = k
			}
			return k
		}
		n := 0
		for _, l := range lists {
			for i := range l {
				if keep(l[i].File) {
					n++
				}
			}
		}
		out := make([]gen.Name, 0, n)
		for _, l := range lists {
			for i := range l {
				if keep(l[i].File) {
					out = append(out, l[i])
				}
			}
		}
		return out
	}
}

func genWireCodecs(pkg *idl.Package, o genOptions) ([]gen.File, error) {
	opts := genwire.Options{GoPackage: o.goPackage, PythonRelative: o.pythonRelative}
	if o.rpc != nil {
		// The RPC's Go files share the codec's package and call its
		// runtime, which keeps what they use.
		files, err := o.run("rpc-files", genRPCFiles, pkg)
		if err != nil {
			return nil, err
		}
		opts.GoUses = genwire.GoSources(files)
	}
	return genwire.Generate(pkg, opts)
}

// defaultBackends is --lang's default: every language but the opt-in ones
// (the per-language codecs are in it through wire).
func defaultBackends() []string {
	var names []string
	for _, b := range backends {
		if !b.optIn {
			names = append(names, b.name)
		}
	}
	return names
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
