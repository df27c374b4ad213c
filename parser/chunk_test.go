package parser_test

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/synth"
	"github.com/bindgen-dev/bindgen/parser"
)

// parseBoth parses src whole and in pieces.
func parseBoth(t *testing.T, name string, src []byte) (whole, pieces *idl.File, wholeErrs, piecesErrs idl.ErrorList) {
	t.Helper()
	restore := parser.SetChunkMin(1 << 62)
	whole, wholeErrs = parser.Parse(name, src)
	restore()
	defer parser.SetChunkMin(1)()
	pieces, piecesErrs = parser.Parse(name, src)
	return
}

// TestChunkedParseSame: a file parsed in pieces at once lowers to exactly
// what the whole parse gives, and a broken file reports the same errors.
func TestChunkedParseSame(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	var paths []string
	for _, pat := range []string{"*.idl", "errors/*.idl", "wire/*.idl", "evolution/*/*.idl"} {
		m, _ := filepath.Glob(filepath.Join("..", "testdata", pat))
		paths = append(paths, m...)
	}
	if len(paths) < 10 {
		t.Fatalf("only %d testdata files", len(paths))
	}
	srcs := map[string][]byte{"synth.idl": synth.Generate(2000, synth.BenchSeed).IDL}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		srcs[p] = b
	}
	// Broken at the end, in the middle, and between declarations.
	syn := srcs["synth.idl"]
	srcs["broken-end.idl"] = append(append([]byte{}, syn...), "struct {"...)
	srcs["broken-mid.idl"] = append(append(append([]byte{}, syn[:len(syn)/2]...), "@@@"...), syn[len(syn)/2:]...)
	srcs["dangling-doc.idl"] = append(append([]byte{}, syn...), "/// no declaration\n"...)
	// A broken piece makes Parse fall back to the whole parse, which would
	// hide a splitter that never works: valid files must parse in pieces.
	restore := parser.SetChunkMin(1)
	for _, name := range []string{"synth.idl", filepath.Join("..", "testdata", "calc.idl"), filepath.Join("..", "testdata", "conformance.idl"), filepath.Join("..", "testdata", "wire", "conformance.idl")} {
		if !parser.ParsedInPieces(name, srcs[name]) {
			t.Errorf("%s was not parsed in pieces", name)
		}
	}
	restore()
	for name, src := range srcs {
		whole, pieces, we, pe := parseBoth(t, name, src)
		if !reflect.DeepEqual(we, pe) {
			t.Errorf("%s: errors differ:\nwhole:  %v\npieces: %v", name, we, pe)
		}
		if !reflect.DeepEqual(whole, pieces) {
			t.Errorf("%s: lowered files differ", name)
		}
	}
}
