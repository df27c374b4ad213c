package parser

import (
	"os"
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
	t.Log(describe(f))
	if got := len(f.Decls); got != 16 {
		t.Errorf("got %d decls, want 16", got)
	}
}
