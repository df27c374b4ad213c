package idl_test

import (
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/idl"
	_ "github.com/bindgen-dev/bindgen/internal/golden"
	"github.com/bindgen-dev/bindgen/parser"
)

// The checker's tests load source through the parser, which idl itself
// cannot import; an external test package can.

// TestCheckErrors is a table of broken inputs and the diagnostics the
// checker must report for them (substring match on the full list).
func TestCheckErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"unknown type", "package p;\nstruct Point { x: f64 @1; }\nfn f(p: Pont);", []string{`2:20`[:0] + `3:9: error: unknown type "Pont" (did you mean "Point"?)`}},
		{"duplicate decl", "package p;\nstruct A { x: i32 @1; }\nstruct A { y: i32 @1; }", []string{`3:1: error: struct "A" is already declared at t.idl:2:1`}},
		{"duplicate tag", "package p;\nstruct A { x: i32 @1; y: i32 @1; }", []string{`tag @1 of field "y" is already used by "x"`}},
		{"tag range", "package p;\nstruct A { x: i32 @0; }", []string{`tag @0 of field "x" is out of range`}},
		{"bad map key", "package p;\nstruct A { x: map<f64, i32> @1; }", []string{`map key type f64 is not allowed`}},
		{"recursive", "package p;\nstruct A { b: B @1; }\nstruct B { a: A @1; }", []string{`contains itself by value (A -> B -> A)`}},
		{"recursive ok", "package p;\nstruct A { kids: list<A> @1; next: optional<A> @2; }", nil},
		{"enum range", "package p;\nenum E { A = 3000000000; }", []string{`has value 3000000000, which does not fit in i32`}},
		{"error zero", "package p;\nerror E { A = 0; }", []string{`error member "A" cannot be 0`}},
		{"raises non-error", "package p;\nenum E { A = 1; }\nfn f() raises E;", []string{`"f" raises E, which is not an error type`}},
		{"error as value", "package p;\nerror E { A = 1; }\nfn f(e: E);", []string{`error type "E" can only follow raises`}},
		{"objects in every value position", "package p;\nobject O { new(); fn f(s: S) -> list<optional<O>>; }\nstruct S { o: O @1; m: optional<O> @2; l: list<O> @3; v: map<string, O> @4; n: optional<S> @5; }\nunion U { o: O @1; s: S @2; }\nfn g(u: U, l: list<map<i32, O>>) -> optional<U>;", nil},
		{"empty struct in every position", "package p;\nstruct E {}\nstruct S { e: E @1; l: list<E> @2; m: map<string, E> @3; o: optional<E> @4; }\nunion U { e: E @1; none @2; }\nobject O { new(e: E); fn f(e: E) -> E; }\nfn g(e: E, l: list<optional<E>>) -> map<i32, E>;", nil},
		{"payload-free cases only", "package p;\nunion U { a @1; b @2; reserved 3; }\nfn f(u: U) -> optional<U>;", nil},
		{"untyped struct field", "package p;\nstruct S { x @1; }", []string{`2:12: error: field "x" of struct "S" has no type`}},
		{"payload-free case reuses a tag", "package p;\nunion U { a: i32 @1; b @1; }", []string{`tag @1 of case "b" is already used by "a"`}},
		{"object as map key", "package p;\nobject O { new(); }\nstruct S { o: map<O, i32> @1; }", []string{`map key type O is not allowed`}},
		{"go collision", "package p;\nstruct S { user_id: i32 @1; userId: i32 @2; }", []string{`both map to the Go name "UserID"`}},
		{"fn vs struct collision", "package p;\nstruct Add { x: i32 @1; }\nfn add();", []string{`both map to the Go name "Add"`}},
		{"const overflow", "package p;\nconst X: u8 = 256;", []string{`value 256 overflows u8`}},
		{"const negative unsigned", "package p;\nconst X: u32 = -1;", []string{`value -1 overflows u32`}},
		{"reserved tag", "package p;\nstruct S { reserved 2 to 4; x: i32 @3; }", []string{`field "x" uses reserved tag @3`}},
		{"optional optional", "package p;\nstruct S { x: optional<optional<i32>> @1; }", []string{`optional<optional<...>> is not allowed`}},
		{"syntax", "package p;\nstruct S { x i32 @1; }", []string{`2:14: error: unexpected token "i32"`}},
		{"package keyword", "package type;\nfn f();", []string{`package name "type" is a reserved word`}},
		{"many errors", "package p;\nfn f(a: Foo, b: Bar);", []string{`unknown type "Foo"`, `unknown type "Bar"`}},
		{"callbacks as parameters", "package p;\nerror E { A = 1; }\nstruct S { x: string @1; }\nunion U { s: S @1; none @2; }\ncallback C { fn f(a: i32, s: string, b: bytes, l: list<S>, m: map<string, i32>, o: optional<U>, u: U) -> string raises E; fn g(); }\nfn f(c: C, keep k: C);\nobject O { new(keep c: C) raises E; fn m(c: C, keep d: C); }", nil},
		{"callback results of every value type", "package p;\nerror E { A = 1; }\nenum K { A = 0; }\nstruct S { x: string @1; }\nunion U { s: S @1; none @2; }\ncallback C { fn a() -> S; fn b() -> list<u32>; fn c() -> list<string>; fn d() -> list<S>; fn e() -> map<K, S>; fn f() -> optional<i64>; fn g() -> optional<S>; fn h() -> U raises E; fn i() -> optional<string> raises E; }\nfn f(c: C);", nil},
		{"callback as result", "package p;\ncallback C { fn f(); }\nfn f() -> C;", []string{`3:11: error: callback "C" can only be the type of a parameter; the result of "f" uses it as a value`}},
		{"callback in a list", "package p;\ncallback C { fn f(); }\nfn f(l: list<C>);", []string{`3:14: error: callback "C" can only be the type of a parameter; parameter "l" uses it as a value`}},
		{"callback as field", "package p;\ncallback C { fn f(); }\nstruct S { c: C @1; }", []string{`3:15: error: callback "C" can only be the type of a parameter; field "c" uses it as a value`}},
		{"unknown callback", "package p;\ncallback Sink { fn f(); }\nfn f(keep s: Snk);", []string{`3:14: error: unknown type "Snk" (did you mean "Sink"?)`}},
		{"keep on a value", "package p;\nfn f(keep x: i32);", []string{`2:6: error: keep applies only to a callback parameter; parameter "x" has type i32`}},
		{"callback objects on their own", "package p;\nerror E { A = 1; }\nobject O { new(); }\ncallback C { fn f(o: O, m: optional<O>, n: i32) -> O raises E; fn g(o: O) -> optional<O>; fn h() -> O; }\nfn f(c: C);", nil},
		{"callback takes an object inside a struct", "package p;\nobject O { new(); }\nstruct S { o: O @1; }\ncallback C { fn f(s: S); }", []string{`4:22: error: parameter "s" of callback method C.f holds an object inside S; a callback method takes an object only as a parameter of its own`, `(pass the object itself, or optional<O>, as a parameter of its own`}},
		{"callback takes a list of objects", "package p;\nobject O { new(); }\ncallback C { fn f(l: list<O>, m: optional<list<O>>); }", []string{`parameter "l" of callback method C.f holds an object inside list<O>`, `parameter "m" of callback method C.f holds an object inside optional<list<O>>`}},
		{"callback returns an object inside a list", "package p;\nobject O { new(); }\nstruct S { o: optional<O> @1; }\ncallback C { fn f() -> list<S>; }", []string{`callback method C.f returns list<S>, which holds an object inside another value; a callback method returns an object only as its whole result`}},
		{"callback takes a callback", "package p;\ncallback D { fn g(); }\ncallback C { fn f(d: D); }", []string{`parameter "d" of callback method C.f is a callback; a callback method takes no callbacks`}},
		{"callback member names", "package p;\ncallback C { fn ctx(); fn f(); fn f(); }", []string{`method name "ctx" is reserved`, `method "f" of callback "C" is already declared`}},
		{"callback without methods", "package p;\ncallback C {}", []string{`callback "C" has no methods`}},
		{"callback in extern package", "package p;\nextern \"p.h\";\ncallback C { fn f(); }", []string{`callback "C" cannot be declared in package "p"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := parser.Load("t.idl", []byte(tt.src))
			got := errs.Error()
			if len(tt.want) == 0 && errs != nil {
				t.Fatalf("unexpected errors:\n%s", got)
			}
			if len(tt.want) > 0 && errs == nil {
				t.Fatalf("no errors, want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in:\n%s", w, got)
				}
			}
		})
	}
}

func TestCheckErrorsMore(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"ctor vs fn", "package p;\nobject Counter { new(); }\nfn new_counter();", []string{`both map to the Go name "NewCounter"`}},
		{"transposition", "package p;\nfn f(x: f46);", []string{`did you mean "f64"?`}},
		{"c reserved", "package p;\nstruct S { __y: i32 @1; }", []string{`name "__y" is reserved in C`}},
		{"stdlib package", "package os;\nfn f();", []string{`package name "os" is a reserved word`}},
		{"bad utf8", "package p;\n/// \xcb\nfn f();", []string{`t.idl:2:5: error: source is not valid UTF-8`}},
		{"bad utf8 string", "package p;\nconst S: string = \"\\xff\";", []string{`is not valid UTF-8`}},
		{"tag position", "package p;\nstruct A { x: i32 @1; y: i32 @1; }", []string{`t.idl:2:31: error: tag @1`}},
		{"value and check errors", "package p;\nenum E { A = 99999999999999999999; }\nfn f(x: Nope);", []string{`enum value 99999999999999999999 is out of range`, `2:14`, `unknown type "Nope"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := parser.Load("t.idl", []byte(tt.src))
			got := errs.Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in:\n%s", w, got)
				}
			}
		})
	}
	// An exact duplicate field is one error, not one per language.
	_, errs := parser.Load("t.idl", []byte("package p;\nstruct S { x: i32 @1; x: i32 @2; }"))
	if len(errs) != 1 {
		t.Errorf("duplicate field: %d errors, want 1:\n%s", len(errs), errs)
	}
}

