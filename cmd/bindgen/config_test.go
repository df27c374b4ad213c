package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// newProject writes files (slash paths relative to a new directory) and
// returns the directory.
func newProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// calcAbs is calcIDL from any working directory (tests change it).
var calcAbs, _ = filepath.Abs(calcIDL)

func calcSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(calcAbs)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const projectConfig = `# every binding of the project
generate:
  - idl: api/calc.idl
    lang: [c, go, python]
    c-out: include
    go-out: calc
    python-out: py
  - idl: [api/calc.idl]
    lang: python-wire
    python-out: app/wire
    python-relative: true
`

// TestConfigGenCheck runs gen and check from the config alone, from a
// subdirectory (the config is found by walking up), and checks that the
// files land where the config says, relative to the config's directory.
func TestConfigGenCheck(t *testing.T) {
	proj := newProject(t, map[string]string{
		"bindgen.yaml": projectConfig,
		"api/calc.idl": calcSource(t),
		"calc/doc.go":  "// Package calc is hand-written next to the generated files.\npackage calc\n",
	})
	t.Chdir(filepath.Join(proj, "calc"))
	if r := run(t, "", "gen"); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("gen from a subdirectory: %+v", r)
	}
	want := []string{
		"api/calc.idl", "app/wire/calc.py", "app/wire/calc_wire.py", "bindgen.yaml",
		"calc/calc.go", "calc/calc_cgo.go", "calc/doc.go", "include/calc.h", "py/calc.py",
	}
	got := tree(t, proj)
	if diff := cmp.Diff(want, names(got)); diff != "" {
		t.Fatalf("files (-want +got):\n%s", diff)
	}
	if !strings.Contains(got["calc/calc_cgo.go"], `#include "../include/calc.h"`) {
		t.Error("the cgo file does not include the header of c-out")
	}
	if !strings.Contains(got["app/wire/calc_wire.py"], "from .calc import") {
		t.Error("python-relative: true did not reach the Python codec")
	}
	// check, from another directory, with the same config: current.
	t.Chdir(filepath.Join(proj, "include"))
	if r := run(t, "", "check"); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("check after gen: %+v", r)
	}
	// --config names the file explicitly, from anywhere.
	t.Chdir(t.TempDir())
	cfg := filepath.Join(proj, "bindgen.yaml")
	if r := run(t, "", "check", "--config", cfg); r.code != 0 {
		t.Fatalf("check --config: %+v", r)
	}

	// An IDL edit without regenerating: check fails with the diff and
	// the command that fixes it, which is gen with the same config.
	api := filepath.Join(proj, "api", "calc.idl")
	os.WriteFile(api, []byte(calcSource(t)+"\n/// Negates x.\nfn negate(x: i32) -> i32;\n"), 0o644)
	r := run(t, "", "check", "--config", cfg)
	if r.code != 1 || !strings.Contains(r.stdout, "calc_negate") {
		t.Fatalf("check after an IDL edit: %+v", r)
	}
	fix := "bindgen gen --config=" + cfg
	for _, want := range []string{filepath.Join(proj, "include", "calc.h") + " (stale)", "to update them, run:\n\t" + fix + "\n"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if r := run(t, "", strings.Fields(fix)[1:]...); r.code != 0 {
		t.Fatalf("the fix: %+v", r)
	}
	if r := run(t, "", "check", "--config", cfg); r.code != 0 {
		t.Fatalf("check after the fix: %+v", r)
	}
}

