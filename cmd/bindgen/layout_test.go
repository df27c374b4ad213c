package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// These tests lay out projects as their users would and build them with
// the real toolchains: a Go module that gets only the Go codec, and a
// Python package that gets only the Python codec.

// toolEnv is the environment of a go or python3 run in a project of the
// test's own: outside this module and any workspace, with the settings
// given on top (set is "KEY=value"; "KEY=" removes KEY).
func toolEnv(set ...string) []string {
	drop := map[string]bool{"GOFLAGS": true, "GOWORK": true, "CGO_ENABLED": true, "PYTHONPATH": true}
	for _, kv := range set {
		drop[strings.SplitN(kv, "=", 2)[0]] = true
	}
	var env []string
	for _, kv := range os.Environ() {
		if !drop[strings.SplitN(kv, "=", 2)[0]] {
			env = append(env, kv)
		}
	}
	env = append(env, "GOWORK=off")
	for _, kv := range set {
		if !strings.HasSuffix(kv, "=") {
			env = append(env, kv)
		}
	}
	return env
}

func runTool(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s in %s: %v\n%s", name, strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// genAndCheck runs gen and then check with the same arguments; check must
// find everything current.
func genAndCheck(t *testing.T, args ...string) {
	t.Helper()
	if r := run(t, "", append([]string{"gen"}, args...)...); r.code != 0 {
		t.Fatalf("gen %q: %+v", args, r)
	}
	if r := run(t, "", append([]string{"check"}, args...)...); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("check %q after gen: %+v", args, r)
	}
}

const goLayoutMain = `package main

import (
	"encoding/hex"
	"fmt"
	"os"
	"reflect"

	"example.com/app/calc"
)

func main() {
	fill := uint32(0xff8800)
	in := calc.Polygon{
		Name:     "tri",
		Vertices: []calc.Point{{X: 0, Y: 0}, {X: 1.5, Y: -2}, {X: 3, Y: 0.25}},
		Fill:     &fill,
		Labels:   map[string]string{"kind": "triangle", "é": "ü"},
	}
	b, err := in.MarshalBinary()
	if err != nil {
		panic(err)
	}
	var out calc.Polygon
	if err := out.UnmarshalBinary(b); err != nil {
		panic(err)
	}
	if !reflect.DeepEqual(in, out) {
		fmt.Fprintf(os.Stderr, "round trip: got %+v, want %+v\n", out, in)
		os.Exit(1)
	}
	fmt.Println(hex.EncodeToString(b))
}
`

const pyLayoutMain = `import sys

import mypkg.calc_wire
from mypkg import calc

want = calc.Polygon(
    name="tri",
    vertices=[calc.Point(0.0, 0.0), calc.Point(1.5, -2.0), calc.Point(3.0, 0.25)],
    fill=0xFF8800,
    labels={"kind": "triangle", "é": "ü"},
)
data = bytes.fromhex(sys.argv[1])
got = mypkg.calc_wire.decode_polygon(data)
assert got == want, (got, want)
assert mypkg.calc_wire.encode_polygon(got) == data, "re-encoding differs from Go's bytes"
print("ok")
`

// TestLayoutGoOnlyAndPythonPackage generates the Go codec alone into the
// package of a Go module and the Python codec alone into a Python
// package, builds the Go program with CGO_ENABLED=0 and with the default
// settings, and decodes its bytes in Python through import mypkg.calc_wire,
// which re-encodes them to the same bytes. mypy --strict checks the
// package, and check agrees with gen for both flag sets.
func TestLayoutGoOnlyAndPythonPackage(t *testing.T) {
	idlPath, err := filepath.Abs(calcIDL)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()

	app := filepath.Join(root, "app")
	writeFile(t, filepath.Join(app, "go.mod"), "module example.com/app\n\ngo 1.26\n")
	writeFile(t, filepath.Join(app, "main.go"), goLayoutMain)
	genAndCheck(t, "--lang=go-wire", "--out", filepath.Join(root, "unused"), "--go-out", filepath.Join(app, "calc"), idlPath)
	if diff := cmp.Diff([]string{"calc/calc.go", "calc/calc_wire.go", "go.mod", "main.go"}, names(tree(t, app))); diff != "" {
		t.Errorf("--lang=go-wire wrote (-want +got):\n%s", diff)
	}
	if _, err := os.Stat(filepath.Join(root, "unused")); !os.IsNotExist(err) {
		t.Errorf("--lang=go-wire wrote to --out although --go-out was given (%v)", err)
	}
	runTool(t, app, toolEnv("CGO_ENABLED=0"), "go", "vet", "./...")
	runTool(t, app, toolEnv("CGO_ENABLED=0"), "go", "build", "./...")
	noCgo := strings.TrimSpace(runTool(t, app, toolEnv("CGO_ENABLED=0"), "go", "run", "."))
	hexBytes := strings.TrimSpace(runTool(t, app, toolEnv(), "go", "run", "."))
	if noCgo != hexBytes || hexBytes == "" {
		t.Fatalf("the encoding differs with and without cgo: %q, %q", noCgo, hexBytes)
	}

	proj := filepath.Join(root, "proj")
	pkgDir := filepath.Join(proj, "mypkg")
	writeFile(t, filepath.Join(pkgDir, "__init__.py"), "")
	writeFile(t, filepath.Join(proj, "main.py"), pyLayoutMain)
	genAndCheck(t, "--lang=python-wire", "--python-out", pkgDir, "--python-relative", idlPath)
	if diff := cmp.Diff([]string{"main.py", "mypkg/__init__.py", "mypkg/calc.py", "mypkg/calc_wire.py"}, names(tree(t, proj))); diff != "" {
		t.Errorf("--lang=python-wire wrote (-want +got):\n%s", diff)
	}
	if out := runTool(t, proj, toolEnv(), "python3", "main.py", hexBytes); strings.TrimSpace(out) != "ok" {
		t.Fatalf("main.py: %s", out)
	}
	runTool(t, proj, toolEnv(), "python3", "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", "-p", "mypkg")

	// The flag is part of the output: check without it finds the codec stale.
	if r := run(t, "", "check", "--lang=python-wire", "--python-out", pkgDir, idlPath); r.code != 1 || !strings.Contains(r.stderr, "calc_wire.py (stale)") {
		t.Errorf("check without --python-relative: %+v", r)
	}
}

