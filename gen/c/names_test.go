package genc

import (
	"path/filepath"
	"testing"

	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/internal/namestest"
)

// TestNamesMatchOutput holds Names to what the header declares, read back
// by clang (identifiers) and the preprocessor (macros), with the
// implementation section on.
func TestNamesMatchOutput(t *testing.T) {
	for _, path := range []string{
		filepath.Join("..", "..", "testdata", "calc.idl"),
		filepath.Join("..", "..", "testdata", "conformance.idl"),
		filepath.Join("testdata", "callbacks.idl"),
	} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			pkg, h := header(t, path)
			decls := namestest.C(t, []gen.File{{Path: pkg.Name + ".h", Content: h}}, pkg.Name+".h", cabi.Prefix(pkg), cabi.ImplementationMacro(pkg))
			namestest.Check(t, "C", Names(pkg), func(string) bool { return true }, decls)
		})
	}
}
