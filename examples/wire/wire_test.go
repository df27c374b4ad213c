package main

// The server (main.go) is built with CGO_ENABLED=0 only, so these tests
// build it as a separate program with CGO_ENABLED=0 and talk to it as its
// clients do: client.py through the generated kv_rpc.py, and raw frames
// for the faults.

//go:generate go run github.com/bindgen-dev/bindgen/cmd/bindgen gen --lang=rpc --out kv kv.idl

import (
	"bufio"
	"encoding/binary"
	"hash/fnv"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bindgen-dev/bindgen/internal/golden"
)

// startServer builds main.go without cgo, starts it on a free port and
// returns its address; the server is killed when the test ends.
func startServer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "kvserver")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stderr).ReadString('\n')
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if err != nil || !ok {
		t.Fatalf("server printed %q (%v), want \"listening on ADDR\"", line, err)
	}
	return addr
}

// TestPythonClient runs client.py against the Go server: Python encodes
// each call, Go decodes it and calls the store, and the store's result or
// its IDL error (KvError.NOT_FOUND) comes back to Python; then mypy
// --strict checks client.py with the generated modules.
func TestPythonClient(t *testing.T) {
	addr := startServer(t)
	out, err := exec.Command("python3", "client.py", addr).CombinedOutput()
	if err != nil {
		t.Fatalf("client.py: %v\n%s", err, out)
	}
	want := `put greeting: existed = False
put empty: existed = False
size = 2
get greeting = 'héllo, wörld'
remove greeting: existed = True
get greeting raised KvError: NOT_FOUND
size = 1
`
	if got := string(out); got != want {
		t.Errorf("client.py printed:\n%s\nwant:\n%s", got, want)
	}

	mypy := exec.Command("python3", "-m", "mypy", "--strict", "client.py")
	mypy.Env = append(os.Environ(), "MYPYPATH=kv", "MYPY_CACHE_DIR="+t.TempDir())
	if out, err := mypy.CombinedOutput(); err != nil {
		t.Errorf("mypy --strict client.py: %v\n%s", err, out)
	}
}

// TestBadFrames sends what a broken or hostile peer might: a request that
// does not decode is answered with fault 2 (bad request) and the
// connection stays usable; a frame too short to have a header is fault 8
// (bad frame) and the connection ends. The server goes on serving: a new
// connection's call succeeds.
func TestBadFrames(t *testing.T) {
	addr := startServer(t)
	conn := dial(t, addr)
	// get("...") whose key (field 1, length-delimited) claims 100 bytes
	// that are not there.
	conn.Write(frame(1, 7, method("get"), []byte{0x0a, 100, 'k'}))
	kind, id, payload := readFrame(t, conn)
	if kind != 5 || id != 7 || len(payload) < 2 || payload[0] != 0x08 || payload[1] != 2 {
		t.Fatalf("answer to a bad request: kind %d id %d payload %x, want FAULT 2 for call 7", kind, id, payload)
	}
	// size() on the same connection: an empty request, a u32 result of 0.
	conn.Write(frame(1, 8, method("size"), nil))
	if kind, id, payload := readFrame(t, conn); kind != 3 || id != 8 || len(payload) != 0 {
		t.Fatalf("size() after a bad request: kind %d id %d payload %x, want an empty RESULT for call 8", kind, id, payload)
	}
	// A frame of length 3: shorter than the 9 bytes after the length.
	conn.Write([]byte{3, 0, 0, 0, 1, 0, 0})
	kind, id, payload = readFrame(t, conn)
	if kind != 5 || id != 0 || len(payload) < 2 || payload[1] != 8 {
		t.Fatalf("answer to a short frame: kind %d id %d payload %x, want FAULT 8 with id 0", kind, id, payload)
	}
	if _, err := conn.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("after a bad frame the server should close the connection; read returned %v", err)
	}

	conn = dial(t, addr)
	conn.Write(frame(1, 1, method("size"), nil))
	if kind, _, _ := readFrame(t, conn); kind != 3 {
		t.Fatalf("a new connection's call got kind %d, want RESULT", kind)
	}
}

// TestVet vets main.go, which `go vet ./...` skips when cgo is on.
func TestVet(t *testing.T) {
	vet := exec.Command("go", "vet", ".")
	vet.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := vet.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go vet: %v\n%s", err, out)
	}
}

// TestGeneratedIsCurrent fails when the generated files of this example
// differ from what bindgen writes now (after an edit to kv.idl or to a
// backend). `go test ./... -update` (the golden files' flag) or
// `go generate ./examples/...` rewrites them.
func TestGeneratedIsCurrent(t *testing.T) {
	verb := "check"
	if *golden.Update {
		verb = "gen"
	}
	cmd := exec.Command("go", "run", "github.com/bindgen-dev/bindgen/cmd/bindgen", verb, "--lang=rpc", "--out", "kv", "kv.idl")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s\n%v: bindgen %s failed; if generated files are stale, run `go test ./examples/... -update`", out, err, verb)
	}
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	return conn
}

// method is the method id of a function: FNV-1a of its IDL name.
func method(name string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(name))
	return h.Sum32()
}

// frame is a frame of docs/rpc.md: length, kind, call id, method id,
// payload.
func frame(kind byte, id, method uint32, payload []byte) []byte {
	b := binary.LittleEndian.AppendUint32(nil, uint32(9+len(payload)))
	b = append(b, kind)
	b = binary.LittleEndian.AppendUint32(b, id)
	b = binary.LittleEndian.AppendUint32(b, method)
	return append(b, payload...)
}

func readFrame(t *testing.T, r io.Reader) (kind byte, id uint32, payload []byte) {
	t.Helper()
	var hdr [13]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		t.Fatalf("reading a frame: %v", err)
	}
	payload = make([]byte, binary.LittleEndian.Uint32(hdr[:4])-9)
	if _, err := io.ReadFull(r, payload); err != nil {
		t.Fatalf("reading a frame: %v", err)
	}
	return hdr[4], binary.LittleEndian.Uint32(hdr[5:9]), payload
}
