package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The generated code must be clean under each ecosystem's standard
// linter with its default settings: staticcheck and go vet for Go, ruff
// for Python (mypy --strict runs in the backends' own tests). These tests
// run them over every golden file and over the RPC output, which has no
// goldens, and fail on any finding or when a linter is not installed
// (.ci/run installs both, pinned).

// goldenDirs are the directories of golden/ that hold generated files.
func goldenDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir("../../golden", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if ents, _ := os.ReadDir(p); len(ents) > 0 {
				dirs = append(dirs, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dst, string(b))
}

// staticcheckPath finds staticcheck on PATH or where go install puts it.
func staticcheckPath(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("staticcheck"); err == nil {
		return p
	}
	out, err := exec.Command("go", "env", "GOBIN", "GOPATH").Output()
	if err == nil {
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		for i, d := range lines {
			if d == "" {
				continue
			}
			if i == 1 {
				d = filepath.Join(d, "bin")
			}
			if p := filepath.Join(d, "staticcheck"); fileExists(p) {
				return p
			}
		}
	}
	t.Fatal("staticcheck not found: go install honnef.co/go/tools/cmd/staticcheck@v0.8.2 (.ci/run installs it)")
	return ""
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// TestLintGo runs go vet and staticcheck (default checks) over a module
// holding every Go golden as a package (with the headers next to it),
// the Go codec golden together with the Go types it extends, and the Go
// RPC packages of calc.idl and conformance.idl.
func TestLintGo(t *testing.T) {
	staticcheck := staticcheckPath(t)
	mod := t.TempDir()
	writeFile(t, filepath.Join(mod, "go.mod"), "module lintcheck\n\ngo 1.26\n")
	ngo := 0
	for _, dir := range goldenDirs(t) {
		rel, _ := filepath.Rel("../../golden", dir)
		pkgDir := filepath.Join(mod, "golden", rel)
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			n := e.Name()
			switch {
			case strings.HasSuffix(n, ".go.golden"):
				copyFile(t, filepath.Join(dir, n), filepath.Join(pkgDir, strings.TrimSuffix(n, ".golden")))
				ngo++
			case strings.HasSuffix(n, ".h"):
				copyFile(t, filepath.Join(dir, n), filepath.Join(pkgDir, n))
			}
		}
	}
	// The Go codec golden of testdata/wire/conformance.idl extends the Go
	// types of that IDL; a goimpl golden implements the header beside it.
	types := t.TempDir()
	if r := run(t, "", "gen", "--lang=go-wire", "--out", types, "../../testdata/wire/conformance.idl"); r.code != 0 {
		t.Fatalf("gen: %s", r.stderr)
	}
	copyFile(t, filepath.Join(types, "conformance.go"), filepath.Join(mod, "golden/wire_conformance/conformance.go"))
	for _, pkg := range []string{"calc", "conformance"} {
		copyFile(t, "../../golden/"+pkg+"/"+pkg+".h", filepath.Join(mod, "golden", pkg, "goimpl", pkg+".h"))
	}
	if ngo < 9 {
		t.Fatalf("found only %d Go goldens", ngo)
	}
	for _, idlName := range []string{"calc", "conformance"} {
		out := filepath.Join(mod, "rpc", idlName)
		if r := run(t, "", "gen", "--lang=c,go,wire,rpc", "--out", out, "../../testdata/"+idlName+".idl"); r.code != 0 {
			t.Fatalf("gen: %s", r.stderr)
		}
	}
	env := toolEnv()
	runTool(t, mod, env, "go", "vet", "./...")
	cmd := exec.Command(staticcheck, "./...")
	cmd.Dir = mod
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Fatalf("staticcheck found problems in generated Go (%v):\n%s", err, out)
	}
}

// TestLintPython runs ruff check with its default rules (--isolated: no
// configuration file applies) over every Python golden, the generated
// modules of the examples (extern bindings among them) and the Python
// RPC and gRPC modules of calc.idl and conformance.idl. Each package's
// modules sit together in a directory of their own, as in a project, so
// that ruff sees the sibling modules as first-party.
func TestLintPython(t *testing.T) {
	if out, err := exec.Command("python3", "-m", "ruff", "--version").CombinedOutput(); err != nil {
		t.Fatalf("ruff not found (python3 -m pip install ruff==0.17.6; .ci/run installs it): %v\n%s", err, out)
	}
	root := t.TempDir()
	npy := 0
	add := func(src, dst string) {
		copyFile(t, src, dst)
		npy++
	}
	for _, dir := range goldenDirs(t) {
		rel, _ := filepath.Rel("../../golden", dir)
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), ".py") {
				add(filepath.Join(dir, e.Name()), filepath.Join(root, "golden", rel, e.Name()))
			}
		}
	}
	err := filepath.WalkDir("../../examples", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".py") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasPrefix(string(b), "# Code generated by bindgen. DO NOT EDIT.") {
			rel, _ := filepath.Rel("../../examples", p)
			add(p, filepath.Join(root, "examples", rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if npy < 10 {
		t.Fatalf("found only %d generated Python modules", npy)
	}
	for _, idlName := range []string{"calc", "conformance"} {
		out := filepath.Join(root, "rpc", idlName)
		r := run(t, "", "gen", "--lang=python,rpc,grpc", "--grpc-go-import", "example.com/"+idlName, "--out", out, "../../testdata/"+idlName+".idl")
		if r.code != 0 {
			t.Fatalf("gen: %s", r.stderr)
		}
		if !fileExists(filepath.Join(out, idlName+"_grpc.py")) || !fileExists(filepath.Join(out, idlName+"_rpc.py")) {
			t.Fatalf("no RPC or gRPC module in %s", out)
		}
	}
	var dirs []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			if m, _ := filepath.Glob(filepath.Join(p, "*.py")); len(m) > 0 {
				dirs = append(dirs, p)
			}
		}
		return err
	})
	for _, dir := range dirs {
		// This directory's modules only: a subdirectory is a project of
		// its own, whose siblings ruff must see as first-party.
		files, _ := filepath.Glob(filepath.Join(dir, "*.py"))
		for i, f := range files {
			files[i] = filepath.Base(f)
		}
		cmd := exec.Command("python3", append([]string{"-m", "ruff", "check", "--isolated", "--no-cache", "--output-format=concise"}, files...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			rel, _ := filepath.Rel(root, dir)
			t.Errorf("ruff found problems in generated Python (%s):\n%s", rel, out)
		}
	}
}
