package gengo_test

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	genc "github.com/bindgen-dev/bindgen/gen/c"
	gengo "github.com/bindgen-dev/bindgen/gen/go"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/parser"
)

var (
	ffiBench      = flag.String("ffibench", "", "also run the Go FFI benchmarks matching this regexp in the generated packages (-benchmem), printing the results")
	ffiBenchCount = flag.Int("ffibench.count", 1, "run each FFI benchmark this many times")
)

// A roundTrip is one generated Go package built together with a real C or
// C++ implementation of its header and tested with hand-written Go tests.
type roundTrip struct {
	name  string   // subtest name
	idl   string   // path from the repository root
	impl  []string // C/C++ sources, from the repository root; "src=>name" copies src as name
	tests string   // directory of Go files (tests, helpers) copied in
}

var roundTrips = []roundTrip{
	{"ffibench", "gen/go/testdata/ffibench/ffibench.idl", []string{"gen/go/testdata/ffibench/ffibench_impl.c"}, "gen/go/testdata/ffibench"},
	{"calc", "testdata/calc.idl", []string{"testdata/c/calc_impl.c"}, "gen/go/testdata/roundtrip/calc"},
	{"conformance_c", "testdata/conformance.idl", []string{"testdata/c/conformance_impl.c"}, "gen/go/testdata/roundtrip/conformance"},
	{"conformance_cpp", "testdata/conformance.idl", []string{"testdata/c/conformance_impl.cpp"}, "gen/go/testdata/roundtrip/conformance"},
	// Callbacks: the C library calls Go during a call, later from a kept
	// callback, and from threads it starts.
	{"callbacks", "gen/c/testdata/callbacks.idl", []string{"gen/c/testdata/callbacks_impl.c"}, "gen/go/testdata/roundtrip/callbacks"},
	// The same source as C++ (cgo compiles a .cpp file with the C++
	// compiler).
	{"callbacks_cpp", "gen/c/testdata/callbacks.idl", []string{"gen/c/testdata/callbacks_impl.c=>callbacks_impl.cpp"}, "gen/go/testdata/roundtrip/callbacks"},
	{"compound", "gen/go/testdata/roundtrip/compound/compound.idl", []string{"gen/go/testdata/roundtrip/compound/compound_impl.c"}, "gen/go/testdata/roundtrip/compound"},
	// An existing C library, bound with extern: no generated header, the
	// library's own vocab.h beside its source.
	{"extern", "testdata/extern/vocab.idl", []string{"testdata/extern/vocab.c", "testdata/extern/vocab.h"}, "gen/go/testdata/roundtrip/extern"},
	// Its structs, laid out by its own geom.h.
	{"extern_structs", "testdata/extern/geom.idl", []string{"testdata/extern/geom.c", "testdata/extern/geom.h"}, "gen/go/testdata/roundtrip/geom"},
}

// TestRoundTrip generates the header and the Go package for each IDL,
// builds it with the C implementation through cgo, vets it, and runs its Go
// tests twice: as generated, and under GOEXPERIMENT=cgocheck2 (which checks
// every pointer store and cgo argument against cgo's rules) with the `#cgo
// noescape` lines removed. cgo checks only arguments in the heap: noescape
// lets the wrapper's scratch values live on the stack, where the checker
// does not look, so the checked run goes without it and every argument is
// examined. Both variants store exactly the same pointers; only where the
// scratch lives differs. The checked run is also built with -asan, so the
// C library and its release functions run under AddressSanitizer (double
// frees, out-of-bounds reads of what Go passed) while Go drives them.
func TestRoundTrip(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range roundTrips {
		t.Run(rt.name, func(t *testing.T) {
			t.Parallel()
			dir := buildRoundTrip(t, root, rt)
			goCmd(t, dir, nil, "vet", ".")
			t.Log(goCmd(t, dir, nil, "test", "-count=1", "-v", "."))
			if *ffiBench != "" {
				out := goCmd(t, dir, nil, "test", "-count=1", "-run=^$", "-bench="+*ffiBench, "-benchmem", fmt.Sprintf("-count=%d", *ffiBenchCount), ".")
				t.Logf("%s benchmarks:\n%s", rt.name, out)
				out = goCmd(t, dir, []string{"GENGO_FFI_RATIOS=1"}, "test", "-count=1", "-run=^TestRatios$", "-v", ".")
				t.Logf("%s ratios:\n%s", rt.name, out)
			}
			stripNoescape(t, dir)
			goCmd(t, dir, []string{"GOEXPERIMENT=cgocheck2", "GENGO_NOESCAPE_STRIPPED=1"}, "test", "-count=1", "-asan", ".")
		})
	}
}

