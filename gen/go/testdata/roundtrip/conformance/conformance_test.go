package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// These tests run once against conformance_impl.c and once against
// conformance_impl.cpp; both must behave the same (see their header
// comment for the semantics).

// noLeaks fails t if the C library holds more memory when t ends than when
// it began: every output must have been released, every handle destroyed.
func noLeaks(t *testing.T) {
	t.Helper()
	before := liveAllocations()
	t.Cleanup(func() {
		if n := liveAllocations(); n != before {
			t.Errorf("C allocations went from %d to %d during the test", before, n)
		}
	})
}

func TestMain(m *testing.M) {
	code := m.Run()
	if n := liveAllocations(); n != 0 && code == 0 {
		fmt.Println("C allocations live at exit:", n)
		code = 1
	}
	os.Exit(code)
}

// equal compares round-tripped values: NaN equals NaN, and an empty slice
// or map equals nil (the C ABI has one spelling for both).
var equal = []cmp.Option{cmpopts.EquateNaNs(), cmpopts.EquateEmpty()}

func check[T any](t *testing.T, want, got T) {
	t.Helper()
	if diff := cmp.Diff(want, got, equal...); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func ptr[T any](v T) *T { return &v }

func TestConstants(t *testing.T) {
	if MaxU64 != math.MaxUint64 || MinI64 != math.MinInt64 || MinI32 != math.MinInt32 || MaxU32 != math.MaxUint32 ||
		MinI8 != math.MinInt8 || MaxU16 != math.MaxUint16 || Pi != math.Pi || Tenth != float32(0.1) ||
		Tiny != math.SmallestNonzeroFloat64 || Negative != -2.5 || Whole != 3 || !Yes || No || Empty != "" {
		t.Fatal("a constant differs from conformance.idl")
	}
	if Tricky != "tab\tquote\"backslash\\nul\x00café ??= end" {
		t.Fatalf("Tricky = %q", Tricky)
	}
}

func TestEchoScalarTypes(t *testing.T) {
	noLeaks(t)
	for _, v := range []bool{true, false} {
		check(t, v, EchoBool(v))
	}
	for _, v := range []int8{math.MinInt8, -1, 0, 1, math.MaxInt8} {
		check(t, v, EchoI8(v))
	}
	for _, v := range []int16{math.MinInt16, -1, 0, math.MaxInt16} {
		check(t, v, EchoI16(v))
	}
	for _, v := range []int32{math.MinInt32, -1, 0, math.MaxInt32} {
		check(t, v, EchoI32(v))
	}
	for _, v := range []int64{math.MinInt64, -1, 0, math.MaxInt64} {
		check(t, v, EchoI64(v))
	}
	for _, v := range []uint8{0, 1, math.MaxUint8} {
		check(t, v, EchoU8(v))
	}
	for _, v := range []uint16{0, 1, math.MaxUint16} {
		check(t, v, EchoU16(v))
	}
	for _, v := range []uint32{0, 1, math.MaxUint32} {
		check(t, v, EchoU32(v))
	}
	for _, v := range []uint64{0, 1, math.MaxUint64} {
		check(t, v, EchoU64(v))
	}
	for _, v := range []float32{0, float32(math.Copysign(0, -1)), 0.1, -math.MaxFloat32, math.MaxFloat32, math.SmallestNonzeroFloat32,
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN())} {
		got := EchoF32(v)
		if math.Float32bits(got) != math.Float32bits(v) {
			t.Errorf("EchoF32(%v) = %v (bits %#x, want %#x)", v, got, math.Float32bits(got), math.Float32bits(v))
		}
	}
	for _, bits := range []uint64{
		0, 1 << 63, math.Float64bits(math.Pi), math.Float64bits(math.MaxFloat64), 1, // subnormal
		math.Float64bits(math.Inf(1)), math.Float64bits(math.Inf(-1)),
		0x7ff8000000000001, 0xfff0000000000abc, 0x7ff4000000000000, // NaN payloads, one signalling
	} {
		if got := math.Float64bits(EchoF64(math.Float64frombits(bits))); got != bits {
			t.Errorf("EchoF64 bits %#x, want %#x", got, bits)
		}
	}
	for _, c := range []Color{ColorRed, ColorGreen, ColorBlue, ColorInfrared, Color(4), Color(math.MaxInt32), Color(math.MinInt32)} {
		check(t, c, EchoColor(c))
	}
	if s := Color(4).String(); s != "Color(4)" {
		t.Errorf("Color(4).String() = %q", s)
	}
}

