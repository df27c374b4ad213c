package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
)

const calcIDL = "../../testdata/calc.idl"

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &out, &errb)
	return result{code, out.String(), errb.String()}
}

// tree returns every file under dir by slash path relative to dir.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			m[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return m
}

func names(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestGenDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if r := run(t, "", "gen", "--out", dir, calcIDL); r.code != 0 || r.stdout != "" || r.stderr != "" {
			t.Fatalf("gen: %+v", r)
		}
	}
	ta, tb := tree(t, a), tree(t, b)
	if len(ta) == 0 {
		t.Fatal("nothing generated")
	}
	for name, content := range ta {
		if tb[name] != content {
			t.Errorf("%s differs between two runs", name)
		}
		if !gen.IsGenerated([]byte(content)) {
			t.Errorf("%s lacks the generated-code marker", name)
		}
		for _, bad := range []string{a, "testdata/", version()} {
			if strings.Contains(content, bad) && bad != "" {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
	// Running gen again over its own output succeeds and changes nothing.
	if r := run(t, "", "gen", "--out", a, calcIDL); r.code != 0 {
		t.Fatalf("regenerating: %+v", r)
	}
	if diff := names(tree(t, a)); strings.Join(diff, ",") != strings.Join(names(ta), ",") {
		t.Errorf("files after regenerating: %v", diff)
	}
}

func TestGenLanguagesAndDirs(t *testing.T) {
	dir := t.TempDir()
	r := run(t, "", "gen", "--lang=go", "--out", dir, calcIDL)
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if got := names(tree(t, dir)); strings.Join(got, ",") != "calc.go,calc_cgo.go" {
		t.Errorf("--lang=go wrote %v", got)
	}
	dir = t.TempDir()
	r = run(t, "", "gen", "--lang", "go,python", "--out", dir, "--go-out", filepath.Join(dir, "go", "calc"), "--go-package", "calcpb", calcIDL)
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	got := tree(t, dir)
	if strings.Join(names(got), ",") != "calc.py,go/calc/calc.go,go/calc/calc_cgo.go" {
		t.Errorf("per-language dirs wrote %v", names(got))
	}
	if !strings.Contains(got["go/calc/calc.go"], "package calcpb\n") {
		t.Error("--go-package ignored")
	}
	// The cgo file finds the header in the C output directory.
	if !strings.Contains(got["go/calc/calc_cgo.go"], `#include "../../calc.h"`) {
		t.Errorf("cgo file does not include the header relative to its directory:\n%.600s", got["go/calc/calc_cgo.go"])
	}
}

func TestGenNothingWrittenOnError(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.idl")
	os.WriteFile(bad, []byte("package calc;\nfn f(x: Nope);\nfn g(y: Nope2);\n"), 0o644)
	out := filepath.Join(dir, "out")
	r := run(t, "", "gen", "--out", out, bad)
	if r.code != 1 {
		t.Fatalf("exit %d", r.code)
	}
	for _, want := range []string{bad + ":2:9: error: unknown type \"Nope\"", bad + ":3:9: error: unknown type \"Nope2\"", "    fn f(x: Nope);\n            ^\n", "bindgen: 2 errors\n"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("output directory created despite errors")
	}
}

func TestGenRefusesHandWrittenFile(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "calc.go")
	os.WriteFile(mine, []byte("package calc\n\n// my own code\n"), 0o644)
	r := run(t, "", "gen", "--out", dir, calcIDL)
	if r.code != 1 || !strings.Contains(r.stderr, "refusing to overwrite "+mine) {
		t.Fatalf("%+v", r)
	}
	if got := names(tree(t, dir)); len(got) != 1 {
		t.Errorf("files written although one destination was refused: %v", got)
	}
	if b, _ := os.ReadFile(mine); string(b) != "package calc\n\n// my own code\n" {
		t.Error("hand-written file was changed")
	}
	// check reports it too.
	if r := run(t, "", "check", "--out", dir, calcIDL); r.code != 1 || !strings.Contains(r.stderr, "refusing to overwrite "+mine) {
		t.Errorf("check: %+v", r)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	args := []string{"--lang=go,python", "--out", dir, calcIDL}
	if r := run(t, "", append([]string{"gen"}, args...)...); r.code != 0 {
		t.Fatalf("gen: %+v", r)
	}
	if r := run(t, "", append([]string{"check"}, args...)...); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("check after gen: %+v", r)
	}

	// A stale file: a unified diff on stdout, the fixing command on stderr.
	py := filepath.Join(dir, "calc.py")
	orig, _ := os.ReadFile(py)
	os.WriteFile(py, bytes.Replace(orig, []byte("\n"), []byte("\n# edited by hand\n"), 3), 0o644)
	os.Remove(filepath.Join(dir, "calc_cgo.go"))
	r := run(t, "", append([]string{"check"}, args...)...)
	if r.code != 1 {
		t.Fatalf("check on stale files: %+v", r)
	}
	for _, want := range []string{
		"--- " + py + "\n+++ " + py + "\n@@ -1,",
		"-# edited by hand\n",
		"--- /dev/null\n+++ " + filepath.Join(dir, "calc_cgo.go") + "\n@@ -0,0 +1,",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%.2000s", want, r.stdout)
		}
	}
	fix := "bindgen gen --lang=go,python --out=" + dir + " " + calcIDL
	for _, want := range []string{py + " (stale)", filepath.Join(dir, "calc_cgo.go") + " (missing)", "\t" + fix + "\n"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	// check writes nothing: the stale file keeps its edit, the missing one
	// stays missing.
	if files := tree(t, dir); !strings.Contains(files["calc.py"], "# edited by hand") {
		t.Error("check rewrote calc.py")
	} else if _, ok := files["calc_cgo.go"]; ok {
		t.Error("check wrote calc_cgo.go")
	}
	// The printed command fixes it.
	if r := run(t, "", strings.Fields(fix)[1:]...); r.code != 0 {
		t.Fatalf("fix command: %+v", r)
	}
	if r := run(t, "", append([]string{"check"}, args...)...); r.code != 0 {
		t.Fatalf("check after the fix: %+v", r)
	}
}

func TestCheckBadInput(t *testing.T) {
	r := run(t, "", "check", "--out", t.TempDir(), "../../testdata/errors/unknown_type.idl")
	if r.code != 1 || !strings.Contains(r.stderr, `did you mean "Point"?`) {
		t.Fatalf("%+v", r)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"gen"},
		{"gen", "--lang=rust", calcIDL},
		{"gen", "--lang=", calcIDL},
		{"gen", "--no-such-flag", calcIDL},
		{"gen", "--go-package=a-b", calcIDL},
		{"gen", "--go-package=type", calcIDL},
		{"check"},
		{"frobnicate"},
		{"fmt", "-w", "--check", calcIDL},
		{"fmt", "-w"},
		{"version", "extra"},
	} {
		r := run(t, "", args...)
		if r.code != 2 {
			t.Errorf("%q: exit %d, want 2 (%+v)", args, r.code, r)
		}
		if !strings.HasPrefix(r.stderr, "bindgen: ") {
			t.Errorf("%q: stderr %q", args, r.stderr)
		}
	}
	if r := run(t, "", "gen", "--lang=rust", calcIDL); !strings.Contains(r.stderr, `unknown language "rust"`) || !strings.Contains(r.stderr, "--help") {
		t.Errorf("%+v", r)
	}
	if r := run(t, "", "gen", "missing.idl"); r.code != 1 || !strings.Contains(r.stderr, "missing.idl") {
		t.Errorf("missing input: %+v", r)
	}
}

