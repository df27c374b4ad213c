package genwire_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/gen"
	genwire "github.com/bindgen-dev/bindgen/gen/wire"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// goDriverSource is a Go program over pkg's codec (package main) speaking
// the protocol of cDriverSource, including SHOW_CASE.
func goDriverSource(pkg *idl.Package) string {
	var b strings.Builder
	b.WriteString(`package main

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

func main() {
	show := os.Getenv("SHOW_CASE") != ""
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for sc.Scan() {
		typ, h, _ := strings.Cut(sc.Text(), " ")
		in, _ := hex.DecodeString(h)
		var out []byte
		var err error
		tag := -1
		switch typ {
`)
	for _, m := range genwire.NewLayout(pkg).Messages {
		name := naming.GoExported(m.Name)
		fmt.Fprintf(&b, "\t\tcase %q:\n", m.Name)
		if !m.IsUnion {
			fmt.Fprintf(&b, "\t\t\tvar x %s\n\t\t\tif err = x.UnmarshalBinary(in); err == nil {\n\t\t\t\tout = x.AppendWire(nil)\n\t\t\t}\n", name)
			continue
		}
		fmt.Fprintf(&b, "\t\t\tvar v %s\n\t\t\tif v, err = Decode%sWire(in, nil); err == nil {\n\t\t\t\tout = Append%sWire(nil, v)\n\t\t\t}\n", name, name, name)
		fmt.Fprintf(&b, "\t\t\tswitch c := v.(type) {\n\t\t\tcase nil:\n\t\t\t\ttag = 0\n\t\t\tcase %sUnknown:\n\t\t\t\ttag = int(c.Tag)\n", name)
		for _, f := range m.Fields {
			fmt.Fprintf(&b, "\t\t\tcase %s%s:\n\t\t\t\ttag = %d\n", name, naming.GoExported(f.Name), f.Tag)
		}
		b.WriteString("\t\t\t}\n")
	}
	b.WriteString(`		default:
			fmt.Fprintln(w, "unknown message", typ)
			continue
		}
		var we *WireError
		switch {
		case errors.As(err, &we):
			fmt.Fprintf(w, "err %d %d\n", we.Kind, we.Offset)
		case err != nil:
			fmt.Fprintln(w, "error", err)
		case show && tag >= 0:
			fmt.Fprintf(w, "ok %x %d\n", out, tag)
		default:
			fmt.Fprintf(w, "ok %x\n", out)
		}
	}
}
`)
	return b.String()
}

// buildGoDriver writes pkg's Go types, codec and driver into dir as a
// module and builds it; it returns the binary.
func buildGoDriver(t testing.TB, dir string, pkg *idl.Package) string {
	t.Helper()
	ws, err := genwire.Generate(pkg, genwire.Options{GoPackage: "main"})
	if err != nil {
		t.Fatal(err)
	}
	return buildGoDriverFrom(t, dir, pkg, ws)
}

