package genwire

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"
)

// TestGoRuntimeSplit checks that pruneGoRuntime's split of each runtime
// names every declaration go/parser finds in it: a declaration the split
// missed (two written without a blank line between them) would go when
// the file uses it alone, and the file would not build.
func TestGoRuntimeSplit(t *testing.T) {
	runtimes := map[string]string{
		"goRuntime": goRuntime, "goListFrame": goListFrame, "goScalarRuntime": goScalarRuntime,
		"goListRuntime": goListRuntime, "goMapRuntime": goMapRuntime, "goOptRuntime": goOptRuntime,
	}
	for name, rt := range runtimes {
		rt = strings.NewReplacer("$MAX_SIZE", "1", "$MAX_DEPTH", "1", "$MAX_COUNT", "1").Replace(rt)
		var split []string
		for _, d := range splitGoRuntime(rt) {
			split = append(split, d.names...)
		}
		f, err := parser.ParseFile(token.NewFileSet(), name+".go", "package x\n"+rt, 0)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var parsed []string
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				parsed = append(parsed, d.Name.Name)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						parsed = append(parsed, s.Name.Name)
					case *ast.ValueSpec:
						for _, n := range s.Names {
							parsed = append(parsed, n.Name)
						}
					}
				}
			}
		}
		slices.Sort(split)
		slices.Sort(parsed)
		if !slices.Equal(split, parsed) {
			t.Errorf("%s: the split names\n%v\ngo/parser finds\n%v", name, split, parsed)
		}
		if len(parsed) < 2 {
			t.Errorf("%s: only %d declarations", name, len(parsed))
		}
	}
}