func TestMultipleFilesOnePackage(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.idl"), filepath.Join(dir, "b.idl")
	os.WriteFile(a, []byte("package two;\nstruct P {\n    x: i32 @1;\n}\n"), 0o644)
	os.WriteFile(b, []byte("package two;\nfn f(p: P) -> P;\n"), 0o644)
	out := filepath.Join(dir, "out")
	if r := run(t, "", "gen", "--lang=python", "--out", out, a, b); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if py := tree(t, out)["two.py"]; !strings.Contains(py, "# source: a.idl, b.idl\n") {
		t.Errorf("two.py does not name its sources:\n%.300s", py)
	}
	os.WriteFile(b, []byte("package three;\nfn f(p: P) -> P;\n"), 0o644)
	if r := run(t, "", "gen", "--out", out, a, b); r.code != 1 || !strings.Contains(r.stderr, `package "three" differs`) {
		t.Errorf("%+v", r)
	}
}

func TestFmt(t *testing.T) {
	dir := t.TempDir()
	messy := filepath.Join(dir, "m.idl")
	clean := filepath.Join(dir, "c.idl")
	const messySrc = "package   m ; // keep me\nstruct S{a:i32@1;/* and me */}\n"
	const want = "package m; // keep me\n\nstruct S {\n    a: i32 @1; /* and me */\n}\n"
	os.WriteFile(messy, []byte(messySrc), 0o644)
	os.WriteFile(clean, []byte(want), 0o600)

	if r := run(t, "", "fmt", messy); r.code != 0 || r.stdout != want {
		t.Errorf("fmt: %+v", r)
	}
	if r := run(t, messySrc, "fmt"); r.code != 0 || r.stdout != want {
		t.Errorf("fmt from stdin: %+v", r)
	}
	if r := run(t, "", "fmt", "--check", messy, clean); r.code != 1 || r.stdout != messy+"\n" || !strings.Contains(r.stderr, "not formatted") {
		t.Errorf("fmt --check: %+v", r)
	}
	if r := run(t, "", "fmt", "--check", clean); r.code != 0 || r.stdout != "" {
		t.Errorf("fmt --check on a formatted file: %+v", r)
	}
	if r := run(t, "", "fmt", "-w", messy, clean); r.code != 0 || r.stdout != "" {
		t.Errorf("fmt -w: %+v", r)
	}
	if b, _ := os.ReadFile(messy); string(b) != want {
		t.Errorf("fmt -w wrote %q", b)
	}
	if fi, _ := os.Stat(clean); fi.Mode().Perm() != 0o600 {
		t.Errorf("fmt -w changed the mode of an unchanged file: %v", fi.Mode())
	}
	bad := filepath.Join(dir, "bad.idl")
	os.WriteFile(bad, []byte("package b;\nstruct {\n"), 0o644)
	if r := run(t, "", "fmt", "-w", bad); r.code != 1 || !strings.Contains(r.stderr, bad+":2:8: error:") {
		t.Errorf("fmt on a syntax error: %+v", r)
	}
}

