package vocab

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// The generated wrapper calls vocab.c's own functions (vx_int, ...)
// through vocab.h: every type of C's vocabulary at its edges.

func TestIntegerEdges(t *testing.T) {
	for _, v := range []int8{math.MinInt8, -1, 0, 1, math.MaxInt8} {
		if got := Schar(v); got != v {
			t.Errorf("Schar(%d) = %d", v, got)
		}
	}
	for _, v := range []uint8{0, 1, math.MaxUint8} {
		if got := Uchar(v); got != v {
			t.Errorf("Uchar(%d) = %d", v, got)
		}
	}
	for _, v := range []int16{math.MinInt16, -1, 0, math.MaxInt16} {
		if got := Short(v); got != v {
			t.Errorf("Short(%d) = %d", v, got)
		}
	}
	for _, v := range []uint16{0, math.MaxUint16} {
		if got := Ushort(v); got != v {
			t.Errorf("Ushort(%d) = %d", v, got)
		}
	}
	for _, v := range []int32{math.MinInt32, -1, 0, math.MaxInt32} {
		if got := Int(v); got != v {
			t.Errorf("Int(%d) = %d", v, got)
		}
		if got := Fixed(v); got != v {
			t.Errorf("Fixed(%d) = %d", v, got)
		}
	}
	for _, v := range []uint32{0, math.MaxUint32} {
		if got := Uint(v); got != v {
			t.Errorf("Uint(%d) = %d", v, got)
		}
	}
	for _, v := range []int64{math.MinInt64, -1, 0, math.MaxInt64} {
		if got := Long(v); got != v {
			t.Errorf("Long(%d) = %d", v, got)
		}
		if got := Longlong(v); got != v {
			t.Errorf("Longlong(%d) = %d", v, got)
		}
	}
	for _, v := range []uint64{0, 1 << 63, math.MaxUint64} {
		if got := Ulong(v); got != v {
			t.Errorf("Ulong(%d) = %d", v, got)
		}
		if got := Ulonglong(v); got != v {
			t.Errorf("Ulonglong(%d) = %d", v, got)
		}
		if got := Size(v); got != v {
			t.Errorf("Size(%d) = %d", v, got)
		}
	}
}

func TestFloatEdges(t *testing.T) {
	for _, v := range []float32{0, -1.5, math.MaxFloat32, math.SmallestNonzeroFloat32, float32(math.Inf(-1))} {
		if got := Float(v); got != v {
			t.Errorf("Float(%g) = %g", v, got)
		}
	}
	for _, v := range []float64{0, -1.5, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1)} {
		if got := Double(v); got != v {
			t.Errorf("Double(%g) = %g", v, got)
		}
	}
	if got := Double(math.NaN()); !math.IsNaN(got) {
		t.Errorf("Double(NaN) = %g", got)
	}
}

func TestSymbolsAndMixedArguments(t *testing.T) {
	if Negate(true) || !Negate(false) {
		t.Error(`Negate (C's vx_not, bound with as "not") does not negate`)
	}
	if got := Mix(-3, 0.5, 255); got != 252 {
		t.Errorf("Mix(-3, 0.5, 255) = %d, want 252", got)
	}
	Set(-42)
	if got := Get(); got != -42 {
		t.Errorf("Get() after Set(-42) = %d", got)
	}
}

func TestCString(t *testing.T) {
	for _, s := range []string{"", "a", "héllo, wörld ✓", strings.Repeat("x", 1<<16)} {
		n, err := Strlen(s)
		if err != nil || n != uint64(len(s)) {
			t.Errorf("Strlen(%d bytes) = %d, %v", len(s), n, err)
		}
	}
	// C sees the UTF-8 bytes and the NUL after them.
	if b, _ := ByteAt("é", 1); b != 0xa9 {
		t.Errorf(`ByteAt("é", 1) = %#x, want 0xa9`, b)
	}
	if b, _ := ByteAt("é", 2); b != 0 {
		t.Errorf(`ByteAt("é", 2) = %#x, want 0`, b)
	}
	_, err := Strlen("ab\x00cd")
	var ne *NULError
	if !errors.As(err, &ne) || ne.Param != "s" || ne.Index != 2 {
		t.Fatalf("Strlen with a NUL: err = %v, want a *NULError at 2", err)
	}
	if !strings.Contains(err.Error(), "holds a NUL byte at offset 2") {
		t.Errorf("error text: %v", err)
	}
	if got := Greeting(); got != "héllo, wörld ✓" {
		t.Errorf("Greeting() = %q", got)
	}
}

