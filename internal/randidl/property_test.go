package randidl_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bindgen-dev/bindgen/gen"
	genc "github.com/bindgen-dev/bindgen/gen/c"
	gengo "github.com/bindgen-dev/bindgen/gen/go"
	genpython "github.com/bindgen-dev/bindgen/gen/python"
	genwire "github.com/bindgen-dev/bindgen/gen/wire"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/randidl"
	"github.com/bindgen-dev/bindgen/internal/randidl/echo"
	"github.com/bindgen-dev/bindgen/parser"
)

// defaultSeeds is sized so that TestProperty takes about two minutes on a
// two-core machine. BINDGEN_PROP_SEEDS=N runs N seeds instead (from
// BINDGEN_PROP_FIRST, default 0); BINDGEN_PROP_SEED=K runs seed K alone.
const defaultSeeds = 40

// runtimeEvery: seeds that are a multiple of it also run the runtime
// property (a C library, called from Go and Python under the sanitizers).
const runtimeEvery = 4

// pcase is one IDL under test: a random seed or a regression file of
// testdata/prop.
type pcase struct {
	name string // the package name, unique among the cases: p<seed> or the file's
	what string // how to reproduce it
	src  []byte
	pkg  *idl.Package
	// files by language: "c" (header), "go", "py", "wire.c", "wire.go", "wire.py"
	files map[string][]gen.File
	// runtime is set for the cases whose echo functions are called from Go
	// and Python; calls counts the calls each language makes.
	runtime bool
	seed    uint64
	calls   int
	cwire   bool // a C wire driver decodes Go's encodings
	// rpcPkg is pkg without callbacks, which the RPC and goimpl files are
	// generated from.
	rpcPkg *idl.Package
}

func seeds(t *testing.T) []uint64 {
	env := func(k string, def uint64) uint64 {
		s := os.Getenv(k)
		if s == "" {
			return def
		}
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: %v", k, s, err)
		}
		return n
	}
	if s := os.Getenv("BINDGEN_PROP_SEED"); s != "" {
		return []uint64{env("BINDGEN_PROP_SEED", 0)}
	}
	n, first := env("BINDGEN_PROP_SEEDS", defaultSeeds), env("BINDGEN_PROP_FIRST", 0)
	if testing.Short() {
		n = min(n, 8)
	}
	var out []uint64
	for i := uint64(0); i < n; i++ {
		out = append(out, first+i)
	}
	return out
}

// cases returns the regression IDLs of testdata/prop and the random ones.
func cases(t *testing.T, work string) []*pcase {
	var cs []*pcase
	files, _ := filepath.Glob("../../testdata/prop/*.idl")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pkg, errs := parser.Load(filepath.Base(f), src)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", f, errs)
		}
		cs = append(cs, &pcase{name: pkg.Name, what: f, src: src, pkg: pkg})
	}
	for _, s := range seeds(t) {
		name := fmt.Sprintf("p%d", s)
		r, err := randidl.Generate(s, randidl.Options{Package: name})
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(work, "idl", name+".idl")
		cs = append(cs, &pcase{name: name, what: fmt.Sprintf("seed %d (rerun with BINDGEN_PROP_SEED=%d; the IDL, printed below, is %s, kept with BINDGEN_PROP_DIR)", s, s, path), src: r.Src, pkg: r.Pkg,
			seed: s, runtime: s%runtimeEvery == 0 || len(seeds(t)) == 1})
	}
	seen := map[string]string{}
	for _, c := range cs {
		if prev, ok := seen[c.name]; ok {
			t.Fatalf("%s and %s declare the same package %q", prev, c.what, c.name)
		}
		seen[c.name] = c.what
	}
	return cs
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// generate runs every backend on c, after the collision check of their
// names: an IDL whose names meet fails here with the diagnostic rather
// than later in a build, and a collision reported for names that do not
// meet is a false alarm of the check, which fails the same way.
func (c *pcase) generate() error {
	c.files = map[string][]gen.File{}
	names := append(genc.Names(c.pkg), gengo.Names(c.pkg)...)
	names = append(names, genpython.Names(c.pkg)...)
	names = append(names, genwire.Names(withoutCallbacks(c.pkg))...)
	if errs := gen.CheckNames(names); len(errs) > 0 {
		return fmt.Errorf("generated names collide:\n%s", idl.Format(errs, map[string][]byte{c.pkg.Files[0]: c.src}))
	}
	var err error
	if c.files["c"], err = genc.Generate(c.pkg, genc.Options{}); err != nil {
		return err
	}
	if c.files["go"], err = gengo.Generate(c.pkg, gengo.Options{Package: c.name, Header: c.pkg.Name + ".h"}); err != nil {
		return err
	}
	if c.files["py"], err = genpython.Generate(c.pkg, genpython.Options{}); err != nil {
		return err
	}
	// The wire codecs refuse callbacks (TestGenRefusesCallbacks); they
	// encode the types, which a package without them declares alike.
	w, err := genwire.Generate(withoutCallbacks(c.pkg), genwire.Options{GoPackage: c.name})
	if err != nil {
		return err
	}
	for _, f := range w {
		ext := filepath.Ext(f.Path)
		if ext == ".h" {
			ext = ".c"
		}
		c.files["wire"+ext] = append(c.files["wire"+ext], f)
	}
	return c.generateRPC()
}