// TestFmtRepositoryIDL checks that every valid IDL file of the repository
// (testdata and examples) is already formatted: bindgen fmt --check passes.
func TestFmtRepositoryIDL(t *testing.T) {
	var files []string
	filepath.WalkDir("../..", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "errors" || d.Name() == ".git") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(p, ".idl") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Fatal("no IDL files")
	}
	if r := run(t, "", append([]string{"fmt", "--check"}, files...)...); r.code != 0 {
		t.Errorf("testdata is not formatted: %+v", r)
	}
}

func TestVersionHelpCompletion(t *testing.T) {
	v := run(t, "", "version")
	if v.code != 0 || !strings.HasPrefix(v.stdout, "bindgen ") {
		t.Errorf("version: %+v", v)
	}
	if r := run(t, "", "--version"); r.code != 0 || r.stdout != v.stdout {
		t.Errorf("--version: %+v", r)
	}
	for _, args := range [][]string{{"--help"}, {"gen", "--help"}, {"check", "--help"}, {"fmt", "--help"}, {"version", "--help"}} {
		r := run(t, "", args...)
		if r.code != 0 || !strings.Contains(r.stdout, "Examples:") {
			t.Errorf("%q: %+v", args, r)
		}
	}
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		if r := run(t, "", "completion", sh); r.code != 0 || len(r.stdout) < 100 {
			t.Errorf("completion %s: exit %d, %d bytes", sh, r.code, len(r.stdout))
		}
	}
}

