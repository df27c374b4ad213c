package main

import (
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/examples/wire/kv"
	"github.com/bindgen-dev/bindgen/internal/golden"
)

// TestPythonClient serves on a free port and runs client.py against it:
// Python encodes requests, Go decodes them, Go encodes responses, Python
// decodes them.
func TestPythonClient(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go newStore().serve(ln)

	out, err := exec.Command("python3", "client.py", ln.Addr().String()).CombinedOutput()
	if err != nil {
		t.Fatalf("client.py: %v\n%s", err, out)
	}
	want := `PUT greeting: found=False size=1
PUT empty: found=False size=2
GET greeting: found=True value='héllo, wörld'
DELETE greeting: found=True size=1
GET greeting: found=False value=b''
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

// TestBadFrame proves a malformed request ends the connection with a
// decoding error instead of crashing the server.
func TestBadFrame(t *testing.T) {
	s := newStore()
	client, server := net.Pipe()
	done := make(chan error, 1)
	go func() { done <- s.handle(server) }()
	// A frame of 3 bytes: field 2 (key, length-delimited) claiming 100
	// bytes that are not there.
	client.Write([]byte{3, 0, 0, 0, 0x12, 100, 'k'})
	err := <-done
	client.Close()
	if err == nil || !strings.Contains(err.Error(), "bad request") {
		t.Fatalf("handle returned %v, want a bad request error", err)
	}
	var req kv.Request
	if req.UnmarshalBinary([]byte{0x12, 100, 'k'}) == nil {
		t.Fatal("decoding a truncated string succeeded")
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
	cmd := exec.Command("go", "run", "github.com/bindgen-dev/bindgen/cmd/bindgen", verb, "--lang=wire", "--out", "kv", "kv.idl")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s\n%v: bindgen %s failed; if generated files are stale, run `go test ./examples/... -update`", out, err, verb)
	}
}
