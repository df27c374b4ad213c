package genwire_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	genwire "github.com/bindgen-dev/bindgen/gen/wire"
)

// vector is one entry of testdata/wire/vectors.json or errors.json.
type vector struct {
	Name  string          `json:"name"`
	Type  string          `json:"type"`
	Hex   string          `json:"hex"`
	Value json.RawMessage `json:"value"`
	Kind  string          `json:"kind"`
	// Canonical is false for inputs a decoder accepts but an encoder never
	// writes (fields out of order, unknown fields, overlong varints).
	Canonical *bool `json:"canonical"`
}

func readVectors(t testing.TB, name string) []vector {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../../testdata/wire", name))
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(b, &vs); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for i := range vs {
		vs[i].Hex = strings.Join(strings.Fields(vs[i].Hex), "")
	}
	return vs
}

func kindCode(t testing.TB, text string) int {
	for _, k := range genwire.ErrorKinds {
		if k.Text == text {
			return k.Code
		}
	}
	t.Fatalf("unknown error kind %q", text)
	return 0
}

// sanitizedDriver builds the C driver of the conformance IDL with
// AddressSanitizer and UndefinedBehaviorSanitizer, stopping at the first
// report.
func sanitizedDriver(t testing.TB) string {
	pkg := loadIDL(t, "../../testdata/wire/conformance.idl")
	return buildCDriver(t, t.TempDir(), pkg, "driver",
		"-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer")
}

// runDriver feeds lines to a driver and returns its answers; any output on
// stderr (a sanitizer report, a leak) or a failing exit fails the test.
func runDriver(t testing.TB, bin string, lines []string, env ...string) []string {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("%s: %v\nstderr:\n%s", bin, err, stderr.String())
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(got) != len(lines) {
		t.Fatalf("driver answered %d lines for %d", len(got), len(lines))
	}
	return got
}

// TestCDecoder builds the conformance C codec once with the sanitizers and
// runs the vector, limit and fuzz tests below against it.
func TestCDecoder(t *testing.T) {
	drv := sanitizedDriver(t)
	t.Run("vectors", func(t *testing.T) { testCVectors(t, drv) })
	t.Run("limits", func(t *testing.T) { testCLimits(t, drv) })
	t.Run("hostile_count", func(t *testing.T) { testCHostileCount(t, drv) })
	t.Run("fuzz", func(t *testing.T) { testCFuzz(t, drv) })
}

// testCVectors runs the shared vectors through the C codec (built with the
// sanitizers): every vector decodes and re-encodes to exactly its bytes,
// and every error vector fails with its kind.
func testCVectors(t *testing.T, drv string) {
	vs := readVectors(t, "vectors.json")
	es := readVectors(t, "errors.json")
	var lines []string
	for _, v := range vs {
		lines = append(lines, v.Type+" "+v.Hex)
	}
	for _, e := range es {
		lines = append(lines, e.Type+" "+e.Hex)
	}
	got := runDriver(t, drv, lines)
	// A non-canonical vector re-encodes to the canonical form of its value,
	// which the file does not spell: the Python codec, written
	// independently from the same layout, must agree byte for byte.
	pyDir := t.TempDir()
	writePython(t, pyDir, loadIDL(t, "../../testdata/wire/conformance.idl"))
	py := pythonDriver(t, pyDir, lines[:len(vs)])
	for i, v := range vs {
		want := "ok " + v.Hex
		if v.Canonical != nil && !*v.Canonical {
			want = py[i]
			if got[i] == "ok "+v.Hex {
				t.Errorf("vector %s (%s) is marked non-canonical, yet C re-encodes it unchanged", v.Name, v.Type)
			}
		}
		if got[i] != want {
			t.Errorf("vector %s (%s): C answered %q, want %q", v.Name, v.Type, got[i], want)
		}
	}
	for i, e := range es {
		g := got[len(vs)+i]
		if want := fmt.Sprintf("err %d ", kindCode(t, e.Kind)); !strings.HasPrefix(g, want) {
			t.Errorf("error vector %s (%s %s): C answered %q, want %s(%s)", e.Name, e.Type, e.Hex, g, want, e.Kind)
		}
	}
}

