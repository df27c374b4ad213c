package genpython

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	genc "github.com/bindgen-dev/bindgen/gen/c"
)

// requirePython fails the test (never skips) when python3, pytest or mypy
// is missing: the round trip is the proof that the generated module works.
func requirePython(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Fatal("python3 is required for the Python round-trip tests: ", err)
	}
	out, err := exec.Command("python3", "-c", "import pytest, mypy").CombinedOutput()
	if err != nil {
		t.Fatalf("pytest and mypy are required (pip install pytest mypy): %v\n%s", err, out)
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Fatal("gcc is required to build the C implementation: ", err)
	}
}

// buildLib generates <pkg>.py and <pkg>.h for the IDL file into dir and
// builds the C implementation into dir/lib<pkg>.so. It returns the
// package name and the library path.
func buildLib(t testing.TB, dir, idlPath, implPath string, cflags ...string) (string, string) {
	t.Helper()
	pkg := load(t, idlPath)
	py, err := Generate(pkg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := genc.Generate(pkg, genc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(py, h...) {
		if err := os.WriteFile(filepath.Join(dir, f.Path), f.Content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lib := filepath.Join(dir, "lib"+pkg.Name+".so")
	impl, err := filepath.Abs(implPath)
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"-std=c99", "-O1", "-g", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-I", dir, "-o", lib, impl}, cflags...)
	if out, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
		t.Fatalf("gcc %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return pkg.Name, lib
}

// copyScripts copies the Python test files of testdata (and, with sub, of
// testdata/sub) into dir.
func copyScripts(t testing.TB, dir, sub string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("testdata", sub, "*.py"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func run(t testing.TB, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

// TestPythonRoundTrip builds the C implementations of testdata/calc.idl and
// testdata/conformance.idl, generates their Python modules, type-checks
// the modules and typed programs using them with mypy --strict, and runs
// the pytest suites of testdata/ against the real libraries.
func TestPythonRoundTrip(t *testing.T) {
	t.Parallel()
	requirePython(t)
	dir := t.TempDir()
	var env []string
	var typed []string
	for _, c := range []struct{ idl, impl string }{
		{"../../testdata/calc.idl", "../../testdata/c/calc_impl.c"},
		{"testdata/bench/pybench.idl", "testdata/bench/pybench_impl.c"},
		{"../../testdata/conformance.idl", "../../testdata/c/conformance_impl.c"},
	} {
		name, lib := buildLib(t, dir, c.idl, c.impl)
		env = append(env, strings.ToUpper(name)+"_LIBRARY="+lib)
		typed = append(typed, name+".py")
		if _, err := os.Stat(filepath.Join("testdata", "usage_"+name+".py")); err == nil {
			typed = append(typed, "usage_"+name+".py")
		}
	}
	copyScripts(t, dir, "")
	t.Run("mypy", func(t *testing.T) {
		run(t, dir, nil, "python3", append([]string{"-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null"}, typed...)...)
	})
	t.Run("mypy-rejects", func(t *testing.T) {
		mypyRejects(t, dir, "reject_conformance.py")
	})
	t.Run("usage", func(t *testing.T) {
		run(t, dir, env, "python3", "usage_calc.py")
		run(t, dir, env, "python3", "usage_conformance.py")
	})
	t.Run("pytest", func(t *testing.T) {
		out := run(t, dir, env, "python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", dir)
		t.Log(lastLine(out))
	})
}

// mypyRejects runs mypy --strict on a file whose lines marked
// "# E: code" must each be reported as an error with that code, and
// checks that exactly those lines are: the generated annotations reject
// what they should and accept the rest.
func mypyRejects(t *testing.T, dir, file string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for i, line := range strings.Split(string(src), "\n") {
		if _, code, ok := strings.Cut(line, "# E: "); ok {
			want[fmt.Sprintf("%s:%d: [%s]", file, i+1, strings.TrimSpace(code))] = true
		}
	}
	cmd := exec.Command("python3", "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", "--no-error-summary", file)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("mypy accepted %s:\n%s", file, out)
	}
	got := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		// file:LINE: error: message  [code]
		pos, rest, ok := strings.Cut(line, ": error: ")
		if !ok {
			continue // a note
		}
		code := rest[strings.LastIndexByte(rest, '[')+1:]
		got[pos+": ["+strings.TrimSuffix(code, "]")+"]"] = true
	}
	for k := range want {
		if !got[k] {
			t.Errorf("mypy did not report %s", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("mypy reported an unexpected error: %s", k)
		}
	}
	if t.Failed() {
		t.Logf("mypy output:\n%s", out)
	}
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// TestPureModule generates testdata/edge.idl (keywords as names, enums
// without a zero member, objects without a default constructor) and checks
// with mypy --strict and a script that the module imports and checks
// arguments without any native library, and fails clearly on first use.
func TestPureModule(t *testing.T) {
	t.Parallel()
	requirePython(t)
	dir := t.TempDir()
	files, err := Generate(load(t, "testdata/edge.idl"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Path), f.Content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyScripts(t, dir, "pure")
	run(t, dir, nil, "python3", "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", "edge.py")
	env := []string{"EDGE_LIBRARY=", "LD_LIBRARY_PATH="}
	if out := run(t, dir, env, "python3", "check_edge.py"); strings.TrimSpace(out) != "ok" {
		t.Fatalf("check_edge.py: %s", out)
	}
}

// TestLeakCheckCatchesMissingRelease proves the live-allocation check has
// teeth: with the release call of greet's result removed from the
// generated module, the counter the round-trip fixtures check is no
// longer zero.
func TestLeakCheckCatchesMissingRelease(t *testing.T) {
	t.Parallel()
	requirePython(t)
	dir := t.TempDir()
	name, lib := buildLib(t, dir, "../../testdata/calc.idl", "../../testdata/c/calc_impl.c")
	path := filepath.Join(dir, name+".py")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const release = "_f_calc_String_release(_ct.byref(_r))"
	if !bytes.Contains(src, []byte(release)) {
		t.Fatalf("generated calc.py has no %q", release)
	}
	src = bytes.Replace(src, []byte(release), []byte("pass"), 1)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
import ctypes, calc
lib = calc.load()
live = lib.calc_live_allocations
live.restype = ctypes.c_int64
assert calc.greet("x") == "hello, x"
print(live())
`
	out := run(t, dir, []string{"CALC_LIBRARY=" + lib}, "python3", "-c", script)
	if strings.TrimSpace(out) != "1" {
		t.Fatalf("live allocations after an unreleased greet = %q, want 1", strings.TrimSpace(out))
	}
}

// TestPythonRoundTripASan runs the calc and conformance suites again with
// the C libraries built with AddressSanitizer and UBSan (preloaded into
// python3), so every buffer the generated module hands to C is checked
// for out-of-bounds reads and every released pointer for double frees.
// Leak detection stays off (Python itself never frees some memory); the
// live-allocation fixtures cover leaks.
func TestPythonRoundTripASan(t *testing.T) {
	t.Parallel()
	requirePython(t)
	var preload []string
	for _, so := range []string{"libasan.so", "libubsan.so"} {
		out, err := exec.Command("gcc", "-print-file-name="+so).Output()
		p := strings.TrimSpace(string(out))
		if err != nil || !filepath.IsAbs(p) {
			t.Fatalf("gcc cannot find %s (needed for the sanitizer run): %v %s", so, err, out)
		}
		preload = append(preload, p)
	}
	dir := t.TempDir()
	env := []string{
		"LD_PRELOAD=" + strings.Join(preload, " "),
		"ASAN_OPTIONS=detect_leaks=0:abort_on_error=1",
		"UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1",
	}
	san := []string{"-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-fno-sanitize-recover=all"}
	for _, c := range []struct{ idl, impl string }{
		{"../../testdata/calc.idl", "../../testdata/c/calc_impl.c"},
		{"../../testdata/conformance.idl", "../../testdata/c/conformance_impl.c"},
	} {
		name, lib := buildLib(t, dir, c.idl, c.impl, san...)
		env = append(env, strings.ToUpper(name)+"_LIBRARY="+lib)
	}
	copyScripts(t, dir, "")
	out := run(t, dir, env, "python3", "-m", "pytest", "-q", "-p", "no:cacheprovider",
		"-k", "not cycles and not rss and not import_without_library", "test_calc.py", "test_conformance.py")
	t.Log(lastLine(out))
}

// TestSmallUnionResults calls C functions that return, by value, structs
// of at most 16 bytes holding a union (returned in registers, in every
// pair of register classes), and checks that each value comes back.
func TestSmallUnionResults(t *testing.T) {
	t.Parallel()
	requirePython(t)
	dir := t.TempDir()
	_, lib := buildLib(t, dir, "../../testdata/prop/small_union_result.idl", "testdata/regs/small_union_result_impl.c")
	copyScripts(t, dir, "regs")
	run(t, dir, nil, "python3", "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", "small_union_result.py", "check_small_union_result.py")
	run(t, dir, []string{"SMALL_UNION_RESULT_LIBRARY=" + lib}, "python3", "check_small_union_result.py")
}
