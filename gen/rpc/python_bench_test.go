package genrpc_test

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var pyBench = flag.Bool("pyrpc.bench", false, "run the Python RPC latency benchmark (TestPythonRPCBench)")

// TestPythonRPCBench measures the round trip of add(2, 3) of
// examples/add from Python to the generated Go server over a Unix socket,
// against a raw socket ping-pong of the same bytes (testdata/pybench).
// It only runs when asked, since it takes a while and wants a quiet
// machine:
//
//	go test ./gen/rpc -run TestPythonRPCBench -v -pyrpc.bench
func TestPythonRPCBench(t *testing.T) {
	if !*pyBench {
		t.Skip("a benchmark: run with -pyrpc.bench")
	}
	pyRequire(t)
	dir := t.TempDir()
	pyGenerate(t, "../../examples/add/add.idl", dir)
	copyFile(t, "../../examples/add/add.c", filepath.Join(dir, "add.c"))
	if err := os.MkdirAll(filepath.Join(dir, "addserver"), 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, "testdata/pybench/addserver/main.go", filepath.Join(dir, "addserver", "main.go"))
	copyFile(t, "testdata/pybench/bench.py", filepath.Join(dir, "bench.py"))
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module bindgen.test/add\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "addserver.bin")
	run(t, dir, nil, "go", "build", "-o", bin, "./addserver")
	socks := map[string]string{"-raw": filepath.Join(dir, "raw.sock"), "": filepath.Join(dir, "rpc.sock")}
	for mode, sock := range socks {
		args := []string{sock}
		if mode != "" {
			args = []string{mode, sock}
		}
		cmd := exec.Command(bin, args...)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer cmd.Process.Kill()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			if _, err := os.Stat(sock); err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("addserver %s did not listen", mode)
			}
		}
	}
	out := pyRun(t, dir, nil, "python3", "bench.py", socks["-raw"], socks[""])
	t.Log(strings.TrimSpace(out))
}
