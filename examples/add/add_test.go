package add

import (
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/internal/golden"
)

func TestAdd(t *testing.T) {
	for _, c := range []struct{ a, b, want int32 }{
		{2, 3, 5},
		{-7, 7, 0},
		{math.MaxInt32, 1, math.MinInt32}, // wraps around, as in C
		{math.MinInt32, -1, math.MaxInt32},
	} {
		if got := Add(c.a, c.b); got != c.want {
			t.Errorf("Add(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestAddChecked(t *testing.T) {
	got, err := AddChecked(40, 2)
	if err != nil || got != 42 {
		t.Fatalf("AddChecked(40, 2) = %d, %v; want 42, nil", got, err)
	}
	_, err = AddChecked(math.MaxInt32, 1)
	if !errors.Is(err, AddErrorOverflow) {
		t.Fatalf("AddChecked(MaxInt32, 1) error = %v, want AddErrorOverflow", err)
	}
	var ae AddError
	if !errors.As(err, &ae) || ae != AddErrorOverflow {
		t.Fatalf("errors.As(%v) = %v", err, ae)
	}
}

// TestPython builds libadd.so from the same add.c with gcc and runs
// demo.py against it through the generated add.py, then type-checks both
// with mypy --strict.
func TestPython(t *testing.T) {
	lib := filepath.Join(t.TempDir(), "libadd.so")
	run(t, nil, "gcc", "-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-shared", "-fPIC", "-O2", "-o", lib, "add.c")
	out := run(t, []string{"ADD_LIBRARY=" + lib}, "python3", "demo.py")
	for _, want := range []string{
		"add(2, 3) = 5",
		"add(2**31 - 1, 1) = -2147483648",
		"add_checked(40, 2) = 42",
		"raised AddError: OVERFLOW 1",
		"add(2**40, 1) raised OverflowError",
		"add('2', 3) raised TypeError",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo.py output lacks %q:\n%s", want, out)
		}
	}
	run(t, []string{"MYPY_CACHE_DIR=" + filepath.Join(t.TempDir(), "mypy")}, "python3", "-m", "mypy", "--strict", "demo.py", "add.py")
}

// TestGeneratedIsCurrent fails when the generated files of this example
// differ from what bindgen writes now (after an edit to add.idl or to a
// backend). `go test ./... -update` (the golden files' flag) or
// `go generate ./examples/...` rewrites them.
func TestGeneratedIsCurrent(t *testing.T) {
	verb := "check"
	if *golden.Update {
		verb = "gen"
	}
	cmd := exec.Command("go", "run", "github.com/bindgen-dev/bindgen/cmd/bindgen", verb, "--lang=c,go,python", "add.idl")
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
