package mathlib

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/internal/golden"
)

// TestAdd calls mathlib.c's add through the generated wrapper and the
// library's own header. (Overflow is left out: it is undefined in C.)
func TestAdd(t *testing.T) {
	for _, c := range []struct{ a, b, want int32 }{
		{2, 3, 5},
		{-7, 7, 0},
		{math.MaxInt32 - 1, 1, math.MaxInt32},
		{math.MinInt32 + 1, -1, math.MinInt32},
	} {
		if got := Add(c.a, c.b); got != c.want {
			t.Errorf("Add(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// buildLibmath builds libmath.so from the unchanged mathlib.c with the
// primer's own command.
func buildLibmath(t *testing.T) (dir, lib string) {
	t.Helper()
	dir = t.TempDir()
	lib = filepath.Join(dir, "libmath.so")
	run(t, nil, "cc", "-shared", "-fPIC", "-o", lib, "mathlib.c")
	return dir, lib
}

// TestPython runs demo.py against libmath.so through the generated
// mathlib.py, then type-checks both with mypy --strict.
func TestPython(t *testing.T) {
	_, lib := buildLibmath(t)
	out := run(t, []string{"MATHLIB_LIBRARY=" + lib}, "python3", "demo.py")
	for _, want := range []string{
		"add(2, 3) = 5",
		"add(-7, 7) = 0",
		"add(2**31 - 2, 1) = 2147483647",
		"add(2**40, 1) raised OverflowError: a: 1099511627776 is out of range for c_int [-2147483648, 2147483647]",
		"add('2', 3) raised TypeError: a: expected int (c_int), got str",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo.py output lacks %q:\n%s", want, out)
		}
	}
	run(t, []string{"MYPY_CACHE_DIR=" + filepath.Join(t.TempDir(), "mypy")}, "python3", "-m", "mypy", "--strict", "demo.py", "mathlib.py")
}

// TestPythonFindsLibraryByName loads libmath.so by the extern library
// name alone ("math", as ctypes.util.find_library spells it): no path, no
// MATHLIB_LIBRARY. On Linux find_library searches LD_LIBRARY_PATH and
// reports a library by its soname, so this copy is built as an installed
// library is, with one (the primer's command sets none).
func TestPythonFindsLibraryByName(t *testing.T) {
	dir := t.TempDir()
	run(t, nil, "cc", "-shared", "-fPIC", "-Wl,-soname,libmath.so", "-o", filepath.Join(dir, "libmath.so"), "mathlib.c")
	script := `import ctypes.util, mathlib
print(ctypes.util.find_library("math"), mathlib.add(40, 2))`
	out := run(t, []string{"MATHLIB_LIBRARY=", "LD_LIBRARY_PATH=" + dir}, "python3", "-c", script)
	if strings.TrimSpace(out) != "libmath.so 42" {
		t.Fatalf("got %q, want %q", out, "libmath.so 42")
	}
}

// TestPythonMatchesHandWrittenCtypes runs the primer's own ctypes code
// beside the generated module on the same library: the same results.
func TestPythonMatchesHandWrittenCtypes(t *testing.T) {
	_, lib := buildLibmath(t)
	script := `import ctypes, sys, mathlib
lib = ctypes.CDLL(sys.argv[1])
lib.add.argtypes = [ctypes.c_int, ctypes.c_int]
lib.add.restype = ctypes.c_int
cases = [(2, 3), (-7, 7), (2**31 - 2, 1), (-2**31 + 1, -1), (0, 0), (123456, -654321)]
bad = [(a, b) for a, b in cases if lib.add(a, b) != mathlib.add(a, b)]
print("mismatches:", bad)`
	out := run(t, []string{"MATHLIB_LIBRARY=" + lib}, "python3", "-c", script, lib)
	if strings.TrimSpace(out) != "mismatches: []" {
		t.Fatal(out)
	}
}

// TestGeneratedIsCurrent fails when the generated files of this example
// differ from what bindgen writes now. `go test ./... -update` or
// `go generate ./examples/...` rewrites them. --lang=c writes nothing for
// an extern package: mathlib.h is the library's own.
func TestGeneratedIsCurrent(t *testing.T) {
	verb := "check"
	if *golden.Update {
		verb = "gen"
	}
	cmd := exec.Command("go", "run", "github.com/bindgen-dev/bindgen/cmd/bindgen", verb, "--lang=c,go,python", "mathlib.idl")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s\n%v: bindgen %s failed; if generated files are stale, run `go test ./examples/... -update`", out, err, verb)
	}
}

func run(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}
