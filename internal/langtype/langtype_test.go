package langtype_test

import (
	"testing"

	"github.com/bindgen-dev/bindgen/idl"
	_ "github.com/bindgen-dev/bindgen/internal/golden"
	"github.com/bindgen-dev/bindgen/internal/langtype"
	"github.com/bindgen-dev/bindgen/parser"
)

func TestSpellings(t *testing.T) {
	src := `package p;
struct Point { x: f64 @1; }
union Shape { p: Point @1; }
object Store { new(); }
struct All {
    a: list<map<string, optional<u16>>> @1;
    b: optional<Shape> @2;
    c: bytes @3;
    d: map<i8, list<Point>> @4;
}
fn f(s: optional<Store>) -> Store;
`
	pkg, errs := parser.Load("p.idl", []byte(src))
	if errs != nil {
		t.Fatal(errs)
	}
	all := pkg.Lookup["All"].(*idl.Struct)
	goWant := []string{"[]map[string]*uint16", "Shape", "[]byte", "map[int8][]Point"}
	pyWant := []string{"list[dict[str, int | None]]", "Shape | None", "bytes", "dict[int, list[Point]]"}
	for i, f := range all.Fields {
		if got := langtype.Go(f.Type); got != goWant[i] {
			t.Errorf("Go(%s) = %q, want %q", f.Type, got, goWant[i])
		}
		if got := langtype.Python(f.Type); got != pyWant[i] {
			t.Errorf("Python(%s) = %q, want %q", f.Type, got, pyWant[i])
		}
	}
	fn := pkg.Lookup["f"].(*idl.Func)
	if got := langtype.Go(fn.Params[0].Type); got != "*Store" {
		t.Errorf("optional object = %q", got)
	}
	if got := langtype.Python(fn.Result); got != "Store" {
		t.Errorf("object = %q", got)
	}
}