var strs = []string{"", "a", "héllo wörld", "日本語テキスト", "🌍🚀", "nul\x00in\x00side", "\x00", "\xff\xfe invalid UTF-8",
	strings.Repeat("long", 1<<18)}

func TestEchoStringsAndBytes(t *testing.T) {
	noLeaks(t)
	for _, s := range strs {
		if got := EchoString(s); got != s {
			t.Errorf("EchoString(%.20q) = %.20q", s, got)
		}
		if got := EchoBytes([]byte(s)); !bytes.Equal(got, []byte(s)) {
			t.Errorf("EchoBytes(%.20q) = %.20q", s, got)
		}
	}
	if got := EchoBytes(nil); len(got) != 0 {
		t.Errorf("EchoBytes(nil) = %q", got)
	}
	big := make([]byte, 1<<20)
	for i := range big {
		big[i] = byte(i)
	}
	if !bytes.Equal(EchoBytes(big), big) || !bytes.Equal(EchoBytes(big[3:1000]), big[3:1000]) {
		t.Error("EchoBytes of 1 MiB or a sub-slice differs")
	}
	// A string made at run time lives on the heap; it crosses the same way.
	heap := string([]byte("on the heap"))
	check(t, heap, EchoString(heap))
}

func allScalars() []Scalars {
	return []Scalars{
		{},
		{Flag: true, Tiny: math.MinInt8, Small: math.MinInt16, Medium: math.MinInt32, Large: math.MinInt64,
			Single: -math.MaxFloat32, Double: math.Inf(-1), Color: ColorInfrared},
		{Flag: true, Tiny: math.MaxInt8, Small: math.MaxInt16, Medium: math.MaxInt32, Large: math.MaxInt64,
			Byte: math.MaxUint8, Word: math.MaxUint16, Dword: math.MaxUint32, Qword: math.MaxUint64,
			Single: float32(math.NaN()), Double: math.NaN(), Color: Color(99)},
	}
}

func TestEchoStructs(t *testing.T) {
	noLeaks(t)
	for _, s := range allScalars() {
		check(t, s, EchoScalars(s))
	}
	for _, s := range strs[:len(strs)-1] {
		b := Blob{Text: s, Data: []byte(s)}
		check(t, b, EchoBlob(b))
	}
	for _, k := range []Keywords{{}, {From: -1, Class: "clâss", Default: true, Type: ptr(uint8(255))}, {Type: ptr(uint8(0))}} {
		check(t, k, EchoKeywords(k))
	}
}

func tree(label string, depth int) Tree {
	t := Tree{Label: label}
	if depth > 0 {
		for i := 0; i < 2; i++ {
			t.Children = append(t.Children, tree(fmt.Sprintf("%s.%d", label, i), depth-1))
		}
		n := tree(label+"-next", depth-1)
		t.Next = &n
	}
	return t
}

func values() []Value {
	return []Value{
		ValueFlag{Value: true},
		ValueFlag{},
		ValueInteger{Value: math.MinInt64},
		ValueReal{Value: math.NaN()},
		ValueReal{Value: math.Inf(1)},
		ValueText{Value: ""},
		ValueText{Value: "tëxt\x00"},
		ValueData{Value: []byte{0, 1, 0}},
		ValueData{},
		ValueColor{Value: ColorInfrared},
		ValueScalars{Value: allScalars()[2]},
		ValueBlob{Value: Blob{Text: "b", Data: []byte("d")}},
		ValueItems{Value: []string{"", "x", "ÿ"}},
		ValueItems{},
		ValueTable{Value: map[string]int32{"": 0, "a": math.MinInt32, "b": math.MaxInt32}},
		ValueMaybe{Value: nil},
		ValueMaybe{Value: ptr(uint32(math.MaxUint32))},
		ValueTree{Value: tree("v", 2)},
		ValueNested{Value: []Value{ValueInteger{Value: 1}, ValueNested{Value: []Value{ValueText{Value: "deep"}}}}},
		ValueEmptyList{Value: []uint8{}},
		ValueEmptyList{Value: []uint8{1, 2, 3}},
	}
}

