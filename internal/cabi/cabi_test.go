package cabi_test

import (
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/parser"
)

const src = `package calc;
const MAX_BATCH: u32 = 4096;
enum Rounding { NEAREST = 0; UP = 2; }
error CalcError { DIVIDE_BY_ZERO = 1; }
struct Point { x: f64 @1; y: f64 @2; }
struct Polygon {
    name: string @1;
    vertices: list<Point> @2;
    fill: optional<u32> @3;
    labels: map<string, optional<u32>> @4;
    default: list<list<Point>> @5;
}
struct Node { kids: list<Node> @1; next: optional<Node> @2; }
union Shape { point: Point @1; polygon: Polygon @2; }
union Flat { a: i32 @1; b: Point @2; }
fn add(a: i32, b: i32) -> i32;
fn divide(a: i64, b: i64, mode: Rounding) -> i64 raises CalcError;
fn area(s: Shape, p: Point, hint: optional<f64>) -> f64;
fn greet(name: string) -> string;
fn maybe(out: i32) -> optional<string> raises CalcError;
fn reset();
fn pick(a: optional<Accumulator>) -> optional<Accumulator>;
object Accumulator {
    new(start: i64);
    new with_capacity(start: i64, capacity: u32) raises CalcError;
    fn add(x: i64);
    fn merge(self: Accumulator) -> Accumulator;
    fn total() -> i64;
}
`

func load(t *testing.T) *idl.Package {
	t.Helper()
	pkg, errs := parser.Load("calc.idl", []byte(src))
	if errs != nil {
		t.Fatalf("%v", errs)
	}
	return pkg
}

func findType(t *testing.T, pkg *idl.Package, s, f string) *idl.Type {
	t.Helper()
	st := pkg.Lookup[s].(*idl.Struct)
	for _, fl := range st.Fields {
		if fl.Name == f {
			return fl.Type
		}
	}
	t.Fatalf("no field %s.%s", s, f)
	return nil
}

func TestTypes(t *testing.T) {
	pkg := load(t)
	fn := func(n string) *idl.Func { return pkg.Lookup[n].(*idl.Func) }
	tests := []struct {
		t                     *idl.Type
		mangle, name, release string
		needs                 bool
	}{
		{&idl.Type{Kind: idl.KindU32}, "U32", "uint32_t", "", false},
		{&idl.Type{Kind: idl.KindI8}, "I8", "int8_t", "", false},
		{&idl.Type{Kind: idl.KindBool}, "Bool", "bool", "", false},
		{&idl.Type{Kind: idl.KindF32}, "F32", "float", "", false},
		{&idl.Type{Kind: idl.KindString}, "String", "calc_String", "calc_String_release", true},
		{&idl.Type{Kind: idl.KindBytes}, "Bytes", "calc_Bytes", "calc_Bytes_release", true},
		{fn("divide").Params[2].Type, "Rounding", "calc_Rounding", "", false},
		{fn("area").Params[1].Type, "Point", "calc_Point", "", false},
		{fn("area").Params[0].Type, "Shape", "calc_Shape", "calc_Shape_release", true},
		{findType(t, pkg, "Polygon", "vertices"), "List_Point", "calc_List_Point", "calc_List_Point_release", true},
		{findType(t, pkg, "Polygon", "fill"), "Opt_U32", "uint32_t *", "calc_Opt_U32_release", true},
		{findType(t, pkg, "Polygon", "labels"), "Map_String_Opt_U32", "calc_Map_String_Opt_U32", "calc_Map_String_Opt_U32_release", true},
		{findType(t, pkg, "Polygon", "default"), "List_List_Point", "calc_List_List_Point", "calc_List_List_Point_release", true},
		{findType(t, pkg, "Node", "next"), "Opt_Node", "calc_Node *", "calc_Opt_Node_release", true},
		{fn("pick").Result, "Opt_Accumulator", "calc_Accumulator *", "", false},
		{fn("pick").Params[0].Type.Elem, "Accumulator", "calc_Accumulator *", "", false},
		{&idl.Type{Kind: idl.KindStruct, Name: "Node", Decl: pkg.Lookup["Node"]}, "Node", "calc_Node", "calc_Node_release", true},
		{&idl.Type{Kind: idl.KindUnion, Name: "Flat", Decl: pkg.Lookup["Flat"]}, "Flat", "calc_Flat", "", false},
	}
	for _, tt := range tests {
		if got := cabi.Mangle(tt.t); got != tt.mangle {
			t.Errorf("Mangle(%s) = %q, want %q", tt.t, got, tt.mangle)
		}
		if got := cabi.TypeName(pkg, tt.t); got != tt.name {
			t.Errorf("TypeName(%s) = %q, want %q", tt.t, got, tt.name)
		}
		if got := cabi.ReleaseName(pkg, tt.t); got != tt.release {
			t.Errorf("ReleaseName(%s) = %q, want %q", tt.t, got, tt.release)
		}
		if got := cabi.NeedsRelease(tt.t); got != tt.needs {
			t.Errorf("NeedsRelease(%s) = %v, want %v", tt.t, got, tt.needs)
		}
	}
	if got := cabi.AnyReleaseName(pkg, &idl.Type{Kind: idl.KindStruct, Name: "Point", Decl: pkg.Lookup["Point"]}); got != "calc_Point_release" {
		t.Errorf("AnyReleaseName(Point) = %q", got)
	}
}