func TestBytesPairs(t *testing.T) {
	all := make([]byte, 256)
	want := uint64(0)
	for i := range all {
		all[i] = byte(i)
		want += uint64(i)
	}
	if got := Sum(all); got != want {
		t.Errorf("Sum(0..255) = %d, want %d", got, want)
	}
	if got := Sum(nil); got != 0 {
		t.Errorf("Sum(nil) = %d", got)
	}
	if got, err := Sum8(all[:255]); err != nil || uint64(got) != want-255 {
		t.Errorf("Sum8(255 bytes) = %d, %v", got, err)
	}
	_, err := Sum8(all)
	var le *LengthError
	if !errors.As(err, &le) || le.Param != "buf" || le.Len != 256 || le.Max != 255 {
		t.Fatalf("Sum8(256 bytes) err = %v, want a *LengthError", err)
	}
}

// TestCStringFreed: a result the caller owns is copied, then freed with
// the IDL's free function, exactly once (vx_live counts; ASan, in the
// checked run, would catch a double free or a read after it).
func TestCStringFreed(t *testing.T) {
	// vx_upper changes ASCII letters only.
	for s, want := range map[string]string{"": "", "abc": "ABC", "héllo": "HéLLO"} {
		if got, err := Upper(s); err != nil || got != want {
			t.Errorf("Upper(%q) = %q, %v; want %q", s, got, err, want)
		}
	}
	for range 1000 {
		if _, err := Upper(strings.Repeat("x", 100)); err != nil {
			t.Fatal(err)
		}
	}
	if n := Live(); n != 0 {
		t.Fatalf("%d upper-case copies were not freed", n)
	}
	if _, err := Upper("a\x00"); err == nil {
		t.Fatal("Upper with a NUL: no error")
	}
}

// TestOutParameters: results C writes through pointers come back after
// the function's own result.
func TestOutParameters(t *testing.T) {
	if q, r := Divmod(17, 5); q != 3 || r != 2 {
		t.Errorf("Divmod(17, 5) = %d, %d; want 3, 2", q, r)
	}
	if q, r := Divmod(math.MinInt32, 7); q != math.MinInt32/7 || r != math.MinInt32%7 {
		t.Errorf("Divmod(MinInt32, 7) = %d, %d", q, r)
	}
	if lo, hi := Minmax([]byte{7, 255, 0, 9}); lo != 0 || hi != 255 {
		t.Errorf("Minmax = %d, %d; want 0, 255", lo, hi)
	}
	if lo, hi := Minmax(nil); lo != 0 || hi != 0 {
		t.Errorf("Minmax(nil) = %d, %d", lo, hi)
	}
}

