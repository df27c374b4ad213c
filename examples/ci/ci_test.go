// Package ci holds a CI snippet (github-actions.yml, Makefile) that fails a
// build whose generated bindings are stale; its test runs the Makefile
// target against a copy of examples/add, current and then stale.
package ci

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckGenerated(t *testing.T) {
	dir := t.TempDir()
	bindgen := filepath.Join(dir, "bindgen")
	run(t, "", "go", "build", "-o", bindgen, "github.com/bindgen-dev/bindgen/cmd/bindgen")

	proj := filepath.Join(dir, "proj")
	if err := os.Mkdir(proj, 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, "Makefile", filepath.Join(proj, "Makefile"))
	copyFile(t, "../add/add.idl", filepath.Join(proj, "api.idl"))
	make := func(target string) (string, error) {
		cmd := exec.Command("make", "--no-print-directory", target, "BINDGEN="+bindgen)
		cmd.Dir = proj
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	// Nothing generated yet: check fails and says how to fix it.
	out, err := make("check-generated")
	if err == nil {
		t.Fatalf("check-generated passed with no generated files:\n%s", out)
	}
	t.Logf("missing files:\n%s", out)

	if out, err := make("generate"); err != nil {
		t.Fatalf("generate: %v\n%s", err, out)
	}
	if out, err := make("check-generated"); err != nil {
		t.Fatalf("check-generated after generate: %v\n%s", err, out)
	}

	// An edit to the IDL without regenerating: check fails with a diff
	// that names the change.
	api := filepath.Join(proj, "api.idl")
	src, err := os.ReadFile(api)
	if err != nil {
		t.Fatal(err)
	}
	src = append(src, "\n/// Subtracts b from a.\nfn sub(a: i32, b: i32) -> i32;\n"...)
	if err := os.WriteFile(api, src, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = make("check-generated")
	if err == nil {
		t.Fatalf("check-generated passed with a stale header:\n%s", out)
	}
	if !strings.Contains(out, "add_sub") {
		t.Errorf("the diff does not show the new function add_sub:\n%s", out)
	}
}

func run(t *testing.T, dir string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