// buildGoDriverFrom is buildGoDriver with the codec taken from ws, the wire
// backend's output for Go package main.
func buildGoDriverFrom(t testing.TB, dir string, pkg *idl.Package, ws []gen.File) string {
	t.Helper()
	writeGoFrom(t, dir, pkg, "main", ws)
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(goDriverSource(pkg)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module driver\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "driver")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// drivers are the three codecs of one schema version behind one protocol.
type drivers struct {
	version string
	run     map[string]func(lines []string) []string // by language
}

func buildDrivers(t *testing.T, pair, version string) *drivers {
	t.Helper()
	pkg := loadIDL(t, filepath.Join("../../testdata/evolution", pair, version+".idl"))
	root := t.TempDir()
	dirs := map[string]string{}
	for _, l := range []string{"go", "python", "c"} {
		dirs[l] = filepath.Join(root, l)
		os.Mkdir(dirs[l], 0o755)
	}
	cBin := buildCDriver(t, dirs["c"], pkg, "driver")
	goBin := buildGoDriver(t, dirs["go"], pkg)
	writePython(t, dirs["python"], pkg)
	env := "SHOW_CASE=1"
	return &drivers{version: version, run: map[string]func([]string) []string{
		"go":     func(lines []string) []string { return runDriver(t, goBin, lines, env) },
		"c":      func(lines []string) []string { return runDriver(t, cBin, lines, env) },
		"python": func(lines []string) []string { return pythonDriver(t, dirs["python"], lines, env) },
	}}
}

// evolutionCase is bytes one version writes and what the other version's
// reader must make of them, seen through its canonical re-encoding (a
// field it does not know is dropped; a field the writer did not know is
// at its default, so it is not written) and, for a union, the tag it
// decoded (an unknown case keeps its tag, so the caller can detect it).
type evolutionCase struct {
	name   string
	typ    string
	writer string // "v1" or "v2": the version whose bytes these are
	hex    string // canonical for the writer
	read   string // the reader's answer: "ok <hex>" or "ok <hex> <tag>"
}

var evolutionCases = map[string][]evolutionCase{
	"added_field": {
		// Item{id: 7, name: "ab"}
		{"old data, new reader sees defaults", "Item", "v1", "080712026162", "ok 080712026162"},
		// Item{id: 7, name: "ab", price: 1.5, tags: ["x"], note: "n"}
		{"new data, old reader skips the new fields", "Item", "v2",
			"080712026162" + "19000000000000f83f" + "2203010178" + "2a016e", "ok 080712026162"},
	},
	"added_case": {
		// Shape.circle{radius: 2}
		{"old case, new reader", "Shape", "v1", "0a09090000000000000040", "ok 0a09090000000000000040 1"},
		// Shape.triangle{1, 1, 1}: unknown to v1, detected by its tag 3.
		{"new case, old reader detects it", "Shape", "v2",
			"1a1b09000000000000f03f11000000000000f03f19000000000000f03f", "ok  3"},
		// Drawing{id: 1, shape: triangle, shapes: [circle, triangle]}: the old
		// reader keeps the known parts; an unknown case re-encodes as the
		// union with no case.
		{"new case inside a struct and a list", "Drawing", "v2",
			"0801" + "121d1a1b09000000000000f03f11000000000000f03f19000000000000f03f" +
				"1a2b02" + "0b0a09090000000000000040" + "1d1a1b09000000000000f03f11000000000000f03f19000000000000f03f",
			"ok 0801" + "1a0e02" + "0b0a09090000000000000040" + "00"},
		// Drawing{id: 1, shape: circle, shapes: [square{side: 1}]}
		{"old data, new reader", "Drawing", "v1",
			"0801" + "120b0a09090000000000000040" + "1a0d010b120909000000000000f03f",
			"ok 0801" + "120b0a09090000000000000040" + "1a0d010b120909000000000000f03f"},
	},
	"added_member": {
		// Paint{color: BLUE, colors: [RED, BLUE], id: 3}: the old reader
		// keeps the unknown value 2 and writes it back unchanged.
		{"new member, old reader keeps the value", "Paint", "v2", "0804" + "1203020004" + "1803", "ok 0804" + "1203020004" + "1803"},
		{"old data, new reader", "Paint", "v1", "0802" + "1203020200" + "1803", "ok 0802" + "1203020200" + "1803"},
	},
	"empty_struct": {
		// Call{reply: done}: the payload-free case is its key and 00.
		{"old payload-free case, new reader sees a default struct", "Call", "v1", "1202" + "0a00", "ok 1202" + "0a00"},
		// Call{request: {id: 7, name: "ab"}, reply: done{code: -1}}: the
		// old reader skips the request's fields and the case's payload.
		{"new fields and payload, old reader skips them", "Call", "v2",
			"0a06" + "0807" + "12026162" + "1204" + "0a020801", "ok 1202" + "0a00"},
		{"old case at top level", "Reply", "v1", "0a00", "ok 0a00 1"},
		{"new payload at top level, old reader keeps the case", "Reply", "v2", "0a020801", "ok 0a00 1"},
		{"fields added to an empty struct", "Request", "v2", "0807", "ok "},
	},
	"removed_field": {
		// User{id: 5, email: "e", age: 30}: the new reader skips tag 2.
		{"old data, new reader skips the removed field", "User", "v1", "0805" + "120165" + "181e", "ok 0805181e"},
		// User{id: 5, age: 30}: the old reader sees an empty email.
		{"new data, old reader sees the default", "User", "v2", "0805181e", "ok 0805181e"},
	},
}

// TestEvolution decodes every v1/v2 pair of testdata/evolution both ways
// in Go, Python and C: each writer's bytes are first checked to be what
// that version writes, then every reader of the other version must give
// the expected answer.
func TestEvolution(t *testing.T) {
	for pair, cases := range evolutionCases {
		t.Run(pair, func(t *testing.T) {
			t.Parallel()
			v := map[string]*drivers{"v1": buildDrivers(t, pair, "v1"), "v2": buildDrivers(t, pair, "v2")}
			other := map[string]string{"v1": "v2", "v2": "v1"}
			for _, lang := range []string{"go", "python", "c"} {
				for _, c := range cases {
					line := c.typ + " " + c.hex
					self := v[c.writer].run[lang]([]string{line})[0]
					if h := strings.Fields(self); len(h) < 2 || h[0] != "ok" || h[1] != c.hex {
						t.Errorf("%s %s writer: %s does not re-encode to itself: %q", lang, c.writer, c.name, self)
					}
					got := v[other[c.writer]].run[lang]([]string{line})[0]
					if got != c.read {
						t.Errorf("%s %s reader, %s: got %q, want %q", lang, other[c.writer], c.name, got, c.read)
					}
				}
			}
		})
	}
}
