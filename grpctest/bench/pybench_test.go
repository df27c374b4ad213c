package bench

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var (
	pyBench       = flag.Bool("pygrpc.bench", false, "run the Python gRPC benchmark (TestPythonGRPCBench)")
	pyBenchCalls  = flag.Int("pygrpc.calls", 5000, "calls per case and round of TestPythonGRPCBench")
	pyBenchRounds = flag.Int("pygrpc.rounds", 5, "rounds of TestPythonGRPCBench")
)

// pyEnv builds addserver and writes add_pb2.py with protoc --python_out
// from addpb/add.proto (the protobuf side is generated at test time, by
// the protoc .ci/run installs); it returns the server and the
// environment pybench.py runs in.
func pyEnv(t *testing.T) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	server := filepath.Join(dir, "addserver")
	for _, c := range [][]string{
		{"go", "build", "-o", server, "./addserver"},
		{"protoc", "--python_out=" + dir, "-I", "addpb", "addpb/add.proto"},
	} {
		if out, err := exec.Command(c[0], c[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(c, " "), err, out)
		}
	}
	abs, err := filepath.Abs("add")
	if err != nil {
		t.Fatal(err)
	}
	path := abs + string(os.PathListSeparator) + dir
	return server, append(os.Environ(), "PYTHONPATH="+path, "MYPYPATH="+abs, "MYPY_CACHE_DIR="+filepath.Join(dir, "mypy"))
}

// TestPythonGRPC runs every case of the Python benchmark a few times:
// bindgen's GrpcClient and grpcio with protobuf, each against the grpc-go
// server and the grpcio server, get add's result, and the bindgen client
// gets AddError from both servers; then mypy --strict checks pybench.py.
func TestPythonGRPC(t *testing.T) {
	server, env := pyEnv(t)
	cmd := exec.Command("python3", "pybench.py", "check", server)
	cmd.Env = env
	// Only stdout is compared: grpcio logs to stderr (a GOAWAY seen while
	// a server shuts down, say), which is shown when the check fails.
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pybench.py check: %v\n%s%s", err, out, stderr.String())
	}
	want := `go server, bindgen 5 2147483647
go server, protobuf 5 2147483647
python server, bindgen 5 2147483647
python server, protobuf 5 2147483647
go server, bindgen: add_checked raised OVERFLOW
python server, bindgen: add_checked raised OVERFLOW
`
	if string(out) != want {
		t.Errorf("pybench.py check printed:\n%s\nwant:\n%s\nstderr:\n%s", out, want, stderr.String())
	}
	mypy := exec.Command("python3", "-m", "mypy", "--strict", "pybench.py")
	mypy.Env = env
	if out, err := mypy.CombinedOutput(); err != nil {
		t.Errorf("mypy --strict pybench.py: %v\n%s", err, out)
	}
}

// TestPythonGRPCBench is the benchmark of docs/benchmarks.md ("gRPC from
// Python"):
//
//	cd grpctest && go test ./bench -run TestPythonGRPCBench -v -pygrpc.bench
func TestPythonGRPCBench(t *testing.T) {
	if !*pyBench {
		t.Skip("a benchmark: run with -pygrpc.bench")
	}
	server, env := pyEnv(t)
	cmd := exec.Command("python3", "pybench.py", "bench", server, "--calls", strconv.Itoa(*pyBenchCalls), "--rounds", strconv.Itoa(*pyBenchRounds))
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pybench.py bench: %v\n%s", err, out)
	}
	t.Logf("\n%s", out)
}