func lists() Lists {
	return Lists{
		Flags:   []bool{true, false, true},
		Octets:  []uint8{0, 255},
		Shorts:  []int16{math.MinInt16, math.MaxInt16},
		Ints:    []int32{math.MinInt32, 0, math.MaxInt32},
		Longs:   []uint64{0, math.MaxUint64},
		Floats:  []float32{float32(math.Inf(-1)), 0.5},
		Doubles: []float64{math.NaN(), math.SmallestNonzeroFloat64},
		Colors:  []Color{ColorBlue, ColorInfrared, Color(42)},
		Strings: strs[:8],
		Blobs:   [][]byte{nil, {0}, []byte("blob")},
		Scalars: allScalars(),
		Matrix:  [][]int16{{}, {1}, {2, 3}},
		Maybes:  []*string{nil, ptr(""), ptr("x")},
		Tables:  []map[string]int8{{}, {"k": -1}},
		Values:  values(),
	}
}

func maps() Maps {
	return Maps{
		ByI8:     map[int8]string{math.MinInt8: "min", math.MaxInt8: "max", 0: ""},
		ByI16:    map[int16][]byte{-1: {1}, 1: nil},
		ByI32:    map[int32]float32{math.MinInt32: float32(math.Inf(1))},
		ByI64:    map[int64][]int64{math.MaxInt64: {1, 2}, 0: nil},
		ByU8:     map[uint8]bool{255: true, 0: false},
		ByU16:    map[uint16]Color{65535: ColorInfrared, 1: Color(77)},
		ByU32:    map[uint32]Scalars{math.MaxUint32: allScalars()[1]},
		ByU64:    map[uint64]*string{math.MaxUint64: nil, 0: ptr("zero")},
		ByBool:   map[bool]float64{true: 1, false: -0.5},
		ByString: map[string]map[string]int32{"": {}, "ünïcode\x00": {"x": 1, "y": 2}},
		ByColor:  map[Color]Value{ColorRed: ValueText{Value: "red"}, ColorInfrared: ValueNested{Value: values()}},
	}
}

func optionals() Optionals {
	return Optionals{
		Flag:    ptr(false),
		Tiny:    ptr(int8(math.MinInt8)),
		Qword:   ptr(uint64(math.MaxUint64)),
		Real:    ptr(math.NaN()),
		Color:   ptr(ColorInfrared),
		Text:    ptr(""),
		Data:    ptr([]byte{}),
		Scalars: ptr(allScalars()[2]),
		Blob:    &Blob{Text: "t"},
		Numbers: ptr([]uint32{1, math.MaxUint32}),
		Labels:  ptr(map[string]string{"k": "v"}),
		Value:   ValueMaybe{Value: ptr(uint32(7))},
		Tree:    ptr(tree("o", 1)),
	}
}

func expr() Expr {
	return ExprSum{Value: []Expr{
		ExprLiteral{Value: 40},
		ExprName{Value: "one"},
		ExprNegate{Value: Negate{Operand: ExprLiteral{Value: -1}}},
	}}
}

func everything() Everything {
	return Everything{
		Scalars:   allScalars()[1],
		Blob:      Blob{Text: "text\x00", Data: []byte("data")},
		Keywords:  Keywords{From: 1, Class: "c", Default: true, Type: ptr(uint8(9))},
		Lists:     lists(),
		Maps:      maps(),
		Optionals: optionals(),
		Value:     ValueTree{Value: tree("e", 3)},
		Tree:      tree("root", 4),
		Expr:      expr(),
	}
}

