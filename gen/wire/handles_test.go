package genwire_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	genpython "github.com/bindgen-dev/bindgen/gen/python"
	genwire "github.com/bindgen-dev/bindgen/gen/wire"
	"github.com/bindgen-dev/bindgen/parser"
)

// handlesIDL holds object handles directly (Held), through a list of
// structs (Indirect) and in a union case (Either); Plain and Outer hold
// none.
const handlesIDL = `package handles;

object Session { new(); }

struct Plain { x: i32 @1; }
struct Held { name: string @1; s: optional<Session> @2; }
struct Indirect { items: list<Held> @1; }
union Either { plain: Plain @1; indirect: Indirect @2; }
struct Outer { p: Plain @1; ps: map<string, Plain> @2; }
`

// TestHandlesNotEncodable: a struct or union that holds an object handle
// at any depth gets no codec (a handle means nothing in another process),
// every file says so, and the rest of the package still gets codecs that
// compile in C and in Go next to the Go types that do hold handles.
func TestHandlesNotEncodable(t *testing.T) {
	pkg, errs := parser.Load("handles.idl", []byte(handlesIDL))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	l := genwire.NewLayout(pkg)
	if want := []string{"Held", "Indirect", "Either"}; !reflect.DeepEqual(l.Skipped, want) {
		t.Errorf("Skipped = %q, want %q", l.Skipped, want)
	}
	var encodable []string
	for _, m := range l.Messages {
		encodable = append(encodable, m.Name)
	}
	if want := []string{"Plain", "Outer"}; !reflect.DeepEqual(encodable, want) {
		t.Errorf("Messages = %q, want %q", encodable, want)
	}
	files, err := genwire.Generate(pkg, genwire.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".c") {
			continue // the note is in the header
		}
		flat := strings.Join(strings.Fields(string(f.Content)), " ")
		flat = strings.NewReplacer("// ", "", " * ", " ").Replace(flat)
		if !strings.Contains(flat, "Not encodable: Held, Indirect and Either hold object handles") {
			t.Errorf("%s does not say which types have no codec", f.Path)
		}
		for _, name := range []string{"Held", "Indirect", "Either"} {
			py := "encode_" + strings.ToLower(name)
			for _, fn := range []string{py, "handles_" + name + "_wire_encode", "func (x *" + name + ") AppendWire", "func (x " + name + "Plain) AppendWire"} {
				if strings.Contains(string(f.Content), fn) {
					t.Errorf("%s has %s", f.Path, fn)
				}
			}
		}
	}

	dir := t.TempDir()
	h, wire := cFiles(t, pkg)
	writeFiles(t, dir, append(wire, h)...)
	run(t, dir, "gcc", "-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-c", "handles_wire.c", "-o", "wire.o")

	// The Python codec type-checks next to the module whose dataclasses
	// hold the objects.
	pdir := t.TempDir()
	py, err := genpython.Generate(pkg, genpython.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(py, files...) {
		if strings.HasSuffix(f.Path, ".py") {
			writeFiles(t, pdir, f)
		}
	}
	mypy := exec.Command("python3", "-m", "mypy", "--strict", "handles.py", "handles_wire.py")
	mypy.Dir = pdir
	mypy.Env = append(os.Environ(), "MYPY_CACHE_DIR="+filepath.Join(pdir, ".mypy_cache"))
	if out, err := mypy.CombinedOutput(); err != nil {
		t.Fatalf("mypy --strict: %v\n%s", err, out)
	}

	gdir := t.TempDir()
	writeGo(t, gdir, pkg, "handles")
	if err := os.WriteFile(filepath.Join(gdir, "go.mod"), []byte("module handles\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "vet", ".")
	cmd.Dir = gdir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet of the Go types and codec: %v\n%s", err, out)
	}
}
