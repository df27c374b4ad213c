package randidl_test

import (
	"fmt"
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
//
// They are checked like the bindings (go vet, go build for the
// implementation's C files, mypy --strict and import, gcc and clang),
// and the runtime cases call their echo functions through the Go RPC
// client, served in process from the same C library.

// generateRPC adds the RPC and goimpl files of c, after the collision
// check of the RPC output's names.
func (c *pcase) generateRPC() error {
	base := withoutCallbacks(c.pkg)
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
	w, err := genwire.Generate(aug, genwire.Options{GoPackage: goPkg})
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
	c.rpcPkg = base
	// The Go implementation of the same header.
	if c.files["impl.go"], err = gengoimpl.Generate(base, gengoimpl.Options{Package: c.name + "impl", Header: base.Name + ".h"}); err != nil {
		return fmt.Errorf("goimpl: %w", err)
	}
	if c.files["impl.h"], err = genc.Generate(base, genc.Options{}); err != nil {
		return fmt.Errorf("goimpl: the header: %w", err)
	}
	return nil
}

// layoutRPC writes c's RPC and goimpl files.
func layoutRPC(work string, c *pcase, write func(path string, b []byte)) {
	gdir := filepath.Join(work, "gomod", c.name, "rpc")
	cdir := filepath.Join(work, "c", c.name, "rpc")
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
	idir := filepath.Join(work, "gomod", c.name, "impl")
	for _, f := range append(append([]gen.File{}, c.files["impl.go"]...), c.files["impl.h"]...) {
		write(filepath.Join(idir, f.Path), f.Content)
	}
	if c.runtime {
		calls, kept := echoCalls(c.rpcPkg, c.seed)
		c.rpcCalls = len(calls) + len(kept)
		write(filepath.Join(gdir, "impl.c"), []byte(cImpl(c.rpcPkg)))
		write(filepath.Join(gdir, "live.go"), []byte(goLive(c.rpcPkg, c.name+"rpc")))
		write(filepath.Join(gdir, "echo_test.go"), []byte(goTest(c.rpcPkg, c.name+"rpc", calls, kept, true)))
		write(filepath.Join(cdir, "impl_lib.c"), []byte(cImpl(c.rpcPkg)))
		write(filepath.Join(cdir, "server.c"), []byte(cServer(c.rpcPkg)))
		write(filepath.Join(work, "pyrpc", "rt_"+c.name+".py"), []byte(pyTest(c.rpcPkg, calls, kept, true)))
	}
}

// rpcChecks are the checks of the RPC and goimpl files; go vet of the
// module covers their Go packages.
func rpcChecks(work string, cs []*pcase) []check {
	var out []check
	for _, tool := range []string{"gcc", "clang"} {
		args := append([]string{tool, "-std=c99", "-fsyntax-only"}, strictC...)
		for _, c := range cs {
			for _, f := range c.files["rpc.c"] {
				if strings.HasSuffix(f.Path, "_rpc.c") {
					args = append(args, filepath.Join("c", c.name, "rpc", f.Path))
				}
			}
		}
		out = append(out, check{name: tool + " RPC dispatchers", dir: work, argv: args})
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
	var rt []*pcase
	goArgs := []string{"go", "test", "-count=1", "-asan"}
	pyArgs := []string{"python3", "-c", pyRunner}
	for _, c := range cs {
		if c.runtime {
			rt = append(rt, c)
			goArgs = append(goArgs, "./"+c.name+"/rpc")
			pyArgs = append(pyArgs, "rt_"+c.name+".py", filepath.Join(work, "c", c.name, "rpc", "server"))
		}
	}
	if len(rt) == 0 {
		return out
	}
	out = append(out, check{name: "go test -asan (rpc echo)", dir: filepath.Join(work, "gomod"), argv: goArgs,
		env: []string{"CGO_ENABLED=1", "GOWORK=off", "GOFLAGS=-mod=mod"}})
	// Python's client and codec against C's dispatcher and codec, the
	// server under ASan (leaks included: it is a process of its own) and
	// UBSan.
	out = append(out, check{name: "python3 (rpc echo, C server)", dir: filepath.Join(work, "pyrpc"), argv: pyArgs,
		env: []string{"ASAN_OPTIONS=abort_on_error=1", "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1"},
		pre: func() error {
			for _, c := range rt {
				args := append([]string{"-std=c99", "-o", "server", "server.c", "impl_lib.c", c.rpcPkg.Name + "_rpc.c", c.rpcPkg.Name + "_wire.c"}, san...)
				cmd := exec.Command("gcc", args...)
				cmd.Dir = filepath.Join(work, "c", c.name, "rpc")
				if o, err := cmd.CombinedOutput(); err != nil {
					return fmt.Errorf("%s: building the RPC server: %v\n%s", c.what, err, o)
				}
			}
			return nil
		}})
	return out
}