// TestConfigRefusesFlags checks that gen and check with the config refuse
// the flags that shape the output (they would make check verify something
// else than gen writes), and the flags that only go with the config
// without it.
func TestConfigRefusesFlags(t *testing.T) {
	proj := newProject(t, map[string]string{"bindgen.yaml": projectConfig, "api/calc.idl": calcSource(t)})
	t.Chdir(proj)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--lang=go"}, "--lang cannot be combined with the config bindgen.yaml"},
		{[]string{"gen", "--go-out=x", "--python-relative"}, "--python-relative, --go-out cannot be combined with the config bindgen.yaml"},
		{[]string{"gen", "--config=bindgen.yaml", "api/calc.idl"}, "--config with IDL files"},
		{[]string{"gen", "--clean", "api/calc.idl"}, "--clean needs the config"},
		{[]string{"check", "--clean"}, "unknown flag: --clean"},
	} {
		r := run(t, "", tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q: want exit 2 and %q, got %+v", tc.args, tc.want, r)
		}
	}
	if got := names(tree(t, proj)); len(got) != 2 {
		t.Errorf("files written: %v", got)
	}
	// No config anywhere up: a usage error that says where it looked.
	empty := t.TempDir()
	t.Chdir(empty)
	if r := run(t, "", "check"); r.code != 2 || !strings.Contains(r.stderr, "no IDL files given, and no bindgen.yaml in ") {
		t.Errorf("check without a config: %+v", r)
	}
}

// TestConfigErrors checks that mistakes in the config are diagnostics with
// positions and carets, all of them, and that nothing is written.
func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct{ name, config, want string }{
		{"unknown key", "generate:\n  - idl: api/calc.idl\n    lang: [c, go]\n    go_out: calc\n    pyhton-out: py\n",
			"bindgen.yaml:4:5: error: unknown key \"go_out\"\n        go_out: calc\n        ^\n    = help: did you mean \"go-out\"?\n" +
				"bindgen.yaml:5:5: error: unknown key \"pyhton-out\"\n        pyhton-out: py\n        ^\n    = help: did you mean \"python-out\"?\n" +
				"bindgen: 2 errors\n"},
		{"outside the subset", "generate:\n  - idl: api/calc.idl\n    lang: {c: 1}\n",
			"bindgen.yaml:3:11: error: flow mappings {...} are not supported\n        lang: {c: 1}\n              ^\n    = help: write the mapping as indented key: value lines\n"},
		{"grpc without rpc", "generate:\n  - idl: api/calc.idl\n    lang: [go, grpc]\n    grpc-go-import: example.com/calc\n",
			"bindgen.yaml:3:11: error: grpc needs rpc in the same entry: the gRPC files use the RPC files\n        lang: [go, grpc]\n              ^\n    = help: add rpc to lang\n"},
		{"go package, in two entries", "generate:\n  - idl: api/calc.idl\n    go-package: a-b\n  - idl: api/calc.idl\n    go-package: type\n",
			"bindgen.yaml:3:17: error: go-package \"a-b\" is not a Go package name\n        go-package: a-b\n                    ^\n" +
				"bindgen.yaml:5:17: error: go-package \"type\" is not a Go package name\n        go-package: type\n                    ^\n" +
				"bindgen: 2 errors\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			proj := newProject(t, map[string]string{"bindgen.yaml": tc.config, "api/calc.idl": calcSource(t)})
			t.Chdir(proj)
			r := run(t, "", "gen")
			if r.code != 1 {
				t.Fatalf("exit %d: %+v", r.code, r)
			}
			if diff := cmp.Diff(tc.want, r.stderr); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
			if got := names(tree(t, proj)); len(got) != 2 {
				t.Errorf("files written: %v", got)
			}
		})
	}
	// A config that cannot be read is an error naming it.
	t.Chdir(t.TempDir())
	if r := run(t, "", "check", "--config", "missing.yaml"); r.code != 1 || !strings.Contains(r.stderr, "bindgen: open missing.yaml: ") {
		t.Errorf("a missing --config: %+v", r)
	}
	// An error in an IDL file an entry names prints like any IDL error.
	proj := newProject(t, map[string]string{"bindgen.yaml": "generate:\n  - idl: bad.idl\n", "bad.idl": "package p;\nfn f(x: Nope);\n"})
	t.Chdir(proj)
	if r := run(t, "", "check"); r.code != 1 || !strings.Contains(r.stderr, "bad.idl:2:9: error: unknown type \"Nope\"\n") {
		t.Errorf("IDL error through the config: %+v", r)
	}
}

