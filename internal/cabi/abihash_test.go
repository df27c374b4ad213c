package cabi_test

import (
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/parser"
)

const hashBase = `package calc;

/// Largest batch.
const MAX_BATCH: u32 = 4096;

enum Rounding { NEAREST = 0; UP = 2; }

error CalcError { DIVIDE_BY_ZERO = 1; }

/// A point.
struct Point { x: f64 @1; y: f64 @2; }

struct Polygon { name: string @1; vertices: list<Point> @2; fill: optional<u32> @3; }

union Shape { point: Point @1; polygon: Polygon @2; empty @3; }

/// Adds.
fn add(a: i32, b: i32) -> i32;

fn divide(a: i64, b: i64, mode: Rounding) -> i64 raises CalcError;

object Accumulator {
    new(start: i64);
    fn add(x: i64);
    fn total() -> i64;
}
`

func hashOf(t *testing.T, src string) uint64 {
	t.Helper()
	pkg, errs := parser.Load("calc.idl", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("%s\n%s", idl.Format(errs, map[string][]byte{"calc.idl": []byte(src)}), src)
	}
	return cabi.ABIHash(pkg)
}

// TestABIHash checks which edits of an IDL keep the contract hash (the
// compiled code on both sides does not depend on them) and which change
// it, as docs/abi.md lists them.
func TestABIHash(t *testing.T) {
	base := hashOf(t, hashBase)
	if again := hashOf(t, hashBase); again != base {
		t.Fatalf("the hash of one IDL differs between runs: %x, %x", base, again)
	}
	edit := func(t *testing.T, old, new string) string {
		t.Helper()
		if !strings.Contains(hashBase, old) {
			t.Fatalf("the base IDL lacks %q", old)
		}
		return strings.Replace(hashBase, old, new, 1)
	}
	keep := []struct{ name, old, new string }{
		{"doc comment changed", "/// A point.", "/// A point in the plane, in metres."},
		{"doc comment added", "fn divide(", "/// Divides.\nfn divide("},
		{"doc comment removed", "/// Adds.\n", ""},
		{"parameter renamed", "fn add(a: i32, b: i32)", "fn add(left: i32, right: i32)"},
		{"wire tag of a field changed", "fill: optional<u32> @3;", "fill: optional<u32> @7;"},
		{"constant changed", "= 4096;", "= 8192;"},
		{"declarations reordered", "enum Rounding { NEAREST = 0; UP = 2; }\n\nerror CalcError { DIVIDE_BY_ZERO = 1; }",
			"error CalcError { DIVIDE_BY_ZERO = 1; }\n\nenum Rounding { NEAREST = 0; UP = 2; }"},
	}
	for _, tc := range keep {
		t.Run("keeps/"+tc.name, func(t *testing.T) {
			if h := hashOf(t, edit(t, tc.old, tc.new)); h != base {
				t.Errorf("hash changed: %016x -> %016x", base, h)
			}
		})
	}
	change := []struct{ name, old, new string }{
		{"field added", "y: f64 @2; }", "y: f64 @2; z: f64 @3; }"},
		{"field type changed", "y: f64 @2;", "y: f32 @2;"},
		{"fields reordered", "x: f64 @1; y: f64 @2;", "y: f64 @2; x: f64 @1;"},
		{"fields swap names", "x: f64 @1; y: f64 @2;", "y: f64 @1; x: f64 @2;"},
		{"field renamed", "x: f64 @1;", "east: f64 @1;"},
		{"enum members swap values", "NEAREST = 0; UP = 2;", "NEAREST = 2; UP = 0;"},
		{"enum member renamed", "UP = 2;", "CEILING = 2;"},
		{"list element changed", "list<Point>", "list<f64>"},
		{"enum value changed", "UP = 2;", "UP = 3;"},
		{"error code added", "DIVIDE_BY_ZERO = 1;", "DIVIDE_BY_ZERO = 1; OVERFLOW = 2;"},
		{"union case added", "empty @3; }", "empty @3; other: i32 @4; }"},
		{"union case tag changed", "empty @3;", "empty @4;"},
		{"parameter type changed", "fn add(a: i32, b: i32)", "fn add(a: i64, b: i32)"},
		{"parameter added", "fn add(a: i32, b: i32)", "fn add(a: i32, b: i32, c: i32)"},
		{"result changed", "-> i32;", "-> i64;"},
		{"raises added", "fn add(a: i32, b: i32) -> i32;", "fn add(a: i32, b: i32) -> i32 raises CalcError;"},
		{"function renamed", "fn add(", "fn plus("},
		{"function added", "fn add(", "fn reset();\nfn add("},
		{"type renamed", "struct Point {", "struct Pt {"},
		{"method added", "fn total() -> i64;", "fn total() -> i64;\n    fn clear();"},
		{"constructor changed", "new(start: i64);", "new(start: i32);"},
	}
	for _, tc := range change {
		t.Run("changes/"+tc.name, func(t *testing.T) {
			src := edit(t, tc.old, tc.new)
			if tc.name == "type renamed" {
				src = strings.ReplaceAll(src, "Point", "Pt")
			}
			if h := hashOf(t, src); h == base {
				t.Errorf("hash kept (%016x) although the ABI changed", h)
			}
		})
	}
}