func TestNames(t *testing.T) {
	pkg := load(t)
	acc := pkg.Lookup["Accumulator"].(*idl.Object)
	e := pkg.Lookup["Rounding"].(*idl.Enum)
	sh := pkg.Lookup["Shape"].(*idl.Union)
	tests := []struct{ got, want string }{
		{cabi.Prefix(pkg), "calc_"},
		{cabi.MacroPrefix(pkg), "CALC_"},
		{cabi.FuncName(pkg, pkg.Lookup["add"].(*idl.Func)), "calc_add"},
		{cabi.FuncName(pkg, acc.Methods[0]), "calc_Accumulator_add"},
		{cabi.CtorName(pkg, acc.Ctors[0]), "calc_Accumulator_new"},
		{cabi.CtorName(pkg, acc.Ctors[1]), "calc_Accumulator_new_with_capacity"},
		{cabi.DestroyName(pkg, acc), "calc_Accumulator_destroy"},
		{cabi.ConstName(pkg, pkg.Consts[0]), "CALC_MAX_BATCH"},
		{cabi.EnumMemberName(pkg, e, e.Members[1]), "CALC_ROUNDING_UP"},
		{cabi.UnionTagName(pkg, sh, sh.Cases[0]), "CALC_SHAPE_POINT"},
		{cabi.AbiVersionName(pkg), "CALC_ABI_VERSION"},
		{cabi.ImplementationMacro(pkg), "CALC_IMPLEMENTATION"},
		{cabi.GuardName(pkg), "CALC_H"},
		{cabi.AllocName(pkg), "calc_alloc"},
		{cabi.FreeName(pkg), "calc_free"},
		{cabi.LiveAllocationsName(pkg), "calc_live_allocations"},
		{cabi.StringFromName(pkg), "calc_String_from"},
		{cabi.CopyName(pkg, findType(t, pkg, "Polygon", "fill")), "calc_Opt_U32_copy"},
		{cabi.FieldName(pkg.Lookup["Polygon"].(*idl.Struct).Fields[4]), "default_"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestInstances(t *testing.T) {
	pkg := load(t)
	var got []string
	for _, i := range cabi.Instances(pkg) {
		got = append(got, cabi.Mangle(i))
	}
	want := "List_Point Opt_U32 Map_String_Opt_U32 List_List_Point List_Node Opt_Node Opt_F64 Opt_String"
	if strings.Join(got, " ") != want {
		t.Errorf("Instances = %s\nwant        %s", strings.Join(got, " "), want)
	}
}

func TestLower(t *testing.T) {
	pkg := load(t)
	acc := pkg.Lookup["Accumulator"].(*idl.Object)
	fn := func(n string) *idl.Func { return pkg.Lookup[n].(*idl.Func) }
	tests := []struct {
		sig   *cabi.Signature
		want  string
		modes string
	}{
		{cabi.LowerFunc(pkg, fn("add")), "int32_t calc_add(int32_t a, int32_t b)", "ByValue ByValue"},
		{cabi.LowerFunc(pkg, fn("divide")), "calc_CalcError calc_divide(int64_t a, int64_t b, calc_Rounding mode, int64_t *out)", "ByValue ByValue ByValue Out"},
		{cabi.LowerFunc(pkg, fn("area")), "double calc_area(const calc_Shape *s, const calc_Point *p, const double *hint)", "ByConstPtr ByConstPtr ByConstPtr"},
		{cabi.LowerFunc(pkg, fn("greet")), "calc_String calc_greet(calc_String name)", "ByValue"},
		{cabi.LowerFunc(pkg, fn("maybe")), "calc_CalcError calc_maybe(int32_t out_, calc_String **out)", "ByValue Out"},
		{cabi.LowerFunc(pkg, fn("reset")), "void calc_reset(void)", ""},
		{cabi.LowerFunc(pkg, fn("pick")), "calc_Accumulator *calc_pick(calc_Accumulator *a)", "Handle"},
		{cabi.LowerCtor(pkg, acc.Ctors[0]), "calc_Accumulator *calc_Accumulator_new(int64_t start)", "ByValue"},
		{cabi.LowerCtor(pkg, acc.Ctors[1]), "calc_CalcError calc_Accumulator_new_with_capacity(int64_t start, uint32_t capacity, calc_Accumulator **out)", "ByValue ByValue Out"},
		{cabi.LowerFunc(pkg, acc.Methods[0]), "void calc_Accumulator_add(calc_Accumulator *self, int64_t x)", "Handle ByValue"},
		{cabi.LowerFunc(pkg, acc.Methods[1]), "calc_Accumulator *calc_Accumulator_merge(calc_Accumulator *self, calc_Accumulator *self_)", "Handle Handle"},
	}
	for _, tt := range tests {
		if got := tt.sig.String(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
		var modes []string
		for _, p := range tt.sig.Params {
			modes = append(modes, p.Mode.String())
		}
		if got := strings.Join(modes, " "); got != tt.modes {
			t.Errorf("%s: modes %q, want %q", tt.sig.Name, got, tt.modes)
		}
	}
	if s := cabi.LowerFunc(pkg, fn("greet")); !s.ResultOwned || s.ResultOut {
		t.Errorf("greet: owned=%v out=%v", s.ResultOwned, s.ResultOut)
	}
	if s := cabi.LowerFunc(pkg, fn("divide")); s.ResultOwned || !s.ResultOut {
		t.Errorf("divide: owned=%v out=%v", s.ResultOwned, s.ResultOut)
	}
	// The prototype spells the error's typedef; the ABI (and so the
	// contract hash, which reads Return) stays int32_t.
	if s := cabi.LowerFunc(pkg, fn("divide")); s.Return != "int32_t" || s.Status != "calc_CalcError" {
		t.Errorf("divide: Return %q Status %q, want int32_t and calc_CalcError", s.Return, s.Status)
	}
}
