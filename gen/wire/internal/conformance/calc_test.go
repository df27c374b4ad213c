package conformance

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	gengo "github.com/bindgen-dev/bindgen/gen/go"
	genpython "github.com/bindgen-dev/bindgen/gen/python"
	genwire "github.com/bindgen-dev/bindgen/gen/wire"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/parser"
)

// TestCalcCodecs builds the codecs of the normative testdata/calc.idl: the
// Go codec with gengo's calc.go in a scratch module (go vet, and a round
// trip of a Polygon and a Shape), and the Python codec with genpython's
// calc.py (mypy --strict and the same round trip, byte-identical to Go).
func TestCalcCodecs(t *testing.T) {
	pkg, src, errs := parser.LoadFiles(filepath.Join("..", "..", "..", "..", "testdata", "calc.idl"))
	if errs != nil {
		t.Fatalf("%s", idl.Format(errs, src))
	}
	dir := t.TempDir()
	write := func(name string, content []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	g, err := gengo.Generate(pkg, gengo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range g {
		if f.Path == "calc.go" {
			write(f.Path, f.Content)
		}
	}
	py, err := genpython.Generate(pkg, genpython.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range py {
		write(f.Path, f.Content)
	}
	w, err := genwire.Generate(pkg, genwire.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range w {
		if strings.HasSuffix(f.Path, ".go") || strings.HasSuffix(f.Path, ".py") {
			write(f.Path, f.Content)
		}
	}
	write("go.mod", []byte("module calc\n\ngo 1.26\n"))
	write("calc_test.go", []byte(`package calc

import (
	"encoding/hex"
	"fmt"
	"testing"
)

func TestPrint(t *testing.T) {
	fill := uint32(7)
	p := Polygon{Name: "tri", Vertices: []Point{{X: 1}, {Y: -2.5}}, Fill: &fill, Labels: map[string]string{"b": "2", "a": "1"}}
	var s Shape = ShapeSegment{Value: Segment{From: Point{X: 1}, To: Point{X: 2, Y: 3}, Weight: 200, Visible: true}}
	pb := p.AppendWire(nil)
	sb := AppendShapeWire(nil, s)
	var q Polygon
	if err := q.UnmarshalWire(pb, nil); err != nil || q.Name != "tri" || *q.Fill != 7 || q.Labels["a"] != "1" {
		t.Fatal(err, q)
	}
	if s2, err := DecodeShapeWire(sb, nil); err != nil || s2 != s {
		t.Fatal(err, s2)
	}
	fmt.Printf("%s %s\n", hex.EncodeToString(pb), hex.EncodeToString(sb))
}
`))
	run(t, dir, "go", "vet", ".")
	goOut := run(t, dir, "go", "test", "-count=1", "-v", "-run", "TestPrint", ".")
	var goHex string
	for _, line := range strings.Split(goOut, "\n") {
		if strings.Count(line, " ") == 1 && !strings.HasPrefix(line, "---") && !strings.HasPrefix(line, "ok") {
			goHex = strings.TrimSpace(line)
		}
	}
	write("rt.py", []byte(`import calc, calc_wire as w
p = calc.Polygon(name="tri", vertices=[calc.Point(x=1.0), calc.Point(y=-2.5)], fill=7, labels={"b": "2", "a": "1"})
s = calc.ShapeSegment(calc.Segment(from_=calc.Point(x=1.0), to=calc.Point(x=2.0, y=3.0), weight=200, visible=True))
pb, sb = w.encode_polygon(p), w.encode_shape(s)
assert w.decode_polygon(pb) == p and w.decode_shape(sb) == s
print(pb.hex(), sb.hex())
`))
	run(t, dir, "python3", "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", filepath.Join(dir, ".mypy"), "calc_wire.py")
	pyHex := strings.TrimSpace(run(t, dir, "python3", "rt.py"))
	if goHex == "" || goHex != pyHex {
		t.Errorf("Go and Python encodings differ:\n go %s\n py %s", goHex, pyHex)
	}
}

func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}
