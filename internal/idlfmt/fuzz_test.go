package idlfmt

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bindgen-dev/bindgen/parser"
)

// FuzzFormat checks, on whatever parses, that formatting keeps every token
// and comment, parses back, and is idempotent.
func FuzzFormat(f *testing.F) {
	var files []string
	for _, pat := range []string{"../../testdata/*.idl", "../../testdata/errors/*.idl", "testdata/*.input"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if _, _, errs := parser.ParseAST("f.idl", src); len(errs) > 0 {
			return
		}
		out, errs := Source("f.idl", src)
		if len(errs) > 0 {
			t.Fatalf("parsed input failed to format: %v", errs)
		}
		checkFormatted(t, "f.idl", src, out)
	})
}
