package parser_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/parser"
)

// seedFuzz adds every IDL file of the repository, valid and broken, to
// the fuzz corpus.
func seedFuzz(f *testing.F) {
	var files []string
	for _, pat := range []string{"../testdata/*.idl", "../testdata/errors/*.idl", "../examples/*/*.idl", "../examples/*/*/*.idl"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	if len(files) == 0 {
		f.Fatal("no seed files")
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(""))
	f.Add([]byte("package p; /* unterminated"))
	f.Add([]byte("package p; struct S { a: map<list<optional<S>>, S> @536870911; }"))
}

// FuzzParseCheck feeds arbitrary bytes to the parser and the checker: they
// must never panic; Parse returns a file, errors or both (a file that
// parsed but holds a bad value), never neither; Load returns a package or
// errors, never both or neither; and every error must format.
func FuzzParseCheck(f *testing.F) {
	seedFuzz(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		file, errs := parser.Parse("fuzz.idl", src)
		if file == nil && len(errs) == 0 {
			t.Fatalf("Parse returned neither a file nor errors")
		}
		if file != nil {
			_, cerrs := idl.Check(file)
			errs = append(errs, cerrs...)
		}
		pkg, lerrs := parser.Load("fuzz.idl", src)
		if (pkg == nil) == (len(lerrs) == 0) {
			t.Fatalf("Load returned package=%v with %d errors", pkg != nil, len(lerrs))
		}
		errs = append(errs, lerrs...)
		for _, e := range errs {
			if e.Msg == "" {
				t.Errorf("empty message at %s", e.Pos)
			}
		}
		_ = idl.Format(errs, map[string][]byte{"fuzz.idl": src})
	})
}
