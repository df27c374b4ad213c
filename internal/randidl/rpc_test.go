package randidl_test

import (
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bindgen-dev/bindgen/gen"
	genc "github.com/bindgen-dev/bindgen/gen/c"
	gengo "github.com/bindgen-dev/bindgen/gen/go"
	gengoimpl "github.com/bindgen-dev/bindgen/gen/goimpl"
	genpython "github.com/bindgen-dev/bindgen/gen/python"
	genrpc "github.com/bindgen-dev/bindgen/gen/rpc"
	genwire "github.com/bindgen-dev/bindgen/gen/wire"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/naming"
	"github.com/bindgen-dev/bindgen/internal/randidl"
	"github.com/bindgen-dev/bindgen/internal/randidl/echo"
)

// The RPC and Go-implementation property: the files of --lang=rpc (the
// Go, Python and C RPC code with the augmented package's types, cgo
// wrapper and codecs) and of --lang=goimpl, for the part of each IDL
// without callbacks (both backends refuse callbacks), each in a package
// of its own:
//
//	gomod/<name>/rpc/   the Go RPC package (package <name>rpc)
//	gomod/<name>/impl/  the Go implementation (package <name>impl)
//	pyrpc/              the Python RPC modules of every case
//	c/<name>/rpc/       the C dispatcher with its header and codec
//	pyimpl/             the Python modules that call the Go implementations
//	gomod/golib/        the C library of every Go implementation (runtime)
//	gomod/rpcserver/    the Go RPC server of every case (runtime)
//
// They are checked like the bindings (go vet, go build for the
// implementation's C files, mypy --strict and import, gcc and clang),
// and the runtime cases call their echo functions through the Go RPC
// client (served from the same C library by a Go server in process and
// by a Python server and the C dispatcher in child processes), through
// the Python RPC client of the C dispatcher and of a Go server in child
// processes, and from Python into a Go implementation of the echo
// functions.

// generateRPC adds the RPC and goimpl files of c, after the collision
// check of the RPC output's names.
func (c *pcase) generateRPC() error {
	base := withoutCallbacks(c.pkg)
	c.rpcPkg = base
	if err := c.generateGoImpl(); err != nil {
		return err
	}
	plan, err := genrpc.NewPlan(base)
	if err != nil {
		return fmt.Errorf("rpc: the plan: %w", err)
	}
	aug := genrpc.Augment(base, plan)
	names := genrpc.Names(plan)
	for _, n := range [][]gen.Name{genc.Names(aug), gengo.Names(aug), genpython.Names(aug), genwire.Names(aug)} {
		names = append(names, n...)
	}
	if errs := gen.CheckNames(names); len(errs) > 0 {
		return fmt.Errorf("rpc: generated names collide:\n%s", idl.Format(errs, map[string][]byte{c.pkg.Files[0]: c.src}))
	}
	goPkg := c.name + "rpc"
	rpcFiles, err := genrpc.Generate(plan, genrpc.Options{GoPackage: goPkg})
	if err != nil {
		return fmt.Errorf("rpc: %w", err)
	}
	h, err := genc.Generate(aug, genc.Options{})
	if err != nil {
		return fmt.Errorf("rpc: the header: %w", err)
	}
	goFiles, err := gengo.Generate(aug, gengo.Options{Package: goPkg, Header: aug.Name + ".h"})
	if err != nil {
		return fmt.Errorf("rpc: the Go types: %w", err)
	}
	py, err := genpython.Generate(aug, genpython.Options{})
	if err != nil {
		return fmt.Errorf("rpc: the Python module: %w", err)
	}
	w, err := genwire.Generate(aug, genwire.Options{GoPackage: goPkg, GoUses: genwire.GoSources(rpcFiles)})
	if err != nil {
		return fmt.Errorf("rpc: the codecs: %w", err)
	}
	all := append(append(append(append(rpcFiles, h...), goFiles...), py...), w...)
	for _, f := range all {
		switch filepath.Ext(f.Path) {
		case ".go":
			c.files["rpc.go"] = append(c.files["rpc.go"], f)
		case ".py":
			c.files["rpc.py"] = append(c.files["rpc.py"], f)
		case ".h", ".c":
			c.files["rpc.c"] = append(c.files["rpc.c"], f)
		}
	}
	return nil
}

