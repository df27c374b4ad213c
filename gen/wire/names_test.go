package genwire_test

import (
	"path/filepath"
	"strings"
	"testing"

	genc "github.com/bindgen-dev/bindgen/gen/c"
	genwire "github.com/bindgen-dev/bindgen/gen/wire"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/internal/namestest"
)

// TestNamesMatchOutput holds Names to what the codecs declare, read back
// with go/parser, Python's ast module, and clang and the preprocessor on
// the C codec header (with the header it includes): a name the codecs
// declare and Names misses would escape the collision check, and one
// Names invents would reject a good IDL.
func TestNamesMatchOutput(t *testing.T) {
	for _, path := range []string{
		filepath.Join("..", "..", "testdata", "calc.idl"),
		filepath.Join("..", "..", "testdata", "wire", "conformance.idl"),
	} {
		t.Run(filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path), func(t *testing.T) {
			pkg := loadIDL(t, path)
			files := generate(t, path)
			names := genwire.Names(pkg)
			is := func(suffix string) func(string) bool {
				return func(f string) bool { return strings.HasSuffix(f, suffix) }
			}
			namestest.Check(t, "Go", names, is("_wire.go"), namestest.Go(t, files[pkg.Name+"_wire.go"]))
			namestest.Check(t, "Python", names, is("_wire.py"), namestest.Python(t, files[pkg.Name+"_wire.py"]))
			h, wire := cFiles(t, pkg)
			c := append(wire, h)
			all := append(names, genc.Names(pkg)...)
			namestest.Check(t, "C", all, func(string) bool { return true },
				namestest.C(t, c, pkg.Name+"_wire.h", cabi.Prefix(pkg), cabi.ImplementationMacro(pkg)))
		})
	}
}
