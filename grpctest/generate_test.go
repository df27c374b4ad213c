package grpctest

import (
	"os"
	"os/exec"
	"testing"
)

// TestGeneratedCurrent: the checked-in generated files are what the
// bindgen of this tree writes (go generate refreshes them).
func TestGeneratedCurrent(t *testing.T) {
	for _, c := range [][2]string{{"conformance", "../testdata/conformance.idl"}, {"bench/add", "../examples/add/add.idl"}} {
		cmd := exec.Command("go", "tool", "bindgen", "check", "--lang=rpc,grpc",
			"--grpc-go-import", "github.com/bindgen-dev/bindgen/grpctest/"+c[0], "--out", c[0], c[1])
		cmd.Env = append(os.Environ(), "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("bindgen check %s: %v\n%s", c[0], err, out)
		}
	}
}
