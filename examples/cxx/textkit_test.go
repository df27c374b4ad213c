package textkit

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/internal/golden"
)

func TestAnalyze(t *testing.T) {
	got := Analyze("the quick brown fox\njumps over the lazy dog\n")
	want := Stats{Words: 9, Lines: 2, Size: 44}
	if got != want {
		t.Errorf("Analyze = %+v, want %+v", got, want)
	}
	if got := Analyze(""); got != (Stats{}) {
		t.Errorf("Analyze(\"\") = %+v, want zero", got)
	}
}

func TestLongestWord(t *testing.T) {
	got, err := LongestWord("a bbb cc ddd")
	if err != nil || got != "bbb" {
		t.Errorf("LongestWord = %q, %v; want \"bbb\", nil", got, err)
	}
	// A C++ exception became an error code, then a Go error.
	if _, err := LongestWord(" \t\n"); !errors.Is(err, TextErrorNoWords) {
		t.Errorf("LongestWord of blanks: err = %v, want TextErrorNoWords", err)
	}
}

func TestReverseWords(t *testing.T) {
	for in, want := range map[string]string{
		"un deux trois été": "été trois deux un",
		"  one  ":           "one",
		"":                  "",
		"a\x00b c":          "c a\x00b", // lengths, not NUL terminators
	} {
		if got := ReverseWords(in); got != want {
			t.Errorf("ReverseWords(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPython builds the same C++ sources into libtextkit.so with g++ and
// runs demo.py against it through the generated textkit.py.
func TestPython(t *testing.T) {
	lib := filepath.Join(t.TempDir(), "libtextkit.so")
	run(t, nil, "g++", "-std=c++17", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-O2", "-o", lib, "analyzer.cpp", "textkit_abi.cpp")
	out := run(t, []string{"TEXTKIT_LIBRARY=" + lib}, "python3", "demo.py")
	for _, want := range []string{
		"analyze: words=9 lines=2 size=44",
		"longest_word: quick",
		"reverse_words: été trois deux un",
		"raised TextError: NO_WORDS",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo.py output lacks %q:\n%s", want, out)
		}
	}
}

// TestGeneratedIsCurrent fails when the generated files of this example
// differ from what bindgen writes now (after an edit to textkit.idl or to a
// backend). `go test ./... -update` (the golden files' flag) or
// `go generate ./examples/...` rewrites them.
func TestGeneratedIsCurrent(t *testing.T) {
	verb := "check"
	if *golden.Update {
		verb = "gen"
	}
	cmd := exec.Command("go", "run", "github.com/bindgen-dev/bindgen/cmd/bindgen", verb, "--lang=c,go,python", "textkit.idl")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s\n%v: bindgen %s failed; if generated files are stale, run `go test ./examples/... -update`", out, err, verb)
	}
}

func run(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}
