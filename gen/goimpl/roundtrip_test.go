package gengoimpl

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	genc "github.com/bindgen-dev/bindgen/gen/c"
	genpython "github.com/bindgen-dev/bindgen/gen/python"
)

// The round trips build a Go implementation of an IDL as a C library
// (go build -buildmode=c-shared and c-archive) and call it from C and
// Python with the same drivers and suites that test the C implementations.
// Every library is built with GOEXPERIMENT=cgocheck2, which checks every
// pointer the Go side stores or passes against cgo's rules.

// requireTools fails (never skips) when a tool the round trips need is
// missing.
func requireTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"go", "gcc", "python3"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is required for the goimpl round trips: %v", tool, err)
		}
	}
	if out, err := exec.Command("python3", "-c", "import pytest, mypy").CombinedOutput(); err != nil {
		t.Fatalf("pytest and mypy are required (pip install pytest mypy): %v\n%s", err, out)
	}
}

// goModule lays out a throwaway module: go.mod, the header, Python module
// and goimpl package of the IDL under <pkg>/, and the Go files of implDir
// (a main package) at the root. It returns the module directory and the
// package name.
func goModule(t *testing.T, idlPath, implDir string) (string, string) {
	t.Helper()
	pkg := load(t, idlPath)
	dir := t.TempDir()
	pdir := filepath.Join(dir, pkg.Name)
	if err := os.Mkdir(pdir, 0o755); err != nil {
		t.Fatal(err)
	}
	files, err := Generate(pkg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := genc.Generate(pkg, genc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	py, err := genpython.Generate(pkg, genpython.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(files, h...) {
		write(t, filepath.Join(pdir, f.Path), f.Content)
	}
	for _, f := range py {
		write(t, filepath.Join(dir, f.Path), f.Content)
	}
	copyFiles(t, dir, implDir, ".go")
	write(t, filepath.Join(dir, "go.mod"), []byte("module goimpltest\n\ngo 1.26\n"))
	return dir, pkg.Name
}

func write(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyFiles copies the files of src whose names end in suffix into dir.
func copyFiles(t *testing.T, dir, src, suffix string) {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(src, "*"+suffix))
	if len(paths) == 0 {
		t.Fatalf("no %s files in %s", suffix, src)
	}
	for _, p := range paths {
		copyFile(t, dir, p)
	}
}

// copyFile copies the file at path into dir.
func copyFile(t testing.TB, dir, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, filepath.Base(path)), data)
}

// run runs name in dir and fails t with the output on error.
func run(t testing.TB, dir string, env []string, name string, args ...string) string {
	t.Helper()
	out, err := runErr(dir, env, name, args...)
	if err != nil {
		t.Fatalf("%s %s %s: %v\n%s", strings.Join(env, " "), name, strings.Join(args, " "), err, out)
	}
	return out
}

func runErr(dir string, env []string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "CGO_ENABLED=1"), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// buildLibs builds the module in dir as lib<pkg>.so and lib<pkg>.a, with
// cgo's full pointer checks compiled in, and vets it.
func buildLibs(t *testing.T, dir, pkg string) (so, archive string) {
	t.Helper()
	so = filepath.Join(dir, "lib"+pkg+".so")
	archive = filepath.Join(dir, "lib"+pkg+".a")
	checked := []string{"GOEXPERIMENT=cgocheck2"}
	run(t, dir, nil, "go", "vet", "./...")
	var wg sync.WaitGroup
	var errs [2]string
	for i, mode := range []string{"c-shared", "c-archive"} {
		out := so
		if mode == "c-archive" {
			out = archive
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if o, err := runErr(dir, checked, "go", "build", "-buildmode="+mode, "-o", out, "."); err != nil {
				errs[i] = mode + ": " + err.Error() + "\n" + o
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			t.Fatal(e)
		}
	}
	return so, archive
}

var strictC = []string{"-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror"}

// linkC compiles the C sources with the header of pkg and links them with
// lib: the c-archive statically, or the c-shared library dynamically.
func linkC(t *testing.T, dir, pkg, lib, exe string, srcs ...string) string {
	t.Helper()
	args := append(append([]string{}, strictC...), "-I", filepath.Join(dir, pkg), "-o", filepath.Join(dir, exe))
	args = append(args, srcs...)
	if strings.HasSuffix(lib, ".so") {
		args = append(args, "-L", filepath.Dir(lib), "-Wl,-rpath,"+filepath.Dir(lib), "-l"+pkg)
	} else {
		args = append(args, lib, "-lpthread")
	}
	run(t, dir, nil, "gcc", append(args, "-lm")...)
	return filepath.Join(dir, exe)
}

// TestConformance implements testdata/conformance.idl in Go
// (testdata/conformance, the behaviour of testdata/c/conformance_impl.c)
// and runs against it, unchanged: the Python conformance suite of
// gen/python (pytest, with its live-allocation check after every test)
// through the c-shared library, and gen/c's conformance driver (which
// checks every result and that the counter ends at 0) linked with the
// c-archive and with the c-shared library, and once more under
// AddressSanitizer, LeakSanitizer and UBSan. handles.c then creates and
// destroys 100,000 handles each way and checks the counter, the Go side's
// live handle count and the Go heap.
func TestConformance(t *testing.T) {
	t.Parallel()
	requireTools(t)
	dir, pkg := goModule(t, "../../testdata/conformance.idl", "testdata/conformance")
	so, archive := buildLibs(t, dir, pkg)
	env := []string{"CONFORMANCE_LIBRARY=" + so}

	t.Run("python", func(t *testing.T) {
		for _, f := range []string{"conftest.py", "test_conformance.py", "usage_conformance.py"} {
			copyFile(t, dir, filepath.Join("../python/testdata", f))
		}
		run(t, dir, nil, "python3", "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", "conformance.py", "usage_conformance.py")
		run(t, dir, env, "python3", "usage_conformance.py")
		out := run(t, dir, env, "python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_conformance.py")
		t.Log(lastLine(out))
		if !strings.Contains(lastLine(out), "passed") || strings.Contains(lastLine(out), "skipped") {
			t.Fatalf("pytest did not pass every test: %s", lastLine(out))
		}
	})
	driver, _ := filepath.Abs("../c/testdata/conformance_driver.c")
	for _, lib := range []string{archive, so} {
		t.Run("c_driver/"+filepath.Ext(lib)[1:], func(t *testing.T) {
			exe := linkC(t, dir, pkg, lib, "driver"+filepath.Ext(lib), driver)
			if out := run(t, dir, nil, exe); strings.TrimSpace(out) != "ok" {
				t.Fatalf("driver: %s", out)
			}
		})
	}
	t.Run("c_driver/asan", func(t *testing.T) {
		// The Go library built with -asan and the driver with
		// AddressSanitizer, LeakSanitizer and UBSan: every release of a
		// Go-built output is checked for double frees and out-of-bounds
		// access, and every calc_alloc block for a leak.
		lib := filepath.Join(dir, "libasan.a")
		run(t, dir, nil, "go", "build", "-asan", "-buildmode=c-archive", "-o", lib, ".")
		exe := filepath.Join(dir, "driver_asan")
		san := []string{"-g", "-fno-omit-frame-pointer", "-fsanitize=address,undefined", "-fno-sanitize-recover=all"}
		args := append(append(append([]string{}, strictC...), san...), "-I", filepath.Join(dir, pkg), "-o", exe, driver, lib, "-lpthread", "-lm")
		run(t, dir, nil, "gcc", args...)
		env := []string{"ASAN_OPTIONS=detect_leaks=1:halt_on_error=1", "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1"}
		if out := run(t, dir, env, exe); strings.TrimSpace(out) != "ok" {
			t.Fatalf("driver under ASan: %s", out)
		}
	})
	t.Run("handles", func(t *testing.T) {
		src, _ := filepath.Abs("testdata/handles.c")
		exe := linkC(t, dir, pkg, archive, "handles", src)
		out := run(t, dir, nil, exe)
		if !strings.HasPrefix(out, "ok") {
			t.Fatalf("handles: %s", out)
		}
		t.Log(strings.TrimSpace(out))
	})
}

// TestHandleLeakIsCaught proves the handle test has teeth: with the
// h.Delete() of the generated destroy removed (the block is still freed
// and the live handle count still decremented, so only the Go heap can
// tell), handles.c must report a leak.
func TestHandleLeakIsCaught(t *testing.T) {
	t.Parallel()
	requireTools(t)
	dir, pkg := goModule(t, "../../testdata/conformance.idl", "testdata/conformance")
	export := filepath.Join(dir, pkg, pkg+"_export.go")
	src, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	const del = "\th.Delete()\n"
	if !bytes.Contains(src, []byte(del)) {
		t.Fatalf("%s has no line %q", export, del)
	}
	write(t, export, bytes.Replace(src, []byte(del), nil, 1))
	archive := filepath.Join(dir, "lib"+pkg+".a")
	run(t, dir, nil, "go", "build", "-buildmode=c-archive", "-o", archive, ".")
	handles, _ := filepath.Abs("testdata/handles.c")
	exe := linkC(t, dir, pkg, archive, "handles", handles)
	out, err := runErr(dir, nil, exe)
	if err == nil || !strings.Contains(out, "leak:") {
		t.Fatalf("handles.c passed with handles never deleted (%v):\n%s", err, out)
	}
	t.Log(strings.TrimSpace(out))
}

// TestPanics builds testdata/panics, whose Go code panics and returns
// errors of other types, and checks from C (the c-archive) and Python (the
// c-shared library through the generated module) that a panic in a method
// and a foreign error become the code ErrorCodeInternal, a wrapped IDL
// error its own code, that a result left half-built by a panic is released
// (the live-allocation counter and the live handle count end at 0), and
// that a panic in a function without raises aborts the process with the
// panic's message.
func TestPanics(t *testing.T) {
	t.Parallel()
	requireTools(t)
	dir, pkg := goModule(t, "testdata/panics/panics.idl", "testdata/panics")
	so, archive := buildLibs(t, dir, pkg)
	driver, _ := filepath.Abs("testdata/panics/driver.c")
	exe := linkC(t, dir, pkg, archive, "driver", driver)
	// The panics are reported on standard error, before "ok".
	if out := run(t, dir, nil, exe); lastLine(out) != "ok" {
		t.Fatalf("driver: %s", out)
	}
	copyFile(t, dir, "testdata/panics/check_panics.py")
	env := []string{"PANICS_LIBRARY=" + so}
	run(t, dir, nil, "python3", "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", "check_panics.py")
	if out := run(t, dir, env, "python3", "check_panics.py"); lastLine(out) != "ok" {
		t.Fatalf("check_panics.py: %s", out)
	}
	for _, cmd := range [][]string{{exe, "boom"}, {"python3", "check_panics.py", "boom"}} {
		out, err := runErr(dir, env, cmd[0], cmd[1:]...)
		if err == nil {
			t.Errorf("%s: boom returned, want an abort:\n%s", strings.Join(cmd, " "), out)
		}
		if !strings.Contains(out, "panics_boom: panic: the sky is falling (the function cannot raise an error; aborting)") {
			t.Errorf("%s: no panic message:\n%s", strings.Join(cmd, " "), out)
		}
	}
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// TestHollow builds testdata/hollow, a Go implementation of an IDL that
// puts empty structs and payload-free union cases where conformance.idl
// does not (results of raising functions and methods, a constructor's
// parameter, unions of them in lists, maps and optionals, a tag-only union
// as another union's case), and calls it from C (driver.c, linked with the
// c-archive and with the c-shared library, which also sends tags the
// library does not know) and from Python (check_hollow.py through the
// generated module): every value comes back as its doc comment says, a
// raising call leaves *out untouched, and the live-allocation counter and
// the live handle count end at 0.
func TestHollow(t *testing.T) {
	t.Parallel()
	requireTools(t)
	dir, pkg := goModule(t, "testdata/hollow/hollow.idl", "testdata/hollow")
	so, archive := buildLibs(t, dir, pkg)
	driver, _ := filepath.Abs("testdata/hollow/driver.c")
	for _, lib := range []string{archive, so} {
		exe := linkC(t, dir, pkg, lib, "driver"+filepath.Ext(lib), driver)
		if out := run(t, dir, nil, exe); strings.TrimSpace(out) != "ok" {
			t.Fatalf("driver with %s: %s", filepath.Base(lib), out)
		}
	}
	copyFile(t, dir, "testdata/hollow/check_hollow.py")
	run(t, dir, nil, "python3", "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", "hollow.py", "check_hollow.py")
	if out := run(t, dir, []string{"HOLLOW_LIBRARY=" + so}, "python3", "check_hollow.py"); lastLine(out) != "ok" {
		t.Fatalf("check_hollow.py: %s", out)
	}
}