// TestLayoutPythonTopLevel checks the default spelling: the same codec
// works, and passes mypy --strict, as top-level modules, and still works
// at run time inside a package.
func TestLayoutPythonTopLevel(t *testing.T) {
	root := t.TempDir()
	top := filepath.Join(root, "top")
	genAndCheck(t, "--lang=python-wire", "--out", top, calcIDL)
	writeFile(t, filepath.Join(top, "main.py"), `import calc
import calc_wire

p = calc.Polygon(name="x", vertices=[calc.Point(1.0, 2.0)], fill=None, labels={})
assert calc_wire.decode_polygon(calc_wire.encode_polygon(p)) == p
print("ok")
`)
	if out := runTool(t, top, toolEnv(), "python3", "main.py"); strings.TrimSpace(out) != "ok" {
		t.Fatalf("main.py: %s", out)
	}
	runTool(t, top, toolEnv(), "python3", "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", "main.py", "calc.py", "calc_wire.py")

	pkgDir := filepath.Join(root, "proj", "mypkg")
	genAndCheck(t, "--lang=python-wire", "--out", pkgDir, calcIDL)
	writeFile(t, filepath.Join(pkgDir, "__init__.py"), "")
	out := runTool(t, filepath.Join(root, "proj"), toolEnv(), "python3", "-c",
		"import mypkg.calc_wire as w, mypkg.calc as c, sys; assert w.Point is c.Point; assert 'calc' not in sys.modules; print('ok')")
	if strings.TrimSpace(out) != "ok" {
		t.Fatalf("inside a package: %s", out)
	}
}

// TestLayoutCheckAgreesWithGen runs gen and then check with the same flags
// for the ways of placing the codecs.
func TestLayoutCheckAgreesWithGen(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"wire by language", []string{"--lang=wire", "--go-out=g", "--python-out=p", "--c-out=c"},
			[]string{"c/calc.h", "c/calc_wire.c", "c/calc_wire.h", "g/calc.go", "g/calc_wire.go", "p/calc.py", "p/calc_wire.py"}},
		{"codec flags", []string{"--lang=go-wire,c-wire", "--go-wire-out=gw", "--c-wire-out=cw", "--go-out=unused"},
			[]string{"cw/calc.h", "cw/calc_wire.c", "cw/calc_wire.h", "gw/calc.go", "gw/calc_wire.go"}},
		{"wire-out, with the C codec apart", []string{"--lang=wire", "--wire-out=w", "--c-wire-out=wc", "--go-out=unused"},
			[]string{"w/calc.go", "w/calc.py", "w/calc_wire.go", "w/calc_wire.py", "wc/calc.h", "wc/calc_wire.c", "wc/calc_wire.h"}},
		{"bindings and codecs", []string{"--lang=c,go,python,wire", "--go-out=g", "--c-out=c"},
			[]string{"c/calc.h", "c/calc_wire.c", "c/calc_wire.h", "calc.py", "calc_wire.py", "g/calc.go", "g/calc_cgo.go", "g/calc_wire.go"}},
		{"everything in one cgo package", []string{"--lang=c,go,python,wire"},
			[]string{"calc.go", "calc.h", "calc.py", "calc_cgo.go", "calc_wire.c", "calc_wire.go", "calc_wire.h", "calc_wire.py"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var args []string
			for _, a := range append([]string{"--out=."}, tc.args...) {
				if k, v, ok := strings.Cut(a, "="); ok && strings.HasSuffix(k, "out") {
					a = k + "=" + filepath.Join(dir, v)
				}
				args = append(args, a)
			}
			genAndCheck(t, append(args, calcIDL)...)
			if diff := cmp.Diff(tc.want, names(tree(t, dir))); diff != "" {
				t.Errorf("wrote (-want +got):\n%s", diff)
			}
		})
	}
}
