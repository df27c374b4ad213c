package gen_test

import (
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
)

// TestCheckNames covers the namespaces of each language and the
// diagnostics' wording, as a table.
func TestCheckNames(t *testing.T) {
	at := func(line int) idl.Pos { return idl.Pos{File: "a.idl", Line: line, Col: 1} }
	rt := func(lang, file, ident string) gen.Name {
		return gen.Name{Lang: lang, File: file, Ident: ident, What: "the runtime's " + ident}
	}
	decl := func(lang, file, ident string, line int) gen.Name {
		return gen.Name{Lang: lang, File: file, Ident: ident, What: `struct "` + ident + `"`, Pos: at(line)}
	}
	for _, tc := range []struct {
		name  string
		names []gen.Name
		want  []string // the messages, in order
	}{
		{"go package is the directory",
			[]gen.Name{rt("Go", "out/p_wire.go", "WireError"), decl("Go", "out/p.go", "WireError", 3)},
			[]string{`a.idl:3:1: error: Go: WireError (the runtime's WireError in p_wire.go) is also struct "WireError" (generated code declares WireError itself; rename struct "WireError")`}},
		{"go packages in two directories",
			[]gen.Name{rt("Go", "a/p_wire.go", "WireError"), decl("Go", "b/p.go", "WireError", 3)}, nil},
		{"go type scope",
			[]gen.Name{{Lang: "Go", Scope: "type P", File: "p_wire.go", Ident: "WireSize", What: "a method"}, {Lang: "Go", Scope: "type Q", File: "p.go", Ident: "WireSize", What: "a field", Pos: at(4)}}, nil},
		{"python module is the file",
			[]gen.Name{rt("Python", "p_wire.py", "WireError"), decl("Python", "p.py", "WireError", 3)}, nil},
		{"python same module",
			[]gen.Name{rt("Python", "p_wire.py", "WireError"), decl("Python", "p_wire.py", "WireError", 3)},
			[]string{`a.idl:3:1: error: Python: WireError (the runtime's WireError in p_wire.py) is also struct "WireError" (generated code declares WireError itself; rename struct "WireError")`}},
		{"c is one scope",
			[]gen.Name{decl("C", "a/p.h", "p_P_wire_size", 8), {Lang: "C", File: "b/p_wire.h", Ident: "p_P_wire_size", What: `struct "P"'s wire size function`, Pos: at(3)}},
			[]string{`a.idl:8:1: error: C: p_P_wire_size (struct "P"'s wire size function, at a.idl:3:1) is also struct "p_P_wire_size" (both generate the C name p_P_wire_size; rename one of them)`}},
		{"the hint names the declaration",
			[]gen.Name{rt("C", "p.h", "p_String_copy"), {Lang: "C", File: "p.h", Ident: "p_String_copy", What: `struct "String"'s copy function`, Pos: at(4)}},
			[]string{`a.idl:4:1: error: C: p_String_copy (the runtime's p_String_copy) is also struct "String"'s copy function (generated code declares p_String_copy itself; rename struct "String")`}},
		{"one declaration listed twice",
			[]gen.Name{decl("Go", "p.go", "P", 3), decl("Go", "p.go", "P", 3)}, nil},
		{"two runtime names",
			[]gen.Name{rt("Go", "p.go", "X"), {Lang: "Go", File: "p_wire.go", Ident: "X", What: "another X"}},
			[]string{`-: error: Go: X is declared by both the runtime's X (in p.go) and another X (in p_wire.go); this is a bug in bindgen, please report it`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := gen.CheckNames(tc.names)
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
