package genpython

import (
	"path/filepath"
	"testing"

	"github.com/bindgen-dev/bindgen/internal/namestest"
)

// TestNamesMatchOutput holds Names to what the generated module binds,
// read back with Python's ast module.
func TestNamesMatchOutput(t *testing.T) {
	for _, path := range []string{
		filepath.Join("..", "..", "testdata", "calc.idl"),
		filepath.Join("..", "..", "testdata", "conformance.idl"),
		filepath.Join("..", "c", "testdata", "callbacks.idl"),
		filepath.Join("..", "..", "testdata", "extern", "geom.idl"),
		filepath.Join("..", "..", "testdata", "extern", "vocab.idl"),
	} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			pkg := load(t, path)
			namestest.Check(t, "Python", Names(pkg), func(string) bool { return true }, namestest.Python(t, generate(t, pkg)))
		})
	}
}