// buildRoundTrip lays out a throwaway module: generated header and Go
// files, the implementation, the Go files of rt.tests, go.mod and go.sum.
func buildRoundTrip(t *testing.T, root string, rt roundTrip) string {
	t.Helper()
	idlPath := filepath.Join(root, rt.idl)
	pkg, src, errs := parser.LoadFiles(idlPath)
	if errs != nil {
		t.Fatalf("%s", idl.Format(errs, src))
	}
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hdr, err := genc.Generate(pkg, genc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	goFiles, err := gengo.Generate(pkg, gengo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(hdr, goFiles...) {
		write(f.Path, f.Content)
	}
	for _, p := range rt.impl {
		src, name, renamed := strings.Cut(p, "=>")
		if !renamed {
			name = filepath.Base(p)
		}
		data, err := os.ReadFile(filepath.Join(root, src))
		if err != nil {
			t.Fatal(err)
		}
		write(name, data)
	}
	var entries []os.DirEntry
	if rt.tests != "" {
		entries, err = os.ReadDir(filepath.Join(root, rt.tests))
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, rt.tests, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		write(e.Name(), data)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", sum)
	write("go.mod", []byte("module bindgen.test/"+pkg.Name+"\n\ngo 1.26\n\nrequire github.com/google/go-cmp "+goCmpVersion(t, root)+"\n"))
	return dir
}

// goCmpVersion reads the go-cmp version the main module requires, so the
// throwaway module resolves it from the same module cache.
func goCmpVersion(t *testing.T, root string) string {
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		for i, w := range f {
			if w == "github.com/google/go-cmp" && i+1 < len(f) {
				return f[i+1]
			}
		}
	}
	t.Fatal("go.mod does not require github.com/google/go-cmp")
	return ""
}

// goCmd runs the go tool in dir and fails t with its output on error.
func goCmd(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "CGO_ENABLED=1")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s go %s: %v\n%s", strings.Join(env, " "), strings.Join(args, " "), err, out)
	}
	return string(out)
}

