package genrpc_test

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

var goBench = flag.Bool("gorpc.bench", false, "run the Go RPC benchmarks (TestGoRPCBench)")
var goBenchCount = flag.Int("gorpc.count", 5, "with -gorpc.bench: runs of each benchmark")

// TestGoRPCBench runs the benchmarks of testdata/gobench (add(2, 3) of
// examples/add, Go client to Go server over a Unix socket, against a raw
// ping-pong of the same bytes, one caller and 64) in a module with the
// generated package, and prints their output for benchstat. It only runs
// when asked, since it wants a quiet machine:
//
//	go test ./gen/rpc -run TestGoRPCBench -v -gorpc.bench [-gorpc.count 10]
func TestGoRPCBench(t *testing.T) {
	if !*goBench {
		t.Skip("a benchmark: run with -gorpc.bench")
	}
	dir := t.TempDir()
	generate(t, "../../examples/add/add.idl", dir)
	copyFile(t, "../../examples/add/add.c", filepath.Join(dir, "add.c"))
	if err := os.MkdirAll(filepath.Join(dir, "bench"), 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, "testdata/gobench/bench_test.go", filepath.Join(dir, "bench", "bench_test.go"))
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module bindgen.test/add\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := run(t, dir, nil, "go", "test", "-timeout", "5m", "-run", "^$", "-bench", ".", "-benchmem", "-count", strconv.Itoa(max(*goBenchCount, 1)), "./bench")
	t.Log("\n" + out)
}
