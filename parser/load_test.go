package parser

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bindgen-dev/bindgen/idl"
)

// TestLoadTestdata proves every testdata IDL parses and checks.
func TestLoadTestdata(t *testing.T) {
	paths, _ := filepath.Glob("../testdata/*.idl")
	if len(paths) == 0 {
		t.Fatal("no testdata")
	}
	for _, p := range paths {
		_, src, errs := LoadFiles(p)
		if errs != nil {
			t.Errorf("%s:\n%s", p, idl.Format(errs, src))
		}
	}
}

func TestCalcModel(t *testing.T) {
	src, _ := os.ReadFile("../testdata/calc.idl")
	pkg, errs := Load("calc.idl", src)
	if errs != nil {
		t.Fatal(errs)
	}
	if pkg.Name != "calc" || len(pkg.Funcs) != 6 || len(pkg.Structs) != 3 || len(pkg.Objects) != 1 {
		t.Fatalf("unexpected model: %s funcs=%d structs=%d", pkg.Name, len(pkg.Funcs), len(pkg.Structs))
	}
	seg := pkg.Lookup["Segment"].(*idl.Struct)
	if seg.Fields[0].Type.Struct() != pkg.Lookup["Point"] {
		t.Error("Segment.from does not resolve to Point")
	}
	div := pkg.Lookup["divide"].(*idl.Func)
	if div.Raises.Kind != idl.KindError || div.Params[2].Type.Kind != idl.KindEnum {
		t.Error("divide types not resolved")
	}
	if got := pkg.Lookup["Polygon"].(*idl.Struct).Fields[3].Type.String(); got != "map<string, string>" {
		t.Errorf("labels type = %s", got)
	}
	if pkg.Doc[0] != "Arithmetic and geometry helpers, exposed to C, Go and Python." {
		t.Errorf("doc = %q", pkg.Doc)
	}
}