func TestEchoCompound(t *testing.T) {
	noLeaks(t)
	check(t, lists(), EchoLists(lists()))
	check(t, Lists{}, EchoLists(Lists{}))
	check(t, maps(), EchoMaps(maps()))
	check(t, Maps{}, EchoMaps(Maps{}))
	check(t, optionals(), EchoOptionals(optionals()))
	check(t, Optionals{}, EchoOptionals(Optionals{}))
	for _, v := range values() {
		check(t, v, EchoValue(v))
	}
	for _, tr := range []Tree{{}, tree("r", 0), tree("r", 6)} {
		check(t, tr, EchoTree(tr))
	}
	for _, e := range []Expr{ExprLiteral{}, ExprName{Value: "n"}, ExprSum{}, ExprNegate{}, expr()} {
		check(t, e, EchoExpr(e))
	}
	check(t, everything(), EchoEverything(everything()))
	check(t, Everything{Value: ValueFlag{}, Expr: ExprLiteral{}}, EchoEverything(Everything{Value: ValueFlag{}, Expr: ExprLiteral{}}))
}

func TestUnknownUnionTags(t *testing.T) {
	noLeaks(t)
	// A tag this version does not know crosses as ValueUnknown both ways
	// (the C side keeps the tag with a zeroed payload); never a panic.
	check[Value](t, ValueUnknown{Tag: 14}, EchoValue(ValueUnknown{Tag: 14}))
	check[Expr](t, ExprUnknown{Tag: 1000}, EchoExpr(ExprUnknown{Tag: 1000}))
	if d := Describe(ValueUnknown{Tag: 99}); d != "unknown" {
		t.Errorf("Describe(unknown) = %q", d)
	}
	if _, err := Eval(ExprUnknown{Tag: 7}); !errors.Is(err, ConfErrorInvalid) {
		t.Errorf("Eval(unknown) = %v", err)
	}
	// A pointer to a case works like the case.
	check[Value](t, ValueInteger{Value: 3}, EchoValue(&ValueInteger{Value: 3}))
}

// TestEmptyAndPayloadFree sends empty structs and payload-free union
// cases through C in every position and back.
func TestEmptyAndPayloadFree(t *testing.T) {
	noLeaks(t)
	check(t, Void{}, EchoEmpty(Void{}))
	check(t, nil, EchoOptEmpty(nil))
	check(t, ptr(Void{}), EchoOptEmpty(&Void{}))
	check(t, []Void{{}, {}, {}}, EchoEmpties([]Void{{}, {}, {}}))
	if n := CountEmpty(Void{}, nil); n != 1 {
		t.Errorf("CountEmpty(_, nil) = %d, want 1", n)
	}
	if n := CountEmpty(Void{}, &Void{}); n != 2 {
		t.Errorf("CountEmpty(_, &Void{}) = %d, want 2", n)
	}
	for _, s := range []Signal{SignalNone{}, SignalEmpty{}, SignalCode{Value: -7}, SignalStop{}, SignalUnknown{Tag: 4}} {
		check(t, s, EchoSignal(s))
	}
	check[Signal](t, SignalStop{}, EchoSignal(&SignalStop{}))
	for s, tag := range map[Signal]uint32{nil: 0, SignalNone{}: 1, SignalEmpty{}: 2, SignalStop{}: 5, SignalUnknown{Tag: 9}: 9} {
		if got := SignalTag(s); got != tag {
			t.Errorf("SignalTag(%#v) = %d, want %d", s, got, tag)
		}
	}
	for _, tg := range []Toggle{ToggleOff{}, ToggleOn{}, ToggleUnknown{Tag: 3}} {
		check(t, tg, EchoToggle(tg))
	}
	h := Hollow{
		Signal:      SignalStop{},
		Toggle:      ToggleOn{},
		Empties:     []Void{{}, {}},
		Named:       map[string]Void{"a": {}, "": {}},
		Maybe:       &Void{},
		Signals:     []Signal{SignalNone{}, SignalCode{Value: 1}, SignalEmpty{}},
		MaybeToggle: ToggleOff{},
		ByKey:       map[uint8]Toggle{0: ToggleOn{}, 255: ToggleOff{}},
		Count:       7,
	}
	check(t, h, EchoHollow(h))
	check(t, Hollow{Signal: SignalNone{}, Toggle: ToggleOff{}}, EchoHollow(Hollow{Signal: SignalNone{}, Toggle: ToggleOff{}}))
	s := NewStore()
	defer s.Close()
	if got, err := s.EchoEmpty(Void{}); err != nil || got != (Void{}) {
		t.Errorf("Store.EchoEmpty = %v, %v", got, err)
	}
}

