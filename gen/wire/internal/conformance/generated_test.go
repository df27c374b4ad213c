package conformance

import (
	"path/filepath"
	"testing"

	"github.com/bindgen-dev/bindgen/gen"
	gengo "github.com/bindgen-dev/bindgen/gen/go"
	genpython "github.com/bindgen-dev/bindgen/gen/python"
	genwire "github.com/bindgen-dev/bindgen/gen/wire"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/golden"
	"github.com/bindgen-dev/bindgen/parser"
)

// idlPath is the conformance IDL this package is generated from.
var idlPath = filepath.Join("..", "..", "..", "..", "testdata", "wire", "conformance.idl")

func load(t testing.TB) *idl.Package {
	t.Helper()
	pkg, src, errs := parser.LoadFiles(idlPath)
	if errs != nil {
		t.Fatalf("%s", idl.Format(errs, src))
	}
	return pkg
}

// generateAll runs the Go, Python and wire backends on the conformance IDL.
func generateAll(t testing.TB) map[string][]byte {
	t.Helper()
	pkg := load(t)
	var files []gen.File
	g, err := gengo.Generate(pkg, gengo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, g...)
	py, err := genpython.Generate(pkg, genpython.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, py...)
	w, err := genwire.Generate(pkg, genwire.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, w...)
	out := map[string][]byte{}
	for _, f := range files {
		out[f.Path] = f.Content
	}
	return out
}

// TestGeneratedIsCurrent keeps the checked-in generated code of this
// package equal to what the generators produce (-update rewrites it).
func TestGeneratedIsCurrent(t *testing.T) {
	files := generateAll(t)
	for _, name := range []string{"conformance.go", "conformance_wire.go"} {
		golden.Check(t, name, files[name])
	}
}
