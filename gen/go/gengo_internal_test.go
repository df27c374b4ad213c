package gengo

import (
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/idl"
)

// TestFormatErrorShowsSource: when a file goes through go/format (doc text
// the printer does not lay out itself) and the generated source is not
// valid Go, Generate's error carries the source with line numbers, so the
// emitter bug can be found by eye.
func TestFormatErrorShowsSource(t *testing.T) {
	g := &generator{pkg: &idl.Package{Name: "calc", Files: []string{"calc.idl"}}, opts: Options{Package: "calc"}}
	_, err := g.file("calc.go", func(p *printer) {
		p.doc("", idl.Doc{"a doc with a\fform feed"}, "")
		p.P("func broken( {")
	})
	if err == nil {
		t.Fatal("no error for invalid Go")
	}
	msg := err.Error()
	for _, want := range []string{"calc.go is not valid Go", "    7\tfunc broken( {", "7:14"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
}
