package genwire

import (
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

		{name: "types holding handles are not on the wire",
			old: "object O { new(); }\nstruct H { o: O @1; }",
			new: "object O { new(); }\nstruct H { x: list<O> @1; }"},

		// A type that comes to hold a handle leaves the wire.
		{name: "struct gains a handle",
			old:  "object O { new(); }\nstruct S { a: i32 @1; }",
			new:  "object O { new(); }\nstruct S { a: i32 @1; o: optional<O> @2; }",
			want: []string{`new.idl:3:1: error: struct "S" now holds an object handle, so it has no wire form`}},
		{name: "union gains a handle through a struct",
			old: "object O { new(); }\nstruct S { a: i32 @1; }\nunion U { s: S @1; }",
			new: "object O { new(); }\nstruct S { a: i32 @1; o: list<O> @2; }\nunion U { s: S @1; }",
			want: []string{
				`new.idl:3:1: error: struct "S" now holds an object handle, so it has no wire form`,
				`new.idl:4:1: error: union "U" now holds an object handle, so it has no wire form`,
			}},

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
			want: []string{`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from i32 to string: i32 is written as zigzag32, string as string`}},
		{name: "tag reused by new field of another type",
			old:  "struct S { a: i32 @1; }",
			new:  "struct S { b: bool @1; }",
			want: []string{`new.idl:2:15: error: field "b" (was "a") (@1) of struct "S" changed type from i32 to bool: i32 is written as zigzag32, bool as bool`}},
		{name: "union case retyped",
			old:  "struct P { x: f64 @1; }\nunion U { p: P @1; }",
			new:  "struct P { x: f64 @1; }\nunion U { p: list<P> @1; }",
			want: []string{`new.idl:3:14: error: case "p" (@1) of union "U" changed type from P to list<P>: P is written as struct P, list<P> as list<struct P>`}},
		{name: "widen i32 to i64",
			old:  "struct S { a: i32 @1; }",
			new:  "struct S { a: i64 @1; }",
			want: []string{`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from i32 to i64: i32 and i64 hold different ranges, so one side rejects values the other writes`}},
		{name: "widen u8 to u32",
			old:  "struct S { a: u8 @1; }",
			new:  "struct S { a: u32 @1; }",
			want: []string{`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from u8 to u32: u8 and u32 hold different ranges, so one side rejects values the other writes`}},
		{name: "unsigned to signed",
			old:  "struct S { a: u32 @1; }",
			new:  "struct S { a: i32 @1; }",
			want: []string{`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from u32 to i32: u32 is written as uvarint32, i32 as zigzag32`}},
		{name: "bool to u8",
			old:  "struct S { a: bool @1; }",
			new:  "struct S { a: u8 @1; }",
			want: []string{`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from bool to u8: bool is written as bool, u8 as uvarint8`}},
		{name: "f32 to f64",
			old:  "struct S { a: f32 @1; }",
			new:  "struct S { a: f64 @1; }",
			want: []string{`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from f32 to f64: f32 is written as fixed32, f64 as fixed64`}},
		{name: "bytes to string",
			old:  "struct S { a: bytes @1; }",
			new:  "struct S { a: string @1; }",
			want: []string{`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from bytes to string: bytes is written as bytes, string as string`}},
		{name: "i32 to enum is compatible",
			old: "enum E { A = 0; }\nstruct S { a: i32 @1; }",
			new: "enum E { A = 0; }\nstruct S { a: E @1; }"},
		{name: "enum to another enum is compatible",
			old: "enum E { A = 0; }\nenum F { B = 0; }\nstruct S { a: E @1; }",
			new: "enum E { A = 0; }\nenum F { B = 0; }\nstruct S { a: F @1; }"},
		{name: "enum to i64",
			old:  "enum E { A = 0; }\nstruct S { a: E @1; }",
			new:  "enum E { A = 0; }\nstruct S { a: i64 @1; }",
			want: []string{`new.idl:3:15: error: field "a" (@1) of struct "S" changed type from E to i64: E and i64 hold different ranges, so one side rejects values the other writes`}},
		{name: "struct field becomes optional",
			old: "struct S { a: u32 @1; }",
			new: "struct S { a: optional<u32> @1; }"},
		{name: "struct field stops being optional",
			old: "struct S { a: optional<string> @1; }",
			new: "struct S { a: string @1; }"},
		{name: "optional payload retyped",
			old:  "struct S { a: optional<u32> @1; }",
			new:  "struct S { a: optional<i32> @1; }",
			want: []string{`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from optional<u32> to optional<i32>: u32 is written as uvarint32, i32 as zigzag32`}},
		{name: "union case becomes optional",
			old:  "union U { a: u32 @1; }",
			new:  "union U { a: optional<u32> @1; }",
			want: []string{`new.idl:2:14: error: case "a" (@1) of union "U" changed type from u32 to optional<u32>: u32 is written as uvarint32, optional<u32> as optional<uvarint32>`}},
		{name: "list element becomes optional",
			old:  "struct S { a: list<u32> @1; }",
			new:  "struct S { a: list<optional<u32>> @1; }",
			want: []string{`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from list<u32> to list<optional<u32>>: u32 is written as uvarint32, optional<u32> as optional<uvarint32>`}},
		{name: "list element retyped",
			old:  "struct S { a: list<i32> @1; }",
			new:  "struct S { a: list<string> @1; }",
			want: []string{`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from list<i32> to list<string>: i32 is written as zigzag32, string as string`}},
		{name: "map key retyped",
			old:  "struct S { a: map<string, i32> @1; }",
			new:  "struct S { a: map<bool, i32> @1; }",
			want: []string{`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from map<string, i32> to map<bool, i32>: string is written as string, bool as bool`}},
		{name: "map value retyped",
			old:  "struct S { a: map<string, i32> @1; }",
			new:  "struct S { a: map<string, u32> @1; }",
			want: []string{`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from map<string, i32> to map<string, u32>: i32 is written as zigzag32, u32 as uvarint32`}},
		{name: "field refers to a struct with the same layout",
			old: "struct P { x: f64 @1; }\nstruct Q { x: f64 @1; y: string @2; }\nstruct S { a: P @1; }",
			new: "struct P { x: f64 @1; }\nstruct Q { x: f64 @1; y: string @2; }\nstruct S { a: Q @1; }"},
		{name: "field refers to a different struct",
			old:  "struct P { x: f64 @1; }\nstruct Q { x: string @1; }\nstruct S { a: P @1; }",
			new:  "struct P { x: f64 @1; }\nstruct Q { x: string @1; }\nstruct S { a: Q @1; }",
			want: []string{`new.idl:4:15: error: field "a" (@1) of struct "S" changed type from P to Q: struct "P" and struct "Q" differ at @1: f64 is written as fixed64, string as string`}},
		{name: "recursive structs compared structurally",
			old: "struct N { next: optional<N> @1; v: i32 @2; }\nstruct M { next: optional<M> @1; v: i32 @2; }\nstruct S { a: N @1; }",
			new: "struct N { next: optional<N> @1; v: i32 @2; }\nstruct M { next: optional<M> @1; v: i32 @2; }\nstruct S { a: M @1; }"},
		{name: "struct to union",
			old:  "struct P { x: f64 @1; }\nunion U { x: f64 @1; }\nstruct S { a: P @1; }",
			new:  "struct P { x: f64 @1; }\nunion U { x: f64 @1; }\nstruct S { a: U @1; }",
			want: []string{`new.idl:4:15: error: field "a" (@1) of struct "S" changed type from P to U: P is written as struct P, U as union U`}},
		{name: "retyped inside a kept struct",
			old:  "struct P { x: f64 @1; }\nstruct S { a: P @1; }",
			new:  "struct P { x: f32 @1; }\nstruct S { a: P @1; }",
			want: []string{`new.idl:2:15: error: field "x" (@1) of struct "P" changed type from f64 to f32: f64 is written as fixed64, f32 as fixed32`}},
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
				`new.idl:2:15: error: field "a" (@1) of struct "S" changed type from i32 to bytes: i32 is written as zigzag32, bytes as bytes`,
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
