package gengo_test

import (
	"bytes"
	"go/format"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	gengo "github.com/bindgen-dev/bindgen/gen/go"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/synth"
	"github.com/bindgen-dev/bindgen/parser"
)

// The backend writes gofmt's layout itself instead of running go/format on
// its output; these tests hold it to go/format byte for byte.

// gofmtClean fails t unless every file is unchanged by go/format.
func gofmtClean(t *testing.T, what string, src []byte) {
	t.Helper()
	pkg, errs := parser.Load(what+".idl", src)
	if errs != nil {
		t.Fatalf("%s: %s", what, idl.Format(errs, map[string][]byte{what + ".idl": src}))
	}
	files, err := gengo.Generate(pkg, gengo.Options{})
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	for _, f := range files {
		want, err := format.Source(f.Content)
		if err != nil {
			t.Fatalf("%s: %s: %v", what, f.Path, err)
		}
		if !bytes.Equal(want, f.Content) {
			t.Errorf("%s: %s is not gofmt-clean:\n%s", what, f.Path, firstDiff(want, f.Content))
		}
	}
}

// firstDiff shows the first line where got differs from want.
func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(w) && i < len(g); i++ {
		if w[i] != g[i] {
			return "line " + strconv.Itoa(i+1) + ":\n  gofmt: " + w[i] + "\n  got:   " + g[i]
		}
	}
	return "lengths differ: gofmt " + strconv.Itoa(len(w)) + " lines, got " + strconv.Itoa(len(g))
}

func TestGofmtCleanTestdata(t *testing.T) {
	var paths []string
	for _, pat := range []string{"*.idl", "wire/*.idl", "evolution/*/*.idl"} {
		m, _ := filepath.Glob(filepath.Join("..", "..", "testdata", pat))
		paths = append(paths, m...)
	}
	if len(paths) < 3 {
		t.Fatalf("only %d testdata IDL files", len(paths))
	}
	for _, path := range paths {
		pkg, src, errs := parser.LoadFiles(path)
		if errs != nil {
			t.Fatalf("%s", idl.Format(errs, src))
		}
		files, err := gengo.Generate(pkg, gengo.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			want, err := format.Source(f.Content)
			if err != nil {
				t.Fatalf("%s: %s: %v", path, f.Path, err)
			}
			if !bytes.Equal(want, f.Content) {
				t.Errorf("%s: %s is not gofmt-clean:\n%s", path, f.Path, firstDiff(want, f.Content))
			}
		}
	}
}

// TestGofmtCleanSynth covers the benchmark schema: every kind of
// declaration, thousands of times.
func TestGofmtCleanSynth(t *testing.T) {
	n := synth.BenchDecls
	if testing.Short() {
		n = 1000
	}
	gofmtClean(t, "synth", synth.Generate(n, synth.BenchSeed).IDL)
}

// TestGofmtCleanEdges are the layouts gofmt decides by rules the printer
// copies: doc comments rewritten by go/doc/comment (headings, lists, code
// blocks, directives, comments that are only blank lines), and key: value
// columns broken where a key is much longer than the ones before it.
func TestGofmtCleanEdges(t *testing.T) {
	cases := map[string]string{
		// go/doc/comment prints two backquotes or two single quotes as
		// curly quotes.
		"quotes": "/// Three quotes ''' and two backquotes `` in one line.\npackage quotes;\n\n" +
			"/// A ''quoted'' struct.\nstruct S {\n    /// ``field``\n    x: i32 @1;\n}\n",
		"docs": `/// Package doc.
///
/// Heading
///
/// A paragraph with a list:
///   - one
///   - two
///
///	code block
/// go:generate echo hi
/// 1. numbered
/// [Link]: https://example.com
package docs;

///
const A: u32 = 1;

/// Errors
///
/// The errors of docs.
error Failure {
    /// Heading
    ///
    /// text
    BAD = 1;
}

/// Rounding
///
/// modes.
enum Mode {
    ///   indented doc
    ///
    A = 0;
    B = 1;
}

///  - a list item
struct Item {
    ///	tab
    name: string @1;
    /// # not a heading here
    n: u32 @2;
}

/// Shape
///
///     code
union Shape {
    /// Item case
    item: Item @1;
}

/// export this
/// line 5
fn make(n: u32) -> Item raises Failure;

/// Obj
///
/// object
object Obj {
    /// New
    ///
    ///     code
    new(n: u32);
    /// Get
    ///
    /// it
    fn get() -> Item;
}
`,
		"keys": `package keys;

struct Mixed {
    a: string @1;
    b: u32 @2;
    an_extremely_long_field_name_that_is_over_forty_bytes_long: string @3;
    c: u8 @4;
    d: string @5;
    another_extremely_long_field_name_well_over_forty_bytes: u32 @6;
    yet_another_extremely_long_field_name_well_over_forty_bytes_x: u32 @7;
    e: u32 @8;
}

struct Long {
    an_extremely_long_field_name_that_is_over_forty_bytes_long: string @1;
    x: u32 @2;
    another_extremely_long_field_name_well_over_forty_bytes: u32 @3;
    medium_length_name_of_twenty: u32 @4;
    y: u32 @5;
}

fn get_mixed() -> Mixed;
fn get_long() -> Long;
fn take(m: Mixed, l: Long);
`,
		// Control characters in docs go through go/format.
		"control": "/// form\ffeed\n/// vertical\vtab\n/// carriage\rreturn\npackage control;\n\n/// a\fb\nstruct P {\n    /// c\rd\n    x: u32 @1;\n}\n\nfn f(p: P) -> P;\n",
	}
	// Key columns on many mixes of short and long field names.
	var b strings.Builder
	b.WriteString("package mix;\n")
	seed := uint32(7)
	for i := 0; i < 60; i++ {
		b.WriteString("struct M" + strconv.Itoa(i) + " {\n    s: string @1;\n")
		for j := 2; j < 12; j++ {
			seed = seed*1664525 + 1013904223
			n := 1 + int(seed>>24)%70
			b.WriteString("    " + strings.Repeat("f", n) + "_" + strconv.Itoa(j) + ": u32 @" + strconv.Itoa(j) + ";\n")
		}
		b.WriteString("}\nfn get_m" + strconv.Itoa(i) + "() -> M" + strconv.Itoa(i) + ";\n")
	}
	cases["mix"] = b.String()
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { gofmtClean(t, name, []byte(src)) })
	}
}