func TestEchoTopLevelContainers(t *testing.T) {
	noLeaks(t)
	doubles := []float64{math.NaN(), math.Inf(-1), 0, math.MaxFloat64}
	check(t, doubles, EchoListF64(doubles))
	check(t, nil, EchoListF64(nil))
	check(t, strs, EchoListString(strs))
	check(t, nil, EchoListString([]string{}))
	big := make([]Scalars, 10000)
	for i := range big {
		big[i] = Scalars{Medium: int32(i), Double: float64(i) / 3, Color: Color(i % 3)}
	}
	check(t, big, EchoListScalars(big))
	m := map[Color][]string{ColorRed: nil, ColorInfrared: {"a", ""}, Color(1000): strs[:3]}
	check(t, m, EchoMap(m))
	check(t, nil, EchoMap(nil))
	if EchoOptI32(nil) != nil || EchoOptString(nil) != nil || EchoOptBlob(nil) != nil || EchoOptValue(nil) != nil || EchoOptList(nil) != nil {
		t.Error("an absent optional came back present")
	}
	check(t, ptr(int32(math.MinInt32)), EchoOptI32(ptr(int32(math.MinInt32))))
	check(t, ptr("opt\x00"), EchoOptString(ptr("opt\x00")))
	check(t, ptr(""), EchoOptString(ptr("")))
	check(t, &Blob{Text: "x", Data: []byte{1}}, EchoOptBlob(&Blob{Text: "x", Data: []byte{1}}))
	check[Value](t, ValueText{Value: "v"}, EchoOptValue(ValueText{Value: "v"}))
	check(t, ptr(allScalars()), EchoOptList(ptr(allScalars())))
	check(t, ptr([]Scalars{}), EchoOptList(ptr([]Scalars{})))
}

func TestTransforms(t *testing.T) {
	noLeaks(t)
	s := allScalars()[2]
	got := ScalarsFrom(s.Flag, s.Tiny, s.Small, s.Medium, s.Large, s.Byte, s.Word, s.Dword, s.Qword, s.Single, s.Double, s.Color)
	check(t, s, got)
	check(t, Keywords{From: 3, Class: "k", Default: true, Type: ptr(uint8(8))}, MakeKeywords(3, "k", true, ptr(uint8(8))))
	check(t, Keywords{}, MakeKeywords(0, "", false, nil))
	for _, c := range []struct {
		parts []string
		sep   string
	}{{nil, ","}, {[]string{""}, ","}, {[]string{"a", "b", "c"}, ", "}, {[]string{"x\x00", "ü"}, "\x00"}, {strs, ""}} {
		if got, want := Concat(c.parts, c.sep), strings.Join(c.parts, c.sep); got != want {
			t.Errorf("Concat(%q, %q) = %.40q, want %.40q", c.parts, c.sep, got, want)
		}
	}
	for _, c := range []struct {
		text string
		sep  byte
	}{{"", ','}, {"a,b,,c,", ','}, {"no sep", ','}, {"\x00a\x00", 0}, {"ünï", 0xc3}} {
		check(t, strings.Split(c.text, string([]byte{c.sep})), Split(c.text, c.sep))
	}
	check(t, nil, Iota(0))
	check(t, []int64{0, 1, 2, 3, 4}, Iota(5))
	if n := len(Iota(100000)); n != 100000 {
		t.Errorf("len(Iota(100000)) = %d", n)
	}
	check(t, 0, Sum(nil))
	check(t, math.MinInt64, Sum([]int64{math.MaxInt64, 1}))
	check(t, 6, Sum([]int64{1, 2, 3}))
	check(t, []byte{3, 2, 1, 0}, ReverseBytes([]byte{0, 1, 2, 3}))
	check(t, nil, ReverseBytes(nil))
	check(t, map[string]uint64{"": 0, "a": 3, "ü": 1 << 16}, Lengths(map[string][]byte{"": nil, "a": {1, 2, 3}, "ü": make([]byte, 1<<16)}))
	check(t, 2.5, OrDefault(ptr(2.5), 1))
	check(t, 1, OrDefault(nil, 1))
	if !math.IsNaN(OrDefault(ptr(math.NaN()), 1)) {
		t.Error("OrDefault(NaN)")
	}
	names := []string{"flag", "flag", "integer", "real", "real", "text", "text", "data", "data", "color", "scalars", "blob",
		"items", "items", "table", "maybe", "maybe", "tree", "nested", "empty_list", "empty_list"}
	for i, v := range values() {
		if got := Describe(v); got != names[i] {
			t.Errorf("Describe(%T) = %q, want %q", v, got, names[i])
		}
	}
	for _, c := range []struct {
		depth, fanout uint8
		size          uint64
	}{{0, 0, 1}, {0, 5, 1}, {1, 3, 4}, {3, 2, 15}, {5, 4, 1365}} {
		tr := MakeTree(c.depth, c.fanout)
		if tr.Label != "t" {
			t.Errorf("root label %q", tr.Label)
		}
		if n := TreeSize(tr); n != c.size {
			t.Errorf("TreeSize(MakeTree(%d, %d)) = %d, want %d", c.depth, c.fanout, n, c.size)
		}
	}
	tr := MakeTree(2, 2)
	check(t, Tree{Label: "t", Children: []Tree{
		{Label: "t.0", Children: []Tree{{Label: "t.0.0"}, {Label: "t.0.1"}}},
		{Label: "t.1", Children: []Tree{{Label: "t.1.0"}, {Label: "t.1.1"}}},
	}}, tr)
	if n := TreeSize(tree("x", 3)); n != 1+2*TreeSize(tree("y", 2))+TreeSize(tree("z", 2)) {
		t.Errorf("TreeSize counts next: %d", n)
	}
	Noop()
}

