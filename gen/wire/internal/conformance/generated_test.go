package conformance

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/bindgen-dev/bindgen/gen"
	gengo "github.com/bindgen-dev/bindgen/gen/go"
	genpython "github.com/bindgen-dev/bindgen/gen/python"
	genwire "github.com/bindgen-dev/bindgen/gen/wire"
	"github.com/bindgen-dev/bindgen/gen/wire/internal/knobs"
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
	golden.Check(t, "conformance.go", files["conformance.go"])
	// The codec twice: as generated (the default build) and with every
	// container of scalars calling the runtime's generic helpers, which
	// go test -tags wiregeneric puts in its place, so that the shared
	// vectors and every other test here run through both forms.
	golden.Check(t, "conformance_wire.go", append([]byte("//go:build !wiregeneric\n\n"), files["conformance_wire.go"]...))
	knobs.GoGeneric = true
	defer func() { knobs.GoGeneric = false }()
	generic := generateAll(t)["conformance_wire.go"]
	if bytes.Equal(generic, files["conformance_wire.go"]) {
		t.Error("the conformance codec is generic by default: the wiregeneric build tests nothing new")
	}
	golden.Check(t, "conformance_wire_generic.go", append([]byte("//go:build wiregeneric\n\n"), generic...))
}