// generateGoImpl adds the goimpl files of c's part without callbacks.
func (c *pcase) generateGoImpl() error {
	base := c.rpcPkg
	var err error
	// The Go implementation of the same header.
	if c.files["impl.go"], err = gengoimpl.Generate(base, gengoimpl.Options{Package: c.name + "impl", Header: base.Name + ".h"}); err != nil {
		return fmt.Errorf("goimpl: %w", err)
	}
	if c.files["impl.h"], err = genc.Generate(base, genc.Options{}); err != nil {
		return fmt.Errorf("goimpl: the header: %w", err)
	}
	// The module that calls it (the RPC one, of the augmented package,
	// would refuse a library of another declaration set).
	if c.files["impl.py"], err = genpython.Generate(base, genpython.Options{}); err != nil {
		return fmt.Errorf("goimpl: the Python module: %w", err)
	}
	return nil
}

// layoutRPC writes c's RPC and goimpl files.
func layoutRPC(work string, c *pcase, write func(path string, b []byte)) {
	gdir := filepath.Join(work, "gomod", c.name, "rpc")
	cdir := filepath.Join(work, "c", c.name, "rpc")
	idir := filepath.Join(work, "gomod", c.name, "impl")
	for _, f := range append(append([]gen.File{}, c.files["impl.go"]...), c.files["impl.h"]...) {
		write(filepath.Join(idir, f.Path), f.Content)
	}
	var calls []echo.Call
	var kept []*echo.Value
	if c.runtime {
		calls, kept = echo.Calls(c.rpcPkg, c.seed)
		write(filepath.Join(idir, "echo.go"), []byte(goImplEcho(c.rpcPkg, c.name+"impl")))
		for _, f := range c.files["impl.py"] {
			write(filepath.Join(work, "pyimpl", f.Path), f.Content)
		}
		write(filepath.Join(work, "pyimpl", "gi_"+c.name+".py"), []byte(echo.PyTest(c.rpcPkg, calls, kept, echo.PyGoImpl)))
	}
	for _, f := range c.files["rpc.go"] {
		write(filepath.Join(gdir, f.Path), f.Content)
	}
	for _, f := range c.files["rpc.c"] {
		write(filepath.Join(cdir, f.Path), f.Content)
		if f.Path == c.rpcPkg.Name+".h" {
			write(filepath.Join(gdir, f.Path), f.Content) // the header cgo includes
		}
	}
	for _, f := range c.files["rpc.py"] {
		write(filepath.Join(work, "pyrpc", f.Path), f.Content)
	}
	if c.runtime {
		impl := []byte(echo.CImpl(c.rpcPkg))
		write(filepath.Join(gdir, "impl.c"), impl)
		write(filepath.Join(gdir, "live.go"), []byte(echo.GoLive(c.rpcPkg, c.name+"rpc")))
		py := &echo.RPCServers{Script: filepath.Join(work, "pyrpc", "srv_"+c.name+".py"), Lib: filepath.Join(cdir, "libsrv.so"), Dir: filepath.Join(work, "pyrpc"), C: filepath.Join(cdir, "server")}
		write(py.Script, []byte(echo.PyServerScript(c.rpcPkg)))
		write(filepath.Join(gdir, "echo_test.go"), []byte(echo.GoTest(c.rpcPkg, c.name+"rpc", calls, kept, py)))
		write(filepath.Join(cdir, "impl_lib.c"), impl)
		write(filepath.Join(cdir, "server.c"), []byte(echo.CServer(c.rpcPkg)))
		write(filepath.Join(work, "pyrpc", "rt_"+c.name+".py"), []byte(echo.PyTest(c.rpcPkg, calls, kept, echo.PyRPC)))
	}
}