func TestErrors(t *testing.T) {
	noLeaks(t)
	if v, err := Eval(expr()); err != nil || v != 42 {
		t.Errorf("Eval = %d, %v; want 42", v, err)
	}
	for _, c := range []struct {
		e    Expr
		want int64
		err  error
	}{
		{ExprName{Value: "answer"}, 42, nil},
		{ExprName{Value: "zero"}, 0, nil},
		{ExprName{Value: "nope"}, 0, ConfErrorNotFound},
		{ExprSum{}, 0, nil},
		{ExprNegate{Value: Negate{}}, 0, ConfErrorInvalid},
		{ExprNegate{Value: Negate{Operand: ExprLiteral{Value: math.MinInt64}}}, math.MinInt64, nil},
		{ExprSum{Value: []Expr{ExprName{Value: "x"}, ExprNegate{}}}, 0, ConfErrorNotFound},
	} {
		v, err := Eval(c.e)
		if !errors.Is(err, c.err) || (c.err == nil && err != nil) || v != c.want {
			t.Errorf("Eval(%v) = %d, %v; want %d, %v", c.e, v, err, c.want, c.err)
		}
	}
	for _, name := range []string{"RED", "GREEN", "BLUE", "INFRARED"} {
		c, err := ParseColor(name)
		if err != nil || c.String() != name {
			t.Errorf("ParseColor(%q) = %v, %v", name, c, err)
		}
	}
	for _, name := range []string{"", "red", "PURPLE", "RED\x00"} {
		if _, err := ParseColor(name); !errors.Is(err, ConfErrorNotFound) {
			t.Errorf("ParseColor(%q) error = %v", name, err)
		}
	}
	if err := Check(true); err != nil {
		t.Error(err)
	}
	err := Check(false)
	var ce ConfError
	if !errors.As(err, &ce) || ce != ConfErrorRequested || ce.Code() != 2 || err.Error() != "conformance: ConfError REQUESTED (code 2)" {
		t.Errorf("Check(false) = %v", err)
	}
	if v, err := EchoOrFail(everything(), false); err != nil {
		t.Error(err)
	} else {
		check(t, everything(), v)
	}
	if v, err := EchoOrFail(everything(), true); !errors.Is(err, ConfErrorRequested) {
		t.Errorf("EchoOrFail(fail) = %v", err)
	} else {
		check(t, Everything{}, v)
	}
}

