package config

import (
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bindgen-dev/bindgen/examples/config/note"
	"github.com/bindgen-dev/bindgen/internal/golden"
)

// TestRoundTrip sends a note from Go to Python and back through the two
// codecs the config generates: Go encodes, Python (inside its package
// notes) decodes, changes and encodes, Go decodes.
func TestRoundTrip(t *testing.T) {
	in := note.Note{Author: "ada", Text: "héllo", Priority: note.PriorityLow, Tags: []string{"a", "b"}}
	b, err := in.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("python3", "roundtrip.py", hex.EncodeToString(b))
	cmd.Env = append(os.Environ(), "PYTHONPATH=py")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("roundtrip.py: %v\n%s", err, stderr(err))
	}
	back, err := hex.DecodeString(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("roundtrip.py printed %q: %v", out, err)
	}
	var got note.Note
	if err := got.UnmarshalBinary(back); err != nil {
		t.Fatal(err)
	}
	want := note.Note{Author: "ada", Text: "héllo", Priority: note.PriorityHigh, Tags: []string{"a", "b", "seen by python"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("note back from Python (-want +got):\n%s", diff)
	}
}

// TestMypy type-checks the package notes and the script that uses it.
func TestMypy(t *testing.T) {
	for _, args := range [][]string{{"-p", "notes"}, {"roundtrip.py"}} {
		cmd := exec.Command("python3", append([]string{"-m", "mypy", "--strict"}, args...)...)
		cmd.Env = append(os.Environ(), "MYPYPATH=py", "MYPY_CACHE_DIR="+filepath.Join(t.TempDir(), "mypy"))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("mypy --strict %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// TestGeneratedIsCurrent runs bindgen check with no flags from the Go
// package's directory: it finds bindgen.yaml one directory up and fails
// when a generated file is stale, missing or no longer generated.
// `go test ./... -update` (the golden files' flag) or `go generate` fixes
// that.
func TestGeneratedIsCurrent(t *testing.T) {
	args := []string{"run", "github.com/bindgen-dev/bindgen/cmd/bindgen", "check"}
	if *golden.Update {
		args = []string{"run", "github.com/bindgen-dev/bindgen/cmd/bindgen", "gen", "--clean"}
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = "note"
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s\n%v: bindgen %s failed; if generated files are stale, run `go test ./examples/... -update`", out, err, args[2])
	}
}

func stderr(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
