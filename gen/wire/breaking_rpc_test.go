package genwire

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBreakingRPC is one row per RPC evolution rule (docs/rpc.md,
// "Evolution"): what breaks a caller of a function, constructor or
// method, and what does not.
func TestBreakingRPC(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		// Compatible both ways.
		{name: "add function",
			old: "fn f(a: i32) -> i32;",
			new: "fn f(a: i32) -> i32;\nfn g();"},
		{name: "add trailing parameter",
			old: "fn f(a: i32) -> i32;",
			new: "fn f(a: i32, b: string) -> i32;"},
		{name: "add trailing optional object parameter",
			old: "object O { new(); fn m(a: i32); }",
			new: "object O { new(); fn m(a: i32, other: optional<O>); }"},
		{name: "rename parameter",
			old: "fn f(a: i32) -> i32;",
			new: "fn f(x: i32) -> i32;"},
		{name: "add result",
			old: "fn f(a: i32);",
			new: "fn f(a: i32) -> string;"},
		{name: "add enum member",
			old: "enum E { A = 0; }\nfn f(e: E) -> E;",
			new: "enum E { A = 0; B = 1; }\nfn f(e: E) -> E;"},
		{name: "add error code",
			old: "error Err { A = 1; }\nfn f() raises Err;",
			new: "error Err { A = 1; B = 2; }\nfn f() raises Err;"},
		{name: "add method and constructor",
			old: "object O { new(); fn m(); }",
			new: "object O { new(); new sized(n: u32); fn m(); fn k() -> u32; }"},
		{name: "compatible parameter type",
			old: "enum E { A = 0; }\nfn f(a: i32, b: string);",
			new: "enum E { A = 0; }\nfn f(a: E, b: optional<string>);"},
		{name: "not served over RPC: types not compared",
			old: "object O { new(); }\nfn f(os: list<O>) -> i32;",
			new: "object O { new(); }\nfn f(os: map<string, O>) -> i32;"},
		{name: "error of no callable is not compared",
			old: "error Err { A = 1; B = 2; }",
			new: "error Err { A = 3; }"},

		// Removed.
		{name: "remove function",
			old:  "fn f();\nfn g();",
			new:  "fn f();",
			want: []string{`old.idl:3:1: error: function "g" was removed: an old caller's call is an unknown method`}},
		{name: "remove method",
			old:  "object O {\n  new();\n  fn m();\n}",
			new:  "object O {\n  new();\n}",
			want: []string{`old.idl:4:3: error: method "m" of object "O" was removed: an old caller's call is an unknown method`}},
		{name: "remove named constructor",
			old:  "object O {\n  new();\n  new sized(n: u32);\n}",
			new:  "object O {\n  new();\n}",
			want: []string{`old.idl:4:3: error: constructor "new sized" of object "O" was removed: an old caller's call is an unknown method`}},
		{name: "remove object",
			old:  "fn f();\nobject O { new(); fn m(); }",
			new:  "fn f();",
			want: []string{`old.idl:3:1: error: object "O" was removed: an old caller's constructors and methods are unknown methods`}},

		// Parameters.
		{name: "remove trailing parameter",
			old:  "fn f(a: i32, b: i32);",
			new:  "fn f(a: i32);",
			want: []string{`old.idl:2:14: error: parameter "b" of function "f" was removed: an old caller's argument reaches no parameter`}},
		{name: "retype parameter",
			old:  "fn f(a: i32, b: string);",
			new:  "fn f(a: i64, b: string);",
			want: []string{`new.idl:2:9: error: parameter "a" of function "f" changed type from i32 to i64: i32 and i64 hold different ranges, so one side rejects values the other writes`}},
		{name: "retype method parameter",
			old:  "object O { new(); fn m(key: string); }",
			new:  "object O { new(); fn m(key: u32); }",
			want: []string{`new.idl:2:29: error: parameter "key" of method "m" of object "O" changed type from string to u32: string is written as string, u32 as uvarint32`}},
		{name: "insert parameter in the middle",
			old:  "fn f(a: i32, b: i32);",
			new:  "fn f(a: i32, c: i32, b: i32);",
			want: []string{`new.idl:2:14: error: parameter "c" of function "f" is at position 2, where the old version has "b": arguments travel by position, so an old caller's "b" arrives as "c" (add parameters only at the end, and never reorder them)`}},
		{name: "reorder parameters",
			old:  "fn f(a: i32, b: i32);",
			new:  "fn f(b: i32, a: i32);",
			want: []string{`new.idl:2:6: error: parameter "b" of function "f" is at position 1, where the old version has "a": arguments travel by position, so an old caller's "a" arrives as "b" (add parameters only at the end, and never reorder them)`}},
		{name: "remove a middle parameter",
			old:  "fn f(a: i32, b: i32, c: i32);",
			new:  "fn f(a: i32, c: i32);",
			want: []string{`new.idl:2:14: error: parameter "c" of function "f" is at position 2, where the old version has "b": arguments travel by position, so an old caller's "b" arrives as "c" (add parameters only at the end, and never reorder them)`}},
		{name: "add trailing object parameter",
			old:  "object O { new(); }\nfn f(a: i32);",
			new:  "object O { new(); }\nfn f(a: i32, o: O);",
			want: []string{`new.idl:3:14: error: parameter "o" added to function "f" is an object: an old caller sends no handle, which the server rejects (make it optional<O>)`}},
		{name: "object parameter of another object type",
			old:  "object O { new(); }\nobject P { new(); }\nfn f(o: O);",
			new:  "object O { new(); }\nobject P { new(); }\nfn f(o: P);",
			want: []string{`new.idl:4:9: error: parameter "o" of function "f" changed type from O to P: a handle names an object of one type, so a O handle is rejected as a P`}},
		{name: "object parameter becomes optional",
			old:  "object O { new(); }\nfn f(o: O);",
			new:  "object O { new(); }\nfn f(o: optional<O>);",
			want: []string{`new.idl:3:9: error: parameter "o" of function "f" changed type from O to optional<O>: an absent object travels as no handle, which a peer that wants one rejects`}},
		{name: "object parameter becomes an integer",
			old:  "object O { new(); }\nfn f(o: O);",
			new:  "object O { new(); }\nfn f(o: u64);",
			want: []string{`new.idl:3:9: error: parameter "o" of function "f" changed type from O to u64: an object travels as its handle, not as u64`}},

		// Results.
		{name: "remove result",
			old:  "fn f() -> i32;",
			new:  "fn f();",
			want: []string{`new.idl:2:1: error: function "f" no longer returns i32: an old caller reads a default instead of a result`}},
		{name: "retype result",
			old:  "fn f() -> i32;",
			new:  "fn f() -> string;",
			want: []string{`new.idl:2:11: error: the result of function "f" changed type from i32 to string: i32 is written as zigzag32, string as string`}},
		{name: "retype method result",
			old:  "object O { new(); fn size() -> u32; }",
			new:  "object O { new(); fn size() -> i32; }",
			want: []string{`new.idl:2:32: error: the result of method "size" of object "O" changed type from u32 to i32: u32 is written as uvarint32, i32 as zigzag32`}},

		// The error set.
		{name: "start raising",
			old:  "error Err { A = 1; }\nfn f();",
			new:  "error Err { A = 1; }\nfn f() raises Err;",
			want: []string{`new.idl:3:15: error: function "f" now raises "Err": an old caller does not expect an error`}},
		{name: "stop raising",
			old:  "error Err { A = 1; }\nfn f() raises Err;",
			new:  "error Err { A = 1; }\nfn f();",
			want: []string{`new.idl:3:1: error: function "f" no longer raises "Err": a new caller of an old server gets an error it does not expect`}},
		{name: "raise another error",
			old:  "error Err { A = 1; }\nerror Other { A = 1; }\nobject O { new() raises Err; }",
			new:  "error Err { A = 1; }\nerror Other { A = 1; }\nobject O { new() raises Other; }",
			want: []string{`new.idl:4:25: error: constructor "new" of object "O" raises "Other" instead of "Err": the codes of one mean nothing to callers expecting the other`}},
		{name: "error code renumbered",
			old:  "error Err { A = 1; B = 2; }\nfn f() raises Err;",
			new:  "error Err { A = 1; B = 3; }\nfn f() raises Err;",
			want: []string{`new.idl:2:20: error: error member "B" of error "Err" changed value from 2 to 3`}},
		{name: "error code removed",
			old:  "error Err { A = 1; B = 2; }\nfn f() raises Err;",
			new:  "error Err { A = 1; }\nfn f() raises Err;",
			want: []string{"old.idl:2:20: error: error member \"B\" (= 2) of error \"Err\" was removed without reserving its value (add `reserved 2;` to error \"Err\")"}},
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
