package grpctest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// randomSeeds is how many random IDLs TestRandomIDLs generates.
const randomSeeds = 16

// runtimeEvery: seeds that are a multiple of it also make their echo
// calls over gRPC, as in the main module's TestProperty.
const runtimeEvery = 4

// TestRandomIDLs runs `bindgen gen --lang=rpc,grpc` on random IDLs
// (internal/randidl without callbacks, which rpc refuses; the main
// module's TestProperty checks the rest of their output) and checks the
// result the way the conformance package is checked: every Go package,
// the gRPC ones with their grpc imports, passes go vet with cgo, and
// every generated gRPC Python module passes mypy --strict. For every
// fourth seed, a C library of its functions (generated from the model,
// as in TestProperty) is linked into its Go package, and the Go and then
// the Python gRPC client make the seed's echo calls to a Go gRPC server
// of it, and the Go client to a Python gRPC server of it: every value
// comes back equal, every requested failure as its error code, and no
// allocation is left once the clients have closed.
func TestRandomIDLs(t *testing.T) {
	dir := t.TempDir()
	idls := filepath.Join(dir, "idl")
	run(t, []string{"GOWORK=off"}, "go", "run", "github.com/bindgen-dev/bindgen/internal/randidl/cmd/randidl",
		"-first", "0", "-n", strconv.Itoa(randomSeeds), "-callbacks=false", "-grpc-echo", "randgrpc/", "-out", idls)
	bindgen := filepath.Join(dir, "bindgen")
	run(t, []string{"GOWORK=off"}, "go", "build", "-o", bindgen, "github.com/bindgen-dev/bindgen/cmd/bindgen")

	// A module of its own, with this module's requirements (grpc) and sums.
	mod := filepath.Join(dir, "mod")
	if err := os.MkdirAll(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	write := func(path string, b []byte) {
		t.Helper()
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(mod, "go.mod"), randomModule(gomod))
	sum, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	write(filepath.Join(mod, "go.sum"), sum)

	files, err := filepath.Glob(filepath.Join(idls, "*.idl"))
	if err != nil || len(files) != randomSeeds {
		t.Fatalf("randidl wrote %d IDLs (%v), want %d", len(files), err, randomSeeds)
	}
	sort.Strings(files)
	var pys, pydirs, runtime []string
	generated := 0
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".idl")
		out := filepath.Join(mod, name)
		cmd := exec.Command(bindgen, "gen", "--lang=rpc,grpc", "--grpc-go-import", "randgrpc/"+name, "--out", out, f)
		var msg bytes.Buffer
		cmd.Stdout, cmd.Stderr = &msg, &msg
		if err := cmd.Run(); err != nil {
			src, _ := os.ReadFile(f)
			t.Fatalf("%s: bindgen gen --lang=rpc,grpc: %v\n%s\n%s", name, err, msg.String(), src)
		}
		for _, want := range []string{name + "_grpc.py", name + "_rpc.go", filepath.Join(name+"grpc", name+"_grpc.go")} {
			if _, err := os.Stat(filepath.Join(out, want)); err != nil {
				t.Fatalf("%s: bindgen wrote no %s: %v", name, want, err)
			}
		}
		generated++
		if seed, _ := strconv.Atoi(strings.TrimPrefix(name, "p")); seed%runtimeEvery == 0 {
			// The seed's C library and gRPC echo test (randidl -grpc-echo).
			for _, f := range []string{"impl.c", "live.go", "echo_grpc_test.go", "echo_grpc.py", "echo_grpc_server.py"} {
				b, err := os.ReadFile(filepath.Join(idls, name+"_echo", f))
				if err != nil {
					t.Fatal(err)
				}
				write(filepath.Join(out, f), b)
			}
			runtime = append(runtime, "./"+name)
		}
		pys = append(pys, filepath.Join(out, name+"_grpc.py"))
		pydirs = append(pydirs, out)
	}

	run(t, []string{"GOWORK=off", "GOFLAGS=-mod=mod", "CGO_ENABLED=1"}, "sh", "-c", "cd "+mod+" && go vet ./...")
	if len(runtime) == 0 {
		t.Fatal("no random IDL ran its gRPC echo calls")
	}
	out := run(t, []string{"GOWORK=off", "GOFLAGS=-mod=mod", "CGO_ENABLED=1"}, "sh", "-c", "cd "+mod+" && go test -count=1 -v -run TestEchoGRPC "+strings.Join(runtime, " "))
	if n := strings.Count(out, "--- PASS: TestEchoGRPC"); n != len(runtime) {
		t.Fatalf("%d of %d gRPC echo tests passed:\n%s", n, len(runtime), out)
	}
	path := strings.Join(pydirs, string(os.PathListSeparator))
	args := append([]string{"-m", "mypy", "--strict", "--cache-dir", filepath.Join(dir, "mypy")}, pys...)
	run(t, []string{"MYPYPATH=" + path}, "python3", args...)
	t.Logf("%d random IDLs: go vet and mypy --strict passed; %d made their echo calls over gRPC", generated, len(runtime))
}

// randomModule is go.mod of the module the random IDLs' packages live
// in: this module's requirements under another name, without the
// replace and tool directives of the generator.
func randomModule(gomod []byte) []byte {
	var b strings.Builder
	for _, l := range strings.Split(string(gomod), "\n") {
		switch {
		case strings.HasPrefix(l, "module "):
			l = "module randgrpc"
		case strings.HasPrefix(l, "replace ") || strings.HasPrefix(l, "tool ") || strings.Contains(l, "github.com/bindgen-dev/bindgen "):
			continue
		}
		b.WriteString(l + "\n")
	}
	return []byte(b.String())
}