// layout writes every case's files under work:
//
//	idl/<name>.idl
//	c/<name>/...            header, wire codec, one translation unit per check
//	gomod/<name>/...        one Go package per case, in one module
//	py/<name>.py ...        every Python module in one directory
func layout(t *testing.T, work string, cs []*pcase) {
	write(t, filepath.Join(work, "gomod", "go.mod"), []byte("module prop\n\ngo 1.26\n"))
	for _, c := range cs {
		write(t, filepath.Join(work, "idl", c.name+".idl"), c.src)
		h := c.files["c"][0]
		cdir := filepath.Join(work, "c", c.name)
		write(t, filepath.Join(cdir, h.Path), h.Content)
		impl := strings.ToUpper(c.pkg.Name) + "_IMPLEMENTATION"
		write(t, filepath.Join(cdir, "decl.c"), []byte("#include \""+h.Path+"\"\n#include \""+h.Path+"\"\nint main(void) { return 0; }\n"))
		write(t, filepath.Join(cdir, "impl.c"), []byte("#define "+impl+"\n#include \""+h.Path+"\"\nint main(void) { return (int)"+c.pkg.Name+"_live_allocations(); }\n"))
		for _, f := range c.files["wire.c"] {
			write(t, filepath.Join(cdir, f.Path), f.Content)
		}
		gdir := filepath.Join(work, "gomod", c.name)
		write(t, filepath.Join(gdir, h.Path), h.Content)
		for _, f := range append(append([]gen.File{}, c.files["go"]...), c.files["wire.go"]...) {
			write(t, filepath.Join(gdir, f.Path), f.Content)
		}
		for _, f := range append(append([]gen.File{}, c.files["py"]...), c.files["wire.py"]...) {
			write(t, filepath.Join(work, "py", f.Path), f.Content)
		}
		if c.runtime {
			calls, kept := echo.Calls(c.pkg, c.seed)
			c.calls = len(calls) + len(kept)
			impl := []byte(echo.CImpl(c.pkg))
			write(t, filepath.Join(cdir, "impl_lib.c"), impl)
			write(t, filepath.Join(gdir, "impl.c"), impl)
			write(t, filepath.Join(gdir, "live.go"), []byte(echo.GoLive(c.pkg, c.name)))
			write(t, filepath.Join(gdir, "echo_test.go"), []byte(echo.GoTest(c.pkg, c.name, calls, kept, nil)))
			write(t, filepath.Join(work, "py", "rt_"+c.name+".py"), []byte(echo.PyTest(c.pkg, calls, kept, echo.PyCtypes)))
			if ws := echo.WireValues(calls, kept); len(ws) > 0 && len(c.files["wire.c"]) > 0 {
				write(t, filepath.Join(cdir, "wire_driver.c"), []byte(echo.CWireDriver(c.pkg, ws)))
				c.cwire = true
			}
		}
		layoutRPC(work, c, func(path string, b []byte) { write(t, path, b) })
	}
}

// pyRunner runs Python programs in one interpreter: its arguments are
// pairs of a program and the argument it is run with.
const pyRunner = "import runpy, sys\nbad = 0\nfor script, arg in zip(sys.argv[1::2], sys.argv[2::2]):\n    sys.argv = [script, arg]\n    try:\n        runpy.run_path(script, run_name='__main__')\n    except SystemExit as e:\n        if e.code:\n            bad += 1\nsys.exit(1 if bad else 0)\n"

