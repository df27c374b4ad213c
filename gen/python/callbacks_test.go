package genpython

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPythonCallbacks builds the callbacks test library
// (gen/c/testdata/callbacks_impl.c), generates cbt.py, type-checks it and
// the suite with mypy --strict, and runs testdata/callbacks with pytest:
// plainly, with the library built from the same source as C++17, and
// with the library built with AddressSanitizer and
// UBSan (preloaded into python3, leak detection off as in
// TestPythonRoundTripASan; the live-allocation fixture covers leaks).
// With CBT_BENCH=1 the plain run also runs bench_callbacks.py, whose
// figures docs/benchmarks.md reports.
func TestPythonCallbacks(t *testing.T) {
	t.Parallel()
	requirePython(t)
	for _, c := range []struct {
		name  string
		flags []string
		cxx   bool // rebuild the library from the same source as C++17
	}{
		{"plain", nil, false},
		{"asan", []string{"-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-fno-sanitize-recover=all"}, false},
		{"cxx", nil, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			name, lib := buildLib(t, dir, "../c/testdata/callbacks.idl", "../c/testdata/callbacks_impl.c", append([]string{"-pthread"}, c.flags...)...)
			if c.cxx {
				impl, _ := filepath.Abs("../c/testdata/callbacks_impl.c")
				args := []string{"-std=c++17", "-O1", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-pthread", "-I", dir, "-o", lib, "-x", "c++", impl}
				if out, err := exec.Command("g++", args...).CombinedOutput(); err != nil {
					t.Fatalf("g++ %s: %v\n%s", strings.Join(args, " "), err, out)
				}
			}
			copyScripts(t, dir, "callbacks")
			env := []string{strings.ToUpper(name) + "_LIBRARY=" + lib}
			if c.name == "plain" {
				run(t, dir, nil, "python3", "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", name+".py", "test_callbacks.py")
			} else if c.flags != nil {
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
					"ASAN_OPTIONS=detect_leaks=0:abort_on_error=1",
					"UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")
			}
			out := run(t, dir, env, "python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_callbacks.py")
			t.Log(lastLine(out))
			if c.name == "plain" && os.Getenv("CBT_BENCH") == "1" {
				t.Log(run(t, dir, env, "python3", "bench_callbacks.py"))
			}
		})
	}
}
