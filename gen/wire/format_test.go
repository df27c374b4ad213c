package genwire

import (
	"bytes"
	"go/format"
	"path/filepath"
	"testing"

	"github.com/bindgen-dev/bindgen/parser"
)

// TestFormatChunks: formatting the Go codec in parts, cut at every
// top-level declaration, gives exactly the bytes of formatting it whole.
func TestFormatChunks(t *testing.T) {
	paths, _ := filepath.Glob("../../testdata/*.idl")
	more, _ := filepath.Glob("../../testdata/wire/*.idl")
	evo, _ := filepath.Glob("../../testdata/evolution/*/*.idl")
	paths = append(append(paths, more...), evo...)
	if len(paths) < 4 {
		t.Fatalf("found only %d IDL files", len(paths))
	}
	defer func(n int) { formatChunkSize = n }(formatChunkSize)
	formatChunkSize = 1 // every declaration its own chunk
	for _, path := range paths {
		pkg, _, errs := parser.LoadFiles(path)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", path, errs)
		}
		r := &goRenderer{l: NewLayout(pkg), pkg: pkg, goPk: pkg.Name, p: &printer{}}
		r.file()
		src := r.p.buf.Bytes()
		if len(r.p.marks) != len(r.l.Messages) {
			t.Fatalf("%s: %d marks for %d messages", path, len(r.p.marks), len(r.l.Messages))
		}
		whole, err := format.Source(src)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		parts, err := formatChunks(src, r.p.marks)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if !bytes.Equal(parts, whole) {
			t.Errorf("%s: formatting in %d parts differs from formatting whole", path, len(r.p.marks)+1)
		}
	}
}
