package genwire_test

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/gen"
	genwire "github.com/bindgen-dev/bindgen/gen/wire"
)

// TestPlanRules shows that the canonical rules come from the plan and from
// nowhere else: it changes one rule in the plan (Scalars.u32v, @8, from
// if-nonzero to always), renders the three codecs from that plan, and runs
// the real Go, Python and C codecs over the shared vectors. All three then
// write the field's key and a zero where the canonical bytes omit it (so
// they break the shared vectors together, not one of them), agree with one
// another on every vector, and agree with an independent computation of
// the new encoding of each top-level Scalars vector.
func TestPlanRules(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a Go, a Python and a C codec")
	}
	pkg := loadIDL(t, "../../testdata/wire/conformance.idl")
	flipped := func(goPkg string) []gen.File {
		l := genwire.NewLayout(pkg)
		var f *genwire.Field
		for _, m := range l.Messages {
			if m.Name != "Scalars" {
				continue
			}
			for _, mf := range m.Fields {
				if mf.Name == "u32v" {
					f = mf
				}
			}
		}
		if f == nil || f.Emit != genwire.EmitIfNonZero || f.Tag != 8 {
			t.Fatalf("Scalars.u32v is not the if-nonzero field @8 this test changes: %+v", f)
		}
		f.Emit = genwire.EmitAlways
		files, err := genwire.GenerateFromPlan(pkg, genwire.Options{GoPackage: goPkg}, l)
		if err != nil {
			t.Fatal(err)
		}
		return files
	}

	// The shared vectors decoded and re-encoded by each codec.
	vs := readVectors(t, "vectors.json")
	var lines []string
	for _, v := range vs {
		if v.Canonical == nil || *v.Canonical {
			lines = append(lines, v.Type+" "+v.Hex)
		}
	}
	got := map[string][]string{}

	goDir := t.TempDir()
	got["Go"] = runDriver(t, buildGoDriverFrom(t, goDir, pkg, flipped("main")), lines)

	pyDir := t.TempDir()
	writePythonFrom(t, pyDir, pkg, flipped(""))
	got["Python"] = pythonDriver(t, pyDir, lines)

	h, _ := cFiles(t, pkg)
	var cw []gen.File
	for _, f := range flipped("") {
		if strings.HasSuffix(f.Path, "_wire.h") || strings.HasSuffix(f.Path, "_wire.c") {
			cw = append(cw, f)
		}
	}
	got["C"] = runDriver(t, buildCDriverFrom(t, t.TempDir(), pkg, "driver", h, cw), lines)

	changed := map[string]int{}
	checked := 0
	for i, line := range lines {
		typ, canon, _ := strings.Cut(line, " ")
		for _, lang := range []string{"Python", "C"} {
			if got[lang][i] != got["Go"][i] {
				t.Errorf("%s: %s answered %q, Go %q", line, lang, got[lang][i], got["Go"][i])
			}
		}
		for lang, answers := range got {
			if answers[i] != "ok "+canon {
				changed[lang]++
			}
		}
		if typ == "Scalars" {
			checked++
			if want := "ok " + withU32Always(t, canon); got["Go"][i] != want {
				t.Errorf("Scalars %s: the codecs wrote %q, the changed rule gives %q", canon, got["Go"][i], want)
			}
		}
	}
	// Most Scalars vectors leave u32v at 0, and every Everything vector
	// holding a Scalars struct gains the field too.
	for _, lang := range []string{"Go", "Python", "C"} {
		if changed[lang] < 10 {
			t.Errorf("%s wrote the canonical bytes for all but %d of %d vectors: it did not follow the changed plan", lang, changed[lang], len(lines))
		}
	}
	if checked < 10 {
		t.Fatalf("only %d Scalars vectors", checked)
	}
	t.Logf("%d of %d canonical vectors change in each language (%v); %d Scalars vectors match the changed rule", changed["Go"], len(lines), changed, checked)
}

// withU32Always is the encoding of the top-level Scalars payload canon
// (hex, canonical, fields in tag order) when u32v (@8, VARINT) is always
// written: canon itself when it has the field, otherwise canon with the key
// 0x40 and the value 0x00 inserted before the first field above tag 8.
func withU32Always(t *testing.T, canon string) string {
	t.Helper()
	b, err := hex.DecodeString(canon)
	if err != nil {
		t.Fatal(err)
	}
	pos := 0
	uv := func() uint64 {
		var x uint64
		for shift := 0; ; shift += 7 {
			c := b[pos]
			pos++
			x |= uint64(c&0x7f) << shift
			if c < 0x80 {
				return x
			}
		}
	}
	for pos < len(b) {
		at := pos
		key := uv()
		switch tag := key >> 3; {
		case tag == 8:
			return canon
		case tag > 8:
			return canon[:2*at] + "4000" + canon[2*at:]
		}
		switch key & 7 {
		case 0:
			uv()
		case 1:
			pos += 8
		case 2:
			n := uv()
			pos += int(n)
		case 5:
			pos += 4
		}
	}
	return canon + "4000"
}