// san are the sanitizer flags of the C code the runtime checks build.
var san = []string{"-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-fno-sanitize-recover=all", "-g"}

// pyImports is the check that imports every module of mods (file names)
// in dir.
func pyImports(name, dir string, mods []string) check {
	script := "import importlib, sys\nbad = 0\nfor m in sys.argv[1:]:\n    try:\n        importlib.import_module(m)\n    except Exception as e:\n        bad += 1\n        print(f'{m}.py: import failed: {e!r}')\nsys.exit(1 if bad else 0)\n"
	argv := []string{"python3", "-c", script}
	for _, m := range mods {
		argv = append(argv, strings.TrimSuffix(m, ".py"))
	}
	return check{name: name, dir: dir, argv: argv}
}

// check is one tool run over every case; a failure names the cases whose
// files appear in the output.
type check struct {
	name string
	dir  string
	argv []string
	env  []string
	pre  func() error // runs first, in the check's turn
	// quiet checks fail when they print anything (gofmt -l exits 0).
	quiet bool
	// after, when set, is closed when the check this one reads the output
	// of has finished; done is closed when this one has.
	after, done chan struct{}
}

var strictC = []string{"-Wall", "-Wextra", "-Wpedantic", "-Werror", "-Wshadow", "-Wmissing-prototypes", "-Wstrict-prototypes"}
var strictCXX = []string{"-Wall", "-Wextra", "-Wpedantic", "-Werror", "-Wshadow", "-Wmissing-declarations"}

