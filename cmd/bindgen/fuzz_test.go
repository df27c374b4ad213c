package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/format"
	goparser "go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bindgen-dev/bindgen/gen"
	genrpc "github.com/bindgen-dev/bindgen/gen/rpc"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/diff"
	"github.com/bindgen-dev/bindgen/internal/randidl"
	"github.com/bindgen-dev/bindgen/parser"
)

// pyChecker is a long-lived python3 that compiles the sources it is sent
// (a length line, then the bytes) and answers "ok" or the error, so that
// checking a generated module costs no process start.
type pyChecker struct {
	mu  sync.Mutex
	in  io.WriteCloser
	out *bufio.Reader
}

const pyCheckerScript = `import sys
r, w = sys.stdin.buffer, sys.stdout
while True:
    line = r.readline()
    if not line:
        break
    src = r.read(int(line))
    try:
        compile(src, "generated.py", "exec", dont_inherit=True)
        w.write("ok\n")
    except (SyntaxError, ValueError) as e:
        w.write(repr(e).replace("\n", " ") + "\n")
    w.flush()
`

var (
	pyOnce sync.Once
	py     *pyChecker
	pyErr  error
)

// startPy starts the checker once per process (each fuzz worker has its
// own); it ends when the process does and its stdin closes.
func startPy() (*pyChecker, error) {
	pyOnce.Do(func() {
		cmd := exec.Command("python3", "-c", pyCheckerScript)
		in, err := cmd.StdinPipe()
		if err != nil {
			pyErr = err
			return
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			pyErr = err
			return
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			pyErr = fmt.Errorf("python3 is required: %v", err)
			return
		}
		py = &pyChecker{in: in, out: bufio.NewReader(out)}
	})
	return py, pyErr
}

// check compiles src as Python and returns "" or the error.
func (p *pyChecker) check(src []byte) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, err := fmt.Fprintf(p.in, "%d\n", len(src)); err != nil {
		return "", err
	}
	if _, err := p.in.Write(src); err != nil {
		return "", err
	}
	line, err := p.out.ReadString('\n')
	if err != nil {
		return "", err
	}
	if line = strings.TrimSuffix(line, "\n"); line != "ok" {
		return line, nil
	}
	return "", nil
}

// FuzzGenerate runs every backend on every input the checker accepts: a
// checked package must generate without error or panic, twice the same;
// every Go file must parse (and the Go backend's be gofmt-clean), and
// every Python module must compile with python3.
func FuzzGenerate(f *testing.F) {
	pyc, err := startPy()
	if err != nil {
		f.Fatal(err)
	}
	if msg, err := pyc.check([]byte("def f(:\n")); err != nil || msg == "" {
		f.Fatalf("the Python checker accepts a syntax error (%q, %v)", msg, err)
	}
	var files []string
	for _, pat := range []string{"../../testdata/*.idl", "../../testdata/errors/*.idl"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	// Random IDLs that use every construct, for the fuzzer to mutate.
	for seed := uint64(0); seed < 8; seed++ {
		r, err := randidl.Generate(seed, randidl.Options{})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(r.Src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		pkg, errs := parser.Load("fuzz.idl", src)
		if len(errs) > 0 {
			return
		}
		for _, b := range backends {
			if b.generate == nil {
				continue // an alias: its languages are in backends too
			}
			one, err := b.generate(pkg, genOptions{cHeader: pkg.Name + ".h", grpcImport: "fuzz.test/" + pkg.Name})
			var rpcErrs genrpc.Errors
			var rpcErr *genrpc.Error
			if (b.name == "rpc" || b.name == "grpc") && (errors.As(err, &rpcErrs) || errors.As(err, &rpcErr)) {
				continue // a name the RPC messages need is taken: reported, not a bug
			}
			var diags idl.ErrorList
			if errors.As(err, &diags) {
				continue // diagnostics of the input (goimpl's name clashes), not a crash
			}
			if err != nil {
				t.Fatalf("%s: %v", b.name, err)
			}
			pkg2, _ := parser.Load("fuzz.idl", src)
			two, err := b.generate(pkg2, genOptions{cHeader: pkg.Name + ".h", grpcImport: "fuzz.test/" + pkg.Name})
			if err != nil || len(one) != len(two) {
				t.Fatalf("%s: second run differs: %v", b.name, err)
			}
			for i := range one {
				if one[i].Path != two[i].Path || !bytes.Equal(one[i].Content, two[i].Content) {
					t.Fatalf("%s: %s is not deterministic", b.name, one[i].Path)
				}
				switch filepath.Ext(one[i].Path) {
				case ".go":
					if _, err := goparser.ParseFile(token.NewFileSet(), one[i].Path, one[i].Content, goparser.SkipObjectResolution); err != nil {
						t.Fatalf("%s: %s does not parse as Go: %v\n%s", b.name, one[i].Path, err, gen.Numbered(one[i].Content))
					}
				case ".py":
					msg, err := pyc.check(one[i].Content)
					if err != nil {
						t.Fatalf("python3 checker: %v", err)
					}
					if msg != "" {
						t.Fatalf("%s: %s does not compile as Python: %s\n%s", b.name, one[i].Path, msg, gen.Numbered(one[i].Content))
					}
				}
				// The Go backend lays out gofmt's format itself.
				if b.name == "go" && strings.HasSuffix(one[i].Path, ".go") {
					want, err := format.Source(one[i].Content)
					if err != nil {
						t.Fatalf("%s: %s is not valid Go: %v", b.name, one[i].Path, err)
					}
					if !bytes.Equal(want, one[i].Content) {
						t.Fatalf("%s: %s is not gofmt-clean:\n%s", b.name, one[i].Path, diff.Unified("generated", "gofmt", one[i].Content, want))
					}
				}
			}
		}
	})
}
