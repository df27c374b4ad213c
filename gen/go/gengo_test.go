package gengo_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bindgen-dev/bindgen/gen"
	gengo "github.com/bindgen-dev/bindgen/gen/go"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/golden"
	"github.com/bindgen-dev/bindgen/parser"
)

// generate loads testdata/<name>.idl and runs the Go backend on it.
func generate(t testing.TB, name string) []gen.File {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", name+".idl")
	pkg, src, errs := parser.LoadFiles(path)
	if errs != nil {
		t.Fatalf("%s", idl.Format(errs, src))
	}
	files, err := gengo.Generate(pkg, gengo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// goldenIDLs are the testdata IDL files whose Go output is checked in.
var goldenIDLs = []string{"calc"}

func TestGolden(t *testing.T) {
	for _, name := range goldenIDLs {
		for _, f := range generate(t, name) {
			golden.Check(t, filepath.Join("..", "..", "golden", name, f.Path+".golden"), f.Content)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := generate(t, "calc")
	b := generate(t, "calc")
	for i := range a {
		if string(a[i].Content) != string(b[i].Content) {
			t.Errorf("%s differs between runs", a[i].Path)
		}
	}
	_ = os.Stdout
}