func checks(work string, cs []*pcase) []check {
	var out []check
	// One compiler driver per (compiler, unit): it compiles every case's
	// translation unit, each on its own.
	for _, cc := range []struct{ tool, std string }{{"gcc", "-std=c99"}, {"clang", "-std=c99"}, {"g++", "-std=c++17"}} {
		for _, unit := range []string{"decl", "impl"} {
			flags := strictC
			args := []string{cc.std}
			if cc.tool == "g++" {
				flags = strictCXX
				args = append(args, "-x", "c++")
			}
			args = append(args, flags...)
			args = append(args, "-fsyntax-only")
			for _, c := range cs {
				args = append(args, filepath.Join("c", c.name, unit+".c"))
			}
			out = append(out, check{name: cc.tool + " " + cc.std + " " + unit, dir: work, argv: append([]string{cc.tool}, args...)})
		}
	}
	for _, tool := range []string{"gcc", "clang"} {
		args := append([]string{tool, "-std=c99", "-fsyntax-only"}, strictC...)
		n := 0
		for _, c := range cs {
			for _, f := range c.files["wire.c"] {
				if strings.HasSuffix(f.Path, ".c") {
					args = append(args, filepath.Join("c", c.name, f.Path))
					n++
				}
			}
		}
		if n > 0 {
			out = append(out, check{name: tool + " wire codecs", dir: work, argv: args})
		}
	}
	out = append(out, check{name: "gofmt -l", dir: filepath.Join(work, "gomod"), argv: []string{"gofmt", "-l", "."}, quiet: true})
	out = append(out, check{name: "go vet", dir: filepath.Join(work, "gomod"), argv: []string{"go", "vet", "./..."},
		env: []string{"CGO_ENABLED=1", "GOFLAGS=-mod=mod", "GOWORK=off"}})
	var mods []string
	for _, c := range cs {
		for _, f := range append(append([]gen.File{}, c.files["py"]...), c.files["wire.py"]...) {
			mods = append(mods, f.Path)
		}
	}
	sort.Strings(mods)
	out = append(out, check{name: "mypy --strict", dir: filepath.Join(work, "py"),
		argv: append([]string{"python3", "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null"}, mods...)})
	out = append(out, pyImports("python3 import", filepath.Join(work, "py"), mods))
	out = append(out, rpcChecks(work, cs)...)

	// The runtime property, under ASan and UBSan: Go through cgo, Python
	// through a shared library (the sanitizer runtimes preloaded).
	var rt []*pcase
	for _, c := range cs {
		if c.runtime {
			rt = append(rt, c)
		}
	}
	if len(rt) == 0 {
		return out
	}
	goArgs := []string{"go", "test", "-count=1", "-asan"}
	for _, c := range rt {
		goArgs = append(goArgs, "./"+c.name)
	}
	wireDir := filepath.Join(work, "wire")
	goDone := make(chan struct{})
	out = append(out, check{name: "go test -asan (echo)", dir: filepath.Join(work, "gomod"), argv: goArgs,
		env:  []string{"CGO_ENABLED=1", "GOWORK=off", "GOFLAGS=-mod=mod", "PROP_WIRE_DIR=" + wireDir},
		pre:  func() error { return os.MkdirAll(wireDir, 0o755) },
		done: goDone})
	pyArgs := []string{"python3", "-c", pyRunner}
	for _, c := range rt {
		pyArgs = append(pyArgs, "rt_"+c.name+".py", filepath.Join(work, "c", c.name, "lib"+c.name+".so"))
	}
	preload := []string{}
	for _, so := range []string{"libasan.so", "libubsan.so"} {
		o, err := exec.Command("gcc", "-print-file-name="+so).Output()
		if p := strings.TrimSpace(string(o)); err == nil && filepath.IsAbs(p) {
			preload = append(preload, p)
		}
	}
	out = append(out, check{name: "python3 (echo)", dir: filepath.Join(work, "py"), argv: pyArgs,
		env:   []string{"LD_PRELOAD=" + strings.Join(preload, " "), "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1", "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1", "PROP_WIRE_DIR=" + wireDir},
		after: goDone,
		pre: func() error {
			if len(preload) != 2 {
				return fmt.Errorf("gcc finds no libasan.so and libubsan.so (needed for the sanitizer run)")
			}
			for _, c := range rt {
				dir := filepath.Join(work, "c", c.name)
				args := append([]string{"-std=c99", "-shared", "-fPIC", "-o", "lib" + c.name + ".so", "impl_lib.c"}, san...)
				cmd := exec.Command("gcc", args...)
				cmd.Dir = dir
				if o, err := cmd.CombinedOutput(); err != nil {
					return fmt.Errorf("%s: building the library: %v\n%s", c.what, err, o)
				}
			}
			return nil
		}})
	// The C codec decodes and re-encodes what Go encoded, under ASan and
	// UBSan.
	var drivers []*pcase
	for _, c := range rt {
		if c.cwire {
			drivers = append(drivers, c)
		}
	}
	if len(drivers) > 0 {
		var sh strings.Builder
		sh.WriteString("set -e\nbad=0\n")
		for _, c := range drivers {
			fmt.Fprintf(&sh, "(cd c/%s && gcc -std=c99 %s -o wire_driver wire_driver.c %s_wire.c impl_lib.c)\n", c.name, strings.Join(san, " "), c.name)
			fmt.Fprintf(&sh, "c/%s/wire_driver wire/%s.hex || bad=1\n", c.name, c.name)
		}
		sh.WriteString("exit $bad\n")
		out = append(out, check{name: "C wire codec (Go's bytes)", dir: work, argv: []string{"sh", "-c", sh.String()},
			env: []string{"ASAN_OPTIONS=abort_on_error=1", "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1"}, after: goDone})
	}

	// The longest first, so that two of them never end the run alone.
	rank := func(c check) int {
		switch {
		case strings.HasPrefix(c.name, "go test"):
			return 0
		case strings.HasPrefix(c.name, "mypy"):
			return 1
		case c.name == "go vet":
			return 2
		case c.after != nil:
			return 4
		}
		return 3
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

// TestProperty generates C, Go, Python and wire code, and the RPC and
// goimpl code of the part without callbacks, for random IDLs (and the
// regression IDLs of testdata/prop) and checks that all of it compiles
// and type-checks: every header with gcc and clang as C99 and with g++
// as C++17, with and without its implementation section; every wire
// codec and RPC dispatcher with gcc and clang; every Go package with go
// vet (cgo on), the goimpl packages with go build too; every Python
// module with mypy --strict and by importing it. The runtime cases call
// their echo functions from Go and Python in process, and across the RPC
// and goimpl boundaries (rpc_test.go says which clients call which
// servers).
func TestProperty(t *testing.T) {
	for _, tool := range []string{"gcc", "clang", "g++", "go", "python3"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is required: %v", tool, err)
		}
	}
	if out, err := exec.Command("python3", "-c", "import mypy").CombinedOutput(); err != nil {
		t.Fatalf("mypy is required (pip install mypy): %v\n%s", err, out)
	}
	work := t.TempDir()
	if keep := os.Getenv("BINDGEN_PROP_DIR"); keep != "" {
		work = keep
		os.RemoveAll(work)
	}
	start := time.Now()
	cs := cases(t, work)
	for _, c := range cs {
		if err := c.generate(); err != nil {
			write(t, filepath.Join(work, "idl", c.name+".idl"), c.src)
			t.Fatalf("%s: generating failed: %v\n%s", c.what, err, c.src)
		}
	}
	layout(t, work, cs)
	t.Logf("%d cases generated in %v under %s", len(cs), time.Since(start).Round(time.Millisecond), work)

	// Two cores: the tools run two at a time.
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := map[string]bool{}
	queue := make(chan check)
	go func() {
		for _, ck := range checks(work, cs) {
			queue <- ck
		}
		close(queue)
	}()
	run := func(ck check) {
		if ck.done != nil {
			defer close(ck.done)
		}
		if ck.after != nil {
			<-ck.after
		}
		t0 := time.Now()
		if ck.pre != nil {
			if err := ck.pre(); err != nil {
				mu.Lock()
				t.Errorf("%s: %v", ck.name, err)
				mu.Unlock()
				return
			}
		}
		cmd := exec.Command(ck.argv[0], ck.argv[1:]...)
		cmd.Dir = ck.dir
		cmd.Env = append(os.Environ(), ck.env...)
		out, err := cmd.CombinedOutput()
		if err == nil && ck.quiet && len(out) > 0 {
			err = fmt.Errorf("output where none was expected")
		}
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			bad := blame(out, cs)
			for _, c := range bad {
				failed[c.name] = true
			}
			t.Errorf("%s: %v; failing: %s\n%s", ck.name, err, whats(bad), truncate(out, 6000))
			return
		}
		t.Logf("%s: ok in %v", ck.name, time.Since(t0).Round(time.Millisecond))
	}
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ck := range queue {
				run(ck)
			}
		}()
	}
	wg.Wait()
	if len(failed) > 0 {
		var names []string
		for n := range failed {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, c := range cs {
			if failed[c.name] {
				t.Logf("failing IDL %s:\n%s", c.what, c.src)
			}
		}
	}
	t.Logf("%d cases checked in %v", len(cs), time.Since(start).Round(time.Millisecond))
}