func TestStore(t *testing.T) {
	noLeaks(t)
	s := NewStore()
	defer s.Close()
	for i, v := range values() {
		if err := s.Put(fmt.Sprint("k", i), v); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Put("k0", ValueText{Value: "replaced"}); err != nil {
		t.Fatal(err)
	}
	n, err := s.Size()
	if err != nil || int(n) != len(values()) {
		t.Fatalf("Size = %d, %v", n, err)
	}
	keys, _ := s.Keys()
	if len(keys) != len(values()) || keys[0] != "k0" || keys[len(keys)-1] != fmt.Sprint("k", len(values())-1) {
		t.Fatalf("Keys = %q", keys)
	}
	got, err := s.Get("k0")
	check[Value](t, ValueText{Value: "replaced"}, got)
	if got, err := s.Get("missing"); got != nil || err != nil {
		t.Errorf("Get(missing) = %v, %v", got, err)
	}
	v, err := s.Fetch("k2")
	if err != nil {
		t.Fatal(err)
	}
	check(t, values()[2], v)
	if _, err := s.Fetch("missing"); !errors.Is(err, ConfErrorNotFound) {
		t.Errorf("Fetch(missing) = %v", err)
	}
	c, err := s.Clone()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if n, err := StoreSize(c); err != nil || int(n) != len(values()) {
		t.Errorf("StoreSize(clone) = %d, %v", n, err)
	}
	if err := s.Merge(s); err != nil {
		t.Errorf("Merge(self) = %v", err)
	}
	w := StoreWith("only", ValueFlag{Value: true})
	defer w.Close()
	if err := c.Merge(w); err != nil {
		t.Fatal(err)
	}
	if n, _ := c.Size(); int(n) != len(values())+1 {
		t.Errorf("size after merge %d", n)
	}
	p, err := s.Pick(w)
	if err != nil || p == nil {
		t.Fatalf("Pick = %v, %v", p, err)
	}
	if keys, _ := p.Keys(); !cmp.Equal(keys, []string{"only"}) {
		t.Errorf("picked keys %q", keys)
	}
	p.Close()
	empty := NewStore()
	if p, err := s.Pick(empty); p != nil || err != nil {
		t.Errorf("Pick(empty) = %v, %v", p, err)
	}
	if p, err := s.Pick(nil); p != nil || err != nil {
		t.Errorf("Pick(nil) = %v, %v", p, err)
	}
	if n, err := SizeOrZero(nil); n != 0 || err != nil {
		t.Errorf("SizeOrZero(nil) = %d, %v", n, err)
	}
	if n, err := SizeOrZero(w); n != 1 || err != nil {
		t.Errorf("SizeOrZero(w) = %d, %v", n, err)
	}
	if MaybeStore(false) != nil {
		t.Error("MaybeStore(false) is not nil")
	}
	m := MaybeStore(true)
	if n, err := StoreSize(m); n != 0 || err != nil {
		t.Errorf("StoreSize(MaybeStore(true)) = %d, %v", n, err)
	}
	m.Close()
	// Objects passed to a closed object, and closed objects passed along.
	empty.Close()
	if _, err := s.Pick(empty); !errors.Is(err, ErrClosed) {
		t.Errorf("Pick(closed) = %v", err)
	}
	if err := s.Merge(empty); !errors.Is(err, ErrClosed) {
		t.Errorf("Merge(closed) = %v", err)
	}
	if _, err := SizeOrZero(empty); !errors.Is(err, ErrClosed) {
		t.Errorf("SizeOrZero(closed) = %v", err)
	}
	if _, err := StoreSize(nil); !errors.Is(err, ErrClosed) {
		t.Errorf("StoreSize(nil) = %v", err)
	}
}

func TestStoreCapacity(t *testing.T) {
	noLeaks(t)
	if s, err := NewStoreWithCapacity(0); !errors.Is(err, ConfErrorInvalid) || s != nil {
		t.Fatalf("NewStoreWithCapacity(0) = %v, %v", s, err)
	}
	s, err := NewStoreWithCapacity(2)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Put("a", ValueFlag{})
	s.Put("b", ValueFlag{})
	if err := s.Put("c", ValueFlag{}); !errors.Is(err, ConfErrorFull) {
		t.Errorf("Put into a full store = %v", err)
	}
	if err := s.Put("a", ValueText{Value: "replace is fine"}); err != nil {
		t.Errorf("replace in a full store = %v", err)
	}
	o := StoreWith("z", ValueFlag{})
	defer o.Close()
	if err := s.Merge(o); !errors.Is(err, ConfErrorFull) {
		t.Errorf("Merge into a full store = %v", err)
	}
}

func TestStoreClosed(t *testing.T) {
	noLeaks(t)
	s := NewStore()
	s.Put("k", ValueFlag{})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close = %v", err)
	}
	calls := map[string]error{}
	calls["Put"] = s.Put("k", ValueFlag{})
	_, calls["Get"] = s.Get("k")
	_, calls["Fetch"] = s.Fetch("k")
	_, calls["Keys"] = s.Keys()
	_, calls["Size"] = s.Size()
	_, calls["Clone"] = s.Clone()
	calls["Merge"] = s.Merge(nil)
	_, calls["Pick"] = s.Pick(nil)
	_, calls["StoreSize"] = StoreSize(s)
	for name, err := range calls {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s on a closed store = %v, want ErrClosed", name, err)
		}
	}
}