// rpcChecks are the checks of the RPC and goimpl files; go vet of the
// module covers their Go packages.
func rpcChecks(work string, cs []*pcase) []check {
	var out []check
	for _, tool := range []string{"gcc", "clang"} {
		args := append([]string{tool, "-std=c99", "-fsyntax-only"}, strictC...)
		n := 0
		for _, c := range cs {
			for _, f := range c.files["rpc.c"] {
				if strings.HasSuffix(f.Path, "_rpc.c") {
					args = append(args, filepath.Join("c", c.name, "rpc", f.Path))
					n++
				}
			}
		}
		if n > 0 {
			out = append(out, check{name: tool + " RPC dispatchers", dir: work, argv: args})
		}
	}
	// go vet does not compile the C files of a package; go build does.
	build := []string{"go", "build"}
	for _, c := range cs {
		build = append(build, "./"+c.name+"/impl")
	}
	out = append(out, check{name: "go build (goimpl)", dir: filepath.Join(work, "gomod"), argv: build,
		env: []string{"CGO_ENABLED=1", "GOFLAGS=-mod=mod", "GOWORK=off"}})
	var mods []string
	for _, c := range cs {
		for _, f := range c.files["rpc.py"] {
			mods = append(mods, f.Path)
		}
	}
	sort.Strings(mods)
	out = append(out, check{name: "mypy --strict (rpc)", dir: filepath.Join(work, "pyrpc"),
		argv: append([]string{"python3", "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null"}, mods...)})
	out = append(out, pyImports("python3 import (rpc)", filepath.Join(work, "pyrpc"), mods))
	goServer := filepath.Join(work, "gomod", "rpcserver", "rpcserver")
	var rt, rtRPC []*pcase
	goArgs := []string{"go", "test", "-count=1", "-asan"}
	pyArgs := []string{"python3", "-c", pyRunner}
	for _, c := range cs {
		if c.runtime {
			rt = append(rt, c)
			rtRPC = append(rtRPC, c)
			goArgs = append(goArgs, "./"+c.name+"/rpc")
			pyArgs = append(pyArgs, "rt_"+c.name+".py", filepath.Join(work, "c", c.name, "rpc", "server"))
			pyArgs = append(pyArgs, "rt_"+c.name+".py", goServer+" "+c.name)
		}
	}
	if len(rt) == 0 {
		return out
	}
	// One C library of every runtime case's Go implementation (their
	// symbols have the package's prefix), built with cgo's full pointer
	// checks and called from Python.
	var main strings.Builder
	main.WriteString("// Package main links the Go implementations into one C library.\npackage main\n\nimport (\n")
	giArgs := []string{"python3", "-c", pyRunner}
	lib := filepath.Join(work, "gomod", "golib", "libgoimpl.so")
	for _, c := range rt {
		fmt.Fprintf(&main, "\t_ \"prop/%s/impl\"\n", c.name)
		giArgs = append(giArgs, "gi_"+c.name+".py", lib)
	}
	main.WriteString(")\n\nfunc main() {}\n")
	out = append(out, check{name: "python3 (goimpl echo)", dir: filepath.Join(work, "pyimpl"), argv: giArgs,
		pre: func() error {
			return buildMain(work, "golib", main.String(), []string{"GOEXPERIMENT=cgocheck2"}, "-buildmode=c-shared", "-o", lib)
		}})
	if len(rtRPC) == 0 {
		return out
	}
	// TestEcho serves the library from Go, TestEchoPython from Python
	// (the library built without sanitizers: the interpreter is not),
	// TestEchoC from the C dispatcher, under ASan (leaks included: it is
	// a process of its own) and UBSan.
	goDone := make(chan struct{})
	out = append(out, check{name: "go test -asan (rpc echo, Go, Python and C servers)", dir: filepath.Join(work, "gomod"), argv: goArgs,
		env:  []string{"CGO_ENABLED=1", "GOWORK=off", "GOFLAGS=-mod=mod"},
		done: goDone,
		pre: func() error {
			for _, c := range rtRPC {
				dir := filepath.Join(work, "c", c.name, "rpc")
				cmd := exec.Command("gcc", "-std=c99", "-shared", "-fPIC", "-o", "libsrv.so", "impl_lib.c")
				cmd.Dir = dir
				if o, err := cmd.CombinedOutput(); err != nil {
					return fmt.Errorf("%s: building the library: %v\n%s", c.what, err, o)
				}
				args := append([]string{"-std=c99", "-o", "server", "server.c", "impl_lib.c", c.rpcPkg.Name + "_rpc.c", c.rpcPkg.Name + "_wire.c"}, san...)
				cmd = exec.Command("gcc", args...)
				cmd.Dir = dir
				if o, err := cmd.CombinedOutput(); err != nil {
					return fmt.Errorf("%s: building the RPC server: %v\n%s", c.what, err, o)
				}
			}
			return nil
		}})
	// Python's client and codec against the C dispatcher (built above)
	// and against the Go server, one program serving every case's
	// library (its first argument names the case) with -asan.
	var srvMain strings.Builder
	srvMain.WriteString("// Package main serves a case's library with the Go RPC server on stdin\n// and stdout.\npackage main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n")
	for _, c := range rtRPC {
		fmt.Fprintf(&srvMain, "\t\"prop/%s/rpc\"\n", c.name)
	}
	srvMain.WriteString(")\n\ntype stdio struct{}\n\nfunc (stdio) Read(b []byte) (int, error)  { return os.Stdin.Read(b) }\nfunc (stdio) Write(b []byte) (int, error) { return os.Stdout.Write(b) }\nfunc (stdio) Close() error                { return os.Stdin.Close() }\n\n")
	srvMain.WriteString("func main() {\n\tvar err error\n\tvar live int64\n\tswitch os.Args[1] {\n")
	for _, c := range rtRPC {
		fmt.Fprintf(&srvMain, "\tcase %q:\n\t\terr = %srpc.NewRPCServer(%srpc.InProcess(), nil).ServeConn(stdio{})\n\t\tlive = %srpc.LiveAllocations()\n", c.name, c.name, c.name, c.name)
	}
	srvMain.WriteString("\tdefault:\n\t\terr = fmt.Errorf(\"no case %q\", os.Args[1])\n\t}\n\tif err != nil || live != 0 {\n\t\tfmt.Fprintf(os.Stderr, \"%s: %v, %d live allocations after the connection\\n\", os.Args[1], err, live)\n\t\tos.Exit(1)\n\t}\n}\n")
	out = append(out, check{name: "python3 (rpc echo, C and Go servers)", dir: filepath.Join(work, "pyrpc"), argv: pyArgs,
		env:   []string{"ASAN_OPTIONS=abort_on_error=1", "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1"},
		after: goDone,
		pre: func() error {
			return buildMain(work, "rpcserver", srvMain.String(), nil, "-asan", "-o", goServer)
		}})
	return out
}