// testCLimits lowers each limit through the C API and checks it applies.
// testCHostileCount: a list count that the input does not back reserves
// at most 8 bytes of memory per input byte (docs/wire.md, "Limits"). The
// input claims 2 Mi elements of Inner (24 bytes in C) in 2 MiB of bytes
// that do not decode: reserving them all would be one 48 MiB allocation,
// which ASan's max_allocation_size_mb=20 turns into a failed run.
func testCHostileCount(t *testing.T, drv string) {
	const n = 2 << 20
	payload := append(genwire.AppendUvarint(nil, n), bytes.Repeat([]byte{0xff}, n)...)
	in := append([]byte{0x52}, genwire.AppendUvarint(nil, uint64(len(payload)))...) // @10 inners
	in = append(in, payload...)
	got := runDriver(t, drv, []string{"Everything " + hex.EncodeToString(in)},
		"ASAN_OPTIONS=max_allocation_size_mb=20:allocator_may_return_null=0")
	if !strings.HasPrefix(got[0], "err ") {
		t.Errorf("hostile count: %.80s, want an error", got[0])
	}
	// A count the input does back: 100,000 empty Inners take a byte each,
	// a third of what reserving 24-byte elements up front allows, so the
	// array grows as they decode, and all of them arrive.
	const m = 100000
	payload = append(genwire.AppendUvarint(nil, m), make([]byte, m)...)
	in = append([]byte{0x52}, genwire.AppendUvarint(nil, uint64(len(payload)))...)
	in = append(in, payload...)
	got = runDriver(t, drv, []string{"Everything " + hex.EncodeToString(in)})
	if want := "ok " + hex.EncodeToString(in); got[0] != want {
		t.Errorf("%d empty Inners: got %.80s..., want them back", m, got[0])
	}
}

func testCLimits(t *testing.T, drv string) {
	lines := []string{
		"Node 12020100",           // Node{children: [Node{}]}: payloads at depth 1, 2 (list) and 3
		"Everything 3a0403010203", // ints: three elements
		"Inner 120568656c6c6f",    // seven bytes
	}
	ok := runDriver(t, drv, lines)
	for i, g := range ok {
		if !strings.HasPrefix(g, "ok ") {
			t.Errorf("%s with default limits: %s", lines[i], g)
		}
	}
	for _, tc := range []struct {
		env, line string
		kind      string
	}{
		{"WIRE_MAX_DEPTH=2", lines[0], "depth"},
		{"WIRE_MAX_COUNT=2", lines[1], "count"},
		{"WIRE_MAX_SIZE=6", lines[2], "size"},
	} {
		got := runDriver(t, drv, []string{tc.line}, tc.env)
		if want := fmt.Sprintf("err %d ", kindCode(t, tc.kind)); !strings.HasPrefix(got[0], want) {
			t.Errorf("%s %s: got %q, want %s(%s)", tc.env, tc.line, got[0], want, tc.kind)
		}
	}
}

// testCFuzz feeds the C decoder, built with -fsanitize=address,
// undefined, the vector corpus plus seeded random mutations of it, as
// every message type: zero sanitizer reports, no leak, every answer ok or
// a codec error, and every accepted input re-encodes to bytes that decode
// and re-encode to themselves.
func testCFuzz(t *testing.T, drv string) {
	var corpus [][]byte
	for _, name := range []string{"vectors.json", "errors.json"} {
		for _, v := range readVectors(t, name) {
			b, err := hex.DecodeString(v.Hex)
			if err != nil {
				t.Fatalf("%s %s: %v", name, v.Name, err)
			}
			corpus = append(corpus, b)
		}
	}
	types := []string{"Scalars", "Inner", "Choice", "Everything", "Node"}
	r := rand.New(rand.NewPCG(7, 11))
	n := 60000
	if testing.Short() {
		n = 5000
	}
	var lines []string
	for _, c := range corpus {
		for _, typ := range types {
			lines = append(lines, typ+" "+hex.EncodeToString(c))
		}
	}
	for i := 0; i < n; i++ {
		b := mutate(r, corpus)
		lines = append(lines, types[r.IntN(len(types))]+" "+hex.EncodeToString(b))
	}
	got := runDriver(t, drv, lines)
	var again []string
	accepted := 0
	for i, g := range got {
		switch {
		case strings.HasPrefix(g, "ok "):
			accepted++
			typ, _, _ := strings.Cut(lines[i], " ")
			again = append(again, typ+" "+strings.TrimPrefix(g, "ok "))
		case strings.HasPrefix(g, "err "):
		default:
			t.Fatalf("input %q: %s", lines[i], g)
		}
	}
	for i, g := range runDriver(t, drv, again) {
		if want := "ok " + strings.SplitN(again[i], " ", 2)[1]; g != want {
			t.Errorf("re-encoding of an accepted input is not stable: %q gave %q", again[i], g)
		}
	}
	t.Logf("%d inputs, %d accepted, no sanitizer report", len(lines), accepted)

	// The same inputs through the Go and Python decoders. C and Go must
	// give the same answer, error kind and offset included. Python must
	// give the same answer too, except for two documented differences
	// (docs/wire.md, Python): the offset of some errors, and an f32
	// signalling NaN, which CPython's float32 conversion makes quiet.
	pkg := loadIDL(t, "../../testdata/wire/conformance.idl")
	goDir, pyDir := t.TempDir(), t.TempDir()
	goAns := runDriver(t, buildGoDriver(t, goDir, pkg), lines)
	writePython(t, pyDir, pkg)
	pyAns := pythonDriver(t, pyDir, lines)
	diffs, pyDiffs := 0, 0
	for i := range lines {
		if got[i] != goAns[i] {
			diffs++
			if diffs <= 10 {
				t.Errorf("%s:\n  c  %s\n  go %s", lines[i], got[i], goAns[i])
			}
		}
		if got[i] != pyAns[i] {
			pyDiffs++
			if !pythonMayDiffer(got[i], pyAns[i]) {
				t.Errorf("python differs on %s:\n  c, go  %s\n  python %s", lines[i], got[i], pyAns[i])
			}
		}
	}
	if pyDiffs > 0 {
		t.Logf("python gives another error offset or a quieted f32 NaN for %d of %d inputs", pyDiffs, len(lines))
	}
	if diffs > 0 {
		t.Errorf("C and Go answer differently for %d of %d inputs", diffs, len(lines))
	}
}