func TestStoreConcurrent(t *testing.T) {
	noLeaks(t)
	s := NewStore()
	defer s.Close()
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				s.Put(fmt.Sprint(g, "/", i%10), ValueInteger{Value: int64(i)})
				s.Get(fmt.Sprint(g, "/", i%10))
			}
		}()
	}
	wg.Wait()
	if n, _ := s.Size(); n != 40 {
		t.Errorf("size %d, want 40", n)
	}
}

func TestStoreCycles(t *testing.T) {
	noLeaks(t)
	for i := 0; i < 100000; i++ {
		s := NewStore()
		if n, err := s.Size(); err != nil || n != 0 {
			t.Fatalf("cycle %d: %d, %v", i, n, err)
		}
		s.Close()
	}
}

func TestStoreFinalizer(t *testing.T) {
	before := liveAllocations()
	for i := 0; i < 1000; i++ {
		StoreWith("k", ValueText{Value: "v"}) // never closed
	}
	if liveAllocations() <= before {
		t.Fatal("stores do not show in conformance_live_allocations")
	}
	deadline := time.Now().Add(10 * time.Second)
	for liveAllocations() > before && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := liveAllocations() - before; n != 0 {
		t.Fatalf("%d allocations not reclaimed by the stores' cleanups", n)
	}
}

// TestZeroCopyInputs: plain inputs (a plain struct, a string, bytes, a
// list of plain structs, an optional scalar) allocate nothing in Go; a call
// that returns bytes or a list allocates only that result.
func TestZeroCopyInputs(t *testing.T) {
	if os.Getenv("GENGO_NOESCAPE_STRIPPED") != "" {
		t.Skip("allocation counts need the #cgo noescape lines this run removed")
	}
	sc := allScalars()[1]
	data := make([]byte, 1<<20)
	list := make([]Scalars, 10000)
	x := 2.5
	for name, f := range map[string]func(){
		"EchoScalars": func() { sc = EchoScalars(sc) },
		"Sum":         func() { Sum([]int64{1, 2, 3}) },
		"OrDefault":   func() { OrDefault(&x, 1) },
		"ParseColor":  func() { ParseColor("BLUE") },
		"EchoI64":     func() { EchoI64(5) },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s: %v allocations per call, want 0", name, n)
		}
	}
	// A 1 MiB []byte and 10,000 plain structs cross without a copy: the one
	// allocation per call is the result that C hands back.
	for name, f := range map[string]func(){
		"ReverseBytes":    func() { ReverseBytes(data) },
		"EchoListScalars": func() { EchoListScalars(list) },
	} {
		if n := testing.AllocsPerRun(20, f); n != 1 {
			t.Errorf("%s: %v allocations per call, want 1 (the result)", name, n)
		}
	}
}

// TestSelfMergeWhileClosing: an object passed to its own method is locked
// once, so a Close queued in between cannot deadlock the call; every call
// either runs or returns ErrClosed.
func TestSelfMergeWhileClosing(t *testing.T) {
	noLeaks(t)
	for i := 0; i < 200; i++ {
		s := StoreWith("k", ValueFlag{})
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < 50; j++ {
					if err := s.Merge(s); err != nil && !errors.Is(err, ErrClosed) {
						t.Error(err)
					}
				}
			}()
		}
		s.Close()
		wg.Wait()
	}
}
