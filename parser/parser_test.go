package parser

import (
	"os"
	"strings"
	"testing"
)

func TestParseCalc(t *testing.T) {
	src, err := os.ReadFile("../testdata/calc.idl")
	if err != nil {
		t.Fatal(err)
	}
	f, errs := Parse("calc.idl", src)
	if errs != nil {
		t.Fatal(errs)
	}
	if got := len(f.Decls); got != 16 {
		t.Errorf("got %d decls, want 16", got)
	}
}

func TestLexErrors(t *testing.T) {
	for src, want := range map[string]string{
		"package p; /* open":                    "t.idl:1:12: error: comment is not terminated: missing */",
		"package p;\nconst S: string = \"abc\n": "t.idl:2:19: error: string literal is not terminated",
		"package p; $":                          "t.idl:1:12: error: unexpected character '$'",
		"package p;\nfn f(":                     "t.idl:2:6: error: unexpected end of file",
	} {
		_, errs := Parse("t.idl", []byte(src))
		if errs == nil || !strings.HasPrefix(errs.Error(), want) {
			t.Errorf("Parse(%q) = %v, want %s", src, errs, want)
		}
	}
}

func TestCommentsAndDocs(t *testing.T) {
	src := "/// pkg doc\npackage p;\n//// four\n// plain\n/* block\n */\n/// doc for S\n///\n///   indented\nstruct S { /// doc for x\n x: i32 @1; }\n"
	ast, comments, errs := ParseAST("t.idl", []byte(src))
	if errs != nil {
		t.Fatal(errs)
	}
	if len(comments) != 3 || comments[0].Text != "//// four" || comments[2].Pos.Line != 5 {
		t.Errorf("comments = %+v", comments)
	}
	f, _ := Parse("t.idl", []byte(src))
	if got := f.Decls[0].DeclDoc(); len(got) != 3 || got[0] != "doc for S" || got[1] != "" || got[2] != "  indented" {
		t.Errorf("doc = %q", got)
	}
	if ast.Doc[0] != "/// pkg doc" {
		t.Errorf("package doc = %q", ast.Doc)
	}
}