// pythonMayDiffer reports whether the Python answer py differs from the C
// one c only as docs/wire.md allows: both errors of the same kind (at
// another offset), or both re-encodings the same but for the quiet bit of
// f32 NaNs (byte 2 of the four little-endian bytes gains 0x40 where byte
// 3 is 0x7f or 0xff).
func pythonMayDiffer(c, py string) bool {
	cf, pf := strings.Fields(c), strings.Fields(py)
	if len(cf) == 0 || len(pf) == 0 || cf[0] != pf[0] {
		return false
	}
	if cf[0] == "err" {
		return len(cf) == 3 && len(pf) == 3 && cf[1] == pf[1]
	}
	cb, err1 := hex.DecodeString(cf[1])
	pb, err2 := hex.DecodeString(pf[1])
	if err1 != nil || err2 != nil || len(cb) != len(pb) {
		return false
	}
	for i := range cb {
		if cb[i] != pb[i] && (cb[i]^pb[i] != 0x40 || pb[i]&0x40 == 0 || i+1 >= len(cb) || cb[i+1]&0x7f != 0x7f || cb[i]&0x80 == 0) {
			return false
		}
	}
	return true
}

// mutate returns a random corruption of a random corpus entry.
func mutate(r *rand.Rand, corpus [][]byte) []byte {
	b := append([]byte(nil), corpus[r.IntN(len(corpus))]...)
	for k := r.IntN(4); k >= 0; k-- {
		switch op := r.IntN(8); {
		case op == 0 && len(b) > 0: // flip a bit
			b[r.IntN(len(b))] ^= 1 << uint(r.IntN(8))
		case op == 1 && len(b) > 0: // set a byte to an edge value
			b[r.IntN(len(b))] = []byte{0, 1, 0x7f, 0x80, 0xff}[r.IntN(5)]
		case op == 2: // insert random bytes
			i := r.IntN(len(b) + 1)
			ins := make([]byte, 1+r.IntN(4))
			for j := range ins {
				ins[j] = byte(r.IntN(256))
			}
			b = append(b[:i:i], append(ins, b[i:]...)...)
		case op == 3 && len(b) > 0: // delete a range
			i := r.IntN(len(b))
			j := i + 1 + r.IntN(len(b)-i)
			b = append(b[:i:i], b[j:]...)
		case op == 4 && len(b) > 0: // truncate
			b = b[:r.IntN(len(b))]
		case op == 5 && len(b) > 0: // duplicate a range
			i := r.IntN(len(b))
			j := i + 1 + r.IntN(len(b)-i)
			b = append(b[:j:j], append(append([]byte(nil), b[i:j]...), b[j:]...)...)
		case op == 6: // splice another entry in
			o := corpus[r.IntN(len(corpus))]
			i := r.IntN(len(b) + 1)
			b = append(b[:i:i], append(append([]byte(nil), o...), b[i:]...)...)
		case op == 7: // a huge length or count
			i := r.IntN(len(b) + 1)
			huge := []byte{0xff, 0xff, 0xff, 0xff, 0x0f}
			b = append(b[:i:i], append(huge, b[i:]...)...)
		}
	}
	return b
}

// pythonDriver runs driver.py of dir (see writePython) over lines.
func pythonDriver(t testing.TB, dir string, lines []string, env ...string) []string {
	t.Helper()
	cmd := exec.Command("python3", "driver.py")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python driver: %v\n%s", err, stderr.String())
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(got) != len(lines) {
		t.Fatalf("python driver answered %d lines for %d", len(got), len(lines))
	}
	return got
}

// TestCAPI runs testdata/capi/api_test.c, built with the sanitizers
// against the conformance codec: hand-built maps in any order, repeated
// keys, buffer sizes, long payloads, unknown union tags, error messages
// and offsets, duplicate fields.
func TestCAPI(t *testing.T) {
	pkg := loadIDL(t, "../../testdata/wire/conformance.idl")
	dir := t.TempDir()
	h, wire := cFiles(t, pkg)
	writeFiles(t, dir, append(wire, h)...)
	src, err := filepath.Abs("testdata/capi/api_test.c")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "api_test")
	for _, cc := range []string{"gcc", "clang"} {
		run(t, dir, cc, "-std=c99", "-Wall", "-Wextra", "-Werror", "-g", "-I", dir,
			"-fsanitize=address,undefined", "-fno-sanitize-recover=all",
			"-o", bin, src, filepath.Join(dir, pkg.Name+"_wire.c"))
		run(t, dir, bin)
	}
}