func TestGenWire(t *testing.T) {
	dir := t.TempDir()
	// wire is the three codecs; the C one cannot share the directory of a
	// Go package without cgo, so it goes with --c-out.
	cdir := filepath.Join(dir, "include")
	if r := run(t, "", "gen", "--lang=wire", "--out", dir, "--c-out", cdir, calcIDL); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	got := tree(t, dir)
	want := []string{"calc.go", "calc.py", "calc_wire.go", "calc_wire.py", "include/calc.h", "include/calc_wire.c", "include/calc_wire.h"}
	if diff := cmp.Diff(want, names(got)); diff != "" {
		t.Errorf("--lang=wire wrote (-want +got):\n%s", diff)
	}
	// go and wire together share calc.go, and the cgo wrapper makes the
	// directory a cgo package, where the C codec may go.
	if r := run(t, "", "gen", "--lang=go,wire", "--out", t.TempDir(), calcIDL); r.code != 0 {
		t.Fatalf("--lang=go,wire: %+v", r)
	}
}

// TestGenWireRefusesCInAGoPackageWithoutCgo checks that no plan puts the C
// codec into a Go package that does not use cgo (go build would refuse
// the package), and that a hand-written cgo file lets it in.
func TestGenWireRefusesCInAGoPackageWithoutCgo(t *testing.T) {
	dir := t.TempDir()
	for _, verb := range []string{"gen", "check"} {
		r := run(t, "", verb, "--lang=wire", "--out", dir, calcIDL)
		if r.code != 1 || !strings.Contains(r.stderr, "refusing to write C files into a Go package that does not use cgo") ||
			!strings.Contains(r.stderr, "\t"+dir+"\n") {
			t.Errorf("%s: %+v", verb, r)
		}
	}
	if got := tree(t, dir); len(got) > 0 {
		t.Errorf("files written: %v", names(got))
	}
	os.WriteFile(filepath.Join(dir, "cgo.go"), []byte("package calc\n\nimport \"C\"\n"), 0o644)
	if r := run(t, "", "gen", "--lang=wire", "--out", dir, calcIDL); r.code != 0 {
		t.Fatalf("with a cgo file: %+v", r)
	}
	if r := run(t, "", "check", "--lang=wire", "--out", dir, calcIDL); r.code != 0 {
		t.Fatalf("check with a cgo file: %+v", r)
	}
}

func TestGenDefaultIsEveryLanguage(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, "", "gen", "--out", dir, calcIDL); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	got := tree(t, dir)
	for _, want := range []string{"calc.h", "calc.go", "calc_cgo.go", "calc.py", "calc_wire.go"} {
		if _, ok := got[want]; !ok {
			t.Errorf("%s missing from %v", want, names(got))
		}
	}
}

func TestGenNothingWrittenWhenAGeneratorFails(t *testing.T) {
	saved := backends
	t.Cleanup(func() { backends = saved })
	backends = append(append([]backend(nil), saved...), backend{name: "broken", help: "always fails", generate: func(*idl.Package, genOptions) ([]gen.File, error) {
		return nil, errors.New("boom")
	}})
	dir := t.TempDir()
	r := run(t, "", "gen", "--lang=c,go,broken", "--out", dir, calcIDL)
	if r.code != 1 || !strings.Contains(r.stderr, "broken generator: boom") {
		t.Fatalf("%+v", r)
	}
	if got := tree(t, dir); len(got) > 0 {
		t.Errorf("files written although a generator failed: %v", names(got))
	}
}

