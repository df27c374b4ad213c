package czlib

import (
	"bytes"
	"compress/zlib"
	"errors"
	"hash/adler32"
	"hash/crc32"
	"io"
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

// TestCompressMatchesGo compresses with the system's zlib through the
// generated wrapper and decompresses with Go's own compress/zlib, and the
// other way round, at several levels and sizes, the empty input among
// them.
func TestCompressMatchesGo(t *testing.T) {
	for _, in := range append(inputs(), bytes.Repeat([]byte("abc"), 100000)) {
		for _, level := range []int32{-1, 0, 1, 6, 9} {
			z, err := Compress(int(CompressBound(uint64(len(in)))), in, level)
			if err != nil {
				t.Fatalf("Compress(%d bytes, level %d): %v", len(in), level, err)
			}
			r, err := zlib.NewReader(bytes.NewReader(z))
			if err != nil {
				t.Fatalf("compress/zlib cannot read Compress's %d bytes: %v", len(z), err)
			}
			got, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(got, in) {
				t.Fatalf("Compress(%d bytes, level %d) read back as %d bytes, %v", len(in), level, len(got), err)
			}
		}
		var w bytes.Buffer
		zw := zlib.NewWriter(&w)
		zw.Write(in)
		zw.Close()
		for _, extra := range []int{0, 100} {
			got, err := Uncompress(len(in)+extra, w.Bytes())
			if err != nil || !bytes.Equal(got, in) {
				t.Fatalf("Uncompress(compress/zlib's %d bytes) = %d bytes, %v; want %d", w.Len(), len(got), err, len(in))
			}
		}
	}
}

// TestCompressErrors: zlib's own status codes come back as a
// *StatusError (a buffer too small is Z_BUF_ERROR, -5), and a capacity
// that cannot be allocated is refused before C.
func TestCompressErrors(t *testing.T) {
	text := bytes.Repeat([]byte("hello, world"), 10)
	z, err := Compress(int(CompressBound(uint64(len(text)))), text, 9)
	if err != nil {
		t.Fatal(err)
	}
	corrupt := append(append([]byte(nil), z[:len(z)-4]...), 0, 0, 0, 0)
	for _, c := range []struct {
		name string
		call func() ([]byte, error)
		code int64
	}{
		{"uncompress into a buffer one byte short", func() ([]byte, error) { return Uncompress(len(text)-1, z) }, -5},
		{"compress into 4 bytes", func() ([]byte, error) { return Compress(4, text, 6) }, -5},
		{"compress nothing into nothing", func() ([]byte, error) { return Compress(0, nil, 6) }, -5},
		{"uncompress a corrupt checksum", func() ([]byte, error) { return Uncompress(1000, corrupt) }, -3},
		{"uncompress a truncated stream", func() ([]byte, error) { return Uncompress(1000, z[:len(z)/2]) }, -3},
		{"compress at level 42", func() ([]byte, error) { return Compress(100, text, 42) }, -2},
	} {
		got, err := c.call()
		var se *StatusError
		if !errors.As(err, &se) || se.Code != c.code || got != nil {
			t.Errorf("%s: %d bytes, %v; want a *StatusError with code %d", c.name, len(got), err, c.code)
		}
	}
	var ce *CapacityError
	if _, err := Uncompress(-1, z); !errors.As(err, &ce) {
		t.Errorf("Uncompress(-1, ...): %v; want a *CapacityError", err)
	}
	if got, err := Uncompress(0, mustCompress(t, nil)); err != nil || len(got) != 0 {
		t.Errorf("Uncompress(0, the empty stream) = %q, %v", got, err)
	}
}

func mustCompress(t *testing.T, in []byte) []byte {
	t.Helper()
	z, err := Compress(int(CompressBound(uint64(len(in)))), in, 6)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// TestUnderASan runs the Go tests again built with -asan: the cgo
// preamble's wrappers and Go's side of every call are instrumented (the
// system's libz is not, so this guards the binding, not zlib).
func TestUnderASan(t *testing.T) {
	out := run(t, nil, "go", "test", "-count=1", "-asan", "-v", "-run", "^(TestChecksumsMatchGo|TestVersion|TestCompressMatchesGo|TestCompressErrors)$", ".")
	for _, want := range []string{"--- PASS: TestChecksumsMatchGo", "--- PASS: TestVersion", "--- PASS: TestCompressMatchesGo", "--- PASS: TestCompressErrors"} {
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
	for _, want := range []string{"crc32 matches zlib.crc32", "adler32 matches zlib.adler32", "version " + Version(), "TypeError", "OverflowError",
		"compress round-trips through zlib.decompress", "uncompress reads zlib.compress", "compress2 raised StatusError -5", "uncompress raised StatusError -3"} {
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
