package goimpl

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/internal/golden"
)

// build builds the main package dir as a C library of the given mode
// (c-shared or c-archive) into out.
func build(t *testing.T, mode, out, dir string) {
	t.Helper()
	run(t, "", nil, "go", "build", "-buildmode="+mode, "-o", out, "./"+dir)
}

// cc compiles and links a C program with the archive and runs it.
func cc(t *testing.T, src, incdir, archive string) string {
	t.Helper()
	exe := filepath.Join(t.TempDir(), strings.TrimSuffix(filepath.Base(src), ".c"))
	run(t, "", nil, "gcc", "-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-I", incdir, "-o", exe, src, archive, "-lpthread", "-lm")
	return run(t, "", nil, exe)
}

func wantLines(t *testing.T, what, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("%s output lacks %q:\n%s", what, w, out)
		}
	}
}

// TestAdd builds libadd (the add library in Go) as a shared library and
// runs ../add/demo.py against it through ../add/add.py, the module the C
// add library is called through, expecting the same output; then links
// c/add_demo.c with the c-archive.
func TestAdd(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	so, archive := filepath.Join(dir, "libadd.so"), filepath.Join(dir, "libadd.a")
	build(t, "c-shared", so, "libadd")
	build(t, "c-archive", archive, "libadd")
	out := run(t, "../add", []string{"ADD_LIBRARY=" + so}, "python3", "demo.py")
	wantLines(t, "demo.py", out,
		"add(2, 3) = 5",
		"add(2**31 - 1, 1) = -2147483648",
		"add_checked(40, 2) = 42",
		"raised AddError: OVERFLOW 1",
		"add(2**40, 1) raised OverflowError",
		"add('2', 3) raised TypeError")
	wantLines(t, "add_demo.c", cc(t, "c/add_demo.c", "add", archive),
		"add(2, 3) = 5",
		"add(INT32_MAX, 1) = -2147483648",
		"add_checked(40, 2) = 42",
		"add_checked(INT32_MAX, 1) returned 1")
}

// TestCalc builds libcalc (testdata/calc.idl in Go) both ways, runs
// calc_demo.py through the generated calc.py and c/calc_demo.c through
// calc.h (compiled as C99 and as C++17), and runs gen/c's calc driver, which checks every function and
// the live-allocation counter, against the c-archive unchanged.
func TestCalc(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	so, archive := filepath.Join(dir, "libcalc.so"), filepath.Join(dir, "libcalc.a")
	build(t, "c-shared", so, "libcalc")
	build(t, "c-archive", archive, "libcalc")
	out := run(t, "", []string{"CALC_LIBRARY=" + so, "PYTHONPATH=calc"}, "python3", "calc_demo.py")
	wantLines(t, "calc_demo.py", out,
		"add(2, 3) = 5",
		"divide(7, 2, UP) = 4",
		"divide(1, 0) raised CalcError: DIVIDE_BY_ZERO",
		"midpoint = (2.0, 1.0)",
		"greet('Go') = 'hello, Go'",
		"checksum(b'123456789') = 0xcbf43926",
		"Accumulator(40).add(2).total() = 42")
	wantLines(t, "calc_demo.c", cc(t, "c/calc_demo.c", "calc", archive),
		"add(2, 3) = 5",
		"divide(7, 2, UP) = 4",
		"divide(1, 0) returned 1",
		"midpoint = (2, 1)",
		`greet("C") = "hello, C"`,
		"Accumulator(40).add(2).total() = 42",
		"live allocations: 0")
	// The same program as C++17, against the same header and archive.
	exe := filepath.Join(t.TempDir(), "calc_demo_cxx")
	run(t, "", nil, "g++", "-x", "c++", "-std=c++17", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-I", "calc", "-o", exe, "c/calc_demo.c", "-x", "none", archive, "-lpthread")
	wantLines(t, "calc_demo.c as C++", run(t, "", nil, exe), "Accumulator(40).add(2).total() = 42", "live allocations: 0")
	driver, _ := filepath.Abs("../../gen/c/testdata/calc_driver.c")
	if out := cc(t, driver, "calc", archive); strings.TrimSpace(out) != "ok" {
		t.Errorf("calc_driver.c: %s", out)
	}
	run(t, "", []string{"MYPY_CACHE_DIR=" + filepath.Join(t.TempDir(), "mypy"), "MYPYPATH=calc"}, "python3", "-m", "mypy", "--strict", "calc_demo.py")
}

// TestGeneratedIsCurrent fails when add/ or calc/ differ from what bindgen
// writes now; `go test ./... -update` or `go generate ./examples/...`
// rewrites them.
func TestGeneratedIsCurrent(t *testing.T) {
	verb := "check"
	if *golden.Update {
		verb = "gen"
	}
	for _, args := range [][]string{
		{"--lang=c,goimpl", "--out", "add", "../add/add.idl"},
		{"--lang=c,goimpl,python", "--out", "calc", "../../testdata/calc.idl"},
	} {
		cmd := exec.Command("go", append([]string{"run", "github.com/bindgen-dev/bindgen/cmd/bindgen", verb}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s\n%v: bindgen %s failed; if generated files are stale, run `go test ./examples/... -update`", out, err, verb)
		}
	}
}

func run(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}
