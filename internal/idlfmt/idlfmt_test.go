package idlfmt

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bindgen-dev/bindgen/internal/golden"
	"github.com/bindgen-dev/bindgen/parser"
)

// TestGolden formats each testdata/*.input and compares it with its
// .golden file.
func TestGolden(t *testing.T) {
	inputs, _ := filepath.Glob("testdata/*.input")
	if len(inputs) == 0 {
		t.Fatal("no inputs")
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			out, errs := Source(in, src)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			golden.Check(t, strings.TrimSuffix(in, ".input")+".golden", out)
			checkFormatted(t, in, src, out)
		})
	}
}

// TestIdempotentOnRepository formats every IDL file of the repository
// that parses: formatting must keep every token and comment, and
// formatting the result again must change nothing.
func TestIdempotentOnRepository(t *testing.T) {
	var files []string
	for _, pat := range []string{"../../testdata/*.idl", "../../testdata/*/*.idl", "../../examples/*/*.idl", "../../examples/*/*/*.idl", "testdata/*.input"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	n := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, errs := parser.ParseAST(f, src); len(errs) > 0 {
			continue // the diagnostics corpus holds files that do not parse
		}
		n++
		out, errs := Source(f, src)
		if len(errs) > 0 {
			t.Errorf("%s: %v", f, errs)
			continue
		}
		checkFormatted(t, f, src, out)
	}
	if n == 0 {
		t.Fatal("no IDL files found")
	}
}

// checkFormatted checks out = fmt(src): same tokens but for trailing
// commas, same comments, and fmt(out) == out.
func checkFormatted(t *testing.T, name string, src, out []byte) {
	t.Helper()
	if diff := cmp.Diff(tokens(t, src), tokens(t, out)); diff != "" {
		t.Errorf("%s: formatting changed the tokens (-src +out):\n%s", name, diff)
	}
	if diff := cmp.Diff(comments(t, src), comments(t, out)); diff != "" {
		t.Errorf("%s: formatting changed the comments (-src +out):\n%s", name, diff)
	}
	again, errs := Source(name, out)
	if len(errs) > 0 {
		t.Fatalf("%s: formatted output does not parse: %v\n%s", name, errs, out)
	}
	if diff := cmp.Diff(string(out), string(again)); diff != "" {
		t.Errorf("%s: not idempotent (-fmt +fmt(fmt)):\n%s", name, diff)
	}
}

// tokens returns the significant tokens of src, without the commas that
// end a parameter list (the formatter drops them).
func tokens(t *testing.T, src []byte) []string {
	ast, cs, errs := parser.ParseAST("x", src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	_ = ast
	lx, err := parser.Lexer.Lex("x", strings.NewReader(string(src)))
	if err != nil {
		t.Fatal(err)
	}
	skip := map[int]bool{}
	for _, c := range cs {
		skip[c.Pos.Offset] = true
	}
	var out []string
	for {
		tok, err := lx.Next()
		if err != nil {
			t.Fatal(err)
		}
		if tok.EOF() {
			break
		}
		if skip[tok.Pos.Offset] || strings.TrimSpace(tok.Value) == "" {
			continue
		}
		if strings.HasPrefix(tok.Value, "///") {
			out = append(out, strings.TrimRight(tok.Value, " \t\r\f\v"))
			continue
		}
		out = append(out, tok.Value)
	}
	var res []string
	for i, s := range out {
		if s == "," && i+1 < len(out) && out[i+1] == ")" {
			continue
		}
		res = append(res, s)
	}
	return res
}

// comments returns the ordinary comments of src, sorted (the formatter may
// move a comment out of a one-line construct, changing the order).
func comments(t *testing.T, src []byte) []string {
	_, cs, errs := parser.ParseAST("x", src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var out []string
	for _, c := range cs {
		out = append(out, strings.TrimRight(c.Text, " \t\r\f\v"))
	}
	sort.Strings(out)
	return out
}

func TestMessyInputs(t *testing.T) {
	for _, src := range []string{
		"package p;",
		"package p;//c",
		"/*a*/package/*b*/p/*c*/;/*d*/",
		"package p; fn f(/* none */);",
		"package p;\nstruct S { // s\n}\n",
		"package p;\n\n\n\n// far\n\n\n\nconst X: bool = true;\n\n\n",
		"package p;\nenum E { A = 1; /* multi\nline */ B = 2; }",
		"package p;\nobject O { /// d\n new(); fn f() -> list<O>; }",
		"package p; const S: string = \"a // not a comment /* */\";",
		"/// only doc\n/// two\npackage p;\n",
		"package p;\nstruct E {}\nunion U {  none   @1 ; /// d\n e :E@2; }",
		"package p;\nstruct S {\n  a: i32 @1; // one\n  // alone\n\n  b: i32 @2; /* two */ /* three */\n}\n",
	} {
		out, errs := Source("m.idl", []byte(src))
		if len(errs) > 0 {
			t.Errorf("%q: %v", src, errs)
			continue
		}
		checkFormatted(t, src, []byte(src), out)
	}
}