// TestGenEveryTestdata generates every language for every valid IDL file
// of testdata (backends run concurrently; go test -race checks they only
// read the model), then checks that check agrees.
func TestGenEveryTestdata(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/*.idl")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			dir := t.TempDir()
			if r := run(t, "", "gen", "--out", dir, f); r.code != 0 {
				t.Fatalf("gen: %+v", r)
			}
			if r := run(t, "", "check", "--out", dir, f); r.code != 0 {
				t.Fatalf("check: %+v", r)
			}
		})
	}
}

func TestGenBackendPanicIsAnError(t *testing.T) {
	saved := backends
	t.Cleanup(func() { backends = saved })
	backends = append(append([]backend(nil), saved...), backend{name: "panicky", help: "panics", generate: func(*idl.Package, genOptions) ([]gen.File, error) {
		panic("oops")
	}})
	dir := t.TempDir()
	r := run(t, "", "gen", "--lang=go,panicky", "--out", dir, calcIDL)
	if r.code != 1 || !strings.Contains(r.stderr, "internal error in the panicky generator (please report it): oops") {
		t.Fatalf("%+v", r)
	}
	if got := tree(t, dir); len(got) > 0 {
		t.Errorf("files written: %v", names(got))
	}
}

// TestGenBackendDiagnostics checks that a backend's diagnostics of the IDL
// (goimpl cannot spell a struct named Impl) print like the checker's, with
// the source line and a caret, and that nothing is written.
func TestGenBackendDiagnostics(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "p.idl")
	os.WriteFile(src, []byte("package p;\nstruct Impl { x: i32 @1; }\n"), 0o644)
	out := filepath.Join(dir, "out")
	r := run(t, "", "gen", "--lang=c,goimpl", "--out", out, src)
	want := src + ":2:1: error: struct \"Impl\" is spelled Impl in Go, a name the goimpl package defines itself\n    struct Impl { x: i32 @1; }\n    ^\n"
	if r.code != 1 || r.stderr != want {
		t.Fatalf("exit %d, stderr:\n%s\nwant:\n%s", r.code, r.stderr, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s exists although a generator failed (%v)", out, err)
	}
}

// TestGenRefusesCallbacks: the backends that cannot carry a callback
// (wire codecs, RPC, goimpl) refuse a package that declares one, with a
// diagnostic at each callback and nothing written; c, go and python
// generate it.
func TestGenRefusesCallbacks(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "p.idl")
	os.WriteFile(src, []byte("package p;\nstruct S { x: i32 @1; }\ncallback Sink {\n    fn put(x: i64);\n    fn get() -> list<S>;\n}\nfn run(s: Sink);\n"), 0o644)
	for _, c := range []struct {
		lang, why string
		extra     []string
	}{
		{"wire", "no encoded message can carry", nil},
		{"go-wire", "no encoded message can carry", nil},
		{"python-wire", "no encoded message can carry", nil},
		{"c-wire", "no encoded message can carry", nil},
		{"rpc", "calls from the server back to the client", nil},
		// gRPC is a transport of the RPC: the RPC's refusal covers it.
		{"rpc,grpc", "calls from the server back to the client", []string{"--grpc-go-import", "example.com/p"}},
		{"goimpl", "not written yet", nil},
	} {
		t.Run(c.lang, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{"gen", "--lang=" + c.lang, "--out", out}, c.extra...)
			r := run(t, "", append(args, src)...)
			want := src + ":3:1: error: callback \"Sink\" is not supported by the "
			if r.code != 1 || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, c.why) {
				t.Fatalf("exit %d, stderr:\n%s\nwant it to contain %q and %q", r.code, r.stderr, want, c.why)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s exists although the generator refused (%v)", out, err)
			}
		})
	}
	out := filepath.Join(dir, "ok")
	if r := run(t, "", "gen", "--lang=c,go,python", "--out", out, src); r.code != 0 {
		t.Fatalf("c,go,python: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	for _, f := range []string{"p.h", "p.go", "p_cgo.go", "p_callbacks.go", "p.py"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
}