// TestConfigStaleFiles renames the package: the files of the old name
// stay behind. check fails naming them; gen leaves them and says so;
// gen --clean removes exactly them, not a hand-written file beside them
// nor a generated file outside the config's output directories.
func TestConfigStaleFiles(t *testing.T) {
	proj := newProject(t, map[string]string{"bindgen.yaml": projectConfig, "api/calc.idl": calcSource(t)})
	t.Chdir(proj)
	if r := run(t, "", "gen"); r.code != 0 {
		t.Fatalf("gen: %+v", r)
	}
	const mine = "// calc_util.go: hand-written, mentions calc.go.\npackage calc\n"
	os.WriteFile(filepath.Join(proj, "calc", "calc_util.go"), []byte(mine), 0o644)
	// A generated file in a directory the config does not name.
	other := filepath.Join(proj, "vendored", "other.py")
	os.MkdirAll(filepath.Dir(other), 0o755)
	os.WriteFile(other, []byte("# Code generated by bindgen. DO NOT EDIT.\n"), 0o644)

	os.WriteFile(filepath.Join(proj, "api", "calc.idl"), []byte(strings.Replace(calcSource(t), "package calc;", "package calc2;", 1)), 0o644)
	if r := run(t, "", "gen"); r.code != 0 {
		t.Fatalf("gen after the rename: %+v", r)
	}
	stale := []string{"app/wire/calc.py", "app/wire/calc_wire.py", "calc/calc.go", "calc/calc_cgo.go", "include/calc.h", "py/calc.py"}
	r := run(t, "", "check")
	if r.code != 1 {
		t.Fatalf("check with stale files: %+v", r)
	}
	for _, s := range stale {
		p := filepath.FromSlash(s)
		if !strings.Contains(r.stderr, "\t"+p+" (no longer generated)\n") {
			t.Errorf("stderr does not name %s:\n%s", p, r.stderr)
		}
		if !strings.Contains(r.stdout, "--- a/"+s+"\n+++ /dev/null\n@@ -1,") {
			t.Errorf("stdout lacks the diff that deletes %s", s)
		}
	}
	if !strings.HasSuffix(r.stderr, "to update them, run:\n\tbindgen gen --clean\n") {
		t.Errorf("hint:\n%s", r.stderr)
	}
	if strings.Contains(r.stderr, "calc_util.go") || strings.Contains(r.stderr, "other.py") {
		t.Errorf("check names a file that is not stale:\n%s", r.stderr)
	}

	if r := run(t, "", "gen", "--clean"); r.code != 0 || r.stderr != "" {
		t.Fatalf("gen --clean: %+v", r)
	}
	got := tree(t, proj)
	for _, s := range stale {
		if _, ok := got[s]; ok {
			t.Errorf("gen --clean left %s", s)
		}
	}
	if got["calc/calc_util.go"] != mine {
		t.Error("gen --clean touched a hand-written file")
	}
	if _, ok := got["vendored/other.py"]; !ok {
		t.Error("gen --clean removed a file outside the output directories")
	}
	for _, s := range []string{"calc/calc2.go", "include/calc2.h", "app/wire/calc2_wire.py"} {
		if _, ok := got[s]; !ok {
			t.Errorf("%s missing after gen --clean", s)
		}
	}
	if r := run(t, "", "check"); r.code != 0 {
		t.Fatalf("check after gen --clean: %+v", r)
	}
}

