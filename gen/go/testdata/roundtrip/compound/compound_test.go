package compound

import (
	"errors"
	"math"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// noLeaks fails t if the C library still holds memory once t ends: every
// output the wrapper received must have been released.
func noLeaks(t *testing.T) {
	t.Helper()
	t.Cleanup(func() {
		if n := liveAllocations(); n != 0 {
			t.Errorf("%d C allocations still live after the test", n)
		}
	})
}

// equal compares round-tripped values: NaN equals NaN, and an empty slice
// or map equals nil (C has no such distinction).
var equal = []cmp.Option{cmpopts.EquateNaNs(), cmpopts.EquateEmpty()}

func check[T any](t *testing.T, want, got T) {
	t.Helper()
	if diff := cmp.Diff(want, got, equal...); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
}

func ptr[T any](v T) *T { return &v }

func TestScalars(t *testing.T) {
	noLeaks(t)
	for _, s := range []Scalars{
		{},
		{B: true, I8: math.MinInt8, I16: math.MinInt16, I32: math.MinInt32, I64: math.MinInt64, F32: -math.MaxFloat32, F64: -math.MaxFloat64, Color: ColorRed},
		{B: true, I8: math.MaxInt8, I16: math.MaxInt16, I32: math.MaxInt32, I64: math.MaxInt64, U8: math.MaxUint8, U16: math.MaxUint16, U32: math.MaxUint32, U64: math.MaxUint64, F32: math.MaxFloat32, F64: math.MaxFloat64, Color: ColorBlue},
		{F32: float32(math.Inf(1)), F64: math.Inf(-1)},
		{F32: float32(math.NaN()), F64: math.NaN(), Color: Color(77)},
		{F32: math.SmallestNonzeroFloat32, F64: math.SmallestNonzeroFloat64},
	} {
		check(t, s, EchoScalars(s))
	}
}

func polygon(name string, n int) Polygon {
	p := Polygon{Name: name, Labels: map[string]string{}}
	for i := 0; i < n; i++ {
		p.Vertices = append(p.Vertices, Point{float64(i), -float64(i)})
		p.Labels[strings.Repeat("k", i)] = strings.Repeat("v\x00é", i)
	}
	if n%2 == 1 {
		p.Fill = ptr(uint32(n))
	}
	return p
}

func TestEverything(t *testing.T) {
	noLeaks(t)
	full := Everything{
		S:        "héllo\x00wörld 🌍",
		Data:     []byte{0, 1, 2, 255, 0},
		Nums:     []int32{math.MinInt32, -1, 0, 1, math.MaxInt32},
		Strs:     []string{"", "a", "\x00", "日本語"},
		Nested:   [][]Point{{}, {{1, 2}}, {{math.NaN(), math.Inf(1)}, {3, 4}}},
		ByID:     map[uint32]Polygon{0: polygon("zero", 0), math.MaxUint32: polygon("max", 3)},
		Flags:    map[Color]bool{ColorRed: true, ColorGreen: false, Color(9): true},
		Maybe:    ptr(polygon("maybe", 2)),
		MaybeStr: ptr(""),
		Shape:    ShapePolygon{Value: polygon("shape", 5)},
		Shapes: []Shape{
			ShapePoint{Value: Point{1, 2}},
			ShapeLabel{Value: "lbl\x00"},
			ShapeCount{Value: math.MaxUint64},
			ShapePolygon{Value: polygon("p", 1)},
		},
		MaybeShape: ShapeLabel{Value: ""},
		Scalars:    Scalars{B: true, I64: math.MinInt64, U64: math.MaxUint64, F64: math.NaN()},
		OptList:    ptr([]string{"x", ""}),
		Colors:     []Color{ColorBlue, ColorRed, Color(-5)},
	}
	check(t, full, EchoEverything(full))
	empty := Everything{Shape: ShapeCount{}}
	check(t, empty, EchoEverything(empty))
	// Big inputs: a list of 10,000 points and a 1 MiB byte string.
	big := Everything{Shape: ShapePoint{}, Data: make([]byte, 1<<20), Nested: [][]Point{make([]Point, 10000)}}
	for i := range big.Data {
		big.Data[i] = byte(i * 7)
	}
	check(t, big, EchoEverything(big))
}

func TestShapes(t *testing.T) {
	noLeaks(t)
	for _, s := range []Shape{
		ShapePoint{Value: Point{-0.5, math.Inf(-1)}},
		ShapePolygon{Value: polygon("", 0)},
		ShapePolygon{Value: polygon("ŝ", 4)},
		ShapeLabel{Value: strings.Repeat("∑", 1000)},
		ShapeCount{Value: 0},
	} {
		check(t, s, EchoShape(s))
	}
	// A pointer to a case is accepted as well as the case value.
	check[Shape](t, ShapeCount{Value: 5}, EchoShape(&ShapeCount{Value: 5}))
}

func TestUnknownUnionCase(t *testing.T) {
	noLeaks(t)
	// A tag the wrapper does not know arrives as ShapeUnknown, never a panic.
	check[Shape](t, ShapeUnknown{Tag: 99}, UnknownShape())
	// And one passed in reaches C as its tag.
	check[Shape](t, ShapeUnknown{Tag: 42}, EchoShape(ShapeUnknown{Tag: 42}))
}

func TestNilUnionPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "Shape") {
			t.Fatalf("recover() = %v, want a panic naming Shape", r)
		}
	}()
	EchoShape(nil)
}

