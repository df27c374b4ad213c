package calc

import (
	"errors"
	"hash/crc32"
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

// noLeaks fails t if the C library still holds memory once t ends.
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
		println("C allocations live at exit:", n)
		code = 1
	}
	os.Exit(code)
}

func TestConstants(t *testing.T) {
	if MaxBatch != 4096 || Greeting != "hello" || Epsilon != 1e-9 {
		t.Fatal("constants differ from calc.idl")
	}
}

func TestAdd(t *testing.T) {
	noLeaks(t)
	for _, c := range []struct{ a, b, want int32 }{
		{1, 2, 3},
		{-5, 3, -2},
		{0, 0, 0},
		{math.MaxInt32, 0, math.MaxInt32},
		{math.MinInt32, 0, math.MinInt32},
		{math.MaxInt32, 1, math.MinInt32}, // wraps
		{math.MinInt32, -1, math.MaxInt32},
		{math.MaxInt32, math.MinInt32, -1},
	} {
		if got := Add(c.a, c.b); got != c.want {
			t.Errorf("Add(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestDivide(t *testing.T) {
	noLeaks(t)
	for _, c := range []struct {
		a, b int64
		mode Rounding
		want int64
	}{
		{7, 2, RoundingDown, 3},
		{7, 2, RoundingUp, 4},
		{7, 2, RoundingNearest, 4},
		{5, 2, RoundingNearest, 3},
		{-5, 2, RoundingNearest, -3},
		{-7, 2, RoundingDown, -4},
		{-7, 2, RoundingUp, -3},
		{6, 3, RoundingUp, 2},
		{math.MaxInt64, 1, RoundingDown, math.MaxInt64},
		{math.MinInt64, 1, RoundingUp, math.MinInt64},
		{math.MinInt64, 2, RoundingNearest, math.MinInt64 / 2},
		{math.MaxInt64, math.MinInt64, RoundingDown, -1},
		{5, 2, Rounding(99), 3}, // an unknown mode rounds like NEAREST
	} {
		got, err := Divide(c.a, c.b, c.mode)
		if err != nil || got != c.want {
			t.Errorf("Divide(%d, %d, %v) = %d, %v; want %d", c.a, c.b, c.mode, got, err, c.want)
		}
	}
}

func TestDivideErrors(t *testing.T) {
	noLeaks(t)
	_, err := Divide(1, 0, RoundingNearest)
	if !errors.Is(err, CalcErrorDivideByZero) {
		t.Fatalf("Divide(1, 0) error = %v, want CalcErrorDivideByZero", err)
	}
	var ce CalcError
	if !errors.As(err, &ce) || ce != CalcErrorDivideByZero || ce.Code() != 1 || ce.String() != "DIVIDE_BY_ZERO" {
		t.Fatalf("errors.As: %v", ce)
	}
	if err.Error() != "calc: CalcError DIVIDE_BY_ZERO (code 1)" {
		t.Errorf("message %q", err.Error())
	}
	got, err := Divide(math.MinInt64, -1, RoundingDown)
	if !errors.Is(err, CalcErrorOverflow) || got != 0 {
		t.Fatalf("Divide(MinInt64, -1) = %d, %v; want 0, CalcErrorOverflow", got, err)
	}
	if errors.Is(err, CalcErrorDivideByZero) {
		t.Fatal("OVERFLOW matches DIVIDE_BY_ZERO")
	}
	// A code this version does not name still formats with its number.
	if msg := CalcError(77).Error(); !strings.Contains(msg, "77") {
		t.Errorf("CalcError(77).Error() = %q", msg)
	}
	if s := Rounding(9).String(); s != "Rounding(9)" {
		t.Errorf("Rounding(9).String() = %q", s)
	}
}

func TestMidpoint(t *testing.T) {
	noLeaks(t)
	inf := math.Inf(1)
	for _, c := range []struct {
		s    Segment
		want Point
	}{
		{Segment{From: Point{0, 0}, To: Point{2, 4}, Weight: 255, Visible: true}, Point{1, 2}},
		{Segment{From: Point{-1, -1}, To: Point{1, 1}}, Point{0, 0}},
		{Segment{From: Point{inf, -inf}, To: Point{0, 0}}, Point{inf, -inf}},
		{Segment{From: Point{inf, 0}, To: Point{-inf, 0}}, Point{math.NaN(), 0}},
		{Segment{From: Point{math.NaN(), 1}, To: Point{1, 1}}, Point{math.NaN(), 1}},
		{Segment{From: Point{math.MaxFloat64, math.SmallestNonzeroFloat64}, To: Point{0, math.SmallestNonzeroFloat64}}, Point{math.MaxFloat64 / 2, math.SmallestNonzeroFloat64}},
	} {
		got := Midpoint(c.s)
		if diff := cmp.Diff(c.want, got, cmpopts.EquateNaNs()); diff != "" {
			t.Errorf("Midpoint(%v) (-want +got):\n%s", c.s, diff)
		}
	}
}

func TestGreet(t *testing.T) {
	noLeaks(t)
	for _, name := range []string{
		"", "world", "wörld 🌍", "日本語", "nul\x00inside", "\x00", "\xff\xfe not UTF-8",
		strings.Repeat("long ", 100000),
	} {
		if got, want := Greet(name), "hello, "+name; got != want {
			t.Errorf("Greet(%.20q) = %.30q, want %.30q", name, got, want)
		}
	}
	// A string built at run time (on the heap) crosses as well as a literal.
	b := []byte("heap")
	if got := Greet(string(b)); got != "hello, heap" {
		t.Errorf("Greet(heap) = %q", got)
	}
}

func TestChecksum(t *testing.T) {
	noLeaks(t)
	big := make([]byte, 1<<20)
	for i := range big {
		big[i] = byte(i * 31)
	}
	for _, data := range [][]byte{nil, {}, []byte("123456789"), {0}, {0, 0, 0}, []byte("é\x00"), big} {
		if got, want := Checksum(data), crc32.ChecksumIEEE(data); got != want {
			t.Errorf("Checksum(%d bytes) = %#x, want %#x", len(data), got, want)
		}
	}
	if Checksum([]byte("123456789")) != 0xCBF43926 {
		t.Error("check value")
	}
	// A sub-slice crosses without a copy, from its own start.
	if got, want := Checksum(big[100:200]), crc32.ChecksumIEEE(big[100:200]); got != want {
		t.Errorf("sub-slice checksum %#x, want %#x", got, want)
	}
}

func TestReset(t *testing.T) {
	noLeaks(t)
	Reset()
}

func TestAccumulator(t *testing.T) {
	noLeaks(t)
	a := NewAccumulator(10)
	if err := a.Add(5); err != nil {
		t.Fatal(err)
	}
	if err := a.Add(-20); err != nil {
		t.Fatal(err)
	}
	if v, err := a.Total(); err != nil || v != -5 {
		t.Fatalf("Total = %d, %v; want -5", v, err)
	}
	// Wraps at 64 bits.
	b := NewAccumulator(math.MaxInt64)
	b.Add(1)
	if v, _ := b.Total(); v != math.MinInt64 {
		t.Fatalf("wrapped total = %d", v)
	}
	b.Close()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatalf("second Close = %v", err)
	}
	if err := a.Add(1); !errors.Is(err, ErrClosed) {
		t.Fatalf("Add after Close = %v, want ErrClosed", err)
	}
	if v, err := a.Total(); !errors.Is(err, ErrClosed) || v != 0 {
		t.Fatalf("Total after Close = %d, %v", v, err)
	}
	var none *Accumulator
	if err := none.Add(1); !errors.Is(err, ErrClosed) {
		t.Fatalf("Add on nil = %v", err)
	}
	if err := none.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestAccumulatorWithCapacity(t *testing.T) {
	noLeaks(t)
	for _, c := range []uint32{0, 1, MaxBatch} {
		a, err := NewAccumulatorWithCapacity(3, c)
		if err != nil {
			t.Fatalf("capacity %d: %v", c, err)
		}
		if v, _ := a.Total(); v != 3 {
			t.Fatalf("total %d", v)
		}
		a.Close()
	}
	for _, c := range []uint32{MaxBatch + 1, math.MaxUint32} {
		a, err := NewAccumulatorWithCapacity(3, c)
		if !errors.Is(err, CalcErrorOverflow) || a != nil {
			t.Fatalf("capacity %d: %v, %v; want nil, CalcErrorOverflow", c, a, err)
		}
	}
}

func TestAccumulatorConcurrent(t *testing.T) {
	noLeaks(t)
	a := NewAccumulator(0)
	defer a.Close()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				a.Add(1)
			}
		}()
	}
	wg.Wait()
	if v, _ := a.Total(); v != 8000 {
		t.Fatalf("total %d, want 8000", v)
	}
}

