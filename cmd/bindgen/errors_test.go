package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/internal/golden"
)

// TestDiagnostics runs `bindgen gen` on every broken file of the
// diagnostics corpus, testdata/errors/*.idl, and compares what it prints
// with the file's .stderr golden. Every file must fail with status 1 and
// write nothing.
func TestDiagnostics(t *testing.T) {
	t.Chdir("../..") // paths in diagnostics read testdata/errors/...
	files, _ := filepath.Glob("testdata/errors/*.idl")
	if len(files) == 0 {
		t.Fatal("no files in testdata/errors")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".idl"), func(t *testing.T) {
			out := t.TempDir()
			var stdout, stderr bytes.Buffer
			code := Run([]string{"gen", "--out", out, f}, nil, &stdout, &stderr)
			if code != 1 {
				t.Errorf("exit status %d, want 1\nstderr:\n%s", code, stderr.String())
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout: %s", stdout.String())
			}
			golden.Check(t, strings.TrimSuffix(f, ".idl")+".stderr", stderr.Bytes())
			if ents, _ := os.ReadDir(out); len(ents) > 0 {
				t.Errorf("files written despite errors: %v", ents)
			}
		})
	}
}
