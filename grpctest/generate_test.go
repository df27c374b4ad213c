package grpctest

import (
	"os"
	"os/exec"
	"testing"
)

// TestGeneratedCurrent: the checked-in generated files are what the
// bindgen of this tree writes (go generate refreshes them).
func TestGeneratedCurrent(t *testing.T) {
	cmd := exec.Command("go", "tool", "bindgen", "check", "--lang=rpc,grpc",
		"--grpc-go-import", "github.com/bindgen-dev/bindgen/grpctest/conformance", "--out", "conformance", "../testdata/conformance.idl")
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("bindgen check: %v\n%s", err, out)
	}
}
