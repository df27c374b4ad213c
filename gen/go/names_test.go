package gengo_test

import (
	"path/filepath"
	"testing"

	gengo "github.com/bindgen-dev/bindgen/gen/go"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/namestest"
	"github.com/bindgen-dev/bindgen/parser"
)

// TestNamesMatchOutput holds Names to what the generated Go files declare,
// read back with go/parser: the package scope of all of them together,
// and the fields and methods Names lists.
func TestNamesMatchOutput(t *testing.T) {
	for _, path := range []string{
		filepath.Join("..", "..", "testdata", "calc.idl"),
		filepath.Join("..", "..", "testdata", "conformance.idl"),
		filepath.Join("..", "c", "testdata", "callbacks.idl"),
		filepath.Join("..", "..", "testdata", "extern", "geom.idl"),
		filepath.Join("..", "..", "testdata", "extern", "vocab.idl"),
	} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			pkg, src, errs := parser.LoadFiles(path)
			if errs != nil {
				t.Fatalf("%s", idl.Format(errs, src))
			}
			files, err := gengo.Generate(pkg, gengo.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var srcs [][]byte
			for _, f := range files {
				srcs = append(srcs, f.Content)
			}
			namestest.Check(t, "Go", gengo.Names(pkg), func(string) bool { return true }, namestest.Go(t, srcs...))
		})
	}
}
