package genwire

import (
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/parser"
	"github.com/google/go-cmp/cmp"
)

func load(t *testing.T, name, src string) *idl.Package {
	t.Helper()
	pkg, errs := parser.Load(name, []byte(src))
	if len(errs) > 0 {
		t.Fatalf("load %s: %v", name, errs)
	}
	return pkg
}

// TestBreaking is one row per rule of Breaking (and per allowed change),
// with the exact diagnostics expected.
func TestBreaking(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		// Safe changes.
		{name: "identical",
			old: "struct S { a: i32 @1; }",
			new: "struct S { a: i32 @1; }"},
		{name: "add field",
			old: "struct S { a: i32 @1; }",
			new: "struct S { a: i32 @1; b: string @2; }"},
		{name: "add union case",
			old: "union U { a: i32 @1; }",
			new: "union U { a: i32 @1; b: string @2; }"},
		{name: "add enum member",
			old: "enum E { A = 0; }",
			new: "enum E { A = 0; B = 1; }"},
		{name: "rename field",
			old: "struct S { a: i32 @1; }",
			new: "struct S { b: i32 @1; }"},
		{name: "rename enum member",
			old: "enum E { A = 0; B = 1; }",
			new: "enum E { A = 0; BEE = 1; }"},
		{name: "remove field with reserved tag",
			old: "struct S { a: i32 @1; b: i32 @2; }",
			new: "struct S { a: i32 @1; reserved 2; }"},
		{name: "remove field with reserved range",
			old: "struct S { a: i32 @1; b: i32 @5; }",
			new: "struct S { a: i32 @1; reserved 3 to 7, \"b\"; }"},
		{name: "remove union case with reserved tag",
			old: "union U { a: i32 @1; b: i32 @2; }",
			new: "union U { a: i32 @1; reserved 2; }"},
		{name: "remove enum member with reserved value",
			old: "enum E { A = 0; B = 1; }",
			new: "enum E { A = 0; reserved 1; }"},
		{name: "add declaration",
			old: "struct S { a: i32 @1; }",
			new: "struct S { a: i32 @1; }\nstruct T { a: i32 @1; }"},
		{name: "error types are not on the wire",
			old: "error E { A = 1; B = 2; }\nstruct S { a: i32 @1; }",
			new: "error E { A = 3; }\nstruct S { a: i32 @1; }"},
		{name: "drop reservation without reuse",
			old: "struct S { a: i32 @1; reserved 2; }",
			new: "struct S { a: i32 @1; }"},
		{name: "nested types unchanged",
			old: "struct P { x: f64 @1; }\nstruct S { a: list<P> @1; m: map<string, optional<P>> @2; }",
			new: "struct P { x: f64 @1; }\nstruct S { a: list<P> @1; m: map<string, optional<P>> @2; }"},

		// Removals.
		{name: "remove struct",
			old:  "struct S { a: i32 @1; }\nstruct T { a: i32 @1; }",
			new:  "struct S { a: i32 @1; }",
			want: []string{`old.idl:3:1: error: struct "T" was removed`}},
		{name: "remove union",
			old:  "struct S { a: i32 @1; }\nunion U { a: i32 @1; }",
			new:  "struct S { a: i32 @1; }",
			want: []string{`old.idl:3:1: error: union "U" was removed`}},
		{name: "remove enum",
			old:  "struct S { a: i32 @1; }\nenum E { A = 0; }",
			new:  "struct S { a: i32 @1; }",
			want: []string{`old.idl:3:1: error: enum "E" was removed`}},
		{name: "remove field without reserve",
			old:  "struct S {\n  a: i32 @1;\n  b: i32 @2;\n}",
			new:  "struct S {\n  a: i32 @1;\n}",
			want: []string{`old.idl:4:3: error: field "b" (@2) of struct "S" was removed without reserving its tag (add ` + "`reserved 2;`" + ` to struct "S")`}},
		{name: "remove field, reserve only its name",
			old:  "struct S { a: i32 @1; b: i32 @2; }",
			new:  "struct S { a: i32 @1; reserved \"b\"; }",
			want: []string{`old.idl:2:23: error: field "b" (@2) of struct "S" was removed without reserving its tag (add ` + "`reserved 2;`" + ` to struct "S")`}},
		{name: "remove union case without reserve",
			old:  "union U { a: i32 @1; b: i32 @2; }",
			new:  "union U { a: i32 @1; }",
			want: []string{`old.idl:2:22: error: case "b" (@2) of union "U" was removed without reserving its tag (add ` + "`reserved 2;`" + ` to union "U")`}},
		{name: "remove enum member without reserve",
			old:  "enum E { A = 0; B = 1; }",
			new:  "enum E { A = 0; }",
			want: []string{`old.idl:2:17: error: enum member "B" (= 1) of enum "E" was removed without reserving its value (add ` + "`reserved 1;`" + ` to enum "E")`}},

		// Kind changes.
		{name: "struct becomes union",
			old:  "struct S { a: i32 @1; }",
			new:  "union S { a: i32 @1; }",
			want: []string{`new.idl:2:1: error: struct "S" became a union`}},
		{name: "enum becomes error",
			old:  "enum E { A = 1; }",
			new:  "error E { A = 1; }",
			want: []string{`new.idl:2:1: error: enum "E" became an error`}},
		{name: "struct becomes fn",
			old:  "struct S { a: i32 @1; }",
			new:  "fn S();",
			want: []string{`new.idl:2:1: error: struct "S" became a fn`}},

		// Tags reused or retyped.
		{name: "field retyped",
			old:  "struct S { a: i32 @1; }",
			new:  "struct S { a: string @1; }",
			want: []string{`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from i32 to string: ` + retypeWhy("i32", "string")}},
		{name: "tag reused by new field of another type",
			old:  "struct S { a: i32 @1; }",
			new:  "struct S { b: bool @1; }",
			want: []string{`new.idl:2:15: error: field "b" (was "a") (@1) of struct "S" changed type from i32 to bool: ` + retypeWhy("i32", "bool")}},
		{name: "union case retyped",
			old:  "struct P { x: f64 @1; }\nunion U { p: P @1; }",
			new:  "struct P { x: f64 @1; }\nunion U { p: list<P> @1; }",
			want: []string{`new.idl:3:14: error: case "p" (@1) of union "U" changed type from P to list<P>: ` + retypeWhy("P", "list<P>")}},
		{name: "field refers to another struct",
			old:  "struct P { x: f64 @1; }\nstruct Q { x: f64 @1; }\nstruct S { a: P @1; }",
			new:  "struct P { x: f64 @1; }\nstruct Q { x: f64 @1; }\nstruct S { a: Q @1; }",
			want: []string{`new.idl:4:15: error: field "a" (@1) of struct "S" changed type from P to Q: ` + retypeWhy("P", "Q")}},
		{name: "list element retyped",
			old:  "struct S { a: list<i32> @1; }",
			new:  "struct S { a: list<string> @1; }",
			want: []string{`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from list<i32> to list<string>: ` + retypeWhy("list<i32>", "list<string>")}},
		{name: "map key retyped",
			old:  "struct S { a: map<string, i32> @1; }",
			new:  "struct S { a: map<bool, i32> @1; }",
			want: []string{`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from map<string, i32> to map<bool, i32>: ` + retypeWhy("map<string, i32>", "map<bool, i32>")}},
		{name: "reserved tag reused",
			old:  "struct S { a: i32 @1; reserved 2 to 4; }",
			new:  "struct S { a: i32 @1; b: i32 @3; }",
			want: []string{`new.idl:2:23: error: field "b" of struct "S" uses tag @3, which the old version reserved at old.idl:2:23`}},
		{name: "reserved union tag reused",
			old:  "union U { a: i32 @1; reserved 2; }",
			new:  "union U { a: i32 @1; b: i32 @2; }",
			want: []string{`new.idl:2:22: error: case "b" of union "U" uses tag @2, which the old version reserved at old.idl:2:22`}},

		// Enum values.
		{name: "enum renumbered",
			old:  "enum E { A = 0; B = 1; }",
			new:  "enum E { A = 0; B = 2; }",
			want: []string{`new.idl:2:17: error: enum member "B" of enum "E" changed value from 1 to 2`}},
		{name: "enum swapped",
			old: "enum E { A = 0; B = 1; }",
			new: "enum E { A = 1; B = 0; }",
			want: []string{
				`new.idl:2:10: error: enum member "A" of enum "E" changed value from 0 to 1`,
				`new.idl:2:17: error: enum member "B" of enum "E" changed value from 1 to 0`,
			}},
		{name: "reserved enum value reused",
			old:  "enum E { A = 0; reserved 1; }",
			new:  "enum E { A = 0; C = 1; }",
			want: []string{`new.idl:2:17: error: enum member "C" of enum "E" uses value 1, which the old version reserved at old.idl:2:17`}},

		// Many at once, both files, sorted by file then position.
		{name: "several",
			old: "struct S { a: i32 @1; b: i32 @2; }\nunion U { a: i32 @1; }",
			new: "struct S { a: bytes @1; }",
			want: []string{
				`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from i32 to bytes: ` + retypeWhy("i32", "bytes"),
				`old.idl:2:23: error: field "b" (@2) of struct "S" was removed without reserving its tag (add ` + "`reserved 2;`" + ` to struct "S")`,
				`old.idl:3:1: error: union "U" was removed`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := load(t, "old.idl", "package p;\n"+tt.old)
			new := load(t, "new.idl", "package p;\n"+tt.new)
			var got []string
			for _, e := range Breaking(old, new) {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Breaking (-want +got):\n%s", diff)
			}
		})
	}
}

// retypeWhy is the reason Breaking gives for an incompatible type change;
// the tests take it from the same place so that wording lives in one spot.
func retypeWhy(o, n string) string {
	ot := mustType(o)
	nt := mustType(n)
	return (&breaker{}).incompatible(ot, nt)
}

func mustType(s string) *idl.Type {
	pkg, errs := parser.Load("t.idl", []byte("package p;\nstruct P { x: f64 @1; }\nstruct Q { x: f64 @1; }\nstruct T { f: "+s+" @1; }"))
	if len(errs) > 0 {
		panic(strings.Join([]string{s, errs.Error()}, ": "))
	}
	return pkg.Lookup["T"].(*idl.Struct).Fields[0].Type
}