func TestOptionals(t *testing.T) {
	noLeaks(t)
	if got := EchoPolygonOpt(nil); got != nil {
		t.Errorf("EchoPolygonOpt(nil) = %v", got)
	}
	p := polygon("opt", 3)
	check(t, &p, EchoPolygonOpt(&p))
	if got := EchoI32Opt(nil); got != nil {
		t.Errorf("EchoI32Opt(nil) = %v", got)
	}
	for _, v := range []int32{math.MinInt32, 0, math.MaxInt32} {
		check(t, &v, EchoI32Opt(&v))
	}
}

func TestLists(t *testing.T) {
	noLeaks(t)
	check(t, nil, EchoPolygons(nil))
	ps := []Polygon{polygon("a", 0), polygon("b", 1), polygon("c", 7)}
	check(t, ps, EchoPolygons(ps))
	strs := make([]string, 10000)
	for i := range strs {
		strs[i] = strings.Repeat("s", i%17)
	}
	check(t, strs, EchoStrings(strs))
	check(t, nil, EchoStrings([]string{}))
}

func TestMaps(t *testing.T) {
	noLeaks(t)
	m := map[string][]byte{"": nil, "a": {1}, "\x00": {0, 0}, "ü": make([]byte, 4096)}
	check(t, m, EchoMap(m))
	check(t, nil, EchoMap(nil))
}

func TestErrors(t *testing.T) {
	noLeaks(t)
	s, err := Fail(0)
	if err != nil || s != "fine" {
		t.Fatalf("Fail(0) = %q, %v", s, err)
	}
	_, err = Fail(int32(OopsWorse))
	if !errors.Is(err, OopsWorse) {
		t.Fatalf("Fail(2) error = %v, want OopsWorse", err)
	}
	var o Oops
	if !errors.As(err, &o) || o != OopsWorse || o.Code() != 2 || o.String() != "WORSE" {
		t.Fatalf("errors.As: %v %d %q", o, o.Code(), o.String())
	}
	if err := Check(0); err != nil {
		t.Fatal(err)
	}
	err = Check(1)
	if !errors.Is(err, OopsBad) || err.Error() != "compound: Oops BAD (code 1)" {
		t.Fatalf("Check(1) = %v", err)
	}
	// An error code the IDL does not declare still reports its number.
	err = Check(1234)
	if o, ok := err.(Oops); !ok || o.Code() != 1234 || !strings.Contains(err.Error(), "1234") {
		t.Fatalf("Check(1234) = %v", err)
	}
}

