package genpython

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// copyFile copies src to dst.
func copyFile(t testing.TB, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// loaded is a script that imports the module named by argv[1], calls
// add(2, 3) and prints the result and the path of the library it loaded;
// a LibraryNotLoadedError is printed as "ERR message".
const loaded = `import importlib, sys
m = importlib.import_module(sys.argv[1])
try:
    print(m.add(2, 3), m.load()._name)
except m.LibraryNotLoadedError as e:
    print("ERR", e)
`

// TestLoaderSearchOrder runs the generated loader in real python3 with
// the library in each place it searches, from a working directory that
// holds neither the module nor the library: beside the module (as a
// top-level module and inside a package, where a wheel puts it), the
// environment variable before it, ctypes.util.find_library after it,
// and, with no library anywhere, the error naming every place it looked.
func TestLoaderSearchOrder(t *testing.T) {
	t.Parallel()
	requirePython(t)
	build := t.TempDir()
	_, lib := buildLib(t, build, "../../testdata/calc.idl", "../../testdata/c/calc_impl.c", "-Wl,-soname,libcalc.so")
	root := t.TempDir()
	pkgDir := filepath.Join(root, "site", "mypkg")
	copyFile(t, filepath.Join(build, "calc.py"), filepath.Join(pkgDir, "calc.py"))
	if err := os.WriteFile(filepath.Join(pkgDir, "__init__.py"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	beside := filepath.Join(pkgDir, "libcalc.so")
	copyFile(t, lib, beside)
	envLib := filepath.Join(root, "env", "libcalc.so")
	copyFile(t, lib, envLib)
	ldDir := filepath.Join(root, "ld")
	copyFile(t, lib, filepath.Join(ldDir, "libcalc.so"))
	cwd := filepath.Join(root, "cwd")
	if err := os.MkdirAll(cwd, 0o755); err != nil {
		t.Fatal(err)
	}

	py := func(module, pythonpath string, env ...string) string {
		t.Helper()
		env = append([]string{"PYTHONPATH=" + pythonpath, "CALC_LIBRARY=", "LD_LIBRARY_PATH="}, env...)
		return strings.TrimSpace(run(t, cwd, env, "python3", "-c", loaded, module))
	}
	for _, c := range []struct {
		name, module, pythonpath string
		env                      []string
		want                     string
	}{
		{"beside, in a package", "mypkg.calc", filepath.Join(root, "site"), nil, "5 " + beside},
		{"beside, top-level", "calc", pkgDir, nil, "5 " + beside},
		{"environment first", "mypkg.calc", filepath.Join(root, "site"), []string{"CALC_LIBRARY=" + envLib}, "5 " + envLib},
		{"beside before find_library", "mypkg.calc", filepath.Join(root, "site"), []string{"LD_LIBRARY_PATH=" + ldDir}, "5 " + beside},
	} {
		if got := py(c.module, c.pythonpath, c.env...); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}

	if err := os.Remove(beside); err != nil {
		t.Fatal(err)
	}
	// find_library reports a library by its soname, which dlopen then
	// finds through LD_LIBRARY_PATH.
	if got, want := py("mypkg.calc", filepath.Join(root, "site"), "LD_LIBRARY_PATH="+ldDir), "5 libcalc.so"; got != want {
		t.Errorf("find_library: got %q, want %q", got, want)
	}
	got := py("mypkg.calc", filepath.Join(root, "site"))
	for _, w := range []string{
		"ERR calc: native library not found; looked in, in order:",
		"load(path) (no path given)",
		"the CALC_LIBRARY environment variable (unset or empty)",
		"'" + beside + "'",
		"ctypes.util.find_library('calc') (found nothing)",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("error without a library lacks %q:\n%s", w, got)
		}
	}
	// A module run from source without a file (exec, no __file__) has no
	// beside to look in, and says what it did look in.
	script := `import sys, types
m = sys.modules["calc"] = types.ModuleType("calc")
exec(compile(open(sys.argv[1]).read(), "<calc>", "exec"), m.__dict__)
try:
    m.add(2, 3)
except m.LibraryNotLoadedError as e:
    print(e)`
	noFile := strings.TrimSpace(run(t, cwd, []string{"CALC_LIBRARY=", "LD_LIBRARY_PATH="}, "python3", "-c", script, filepath.Join(pkgDir, "calc.py")))
	if want := "looked in, in order: load(path) (no path given), the CALC_LIBRARY environment variable (unset or empty), ctypes.util.find_library('calc') (found nothing);"; !strings.Contains(noFile, want) {
		t.Errorf("without __file__: got %q, want it to contain %q", noFile, want)
	}
	// Every place in the order load() tries them.
	if i, j := strings.Index(got, "CALC_LIBRARY environment"), strings.Index(got, beside); i < 0 || j < i || strings.Index(got, "find_library('calc')") < j {
		t.Errorf("error lists the places out of order:\n%s", got)
	}
}

// TestLoaderBesideExtern: an extern package's module looks beside itself
// for the extern library's name (libmath.so for library "math"), not the
// package's (libmathlib.so), and says so when it is not there.
func TestLoaderBesideExtern(t *testing.T) {
	t.Parallel()
	requirePython(t)
	dir := t.TempDir()
	files, err := Generate(load(t, "../../examples/add/mathlib/mathlib.idl"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Path), f.Content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cwd := t.TempDir()
	script := `import mathlib
try:
    print(mathlib.add(40, 2), mathlib.load()._name)
except mathlib.LibraryNotLoadedError as e:
    print("ERR", e)
`
	env := []string{"PYTHONPATH=" + dir, "MATHLIB_LIBRARY=", "LD_LIBRARY_PATH="}
	got := strings.TrimSpace(run(t, cwd, env, "python3", "-c", script))
	if want := "'" + filepath.Join(dir, "libmath.so") + "'"; !strings.HasPrefix(got, "ERR mathlib: native library not found") || !strings.Contains(got, want) ||
		!strings.Contains(got, "find_library('math')") {
		t.Errorf("without a library: got %q, want the error naming %s and find_library('math')", got, want)
	}
	lib := filepath.Join(dir, "libmath.so")
	if out, err := exec.Command("gcc", "-shared", "-fPIC", "-o", lib, "../../examples/add/mathlib/mathlib.c").CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	if got, want := strings.TrimSpace(run(t, cwd, env, "python3", "-c", script)), "42 "+lib; got != want {
		t.Errorf("beside: got %q, want %q", got, want)
	}
}
