package prebuilt

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A block is one fenced code block of a document, marked for the tests by
// the HTML comment on the line before it (invisible when rendered):
//
//	<!-- test SCENARIO file PATH -->   a file, written to PATH
//	<!-- test SCENARIO run -->         shell commands, run with bash
//	<!-- test SCENARIO output -->      what the run block before it prints
//
// SCENARIO names the fresh directory the block belongs to; "*" puts it
// in every scenario of the document.
type block struct {
	scenario, kind, path, body string
	line                       int
}

var marker = regexp.MustCompile(`^<!-- test (\S+) (file|run|output)(?: (\S+))? -->$`)

// docBlocks returns the marked blocks of the markdown file, in order.
func docBlocks(t *testing.T, path string) []block {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	var blocks []block
	for i := 0; i < len(lines); i++ {
		m := marker.FindStringSubmatch(lines[i])
		if m == nil {
			if strings.HasPrefix(lines[i], "<!-- test") {
				t.Fatalf("%s:%d: malformed test marker %q", path, i+1, lines[i])
			}
			continue
		}
		if (m[2] == "file") != (m[3] != "") {
			t.Fatalf("%s:%d: a file block, and only it, names a path: %q", path, i+1, lines[i])
		}
		if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "```") {
			t.Fatalf("%s:%d: the marker is not followed by a fenced block", path, i+1)
		}
		b := block{scenario: m[1], kind: m[2], path: m[3], line: i + 1}
		j := i + 2
		for ; j < len(lines) && lines[j] != "```"; j++ {
			b.body += lines[j] + "\n"
		}
		if j == len(lines) {
			t.Fatalf("%s:%d: unterminated block", path, i+1)
		}
		blocks = append(blocks, b)
		i = j
	}
	return blocks
}

// runScenario writes every file block of the scenario (and of "*") into
// dir, then runs its run blocks in document order with bash -eu -o
// pipefail in dir, with env added to the environment, and checks the
// output of each run block that an output block follows, after fix
// (nil: none) rewrites what differs by machine.
func runScenario(t *testing.T, doc string, blocks []block, scenario, dir string, env []string, fix func(string) string) {
	t.Helper()
	var mine []block
	for _, b := range blocks {
		if b.scenario == scenario || b.scenario == "*" {
			mine = append(mine, b)
		}
	}
	if len(mine) == 0 {
		t.Fatalf("%s has no blocks for scenario %q", doc, scenario)
	}
	runs := 0
	for _, b := range mine {
		if b.kind != "file" {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(b.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(b.body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var last string
	lastLine := 0
	for _, b := range mine {
		switch b.kind {
		case "run":
			cmd := exec.Command("bash", "-eu", "-o", "pipefail", "-c", b.body)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), env...)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Run(); err != nil {
				t.Fatalf("%s:%d (%s): %v\n%s\n%s", doc, b.line, scenario, err, b.body, out.String())
			}
			last, lastLine = out.String(), b.line
			if fix != nil {
				last = fix(last)
			}
			runs++
		case "output":
			if lastLine == 0 {
				t.Fatalf("%s:%d: an output block without a run block before it", doc, b.line)
			}
			if got, want := strings.TrimSpace(last), strings.TrimSpace(b.body); got != want {
				t.Errorf("%s:%d (%s): the commands printed\n%s\nwant (the output block at line %d)\n%s", doc, lastLine, scenario, got, b.line, want)
			}
		}
	}
	if runs == 0 {
		t.Fatalf("%s: scenario %q runs nothing", doc, scenario)
	}
}

// buildBindgen builds the bindgen of this tree into a fresh directory,
// to put first on PATH, and returns that directory.
func buildBindgen(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "bindgen"), "github.com/bindgen-dev/bindgen/cmd/bindgen").CombinedOutput(); err != nil {
		t.Fatalf("go build bindgen: %v\n%s", err, out)
	}
	return bin
}

// project returns a fresh directory holding geom.idl and geom.c.
func project(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for src, dst := range map[string]string{"geom.idl": "geom.idl", "c/geom.c": "geom.c"} {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, dst), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// pathWith returns PATH=dir:$PATH.
func pathWith(dir string) string {
	return "PATH=" + dir + string(os.PathListSeparator) + os.Getenv("PATH")
}
