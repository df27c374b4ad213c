package genrpc_test

import (
	"path/filepath"
	"strings"
	"testing"

	genrpc "github.com/bindgen-dev/bindgen/gen/rpc"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/internal/namestest"
)

// TestNamesMatchOutput holds Names to what the RPC files declare, read
// back with go/parser, Python's ast module, and clang and the
// preprocessor.
func TestNamesMatchOutput(t *testing.T) {
	for _, path := range []string{"../../testdata/calc.idl", "../../testdata/conformance.idl"} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			plan, err := genrpc.NewPlan(load(t, path))
			if err != nil {
				t.Fatal(err)
			}
			pkg := plan.Pkg
			files, err := genrpc.Generate(plan, genrpc.Options{})
			if err != nil {
				t.Fatal(err)
			}
			byName := map[string][]byte{}
			for _, f := range files {
				byName[f.Path] = f.Content
			}
			names := genrpc.Names(plan)
			is := func(suffixes ...string) func(string) bool {
				return func(f string) bool {
					for _, s := range suffixes {
						if strings.HasSuffix(f, s) {
							return true
						}
					}
					return false
				}
			}
			namestest.Check(t, "Go", names, is("_rpc.go", "_rpc_cgo.go"), namestest.Go(t, byName[pkg.Name+"_rpc.go"], byName[pkg.Name+"_rpc_cgo.go"]))
			namestest.Check(t, "Python", names, is("_rpc.py"), namestest.Python(t, byName[pkg.Name+"_rpc.py"]))
			namestest.Check(t, "C", names, is("_rpc.h"), namestest.C(t, files, pkg.Name+"_rpc.h", cabi.Prefix(pkg), ""))
		})
	}
}