var passed = regexp.MustCompile(`(?m)^(ok\s+prop/\S+.*|\S+: \d+ (calls|wire values), 0 failed)$`)

// blame returns the cases whose package name appears as a path part or a
// module name in a tool's output.
func blame(out []byte, cs []*pcase) []*pcase {
	// A passing Go package or Python echo program names itself too.
	out = passed.ReplaceAll(out, nil)
	var bad []*pcase
	for _, c := range cs {
		re := regexp.MustCompile(`(^|[/\s(])` + regexp.QuoteMeta(c.name) + `([/.:_\s]|\.py|\.h)`)
		if re.Match(out) {
			bad = append(bad, c)
		}
	}
	return bad
}

func whats(cs []*pcase) string {
	if len(cs) == 0 {
		return "(no case named in the output)"
	}
	var s []string
	for _, c := range cs {
		s = append(s, c.what)
	}
	return strings.Join(s, "; ")
}

func truncate(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	return string(b[:n]) + fmt.Sprintf("\n... (%d more bytes)", len(b)-n)
}

// withoutCallbacks is pkg without its callbacks and the functions that
// take one: the same types, for the wire codecs.
func withoutCallbacks(pkg *idl.Package) *idl.Package {
	if !pkg.HasCallbacks() {
		return pkg
	}
	out := *pkg
	out.Callbacks, out.Decls, out.Funcs = nil, nil, nil
	out.Lookup = map[string]idl.Decl{}
	for _, d := range pkg.Decls {
		switch d := d.(type) {
		case *idl.Callback:
			continue
		case *idl.Func:
			if idl.HasCallbackParam(d.Params) {
				continue
			}
			out.Funcs = append(out.Funcs, d)
		}
		out.Decls = append(out.Decls, d)
		out.Lookup[d.DeclName()] = d
	}
	return &out
}