func TestSourceCharacters(t *testing.T) {
	// A NUL in a doc comment would reach generated Go, which cannot hold
	// one (found by FuzzGenerate).
	_, errs := parser.Load("t.idl", []byte("package p;\n/// a\x00b\nfn f();\n"))
	if got := errs.Error(); !strings.Contains(got, "t.idl:2:6: error: control character U+0000 is not allowed") {
		t.Errorf("NUL: %s", got)
	}
	if _, errs := parser.Load("t.idl", []byte("\ufeffpackage p;\nfn f();\n")); errs != nil {
		t.Errorf("leading byte order mark: %s", errs)
	}
	if _, errs := parser.Load("t.idl", []byte("package p;\n/// tab\there\r\nfn f();\n")); errs != nil {
		t.Errorf("tab and CRLF: %s", errs)
	}
}

// TestHoldsObject: Check marks every struct and union that holds an object
// handle at any depth, through lists, maps, optionals, other declarations
// and cycles, and no other.
func TestHoldsObject(t *testing.T) {
	src := `package p;
object O { new(); }
struct Direct { o: O @1; }
struct InMap { m: map<string, list<optional<O>>> @1; }
struct ViaStruct { d: optional<Direct> @1; }
union ViaUnion { v: list<ViaStruct> @1; x: i32 @2; }
struct Loop { next: optional<Loop> @1; u: map<i32, ViaUnion> @2; }
struct PlainLoop { next: optional<PlainLoop> @1; kids: list<Plain> @2; }
struct Plain { x: i32 @1; }
union PlainUnion { p: Plain @1; l: PlainLoop @2; }
fn f(o: O, p: Plain) -> O;
`
	pkg, errs := parser.Load("t.idl", []byte(src))
	if errs != nil {
		t.Fatal(errs)
	}
	want := map[string]bool{"Direct": true, "InMap": true, "ViaStruct": true, "ViaUnion": true, "Loop": true,
		"PlainLoop": false, "Plain": false, "PlainUnion": false}
	for name, w := range want {
		var got bool
		switch d := pkg.Lookup[name].(type) {
		case *idl.Struct:
			got = d.HoldsObject
		case *idl.Union:
			got = d.HoldsObject
		default:
			t.Fatalf("%s is %T", name, d)
		}
		if got != w {
			t.Errorf("%s.HoldsObject = %v, want %v", name, got, w)
		}
	}
}

// TestPayloadFreeCase checks the model of `name @tag;` in a union: a case
// whose Type is nil, next to ordinary cases.
func TestPayloadFreeCase(t *testing.T) {
	pkg, errs := parser.Load("t.idl", []byte("package p;\nstruct E {}\nunion U { none @1; e: E @2; }"))
	if errs != nil {
		t.Fatal(errs)
	}
	u := pkg.Lookup["U"].(*idl.Union)
	if len(u.Cases) != 2 || u.Cases[0].Type != nil || u.Cases[0].Tag != 1 || u.Cases[1].Type == nil {
		t.Fatalf("cases = %+v, want none @1 without a type, then e: E @2", u.Cases)
	}
	if s := pkg.Lookup["E"].(*idl.Struct); len(s.Fields) != 0 {
		t.Fatalf("E has fields %+v", s.Fields)
	}
}
