package czlib

import (
	"bytes"
	"hash/adler32"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/internal/golden"
)

// inputs are the buffers every checksum test runs over: empty, one byte,
// text, every byte value, and 1 MiB.
func inputs() [][]byte {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	return [][]byte{nil, {}, {0}, []byte("hello, world"), all, bytes.Repeat(all, 4096)}
}

// TestChecksumsMatchGo compares the system's zlib, called through the
// generated wrapper, with Go's own hash/crc32 and hash/adler32, also when
// continuing from an earlier value.
func TestChecksumsMatchGo(t *testing.T) {
	for _, in := range inputs() {
		got, err := Crc32(0, in)
		if err != nil || uint32(got) != crc32.ChecksumIEEE(in) {
			t.Errorf("Crc32(0, %d bytes) = %#x, %v; want %#x", len(in), got, err, crc32.ChecksumIEEE(in))
		}
		a, err := Adler32(1, in)
		if err != nil || uint32(a) != adler32.Checksum(in) {
			t.Errorf("Adler32(1, %d bytes) = %#x, %v; want %#x", len(in), a, err, adler32.Checksum(in))
		}
		if len(in) > 1 {
			half, _ := Crc32(0, in[:len(in)/2])
			whole, _ := Crc32(half, in[len(in)/2:])
			if uint32(whole) != crc32.ChecksumIEEE(in) {
				t.Errorf("Crc32 continued over %d bytes = %#x", len(in), whole)
			}
		}
	}
	// An empty buffer leaves the running value as it is: the wrapper never
	// passes NULL, which zlib reads as "give the initial value".
	if got, _ := Crc32(12345, nil); got != 12345 {
		t.Errorf("Crc32(12345, nil) = %d, want 12345", got)
	}
}

func TestVersion(t *testing.T) {
	v := Version()
	if v == "" || !strings.HasPrefix(v, "1.") {
		t.Fatalf("Version() = %q", v)
	}
}

// TestUnderASan runs the Go tests again built with -asan: the cgo
// preamble's wrappers and Go's side of every call are instrumented (the
// system's libz is not, so this guards the binding, not zlib).
func TestUnderASan(t *testing.T) {
	out := run(t, nil, "go", "test", "-count=1", "-asan", "-v", "-run", "^(TestChecksumsMatchGo|TestVersion)$", ".")
	for _, want := range []string{"--- PASS: TestChecksumsMatchGo", "--- PASS: TestVersion"} {
		if !strings.Contains(out, want) {
			t.Fatalf("the -asan run did not report %q:\n%s", want, out)
		}
	}
}

// TestPython runs demo.py, which compares the generated czlib module
// against Python's own zlib module, on the system's libz; then checks the
// module with mypy --strict.
func TestPython(t *testing.T) {
	out := run(t, nil, "python3", "demo.py")
	for _, want := range []string{"crc32 matches zlib.crc32", "adler32 matches zlib.adler32", "version " + Version(), "TypeError", "OverflowError"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo.py output lacks %q:\n%s", want, out)
		}
	}
	run(t, []string{"MYPY_CACHE_DIR=" + filepath.Join(t.TempDir(), "mypy")}, "python3", "-m", "mypy", "--strict", "demo.py", "czlib.py")
}

// TestGeneratedIsCurrent fails when the generated files differ from what
// bindgen writes now; `go test ./... -update` rewrites them.
func TestGeneratedIsCurrent(t *testing.T) {
	verb := "check"
	if *golden.Update {
		verb = "gen"
	}
	cmd := exec.Command("go", "run", "github.com/bindgen-dev/bindgen/cmd/bindgen", verb, "--lang=c,go,python", "czlib.idl")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s\n%v: bindgen %s failed; if generated files are stale, run `go test ./examples/... -update`", out, err, verb)
	}
}

func run(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}
