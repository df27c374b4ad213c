package gengo_test

import (
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"

	gengo "github.com/bindgen-dev/bindgen/gen/go"
	"github.com/bindgen-dev/bindgen/idl"
	idlparser "github.com/bindgen-dev/bindgen/parser"
)

// allIDLs returns every valid IDL this package's tests know: testdata's and
// the Go backend's own.
func allIDLs(t *testing.T) []string {
	var out []string
	for _, pat := range []string{"../../testdata/*.idl", "testdata/*/*.idl", "testdata/roundtrip/*/*.idl", "../c/testdata/callbacks.idl"} {
		m, _ := filepath.Glob(pat)
		out = append(out, m...)
	}
	if len(out) == 0 {
		t.Fatal("no IDL files")
	}
	return out
}

// TestEveryExportedIdentifierDocumented parses the generated Go and fails
// for any exported type, function, method, constant, variable or struct
// field without a doc comment, and for output that gofmt would change.
func TestEveryExportedIdentifierDocumented(t *testing.T) {
	for _, path := range allIDLs(t) {
		pkg, src, errs := idlparser.LoadFiles(path)
		if errs != nil {
			t.Fatalf("%s", idl.Format(errs, src))
		}
		files, err := gengo.Generate(pkg, gengo.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			name := filepath.Base(path) + " → " + f.Path
			if again, err := format.Source(f.Content); err != nil || string(again) != string(f.Content) {
				t.Errorf("%s is not gofmt-clean (%v)", name, err)
			}
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, f.Path, f.Content, parser.ParseComments)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			undocumented := func(pos token.Pos, what string) {
				t.Errorf("%s: %s: %s has no doc comment", name, fset.Position(pos), what)
			}
			for _, d := range file.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Name.IsExported() && d.Doc == nil {
						undocumented(d.Pos(), d.Name.Name)
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						switch s := s.(type) {
						case *ast.TypeSpec:
							if s.Name.IsExported() && d.Doc == nil && s.Doc == nil {
								undocumented(s.Pos(), s.Name.Name)
							}
							if st, ok := s.Type.(*ast.StructType); ok {
								for _, fl := range st.Fields.List {
									for _, n := range fl.Names {
										if n.IsExported() && fl.Doc == nil {
											undocumented(n.Pos(), s.Name.Name+"."+n.Name)
										}
									}
								}
							}
						case *ast.ValueSpec:
							for _, n := range s.Names {
								if n.IsExported() && s.Doc == nil && (d.Doc == nil || d.Lparen.IsValid()) {
									undocumented(n.Pos(), n.Name)
								}
							}
						}
					}
				}
			}
		}
	}
}