func TestObjects(t *testing.T) {
	noLeaks(t)
	c := NewCounter(10)
	if v, err := c.Add(5); err != nil || v != 15 {
		t.Fatalf("Add = %d, %v", v, err)
	}
	if n, err := c.Name(); err != nil || n != "counter" {
		t.Fatalf("Name = %q, %v", n, err)
	}
	if v, err := CounterValue(c); err != nil || v != 15 {
		t.Fatalf("CounterValue = %d, %v", v, err)
	}
	d, err := CloneCounter(c)
	if err != nil || d == nil {
		t.Fatalf("CloneCounter = %v, %v", d, err)
	}
	if v, _ := CounterValue(d); v != 15 {
		t.Fatalf("clone value %d", v)
	}
	if d, err := CloneCounter(nil); d != nil || err != nil {
		t.Fatalf("CloneCounter(nil) = %v, %v", d, err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	// Use after close is ErrClosed, everywhere, without touching C.
	if _, err := c.Add(1); !errors.Is(err, ErrClosed) {
		t.Fatalf("Add after Close: %v", err)
	}
	if _, err := c.Name(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Name after Close: %v", err)
	}
	if _, err := CounterValue(c); !errors.Is(err, ErrClosed) {
		t.Fatalf("CounterValue after Close: %v", err)
	}
	if _, err := CloneCounter(c); !errors.Is(err, ErrClosed) {
		t.Fatalf("CloneCounter after Close: %v", err)
	}
	var nilCounter *Counter
	if _, err := nilCounter.Add(1); !errors.Is(err, ErrClosed) {
		t.Fatalf("Add on nil: %v", err)
	}
	if _, err := CounterValue(nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("CounterValue(nil): %v", err)
	}
	if err := nilCounter.Close(); err != nil {
		t.Fatal(err)
	}
	// A fallible constructor.
	if _, err := NewCounterChecked(-1); !errors.Is(err, OopsBad) {
		t.Fatalf("NewCounterChecked(-1): %v", err)
	}
	k, err := NewCounterChecked(3)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if v, _ := k.Add(0); v != 3 {
		t.Fatalf("checked counter = %d", v)
	}
}

func TestObjectCycles(t *testing.T) {
	noLeaks(t)
	for i := 0; i < 100000; i++ {
		c := NewCounter(int64(i))
		if v, err := c.Add(1); err != nil || v != int64(i)+1 {
			t.Fatalf("cycle %d: %d, %v", i, v, err)
		}
		c.Close()
	}
}

func TestConcurrentCloseNeverCrashes(t *testing.T) {
	noLeaks(t)
	for i := 0; i < 200; i++ {
		c := NewCounter(0)
		done := make(chan struct{})
		for g := 0; g < 4; g++ {
			go func() {
				defer func() { done <- struct{}{} }()
				for j := 0; j < 50; j++ {
					if _, err := c.Add(1); err != nil && !errors.Is(err, ErrClosed) {
						t.Error(err)
					}
				}
			}()
		}
		c.Close()
		for g := 0; g < 4; g++ {
			<-done
		}
	}
}

func TestFinalizerReclaims(t *testing.T) {
	before := liveAllocations()
	for i := 0; i < 1000; i++ {
		NewCounter(int64(i)) // never closed
	}
	if liveAllocations() < before+1000 {
		t.Fatalf("counters not allocated in C")
	}
	deadline := time.Now().Add(10 * time.Second)
	for liveAllocations() > before && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := liveAllocations(); n != before {
		t.Fatalf("%d counters not reclaimed by their cleanup", n-before)
	}
}

// TestInputsDoNotAllocate proves a plain struct crosses without a copy to
// the heap in either direction.
func TestInputsDoNotAllocate(t *testing.T) {
	if os.Getenv("GENGO_NOESCAPE_STRIPPED") != "" {
		t.Skip("allocation counts need the #cgo noescape lines this run removed")
	}
	s := Scalars{I32: 7}
	if n := testing.AllocsPerRun(100, func() { s = EchoScalars(s) }); n != 0 {
		t.Errorf("EchoScalars: %v allocations, want 0", n)
	}
}
