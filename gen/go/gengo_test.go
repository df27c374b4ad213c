package gengo_test

import (
	"path/filepath"
	"strings"
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

// goldenIDLs are the testdata IDL files whose Go output is checked in:
// every testdata/*.idl.
func goldenIDLs(t *testing.T) []string {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*.idl"))
	if len(paths) == 0 {
		t.Fatal("no testdata/*.idl")
	}
	var names []string
	for _, p := range paths {
		names = append(names, strings.TrimSuffix(filepath.Base(p), ".idl"))
	}
	return names
}

func TestGolden(t *testing.T) {
	for _, name := range goldenIDLs(t) {
		for _, f := range generate(t, name) {
			golden.Check(t, filepath.Join("..", "..", "golden", name, f.Path+".golden"), f.Content)
		}
	}
	// The callbacks IDL sits beside its C library in gen/c/testdata (the
	// backends without callbacks refuse it).
	pkg, src, errs := parser.LoadFiles(filepath.Join("..", "c", "testdata", "callbacks.idl"))
	if errs != nil {
		t.Fatalf("%s", idl.Format(errs, src))
	}
	files, err := gengo.Generate(pkg, gengo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		golden.Check(t, filepath.Join("..", "..", "golden", "callbacks", f.Path+".golden"), f.Content)
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
}
