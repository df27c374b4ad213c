// Package golden compares test output with files checked into the
// repository. It owns the one -update flag every test package shares, so
// `go test ./... -update` rewrites all golden files at once.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Update makes Check rewrite golden files instead of comparing them.
var Update = flag.Bool("update", false, "rewrite golden files with the current output")

// Check compares got with the golden file at path and fails t with a
// (-want +got) diff when they differ. With -update it writes got to path
// (creating directories as needed) and passes.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s\n(run go test with -update to accept the new output)", path, diff)
	}
}
