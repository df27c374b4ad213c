package grpctest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

// TestPython type-checks conformance_grpc.py with mypy --strict and runs
// python/test_grpc.py: the Python GrpcClient against the Go server
// (cmd/goserver, the cgo binding) and a Python grpc.Server of InProcess().
func TestPython(t *testing.T) {
	dir := t.TempDir()
	lib := filepath.Join(dir, "libconformance.so")
	run(t, nil, "gcc", "-std=c99", "-O1", "-shared", "-fPIC", "-I", "conformance", "-o", lib, "conformance/impl.c")
	server := filepath.Join(dir, "goserver")
	run(t, []string{"GOWORK=off"}, "go", "build", "-o", server, "./cmd/goserver")
	abs, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	path := strings.Join([]string{filepath.Join(abs, "conformance"), filepath.Join(abs, "../gen/rpc/testdata/python"), filepath.Join(abs, "python")}, string(os.PathListSeparator))
	env := []string{"PYTHONPATH=" + path, "CONFORMANCE_LIBRARY=" + lib, "GRPC_GO_SERVER=" + server, "MYPYPATH=" + path}
	run(t, env, "python3", "-m", "mypy", "--strict", "--cache-dir", filepath.Join(dir, "mypy"), "conformance/conformance_grpc.py", "python/pyserver.py")
	t.Log(run(t, env, "python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "python/test_grpc.py"))
}
