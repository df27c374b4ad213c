package genwire_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"testing"
)

// goUnitFunc matches the functions of a list, map or optional unit.
var goUnitFunc = regexp.MustCompile(`^wire(Enc|Size|Dec)(List|Map|Opt)_`)

// TestGoUnitsCalled checks that every unit function of the Go codec is
// called from somewhere else in the file: a unit nothing calls is dead code
// (staticcheck U1000), as optional<T> was when T appeared only as an
// optional struct field, whose code is written inline.
func TestGoUnitsCalled(t *testing.T) {
	idls := map[string]string{
		"conformance":      filepath.Join("..", "..", "testdata", "conformance.idl"),
		"wire_conformance": goldenIDLs["wire_conformance"],
		"calc":             goldenIDLs["calc"],
	}
	for name, path := range idls {
		t.Run(name, func(t *testing.T) {
			var src []byte
			for p, b := range generate(t, path) {
				if filepath.Ext(p) == ".go" {
					src = b
				}
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "wire.go", src, 0)
			if err != nil {
				t.Fatal(err)
			}
			units := map[string]token.Pos{}
			calls := map[string]int{}
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Recv != nil || !goUnitFunc.MatchString(fd.Name.Name) {
					continue
				}
				units[fd.Name.Name] = fd.Pos()
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok && id.Name != fd.Name.Name {
						calls[id.Name]++
					}
					return true
				})
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if fd, ok := n.(*ast.FuncDecl); ok && fd.Recv == nil && goUnitFunc.MatchString(fd.Name.Name) {
					return false // counted above, without its own name
				}
				if id, ok := n.(*ast.Ident); ok {
					calls[id.Name]++
				}
				return true
			})
			if len(units) == 0 {
				t.Fatal("no list, map or optional units: the check would check nothing")
			}
			for u, pos := range units {
				if calls[u] == 0 {
					t.Errorf("%s: %s is never called", fset.Position(pos), u)
				}
			}
		})
	}
}