// buildMain writes src as the main package gomod/<name> and builds it
// with go build flags (cgo on, env added).
func buildMain(work, name, src string, env []string, flags ...string) error {
	dir := filepath.Join(work, "gomod", name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		return err
	}
	cmd := exec.Command("go", append(append([]string{"build"}, flags...), "./"+name)...)
	cmd.Dir = filepath.Join(work, "gomod")
	cmd.Env = append(append(os.Environ(), "CGO_ENABLED=1", "GOWORK=off", "GOFLAGS=-mod=mod"), env...)
	if o, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building gomod/%s: %v\n%s", name, err, o)
	}
	return nil
}

// goImplEcho is the Go implementation of pkg's echo functions and echo
// object, in the goimpl package goPkg: every echo returns v (or fails
// with the error's first member); the functions the test never calls
// are the embedded nil Impl's, which panic.
func goImplEcho(pkg *idl.Package, goPkg string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "package %s\n\n// echoImpl implements the echo functions; Impl, nil, the others.\ntype echoImpl struct{ Impl }\n\nfunc init() { Register(echoImpl{}) }\n\n", goPkg)
	// echo writes f as a method of recv.
	echo := func(recv string, f *idl.Func) {
		v, fail := echo.IsEcho(f)
		if v == nil {
			return
		}
		var params []string
		ret, failWith := "", ""
		for i, p := range f.Params {
			params = append(params, fmt.Sprintf("a%d %s", i, gengoimpl.GoType(p.Type)))
			if p == v {
				ret = fmt.Sprintf("a%d", i)
			}
			if p == fail {
				failWith = fmt.Sprintf("a%d", i)
			}
		}
		result := gengoimpl.GoType(f.Result)
		fmt.Fprintf(&b, "func (%s) %s(%s) ", recv, naming.GoExported(f.Name), strings.Join(params, ", "))
		if f.Raises == nil {
			fmt.Fprintf(&b, "%s {\n\treturn %s\n}\n\n", result, ret)
			return
		}
		fmt.Fprintf(&b, "(%s, error) {\n", result)
		if failWith != "" {
			e := f.Raises.Enum()
			fmt.Fprintf(&b, "\tif %s {\n\t\treturn *new(%s), %s(%d)\n\t}\n", failWith, result, naming.GoExported(e.Name), e.Members[0].Value)
		}
		fmt.Fprintf(&b, "\treturn %s, nil\n}\n\n", ret)
	}
	for _, f := range pkg.Funcs {
		echo("echoImpl", f)
	}
	for _, o := range pkg.Objects {
		if o.Name != randidl.EchoObject || len(o.Ctors) == 0 || len(o.Ctors[0].Params) != 1 || o.Ctors[0].Name != "" {
			continue
		}
		n, ctor := naming.GoExported(o.Name), o.Ctors[0]
		kept := gengoimpl.GoType(ctor.Params[0].Type)
		fmt.Fprintf(&b, "// echoObject keeps v; its interface, nil, has the other methods.\ntype echoObject struct {\n\t%s\n\tv %s\n}\n\n", n, kept)
		fmt.Fprintf(&b, "func (echoImpl) New%s(v %s) ", n, kept)
		if ctor.Raises != nil {
			fmt.Fprintf(&b, "(%s, error) {\n\treturn &echoObject{v: v}, nil\n}\n\n", n)
		} else {
			fmt.Fprintf(&b, "%s {\n\treturn &echoObject{v: v}\n}\n\n", n)
		}
		for _, m := range o.Methods {
			if m.Name == "get" && len(m.Params) == 0 && m.Raises == nil {
				fmt.Fprintf(&b, "func (o *echoObject) Get() %s { return o.v }\n\n", kept)
			}
			echo("*echoObject", m)
		}
	}
	out, err := format.Source([]byte(b.String()))
	if err != nil {
		panic(fmt.Sprintf("goImplEcho: %v\n%s", err, b.String()))
	}
	return string(out)
}
