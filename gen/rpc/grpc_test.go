package genrpc_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	genrpc "github.com/bindgen-dev/bindgen/gen/rpc"
)

// TestGenerateGRPC: the gRPC Go file goes in a package and directory of
// its own, names the service and methods of docs/rpc.md, and is the same
// on every run. (grpctest/ compiles and runs it against grpc-go.)
func TestGenerateGRPC(t *testing.T) {
	plan, err := genrpc.NewPlan(load(t, "../../testdata/conformance.idl"))
	if err != nil {
		t.Fatal(err)
	}
	opts := genrpc.GRPCOptions{GoImport: "example.test/conformance"}
	a, err := genrpc.GenerateGRPC(plan, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := genrpc.GenerateGRPC(plan, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 2 || a[1].Path != "conformance_grpc.py" || a[0].Path != "conformancegrpc/conformance_grpc.go" {
		t.Fatalf("files %v", a)
	}
	if !bytes.Equal(a[0].Content, b[0].Content) {
		t.Fatal("two runs differ")
	}
	src := string(a[0].Content)
	for _, want := range []string{
		"package conformancegrpc\n",
		`conformance "example.test/conformance"`,
		`const GRPCServiceName = "conformance.Conformance"`,
		`"/conformance.Conformance/EchoI32"`,
		`"/conformance.Conformance/StorePutMethod"`,
		`"/conformance.Conformance/StoreNewWithCapacity"`,
		`"/conformance.Conformance/StoreDestroy"`,
		`StreamName: "Session"`,
	} {
		if !strings.Contains(src, want) {
			t.Errorf("the gRPC file lacks %q", want)
		}
	}
	if _, err := genrpc.GenerateGRPC(plan, genrpc.GRPCOptions{}); err == nil || !strings.Contains(err.Error(), "--grpc-go-import") {
		t.Errorf("without an import path: %v", err)
	}
}

// TestGenerateGRPCSession: a function session would be the method that
// scopes objects; it is refused with its position.
func TestGenerateGRPCSession(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.idl")
	if err := os.WriteFile(path, []byte("package s;\n\nfn session() -> i32;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	plan, err := genrpc.NewPlan(load(t, path))
	if err != nil {
		t.Fatal(err)
	}
	_, err = genrpc.GenerateGRPC(plan, genrpc.GRPCOptions{GoImport: "x/s"})
	if err == nil || !strings.Contains(err.Error(), "s.idl:3:") || !strings.Contains(err.Error(), "Session") {
		t.Fatalf("fn session: %v", err)
	}
}