// TestConfigGenNotesStaleFiles checks that gen without --clean keeps the
// stale files and says how to remove them.
func TestConfigGenNotesStaleFiles(t *testing.T) {
	proj := newProject(t, map[string]string{"bindgen.yaml": "generate:\n  - idl: api/calc.idl\n    lang: python\n", "api/calc.idl": calcSource(t)})
	t.Chdir(proj)
	if r := run(t, "", "gen"); r.code != 0 {
		t.Fatalf("gen: %+v", r)
	}
	os.WriteFile(filepath.Join(proj, "api", "calc.idl"), []byte(strings.Replace(calcSource(t), "package calc;", "package calc2;", 1)), 0o644)
	r := run(t, "", "gen")
	want := "bindgen: note: bindgen generated these files earlier and no longer would:\n\tcalc.py\nto remove them, run:\n\tbindgen gen --clean\n"
	if r.code != 0 || r.stderr != want {
		t.Errorf("gen with a stale file: %+v\nwant stderr %q", r, want)
	}
	if _, err := os.Stat(filepath.Join(proj, "calc.py")); err != nil {
		t.Errorf("gen without --clean removed calc.py: %v", err)
	}
}

// TestFixHintRepeatsInvocation checks that check's hint spells gen the
// way bindgen was invoked.
func TestFixHintRepeatsInvocation(t *testing.T) {
	dir := t.TempDir()
	var out, errb strings.Builder
	code := RunAs("go tool bindgen", []string{"check", "--lang=go", "--out", dir, calcIDL}, strings.NewReader(""), &out, &errb)
	if want := "\tgo tool bindgen gen --lang=go --out=" + dir + " " + calcIDL + "\n"; code != 1 || !strings.HasSuffix(errb.String(), want) {
		t.Errorf("exit %d, stderr:\n%s\nwant it to end in %q", code, errb.String(), want)
	}
}

func TestInvokedAs(t *testing.T) {
	const cache, tmp = "/home/u/.cache/go-build", "/tmp"
	for _, tc := range []struct {
		name         string
		argv, parent []string
		pkg, want    string
	}{
		{"go tool, from the parent",
			[]string{cache + "/ab/abc-d/bindgen", "check", "--lang=go", "x.idl"},
			[]string{"go", "tool", "bindgen", "check", "--lang=go", "x.idl"}, "", "go tool bindgen"},
		{"go run with flags, from the parent",
			[]string{"/tmp/go-build123/b001/exe/bindgen", "check"},
			[]string{"/usr/local/go/bin/go", "run", "-race", "./cmd/bindgen", "check"}, "", "/usr/local/go/bin/go run -race ./cmd/bindgen"},
		{"go tool after a toolchain switch",
			[]string{cache + "/ab/abc-d/bindgen", "check"},
			[]string{"/home/u/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.0.linux-amd64/bin/go", "tool", "bindgen", "check"}, "", "go tool bindgen"},
		{"go tool by package path",
			[]string{cache + "/ab/abc-d/bindgen", "check"},
			[]string{"go", "tool", "github.com/bindgen-dev/bindgen/cmd/bindgen", "check"}, "", "go tool github.com/bindgen-dev/bindgen/cmd/bindgen"},
		{"go tool without the parent",
			[]string{cache + "/ab/abc-d/bindgen", "check"}, nil, "", "go tool bindgen"},
		{"go run without the parent",
			[]string{"/tmp/go-build123/b001/exe/bindgen", "check"}, nil, "github.com/bindgen-dev/bindgen/cmd/bindgen", "go run github.com/bindgen-dev/bindgen/cmd/bindgen"},
		{"a parent that is not go",
			[]string{"./bin/bindgen", "check"}, []string{"make", "check-generated"}, "", "./bin/bindgen"},
		{"a parent whose arguments differ",
			[]string{"bindgen", "check", "a.idl"}, []string{"go", "run", "x", "check", "b.idl"}, "", "bindgen"},
		{"from PATH", []string{"bindgen", "check"}, []string{"/bin/sh", "-c", "bindgen check"}, "", "bindgen"},
		{"a path to quote", []string{"/opt/my tools/bindgen", "check"}, nil, "", "'/opt/my tools/bindgen'"},
		{"no argv", nil, nil, "", "bindgen"},
	} {
		if got := invokedAs(tc.argv, tc.parent, cache, tmp, tc.pkg); got != tc.want {
			t.Errorf("%s: invokedAs = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestFixHintGoRun runs bindgen for real with go run: the hint of a failing
// check is go run again, with the same package argument.
func TestFixHintGoRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds bindgen with go run")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go run needs the go command: %v", err)
	}
	proj := newProject(t, map[string]string{"bindgen.yaml": "generate:\n  - idl: api/calc.idl\n    lang: python\n", "api/calc.idl": calcSource(t)})
	cfg := filepath.Join(proj, "bindgen.yaml")
	cmd := exec.Command(goTool, "run", ".", "check", "--config", cfg)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("go run . check: %v\n%s", err, out)
	}
	// On Linux, the parent is go as exec found it, which the hint
	// repeats; elsewhere bindgen guesses go run of its package path.
	want := "to update them, run:\n\t" + goTool + " run . gen --config=" + cfg + "\n"
	if runtime.GOOS != "linux" {
		want = "to update them, run:\n\tgo run github.com/bindgen-dev/bindgen/cmd/bindgen gen --config=" + cfg + "\n"
	}
	// go run itself adds "exit status 1" after the output.
	if !strings.Contains(string(out), want) {
		t.Errorf("output:\n%s\nwant it to end in %q", out, want)
	}
}

