package main

import (
	"bytes"
	"errors"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	genrpc "github.com/bindgen-dev/bindgen/gen/rpc"
	"github.com/bindgen-dev/bindgen/internal/diff"
	"github.com/bindgen-dev/bindgen/parser"
)

// FuzzGenerate runs every backend on every input the checker accepts: a
// checked package must generate without error or panic, twice the same.
func FuzzGenerate(f *testing.F) {
	var files []string
	for _, pat := range []string{"../../testdata/*.idl", "../../testdata/errors/*.idl"} {
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
		pkg, errs := parser.Load("fuzz.idl", src)
		if len(errs) > 0 {
			return
		}
		for _, b := range backends {
			one, err := b.generate(pkg, genOptions{cHeader: pkg.Name + ".h", grpcImport: "fuzz.test/" + pkg.Name})
			var rpcErrs genrpc.Errors
			var rpcErr *genrpc.Error
			if (b.name == "rpc" || b.name == "grpc") && (errors.As(err, &rpcErrs) || errors.As(err, &rpcErr)) {
				continue // a name the RPC messages need is taken: reported, not a bug
			}
			if err != nil {
				t.Fatalf("%s: %v", b.name, err)
			}
			pkg2, _ := parser.Load("fuzz.idl", src)
			two, err := b.generate(pkg2, genOptions{cHeader: pkg.Name + ".h", grpcImport: "fuzz.test/" + pkg.Name})
			if err != nil || len(one) != len(two) {
				t.Fatalf("%s: second run differs: %v", b.name, err)
			}
			for i := range one {
				if one[i].Path != two[i].Path || !bytes.Equal(one[i].Content, two[i].Content) {
					t.Fatalf("%s: %s is not deterministic", b.name, one[i].Path)
				}
				// The Go backend lays out gofmt's format itself.
				if b.name == "go" && strings.HasSuffix(one[i].Path, ".go") {
					want, err := format.Source(one[i].Content)
					if err != nil {
						t.Fatalf("%s: %s is not valid Go: %v", b.name, one[i].Path, err)
					}
					if !bytes.Equal(want, one[i].Content) {
						t.Fatalf("%s: %s is not gofmt-clean:\n%s", b.name, one[i].Path, diff.Unified("generated", "gofmt", one[i].Content, want))
					}
				}
			}
		}
	})
}
