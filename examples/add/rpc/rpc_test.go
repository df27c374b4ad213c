package rpc

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bindgen-dev/bindgen/internal/golden"
)

// programs are the example's servers and clients, built once for every
// test: the Go ones with go build, the C server with gcc at the strictest
// warnings, and add.c as the shared library of the in-process calls.
var programs struct {
	once sync.Once
	dir  string
	err  error
	out  string
}

func build(t *testing.T) string {
	t.Helper()
	programs.once.Do(func() {
		dir, err := os.MkdirTemp("", "addrpc")
		if err != nil {
			programs.err = err
			return
		}
		programs.dir = dir
		for _, c := range [][]string{
			{"go", "build", "-o", filepath.Join(dir, "goserver"), "./goserver"},
			{"go", "build", "-o", filepath.Join(dir, "goclient"), "./goclient"},
			{"gcc", "-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-O2", "-Iadd", "-o", filepath.Join(dir, "cserver"), "cserver/cserver.c", "add/add.c", "add/add_rpc.c", "add/add_wire.c"},
			{"clang", "-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-O2", "-Iadd", "-o", os.DevNull, "cserver/cserver.c", "add/add.c", "add/add_rpc.c", "add/add_wire.c"},
			{"gcc", "-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-O2", "-shared", "-fPIC", "-o", filepath.Join(dir, "libadd.so"), "add/add.c"},
		} {
			if out, err := exec.Command(c[0], c[1:]...).CombinedOutput(); err != nil {
				programs.err, programs.out = err, strings.Join(c, " ")+"\n"+string(out)
				return
			}
		}
	})
	if programs.err != nil {
		t.Fatalf("%v\n%s", programs.err, programs.out)
	}
	return programs.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if programs.dir != "" {
		os.RemoveAll(programs.dir)
	}
	os.Exit(code)
}

// clientOutput is what both clients print, whatever serves add.
const clientOutput = `add(2, 3) = 5
add(2147483647, 1) = -2147483648
add_checked(40, 2) = 42
add_checked(2147483647, 1) raised AddError.OVERFLOW
`

// TestEveryClientEveryServer starts each server on a Unix socket and runs
// the Go client and the Python client against it: the same results,
// including the wrap-around and the typed AddError, from a Go
// implementation, the C library behind the cgo binding, a Python class,
// and the C library behind the generated C dispatcher.
func TestEveryClientEveryServer(t *testing.T) {
	bin := build(t)
	servers := map[string][]string{
		"go":         {filepath.Join(bin, "goserver")},
		"go-cgo-lib": {filepath.Join(bin, "goserver"), "-c"},
		"python":     {"python3", "pyserver.py"},
		"c":          {filepath.Join(bin, "cserver")},
	}
	clients := map[string][]string{
		"go":     {filepath.Join(bin, "goclient")},
		"python": {"python3", "client.py"},
	}
	for sname, server := range servers {
		t.Run(sname, func(t *testing.T) {
			sock := filepath.Join(t.TempDir(), "add.sock")
			start(t, append(server, sock)...)
			for cname, client := range clients {
				out, err := exec.Command(client[0], append(client[1:], sock)...).CombinedOutput()
				if err != nil {
					t.Errorf("%s client: %v\n%s", cname, err, out)
				} else if string(out) != clientOutput {
					t.Errorf("%s client printed:\n%s\nwant:\n%s", cname, out, clientOutput)
				}
			}
		})
	}
}

// TestChildProcess runs child.py: the same function calls add.c in this
// process (ctypes) and in a child process (the C dispatcher on the
// child's stdin and stdout), with the same results and the same
// exceptions.
func TestChildProcess(t *testing.T) {
	bin := build(t)
	cmd := exec.Command("python3", "child.py", filepath.Join(bin, "cserver"))
	cmd.Env = append(os.Environ(), "ADD_LIBRARY="+filepath.Join(bin, "libadd.so"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child.py: %v\n%s", err, out)
	}
	var want strings.Builder
	for _, where := range []string{"in process:", "child process:"} {
		want.WriteString(where + " add(2, 3) = 5\n")
		want.WriteString(where + " add_checked(2147483647, 1) raised AddError: OVERFLOW\n")
		want.WriteString(where + " add(2**40, 1) raised OverflowError\n")
	}
	if string(out) != want.String() {
		t.Errorf("child.py printed:\n%s\nwant:\n%s", out, want.String())
	}
}

// TestMypy type-checks the Python programs with the generated modules.
func TestMypy(t *testing.T) {
	cmd := exec.Command("python3", "-m", "mypy", "--strict", "client.py", "pyserver.py", "child.py")
	cmd.Env = append(os.Environ(), "MYPYPATH=add", "MYPY_CACHE_DIR="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("mypy --strict: %v\n%s", err, out)
	}
}

// TestGeneratedIsCurrent fails when the generated files of this example
// differ from what bindgen writes now. `go test ./... -update` (the golden
// files' flag) or `go generate ./examples/...` rewrites them.
func TestGeneratedIsCurrent(t *testing.T) {
	verb := "check"
	if *golden.Update {
		verb = "gen"
	}
	cmd := exec.Command("go", "run", "github.com/bindgen-dev/bindgen/cmd/bindgen", verb, "--lang=rpc", "--out", "add", "../add.idl")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s\n%v: bindgen %s failed; if generated files are stale, run `go test ./examples/... -update`", out, err, verb)
	}
}

// start runs a server and waits until it says it is listening; the
// server is killed when the test ends.
func start(t *testing.T, argv ...string) {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stderr).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "listening on ") {
		t.Fatalf("%s printed %q (%v), want \"listening on ...\"", strings.Join(argv, " "), line, err)
	}
}
