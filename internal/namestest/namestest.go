// Package namestest reads back the identifiers that generated Go, Python
// and C files really declare, with each language's own tools (go/parser,
// Python's ast module, clang and the C preprocessor), so that a backend's
// tests can hold its Names list to its output.
package namestest

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/gen"
)

// Decl is one identifier in a scope, spelled like gen.Name's Scope and
// Ident.
type Decl struct{ Scope, Ident string }

// Check compares names, the list of a backend for the files of lang that
// satisfy keep, with decls, what those files declare: every listed name
// must be declared (in its scope), and every declaration at the top
// level must be listed (members are listed only where IDL names reach).
func Check(t *testing.T, lang string, names []gen.Name, keep func(file string) bool, decls map[Decl]bool) {
	t.Helper()
	listed := map[Decl]bool{}
	for _, n := range names {
		if n.Lang != lang || !keep(n.File) {
			continue
		}
		d := Decl{n.Scope, n.Ident}
		listed[d] = true
		if !decls[d] && !n.Reserved {
			t.Errorf("%s: Names lists %q (scope %q, %s) but the output does not declare it", lang, n.Ident, n.Scope, n.What)
		}
	}
	var missed []string
	for d := range decls {
		if d.Scope == "" && !listed[d] {
			missed = append(missed, d.Ident)
		}
	}
	sort.Strings(missed)
	for _, m := range missed {
		t.Errorf("%s: the output declares %q, which Names does not list", lang, m)
	}
}

// Go returns the exported package-scope identifiers of the Go sources, and
// the exported fields and methods of their types (scope "type T").
func Go(t *testing.T, srcs ...[]byte) map[Decl]bool {
	t.Helper()
	out := map[Decl]bool{}
	for _, src := range srcs {
		f, err := parser.ParseFile(token.NewFileSet(), "x.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		add := func(scope string, id *ast.Ident) {
			if id.IsExported() {
				out[Decl{scope, id.Name}] = true
			}
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					add("", d.Name)
					continue
				}
				rt := d.Recv.List[0].Type
				if s, ok := rt.(*ast.StarExpr); ok {
					rt = s.X
				}
				if id, ok := rt.(*ast.Ident); ok {
					add("type "+id.Name, d.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						add("", s.Name)
						if st, ok := s.Type.(*ast.StructType); ok {
							for _, fl := range st.Fields.List {
								for _, n := range fl.Names {
									add("type "+s.Name.Name, n)
								}
							}
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							add("", n)
						}
					}
				}
			}
		}
	}
	return out
}

const pyScript = `
import ast, sys
t = ast.parse(sys.stdin.read())
def walk(body):
    for n in body:
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            print("", n.name, sep="\t")
        elif isinstance(n, ast.ClassDef):
            print("", n.name, sep="\t")
            for m in n.body:
                if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    print("class " + n.name, m.name, sep="\t")
        elif isinstance(n, ast.Assign):
            for tg in n.targets:
                if isinstance(tg, ast.Name):
                    print("", tg.id, sep="\t")
        elif isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name):
            print("", n.target.id, sep="\t")
        elif isinstance(n, ast.ImportFrom) and n.module == "__future__":
            pass  # a compiler directive: a later binding of the name is harmless
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            for a in n.names:
                print("", (a.asname or a.name).split(".")[0], sep="\t")
        elif isinstance(n, ast.If):
            walk(n.body); walk(n.orelse)
        elif isinstance(n, ast.Try):
            walk(n.body)
            for h in n.handlers:
                walk(h.body)
            walk(n.orelse); walk(n.finalbody)
walk(t.body)
`

// Python returns the names a Python module binds at module scope (also in
// its top-level if and try blocks) and the methods of its classes (scope
// "class C"), without the private ones (a leading underscore).
func Python(t *testing.T, src []byte) map[Decl]bool {
	t.Helper()
	cmd := exec.Command("python3", "-c", pyScript)
	cmd.Stdin = bytes.NewReader(src)
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	out := map[Decl]bool{}
	for _, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		scope, ident, _ := strings.Cut(line, "\t")
		if ident != "" && !strings.HasPrefix(ident, "_") {
			out[Decl{scope, ident}] = true
		}
	}
	return out
}

// C returns every identifier and macro that the header main declares
// (with the files beside it in files, written to a temporary directory)
// whose name starts with prefix, case-insensitively: the package's
// names, not the system headers'. impl, when not empty, is the macro
// that turns on the header's implementation section.
func C(t *testing.T, files []gen.File, main, prefix, impl string) map[Decl]bool {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Path), f.Content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := map[Decl]bool{}
	keep := func(name string) {
		if strings.HasPrefix(strings.ToLower(name), strings.ToLower(prefix)) {
			out[Decl{"", name}] = true
		}
	}
	h := filepath.Join(dir, main)
	var defs []string
	if impl != "" {
		defs = append(defs, "-D"+impl)
	}
	macros, err := exec.Command("gcc", append(append([]string{"-std=c99", "-E", "-dM"}, defs...), h)...).Output()
	if err != nil {
		t.Fatalf("gcc -dM: %v", err)
	}
	for _, line := range strings.Split(string(macros), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "#define" {
			name, _, _ := strings.Cut(f[1], "(")
			keep(name)
		}
	}
	dump, err := exec.Command("clang", append(append([]string{"-std=c99", "-fsyntax-only", "-Xclang", "-ast-dump=json"}, defs...), h)...).Output()
	if err != nil {
		t.Fatalf("clang -ast-dump: %v", err)
	}
	var tu struct {
		Inner []struct {
			Kind string `json:"kind"`
			Name string `json:"name"`
		} `json:"inner"`
	}
	if err := json.Unmarshal(dump, &tu); err != nil {
		t.Fatal(err)
	}
	for _, d := range tu.Inner {
		switch d.Kind {
		case "FunctionDecl", "TypedefDecl", "RecordDecl", "VarDecl", "EnumDecl", "EnumConstantDecl":
			keep(d.Name)
		}
	}
	return out
}