// TestCloseWhileInUse: Close racing with method calls never crashes; each
// call either runs or returns ErrClosed.
func TestCloseWhileInUse(t *testing.T) {
	noLeaks(t)
	for i := 0; i < 200; i++ {
		a := NewAccumulator(0)
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < 50; j++ {
					if err := a.Add(1); err != nil && !errors.Is(err, ErrClosed) {
						t.Error(err)
					}
				}
			}()
		}
		a.Close()
		wg.Wait()
	}
}

func TestAccumulatorCycles(t *testing.T) {
	noLeaks(t)
	for i := 0; i < 100000; i++ {
		a := NewAccumulator(int64(i))
		a.Add(1)
		if v, _ := a.Total(); v != int64(i)+1 {
			t.Fatalf("cycle %d: total %d", i, v)
		}
		a.Close()
	}
}

// TestFinalizerReclaims: an Accumulator dropped without Close is
// destroyed by its cleanup once the garbage collector finds it.
func TestFinalizerReclaims(t *testing.T) {
	// Let the cleanups of what earlier tests dropped run first: they
	// would lower the count under this test's feet.
	before := liveAllocations()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		n := liveAllocations()
		if n == before {
			break
		}
		before = n
	}
	keep := make([]*Accumulator, 0, 1000)
	for i := 0; i < 1000; i++ {
		keep = append(keep, NewAccumulator(int64(i)))
	}
	// Reachable until counted: a collection inside the loop would
	// otherwise reclaim some before the count.
	if liveAllocations() < before+1000 {
		t.Fatal("accumulators do not show in calc_live_allocations")
	}
	runtime.KeepAlive(keep) // and unreachable from here on
	deadline := time.Now().Add(10 * time.Second)
	for liveAllocations() > before && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := liveAllocations() - before; n != 0 {
		t.Fatalf("%d accumulators not reclaimed", n)
	}
}

func TestZeroAllocInputs(t *testing.T) {
	if os.Getenv("GENGO_NOESCAPE_STRIPPED") != "" {
		t.Skip("allocation counts need the #cgo noescape lines this run removed")
	}
	data := make([]byte, 1<<20)
	seg := Segment{To: Point{1, 1}}
	a := NewAccumulator(0)
	defer a.Close()
	for name, f := range map[string]func(){
		"Add":       func() { Add(1, 2) },
		"Divide":    func() { Divide(7, 2, RoundingUp) },
		"DivideBy0": func() { Divide(7, 0, RoundingUp) },
		"Midpoint":  func() { Midpoint(seg) },
		"Checksum":  func() { Checksum(data) },
		"Method":    func() { a.Add(1) },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s: %v allocations per call, want 0", name, n)
		}
	}
}
