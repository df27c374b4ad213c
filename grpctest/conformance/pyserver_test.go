package conformance_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	. "github.com/bindgen-dev/bindgen/grpctest/conformance"
)

// TestGRPCGoClientPythonServer runs every call in process (cgo) and over
// gRPC against ../python/pyserver.py, a Python grpc.Server of the
// generated conformance_grpc.py serving InProcess() (ctypes over the same
// C library), and compares results and errors. When its stdin ends the
// server must report no live C allocations: the session's end released
// every object.
func TestGRPCGoClientPythonServer(t *testing.T) {
	dir := t.TempDir()
	lib := filepath.Join(dir, "libconformance.so")
	if out, err := exec.Command("gcc", "-std=c99", "-O1", "-shared", "-fPIC", "-I", ".", "-o", lib, "impl.c").CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	sock := filepath.Join(sockDir(t), "s")
	cmd := exec.Command("python3", "../python/pyserver.py", sock)
	cmd.Env = append(os.Environ(), "PYTHONPATH=.", "CONFORMANCE_LIBRARY="+lib)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	r := bufio.NewReader(stdout)
	if line, err := r.ReadString('\n'); line != "ready\n" {
		t.Fatalf("pyserver: %q %v\n%s", line, err, stderr.String())
	}
	c := client(t, channel(t, sock))
	ctx := context.Background()
	for _, cl := range calls() {
		t.Run(cl.name, func(t *testing.T) {
			want, werr := cl.do(ctx, InProcess())
			got, gerr := cl.do(ctx, c)
			if pythonRefuses[cl.name] {
				// Go keeps an enum value that names no member; the Python
				// module refuses it (a binding's rule, not the transport's).
				if !errors.Is(gerr, ErrRPCInternal) || !strings.Contains(gerr.Error(), "is not a valid Color") {
					t.Errorf("Python took an unknown Color: %v, %v", got, gerr)
				}
				return
			}
			if diff := cmp.Diff(want, got, equal...); diff != "" {
				t.Errorf("result (-in process +grpc):\n%s", diff)
			}
			if fmt.Sprint(werr) != fmt.Sprint(gerr) {
				t.Errorf("error: in process %v, grpc %v", werr, gerr)
			}
			var ce ConfError
			if errors.As(werr, &ce) && !errors.Is(gerr, ce) {
				t.Errorf("grpc error %v (%T) is not %v", gerr, gerr, ce)
			}
		})
	}
	// Objects left open: the session's end releases them in Python.
	for i := 0; i < 3; i++ {
		if _, err := c.StoreWith(ctx, "k", ValueFlag{}); err != nil {
			t.Fatal(err)
		}
	}
	c.Close()
	stdin.Close()
	rest, _ := io.ReadAll(r)
	if err := cmd.Wait(); err != nil || string(rest) != "live=0\n" {
		t.Fatalf("pyserver exit: %v, %q\n%s", err, rest, stderr.String())
	}
}

// pythonRefuses are the calls whose values hold Colors outside the
// enum's members.
var pythonRefuses = map[string]bool{
	"color": true, "scalars 2": true, "lists": true, "maps": true, "optionals": true, "value 10": true,
	"everything": true, "list scalars": true, "echo_or_fail": true, "echo_or_fail fail": true,
}

func sockDir(t *testing.T) string {
	d, err := os.MkdirTemp("", "grpc")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}
