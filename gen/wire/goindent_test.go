package genwire

import (
	"bytes"
	"fmt"
	"go/format"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/diff"
	"github.com/bindgen-dev/bindgen/internal/randidl"
	"github.com/bindgen-dev/bindgen/parser"
)

// TestGoIndentIsGofmt: the Go codec is written without go/format, so it
// must already be what go/format prints: on every IDL of testdata and on
// random ones. A renderer change that gofmt would reflow fails here with
// the first differing lines.
func TestGoIndentIsGofmt(t *testing.T) {
	paths, _ := filepath.Glob("../../testdata/*.idl")
	more, _ := filepath.Glob("../../testdata/wire/*.idl")
	evo, _ := filepath.Glob("../../testdata/evolution/*/*.idl")
	paths = append(append(paths, more...), evo...)
	if len(paths) < 4 {
		t.Fatalf("found only %d IDL files", len(paths))
	}
	pkgs := map[string]*idl.Package{}
	for _, path := range paths {
		pkg, _, errs := parser.LoadFiles(path)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", path, errs)
		}
		pkgs[path] = pkg
	}
	// Long names: gofmt splits a one-line function past 100 columns.
	long := "package longnames;\nstruct " + strings.Repeat("Abcdefghij", 4) + " { x: i32 @1; }\nunion " + strings.Repeat("Klmnopqrst", 4) + " { a: i32 @1; b @2; }\n"
	pkg, errs := parser.Load("long.idl", []byte(long))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	pkgs["long names"] = pkg
	seeds := 40
	if testing.Short() {
		seeds = 8
	}
	// The wire codecs refuse callbacks; every other construct is drawn.
	var cs []randidl.Construct
	for _, c := range randidl.All {
		if c != randidl.Callbacks {
			cs = append(cs, c)
		}
	}
	for seed := range seeds {
		res, err := randidl.Generate(uint64(seed), randidl.Options{Constructs: cs})
		if err != nil {
			t.Fatal(err)
		}
		pkgs[fmt.Sprintf("random seed %d", seed)] = res.Pkg
	}
	for name, pkg := range pkgs {
		f, err := renderGo(NewLayout(pkg), pkg, pkg.Name, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := format.Source(f.Content)
		if err != nil {
			t.Fatalf("%s: the Go codec does not parse: %v\n%s", name, err, f.Content)
		}
		if !bytes.Equal(f.Content, want) {
			t.Errorf("%s: gofmt changes the Go codec (-gofmt +generated):\n%s", name, diff.Unified("gofmt", "generated", want, f.Content))
		}
	}
}

// TestGoIndent pins the indentation rules on small inputs, including the
// text goIndent must leave alone (strings, runes, comments, raw strings).
func TestGoIndent(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"func f() {\nx := 1\n}\n", "func f() {\n\tx := 1\n}\n"},
		{"switch x {\ncase 1:\nf()\ndefault:\n}\n", "switch x {\ncase 1:\n\tf()\ndefault:\n}\n"},
		{"if a {\n} else {\nb()\n}\n", "if a {\n} else {\n\tb()\n}\n"},
		{"f(\"{\", '{', x) // {\ny()\n", "f(\"{\", '{', x) // {\ny()\n"},
		{"s := `a\n  {b\n`\nt()\n", "s := `a\n  {b\n`\nt()\n"},
		{"x := \"\\\"{\"\ny()\n", "x := \"\\\"{\"\ny()\n"},
		{"a()\n\n\n\nb()\n\n", "a()\n\nb()\n"},
		{"var (\nx = []int{\n1,\n}\n)\n", "var (\n\tx = []int{\n\t\t1,\n\t}\n)\n"},
		// A line opening several brackets indents the next by one tab.
		{"{\nf(g(func() {\nx()\n}))\ny()\n}\n", "{\n\tf(g(func() {\n\t\tx()\n\t}))\n\ty()\n}\n"},
		{"{\nf(a, func() {\nx()\n}, b)\ny()\n}\n", "{\n\tf(a, func() {\n\t\tx()\n\t}, b)\n\ty()\n}\n"},
		{"f(func() {\nif a {\nx()\n}\n})\n", "f(func() {\n\tif a {\n\t\tx()\n\t}\n})\n"},
	} {
		if got := string(goIndent([]byte(tc.in))); got != tc.want {
			t.Errorf("goIndent(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
