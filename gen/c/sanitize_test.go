package genc

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A sanitized build is a C or C++ implementation of a testdata IDL linked
// with a C driver from gen/c/testdata that calls every function and
// release function and checks <pkg>_live_allocations() at the end.
type sanitized struct {
	name   string
	idl    string // from gen/c
	impl   string // from gen/c
	driver string // under gen/c/testdata/
	// leakLine is a line of a generated release function; deleting it
	// from the header must make the driver report a leak. Empty: this
	// build is not used to prove that the leak checks can fail (one C
	// build each way is proof enough, and every build costs seconds).
	leakLine string
	// leakOne also builds the driver with -DLEAK_ONE, which skips one
	// release in the caller.
	leakOne bool
	// cxx compiles a .c implementation as C++17 (-x c++): one source,
	// both languages.
	cxx bool
}

var sanitizedBuilds = []sanitized{
	{"calc_c", "../../testdata/calc.idl", "../../testdata/c/calc_impl.c", "calc_driver.c", "    calc_free(v->ptr);\n", true, false},
	{"conformance_c", "../../testdata/conformance.idl", "../../testdata/c/conformance_impl.c", "conformance_driver.c", "    conformance_String_release(&v->label);\n", false, false},
	{"conformance_cpp", "../../testdata/conformance.idl", "../../testdata/c/conformance_impl.cpp", "conformance_driver.c", "    conformance_Store_destroy(v->main);\n", false, false},
	// Callbacks implemented in C, called by the library during a call,
	// later (kept) and from its threads; the library also built as C++.
	{"callbacks_c", "testdata/callbacks.idl", "testdata/callbacks_impl.c", "callbacks_driver.c", "", false, false},
	{"callbacks_cpp", "testdata/callbacks.idl", "testdata/callbacks_impl.c", "callbacks_driver.c", "", false, true},
}

var sanitizeFlags = []string{"-g", "-fno-omit-frame-pointer", "-fsanitize=address,undefined", "-fno-sanitize-recover=all"}

// build compiles b in dir with the given compilers (C, C++) and extra
// flags, writing header hdr first, and returns the executable's path.
func (b sanitized) build(t *testing.T, dir string, hdrName string, hdr []byte, cc, cxx string, extra ...string) string {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, hdrName), hdr, 0o644); err != nil {
		t.Fatal(err)
	}
	impl, _ := filepath.Abs(b.impl)
	driver, _ := filepath.Abs(filepath.Join("testdata", b.driver))
	cflags := append(append([]string{"-std=c99"}, strict...), sanitizeFlags...)
	cflags = append(append(cflags, extra...), "-I", dir)
	run(t, dir, cc, append(cflags, "-c", "-o", "driver.o", driver)...)
	link := cc
	if strings.HasSuffix(b.impl, ".cpp") || b.cxx {
		cxxflags := append(append([]string{"-std=c++17"}, strictCXX...), sanitizeFlags...)
		if b.cxx {
			cxxflags = append(cxxflags, "-x", "c++")
		}
		run(t, dir, cxx, append(append(cxxflags, extra...), "-I", dir, "-c", "-o", "impl.o", impl)...)
		link = cxx
	} else {
		run(t, dir, cc, append(cflags, "-c", "-o", "impl.o", impl)...)
	}
	exe := filepath.Join(dir, "driver")
	run(t, dir, link, append(sanitizeFlags, "-o", exe, "driver.o", "impl.o", "-lm", "-pthread")...)
	return exe
}

// execute runs exe with leak detection on or off and returns its exit
// code and combined output.
func execute(t *testing.T, exe string, leaks bool) (int, string) {
	t.Helper()
	cmd := exec.Command(exe)
	detect := "1"
	if !leaks {
		detect = "0"
	}
	cmd.Env = append(os.Environ(),
		"ASAN_OPTIONS=detect_leaks="+detect+":halt_on_error=1:abort_on_error=0",
		"UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		return 0, string(out)
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	}
	t.Fatalf("%s: %v", exe, err)
	return 0, ""
}

// TestSanitizers builds every implementation with its driver under
// AddressSanitizer (with LeakSanitizer) and UndefinedBehaviorSanitizer,
// with gcc and with clang, and requires a clean run. It then proves the
// leak checks can fail: the driver built with LEAK_ONE skips one release,
// and a header whose release function lost one line leaks inside the
// library; both must be reported by LeakSanitizer and, with LeakSanitizer
// off, by the live-allocation counter alone.
func TestSanitizers(t *testing.T) {
	for _, b := range sanitizedBuilds {
		pkg, hdr := header(t, b.idl)
		hdrName := pkg.Name + ".h"
		counter := pkg.Name + "_live_allocations()"
		for _, tc := range []struct{ cc, cxx string }{{"gcc", "g++"}, {"clang", "clang++"}} {
			b, tc := b, tc
			t.Run(b.name+"/"+tc.cc, func(t *testing.T) {
				t.Parallel()
				exe := b.build(t, t.TempDir(), hdrName, hdr, tc.cc, tc.cxx)
				code, out := execute(t, exe, true)
				if code != 0 || strings.TrimSpace(out) != "ok" {
					t.Fatalf("exit %d, want a clean run:\n%s", code, out)
				}
			})
			if tc.cc != "gcc" {
				continue // one compiler is enough to prove the checks can fail
			}
			if b.leakOne {
				t.Run(b.name+"/leak_in_caller", func(t *testing.T) {
					t.Parallel()
					exe := b.build(t, t.TempDir(), hdrName, hdr, tc.cc, tc.cxx, "-DLEAK_ONE")
					expectLeak(t, exe, counter)
				})
			}
			if b.leakLine == "" {
				continue
			}
			t.Run(b.name+"/leak_in_release", func(t *testing.T) {
				t.Parallel()
				if !strings.Contains(string(hdr), b.leakLine) {
					t.Fatalf("header has no line %q to delete", b.leakLine)
				}
				broken := strings.Replace(string(hdr), b.leakLine, "", 1)
				exe := b.build(t, t.TempDir(), hdrName, []byte(broken), tc.cc, tc.cxx)
				expectLeak(t, exe, counter)
			})
		}
	}
}

func expectLeak(t *testing.T, exe, counter string) {
	t.Helper()
	code, out := execute(t, exe, true)
	if code == 0 || !strings.Contains(out, "ERROR: LeakSanitizer: detected memory leaks") {
		t.Errorf("with a release missing, LeakSanitizer reported nothing (exit %d):\n%s", code, out)
	}
	code, out = execute(t, exe, false)
	if code == 0 || !strings.Contains(out, "leak: "+counter) {
		t.Errorf("with a release missing and LeakSanitizer off, the counter reported nothing (exit %d):\n%s", code, out)
	}
}