// TestFixHintGoTool runs bindgen for real as a tool of another module
// (go get -tool records it so), from a directory below its config: the
// hint of a failing check is go tool bindgen gen.
func TestFixHintGoTool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds bindgen with go tool")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go tool needs the go command: %v", err)
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	proj := newProject(t, map[string]string{
		"go.mod": "module example.com/user\n\ngo 1.26\n\ntool github.com/bindgen-dev/bindgen/cmd/bindgen\n\n" +
			"require github.com/bindgen-dev/bindgen v0.0.0\n\nreplace github.com/bindgen-dev/bindgen => " + repo + "\n",
		"go.sum":       string(sum),
		"bindgen.yaml": "generate:\n  - idl: api/calc.idl\n    lang: python\n",
		"api/calc.idl": calcSource(t),
	})
	// The module cache already holds bindgen's dependencies: tidy only
	// writes them into go.mod.
	tidy := exec.Command(goTool, "mod", "tidy")
	tidy.Dir = proj
	if out, err := tidy.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	cmd := exec.Command(goTool, "tool", "bindgen", "check")
	cmd.Dir = filepath.Join(proj, "api")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("go tool bindgen check: %v\n%s", err, out)
	}
	want := "\t../calc.py (missing)\nto update them, run:\n\t" + goTool + " tool bindgen gen\n"
	if runtime.GOOS != "linux" {
		want = "\t../calc.py (missing)\nto update them, run:\n\tgo tool bindgen gen\n"
	}
	if !strings.Contains(string(out), want) {
		t.Errorf("output:\n%s\nwant it to contain %q", out, want)
	}
}

// TestConfigStaleCgoWrapper checks that a stale cgo wrapper does not let
// the C codec into a Go package: once gen --clean removes it, the package
// would not build.
func TestConfigStaleCgoWrapper(t *testing.T) {
	proj := newProject(t, map[string]string{"bindgen.yaml": "generate:\n  - idl: api/calc.idl\n    lang: [c, go]\n", "api/calc.idl": calcSource(t)})
	t.Chdir(proj)
	if r := run(t, "", "gen"); r.code != 0 {
		t.Fatalf("gen: %+v", r)
	}
	// Now the Go codec and the C codec, without the cgo wrapper.
	os.WriteFile("bindgen.yaml", []byte("generate:\n  - idl: api/calc.idl\n    lang: [go-wire, c-wire]\n"), 0o644)
	before := tree(t, proj)
	for _, args := range [][]string{{"gen", "--clean"}, {"gen"}, {"check"}} {
		r := run(t, "", args...)
		if r.code != 1 || !strings.Contains(r.stderr, "refusing to write C files into a Go package that does not use cgo") {
			t.Errorf("%q: %+v", args, r)
		}
	}
	if diff := cmp.Diff(before, tree(t, proj)); diff != "" {
		t.Errorf("files changed (-before +after):\n%s", diff)
	}
}