// stripNoescape removes the `#cgo noescape` lines of every *_cgo.go file
// in dir.
func stripNoescape(t *testing.T, dir string) {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(dir, "*_cgo.go"))
	if len(paths) == 0 {
		t.Fatal("no _cgo.go file generated")
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var keep []string
		for _, line := range strings.Split(string(data), "\n") {
			if !strings.HasPrefix(line, "#cgo noescape ") {
				keep = append(keep, line)
			}
		}
		if err := os.WriteFile(p, []byte(strings.Join(keep, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRoundTripCatchesMistakes proves the round-trip checks have teeth: a
// wrapper that forgets a release fails the live-allocation check, one
// that never frees a borrowed callback's context fails the callback
// count, and one that forgets to pin a Go pointer it stores for C fails
// cgo's pointer check.
func TestRoundTripCatchesMistakes(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	var rt roundTrip
	for _, r := range roundTrips {
		if r.name == "compound" {
			rt = r
		}
	}
	t.Run("missing release", func(t *testing.T) {
		t.Parallel()
		dir := buildRoundTrip(t, root, rt)
		// The call stays (cgo insists every #cgo noescape function is used)
		// but never runs.
		mutate(t, filepath.Join(dir, "compound_cgo.go"), "\tC.compound_Everything_release(&c_out.v)\n", "\tif false {\n\t\tC.compound_Everything_release(&c_out.v)\n\t}\n")
		out := goCmdFails(t, dir, nil, "test", "-count=1", "-run=^TestEverything$", ".")
		if !strings.Contains(out, "C allocations still live") {
			t.Fatalf("the leak check did not notice a missing release:\n%s", out)
		}
	})
	t.Run("callback context never freed", func(t *testing.T) {
		t.Parallel()
		var cb roundTrip
		for _, r := range roundTrips {
			if r.name == "callbacks" { // the C build
				cb = r
			}
		}
		dir := buildRoundTrip(t, root, cb)
		mutate(t, filepath.Join(dir, "cbt_callbacks.go"), "\tif !kept {\n\t\ts.free()\n\t}\n", "")
		out := goCmdFails(t, dir, nil, "test", "-count=1", "-run=^TestCallbackErrors$", ".")
		if !strings.Contains(out, "callback contexts still live") {
			t.Fatalf("the callback leak check did not notice a borrowed context left alive:\n%s", out)
		}
	})
	t.Run("missing pin", func(t *testing.T) {
		t.Parallel()
		dir := buildRoundTrip(t, root, rt)
		stripNoescape(t, dir)
		mutate(t, filepath.Join(dir, "compound_cgo.go"), "\tpin.Pin(p)\n", "\t_ = pin\n")
		extra := "package compound\n\nimport (\n\t\"strings\"\n\t\"testing\"\n)\n\n" +
			"func TestHeapString(t *testing.T) {\n\tEchoEverything(Everything{S: strings.Repeat(\"x\", 10), Shape: ShapeCount{}})\n}\n"
		if err := os.WriteFile(filepath.Join(dir, "heap_test.go"), []byte(extra), 0o644); err != nil {
			t.Fatal(err)
		}
		out := goCmdFails(t, dir, nil, "test", "-count=1", "-run=^TestHeapString$", ".")
		if !strings.Contains(out, "unpinned Go pointer") {
			t.Fatalf("cgo's check did not notice an unpinned pointer:\n%s", out)
		}
	})
}

// mutate replaces the first occurrence of old in the file at path.
func mutate(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// goCmdFails runs the go tool in dir, fails t if it succeeds, and returns
// its output.
func goCmdFails(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "CGO_ENABLED=1")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go %s succeeded; want a failure\n%s", strings.Join(args, " "), out)
	}
	return string(out)
}

// TestGeneratedPackagesVet generates the header and Go package for every
// IDL in testdata (and this package's testdata) and runs go vet on each:
// the Go output must compile against the real header and be vet-clean for
// any valid IDL, not only the ones with a C implementation.
func TestGeneratedPackagesVet(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	var idls []string
	for _, pat := range []string{"testdata/*.idl", "testdata/*/*.idl", "gen/go/testdata/*/*.idl", "gen/go/testdata/roundtrip/*/*.idl"} {
		m, _ := filepath.Glob(filepath.Join(root, pat))
		idls = append(idls, m...)
	}
	for _, p := range idls {
		rel, _ := filepath.Rel(root, p)
		if strings.HasPrefix(rel, filepath.Join("testdata", "errors")) {
			continue // broken on purpose
		}
		pkg, _, errs := parser.LoadFiles(p)
		if errs != nil {
			continue // not valid on its own (e.g. an evolution pair half); the parser's tests own it
		}
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			rt := roundTrip{name: rel, idl: rel}
			if pkg.Extern != nil {
				// The C library's own header, which sits beside its IDL.
				rt.impl = []string{filepath.Join(filepath.Dir(rel), pkg.Extern.Header)}
			}
			dir := buildRoundTrip(t, root, rt)
			goCmd(t, dir, nil, "vet", ".")
			// The types file alone builds without cgo (the wire codec and
			// CGO_ENABLED=0 users rely on it).
			nocgo := filepath.Join(dir, "nocgo")
			if err := os.Mkdir(nocgo, 0o755); err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{pkg.Name + ".go", "go.mod", "go.sum"} {
				data, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(nocgo, name), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			goCmd(t, nocgo, []string{"CGO_ENABLED=0"}, "vet", ".")
		})
	}
}
