package genpython

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestExternRoundTrip binds testdata/extern/vocab.c, a C library written
// without bindgen (its own vx_ names, C's own types), through the extern
// form: gcc builds it as it is, the generated vocab.py calls its symbols
// with ctypes, pytest checks every type of C's vocabulary at its edges
// and one past them, and mypy --strict checks the module.
func TestExternRoundTrip(t *testing.T) {
	t.Parallel()
	requirePython(t)
	dir := t.TempDir()
	name, lib := buildLib(t, dir, "../../testdata/extern/vocab.idl", "../../testdata/extern/vocab.c")
	copyScripts(t, dir, "extern")
	env := []string{strings.ToUpper(name) + "_LIBRARY=" + lib}
	run(t, dir, nil, "python3", "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", name+".py")
	out := run(t, dir, env, "python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", filepath.Join(dir, "test_vocab.py"))
	t.Log(lastLine(out))
	if !strings.Contains(lastLine(out), "passed") || strings.Contains(lastLine(out), "skipped") {
		t.Fatalf("pytest did not pass every test: %s", lastLine(out))
	}
}
