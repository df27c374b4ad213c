package conformance_test

import (
	"fmt"
	. "github.com/bindgen-dev/bindgen/grpctest/conformance"
	"math"
	"strings"
)

// Sample values, the same as the cgo round trip's (gen/go/testdata/roundtrip/conformance).

var strs = []string{"", "a", "héllo wörld", "日本語テキスト", "🌍🚀", "nul\x00in\x00side", "\x00", "\xff\xfe invalid UTF-8",
	strings.Repeat("long", 1<<18)}

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
		Strings: strs[:7], // not strs[7]: the wire carries only valid UTF-8
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

// signals are a Signal of each case: payload-free (none, stop), an empty
// struct (empty) and a value (code).
func signals() []Signal {
	return []Signal{SignalNone{}, SignalEmpty{}, SignalCode{Value: -7}, SignalStop{}}
}

// hollow holds empty structs and payload-free cases in every position.
func hollow() Hollow {
	return Hollow{
		Signal:      SignalStop{},
		Toggle:      ToggleOn{},
		Empties:     []Void{{}, {}},
		Named:       map[string]Void{"a": {}, "": {}},
		Maybe:       &Void{},
		Signals:     append(signals(), SignalEmpty{Value: Void{}}),
		MaybeToggle: ToggleOff{},
		ByKey:       map[uint8]Toggle{0: ToggleOn{}, 255: ToggleOff{}},
		Count:       7,
	}
}

func ptr[T any](v T) *T { return &v }
