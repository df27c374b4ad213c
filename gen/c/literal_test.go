package genc

import (
	"math"
	"testing"

	"github.com/bindgen-dev/bindgen/idl"
)

func TestIntLiteral(t *testing.T) {
	tests := []struct {
		k    idl.Kind
		neg  bool
		mag  uint64
		want string
	}{
		{idl.KindU32, false, 4096, "4096u"},
		{idl.KindU64, false, math.MaxUint64, "18446744073709551615ULL"},
		{idl.KindI64, true, 1 << 63, "(-9223372036854775807LL - 1)"},
		{idl.KindI64, true, 5, "(-5LL)"},
		{idl.KindI64, false, 0, "0LL"},
		{idl.KindI32, true, 1 << 31, "(-2147483647 - 1)"},
		{idl.KindI32, true, 0, "0"},
		{idl.KindI8, true, 128, "(-128)"},
		{idl.KindU16, false, 65535, "65535"},
	}
	for _, tt := range tests {
		if got := IntLiteral(tt.k, tt.neg, tt.mag); got != tt.want {
			t.Errorf("IntLiteral(%s, %v, %d) = %s, want %s", tt.k, tt.neg, tt.mag, got, tt.want)
		}
	}
}

func TestFloatLiteral(t *testing.T) {
	tests := []struct {
		f    float64
		f32  bool
		want string
	}{
		{1e-9, false, "1e-09"},
		{3, false, "3.0"},
		{-2.5, false, "(-2.5)"},
		{0.1, false, "0.1"},
		{5e-324, false, "5e-324"},
		{math.MaxFloat64, false, "1.7976931348623157e+308"},
		{float64(float32(0.1)), true, "0.1f"},
		{16, true, "16.0f"},
		{math.Copysign(0, -1), false, "(-0.0)"},
	}
	for _, tt := range tests {
		got, err := FloatLiteral(tt.f, tt.f32)
		if err != nil || got != tt.want {
			t.Errorf("FloatLiteral(%v, %v) = %s, %v; want %s", tt.f, tt.f32, got, err, tt.want)
		}
	}
	for _, f := range []float64{math.Inf(1), math.NaN()} {
		if _, err := FloatLiteral(f, false); err == nil {
			t.Errorf("FloatLiteral(%v) did not fail", f)
		}
	}
}

func TestCString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"hello", `"hello"`},
		{"a\"b\\c", `"a\"b\\c"`},
		{"??=", `"\?\?="`},
		{"nul\x00" + "7", `"nul\0007"`},
		{"caf\u00e9", `"caf\303\251"`},
		{"\n\t\r\x7f", `"\n\t\015\177"`},
	}
	for _, tt := range tests {
		if got := CString(tt.in); got != tt.want {
			t.Errorf("CString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
