package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/parser"
)

// The IDL a library was built from, and the newer one its callers were
// generated from: Point gained a field, so the old library reads a
// shorter struct than the callers pass.
const (
	staleOldIDL = `package stale;

/// A point in space.
struct Point {
    x: f64 @1;
    y: f64 @2;
}

/// The squared length of p.
fn norm2(p: Point) -> f64;
`
	staleNewIDL = `package stale;

/// A point in space.
struct Point {
    w: f64 @3;
    x: f64 @1;
    y: f64 @2;
}

/// The squared length of p.
fn norm2(p: Point) -> f64;
`
	// The library's code for both versions: it names only x and y.
	staleLibC = `#define STALE_IMPLEMENTATION
#include "stale.h"

double stale_norm2(const stale_Point *p) { return p->x * p->x + p->y * p->y; }
`
	staleMain = `package main

import (
	"fmt"

	"example.com/stale/stale"
)

func main() { fmt.Println(stale.Norm2(stale.Point{W: 1, X: 5, Y: 12})) }
`
	// Links the generated package to the library in ../lib.
	staleLink = `package stale

// #cgo LDFLAGS: -L${SRCDIR}/../lib -lstale -Wl,-rpath,${SRCDIR}/../lib
import "C"
`
	stalePy = `import stale

print(stale.norm2(stale.Point(w=1.0, x=5.0, y=12.0)))
`
)

func abiHashOf(t *testing.T, src string) string {
	t.Helper()
	pkg, errs := parser.Load("stale.idl", []byte(src))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return cabi.ABIHashHex(cabi.ABIHash(pkg))
}

// buildStaleLib generates the header of src and builds libstale.so from
// it into dir/lib.
func buildStaleLib(t *testing.T, dir, src string) {
	t.Helper()
	gen := filepath.Join(dir, "libsrc")
	writeFile(t, filepath.Join(gen, "stale.idl"), src)
	writeFile(t, filepath.Join(gen, "stale.c"), staleLibC)
	if r := run(t, "", "gen", "--lang=c", "--out", gen, filepath.Join(gen, "stale.idl")); r.code != 0 {
		t.Fatalf("gen: %+v", r)
	}
	if err := os.MkdirAll(filepath.Join(dir, "lib"), 0o755); err != nil {
		t.Fatal(err)
	}
	runTool(t, gen, os.Environ(), "gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-o", filepath.Join(dir, "lib", "libstale.so"), "stale.c")
}

// TestABIHashRefusesAStaleLibrary builds a library from an older IDL and
// calls it through Go and Python bindings of the newer one: both refuse it
// at load with an error naming both hashes and saying to regenerate. The
// same bindings over a library built from the newer IDL work, so what
// fails is the check and nothing else.
func TestABIHashRefusesAStaleLibrary(t *testing.T) {
	oldHash, newHash := abiHashOf(t, staleOldIDL), abiHashOf(t, staleNewIDL)
	if oldHash == newHash {
		t.Fatalf("adding a field kept the hash %s", oldHash)
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "stale.idl"), staleNewIDL)
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/stale\n\ngo 1.26\n")
	writeFile(t, filepath.Join(dir, "main.go"), staleMain)
	writeFile(t, filepath.Join(dir, "stale", "link.go"), staleLink)
	writeFile(t, filepath.Join(dir, "py", "main.py"), stalePy)
	genAndCheck(t, "--lang=c,go", "--out", filepath.Join(dir, "stale"), filepath.Join(dir, "stale.idl"))
	genAndCheck(t, "--lang=python", "--out", filepath.Join(dir, "py"), filepath.Join(dir, "stale.idl"))
	lib := filepath.Join(dir, "lib", "libstale.so")
	goRun := func() (string, error) {
		cmd := exec.Command("go", "run", ".")
		cmd.Dir = dir
		cmd.Env = toolEnv()
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	pyRun := func() (string, error) {
		cmd := exec.Command("python3", "main.py")
		cmd.Dir = filepath.Join(dir, "py")
		cmd.Env = toolEnv("STALE_LIBRARY=" + lib)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	buildStaleLib(t, dir, staleOldIDL)
	wantGo := "stale: the C library was built from a different version of the IDL: its ABI hash is " + oldHash +
		", this package's is " + newHash + "; regenerate the bindings and rebuild the library from the same IDL"
	if out, err := goRun(); err == nil || !strings.Contains(out, wantGo) {
		t.Errorf("Go over the stale library: err %v, output:\n%s\nwant it to contain:\n%s", err, out, wantGo)
	} else {
		t.Logf("Go over the stale library: %v\n%s", err, out)
	}
	wantPy := "stale.LibraryNotLoadedError: stale: '" + lib + "' was built from a different version of the IDL: its ABI hash is " +
		oldHash + ", this module's is " + newHash + "; regenerate the bindings and rebuild the library from the same IDL"
	if out, err := pyRun(); err == nil || !strings.Contains(out, wantPy) {
		t.Errorf("Python over the stale library: err %v, output:\n%s\nwant it to contain:\n%s", err, out, wantPy)
	} else {
		t.Logf("Python over the stale library: %v\n%s", err, out)
	}

	buildStaleLib(t, dir, staleNewIDL)
	if out, err := goRun(); err != nil || strings.TrimSpace(out) != "169" {
		t.Errorf("Go over the current library: err %v, output:\n%s", err, out)
	}
	if out, err := pyRun(); err != nil || strings.TrimSpace(out) != "169.0" {
		t.Errorf("Python over the current library: err %v, output:\n%s", err, out)
	}
}
