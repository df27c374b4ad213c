package genpython

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExternRoundTrip binds testdata/extern/vocab.c, a C library written
// without bindgen (its own vx_ names, C's own types, strings and
// buffers), through the extern form: gcc builds it as it is, the
// generated vocab.py calls its symbols with ctypes, mypy --strict checks
// the module and pytest checks every type of C's vocabulary at its edges
// and one past them, cstring in and out, and bytes as pointer + length.
// The asan run builds the library with AddressSanitizer and UBSan
// (preloaded into python3, as TestPythonRoundTripASan does), so a cstring
// without its NUL or a buffer shorter than its length would be caught
// reading past the end. geom.c's structs go the same way
// (testdata/geom/test_geom.py): by value, through pointers and as
// results, laid out by ctypes from the IDL's fields in order.
func TestExternRoundTrip(t *testing.T) {
	t.Parallel()
	requirePython(t)
	for _, lib := range []struct{ name, idl, c, scripts, test string }{
		{"vocab", "../../testdata/extern/vocab.idl", "../../testdata/extern/vocab.c", "extern", "test_vocab.py"},
		{"geom", "../../testdata/extern/geom.idl", "../../testdata/extern/geom.c", "geom", "test_geom.py"},
	} {
		t.Run(lib.name, func(t *testing.T) { externRoundTrip(t, lib.idl, lib.c, lib.scripts, lib.test) })
	}
}

func externRoundTrip(t *testing.T, idlPath, cPath, scripts, test string) {
	for _, asan := range []bool{false, true} {
		name := "plain"
		if asan {
			name = "asan"
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			var cflags, env []string
			if asan {
				var preload []string
				for _, so := range []string{"libasan.so", "libubsan.so"} {
					out, err := exec.Command("gcc", "-print-file-name="+so).Output()
					p := strings.TrimSpace(string(out))
					if err != nil || !filepath.IsAbs(p) {
						t.Fatalf("gcc cannot find %s (needed for the sanitizer run): %v %s", so, err, out)
					}
					preload = append(preload, p)
				}
				env = append(env, "LD_PRELOAD="+strings.Join(preload, " "),
					"ASAN_OPTIONS=detect_leaks=0:abort_on_error=1", "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")
				cflags = []string{"-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-fno-sanitize-recover=all"}
			}
			pkg, lib := buildLib(t, dir, idlPath, cPath, cflags...)
			copyScripts(t, dir, scripts)
			env = append(env, strings.ToUpper(pkg)+"_LIBRARY="+lib)
			if !asan {
				run(t, dir, nil, "python3", "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", pkg+".py")
			}
			out := run(t, dir, env, "python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", filepath.Join(dir, test))
			t.Log(lastLine(out))
			if !strings.Contains(lastLine(out), "passed") || strings.Contains(lastLine(out), "skipped") {
				t.Fatalf("pytest did not pass every test: %s", lastLine(out))
			}
		})
	}
}