// TestOutBuffers: a buffer the wrapper allocates with the capacity asked
// for, which C fills and whose length C writes back; a status result
// turned into a *StatusError; and a library that claims to have written
// more than the buffer holds caught before a byte is read.
func TestOutBuffers(t *testing.T) {
	for _, n := range []int{0, 1, 100, 1 << 20} {
		got, err := Fill(n, uint64(n), 'x')
		if err != nil || len(got) != n || strings.Count(string(got), "x") != n {
			t.Errorf("Fill(%d, %d) = %d bytes, %v", n, n, len(got), err)
		}
		if got, err := Fill(n+7, uint64(n), 'y'); err != nil || len(got) != n || cap(got) != n+7 {
			t.Errorf("Fill(%d, %d) = len %d cap %d, %v; want len %d", n+7, n, len(got), cap(got), err, n)
		}
	}
	got, err := Fill(3, 4, 'z')
	var se *StatusError
	if !errors.As(err, &se) || se.Code != -5 || se.Func != "vx_fill" || got != nil {
		t.Errorf("Fill(3, 4) = %q, %v; want a *StatusError with code -5", got, err)
	}
	var ce *CapacityError
	if got, err := Fill(-1, 0, 'z'); !errors.As(err, &ce) || ce.Cap != -1 || got != nil {
		t.Errorf("Fill(-1, 0) = %q, %v; want a *CapacityError", got, err)
	}
	if _, err := Liar(1 << 32); !errors.As(err, &ce) || ce.Max != math.MaxUint32 {
		t.Errorf("Liar(1<<32): %v; want a *CapacityError (the length is a c_uint)", err)
	}
	var oe *OverrunError
	for _, n := range []int{0, 16} {
		if got, err := Liar(n); !errors.As(err, &oe) || oe.Len != uint64(n)+1 || oe.Cap != n || got != nil {
			t.Errorf("Liar(%d) = %q, %v; want an *OverrunError", n, got, err)
		}
	}
	if err := Check(7); err != nil {
		t.Errorf("Check(7) = %v, want nil (7 is success)", err)
	}
	if err := Check(0); !errors.As(err, &se) || se.Code != 0 || !strings.Contains(err.Error(), "vx_check failed with status 0") {
		t.Errorf("Check(0) = %v", err)
	}
	// A plain result, an out buffer and an out scalar together.
	res, buf, digits, err := Hex(16, 0xbeef)
	if res != 1 || string(buf) != "beef" || digits != 4 || err != nil {
		t.Errorf("Hex(16, 0xbeef) = %d, %q, %d, %v", res, buf, digits, err)
	}
	res, buf, digits, err = Hex(2, math.MaxUint64)
	if res != 0 || string(buf) != "ff" || digits != 16 || err != nil {
		t.Errorf("Hex(2, max) = %d, %q, %d, %v", res, buf, digits, err)
	}
	if _, _, _, err := Hex(256, 1); !errors.As(err, &ce) || ce.Max != 255 {
		t.Errorf("Hex(256, 1): %v; want a *CapacityError (the length is a u8)", err)
	}
}

// TestArrays: a list of numbers crosses as a C array and its length,
// without a copy; an empty one is a valid pointer with length 0, and one
// longer than its C length holds is refused before C.
func TestArrays(t *testing.T) {
	if got := Isum([]int32{math.MaxInt32, math.MaxInt32, math.MinInt32, -1}); got != math.MaxInt32-2 {
		t.Errorf("Isum = %d", got)
	}
	if got := Isum(nil); got != 0 {
		t.Errorf("Isum(nil) = %d", got)
	}
	if got := Ssum([]int8{math.MinInt8, math.MaxInt8, -1}); got != -2 {
		t.Errorf("Ssum = %d", got)
	}
	if got, err := Dsum([]float64{0.5, 0.25, math.Inf(1)}); err != nil || !math.IsInf(got, 1) {
		t.Errorf("Dsum = %v, %v", got, err)
	}
	if got := Fsum([]float32{1.5, -0.25, math.MaxFloat32}); got != math.MaxFloat32 {
		t.Errorf("Fsum = %v", got)
	}
	xs := make([]uint64, 255)
	xs[200] = math.MaxUint64
	if got, err := Umax(xs); err != nil || got != math.MaxUint64 {
		t.Errorf("Umax(255 elements) = %d, %v", got, err)
	}
	var le *LengthError
	if _, err := Umax(make([]uint64, 256)); !errors.As(err, &le) || le.Len != 256 || le.Max != 255 {
		t.Errorf("Umax(256 elements): %v; want a *LengthError (the length is a u8)", err)
	}
	big := make([]int32, 1<<20)
	for i := range big {
		big[i] = int32(i % 7)
	}
	if got := Isum(big); got != 3145722 {
		t.Errorf("Isum(1 Mi elements) = %d, want 3145722", got)
	}
}
