package genc

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// doxyfile makes every doc error a failure: a @param naming no
// parameter, a parameter or a result of a documented function left
// undocumented, a malformed command.
const doxyfile = `INPUT = .
FILE_PATTERNS = *.h
OUTPUT_DIRECTORY = out
GENERATE_HTML = NO
GENERATE_LATEX = NO
GENERATE_XML = YES
QUIET = YES
WARNINGS = YES
WARN_IF_UNDOCUMENTED = NO
WARN_IF_DOC_ERROR = YES
WARN_NO_PARAMDOC = YES
WARN_AS_ERROR = FAIL_ON_WARNINGS
`

// doxygen runs doxygen over the headers in dir and returns its output
// and exit error.
func doxygen(t *testing.T, dir string) (string, error) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "Doxyfile"), []byte(doxyfile), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("doxygen", "Doxyfile")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestDoxygen runs doxygen with warnings as errors over the header of
// every testdata IDL (the golden headers: TestGolden keeps them equal),
// so every @param names a parameter of its function, every parameter
// and result of a documented function is documented, and every
// function is in the output. A header with one @param renamed must fail,
// which proves the run can.
func TestDoxygen(t *testing.T) {
	dir := t.TempDir()
	var funcs []string
	for _, path := range testIDLs(t) {
		pkg, hdr := header(t, path)
		if err := os.WriteFile(filepath.Join(dir, pkg.Name+".h"), hdr, 0o644); err != nil {
			t.Fatal(err)
		}
		funcs = append(funcs, apiSymbols(pkg)...)
	}
	if out, err := doxygen(t, dir); err != nil || strings.TrimSpace(out) != "" {
		t.Fatalf("doxygen: %v\n%s", err, out)
	}
	var xml strings.Builder
	files, _ := filepath.Glob(filepath.Join(dir, "out", "xml", "*_8h.xml"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		xml.Write(b)
	}
	for _, f := range funcs {
		if !strings.Contains(xml.String(), "<name>"+f+"</name>") {
			t.Errorf("doxygen did not document %s", f)
		}
	}

	bad := t.TempDir()
	pkg, hdr := header(t, "../../testdata/calc.idl")
	broken := strings.Replace(string(hdr), "@param[in] mode ", "@param[in] rounding ", 1)
	if broken == string(hdr) {
		t.Fatal("calc.h has no @param mode to rename")
	}
	if err := os.WriteFile(filepath.Join(bad, pkg.Name+".h"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := doxygen(t, bad); err == nil || !strings.Contains(out, "rounding") {
		t.Errorf("doxygen accepted a @param that names no parameter (err %v):\n%s", err, out)
	}
}
