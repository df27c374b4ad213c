package linefmt

import (
	"bytes"
	"fmt"
	"math"
	"testing"
)

type named string

type stringer int

func (stringer) String() string { return "str" }

// TestFprintf holds Fprintf to fmt.Fprintf, on the verbs it writes itself
// and on those it hands to fmt.
func TestFprintf(t *testing.T) {
	cases := []struct {
		format string
		args   []any
	}{
		{"", nil},
		{"plain", nil},
		{"100%%", nil},
		{"%s", []any{"x"}},
		{"a %s b %d c", []any{"x", 42}},
		{"%d %d %d %d %d", []any{int8(-8), int16(-16), int32(-32), int64(math.MinInt64), -1}},
		{"%d %d %d %d %d", []any{uint8(8), uint16(16), uint32(32), uint64(math.MaxUint64), uint(7)}},
		{"%s%%%s", []any{"a", "b"}},
		{"%s", []any{named("n")}},
		{"%s", []any{stringer(1)}},
		{"%d", []any{stringer(1)}},
		{"%s", []any{3}},
		{"%d", []any{"x"}},
		{"%s %s", []any{"only one"}},
		{"%s", []any{"one", "extra"}},
		{"%q %x %v %5d %-3s", []any{"q", 255, true, 4, "l"}},
		{"trailing %", nil},
		{"%", []any{"x"}},
		{"ünïcode %s", []any{"ä"}},
	}
	for _, c := range cases {
		var got, want bytes.Buffer
		got.WriteString("prefix:")
		want.WriteString("prefix:")
		Fprintf(&got, c.format, c.args...)
		fmt.Fprintf(&want, c.format, c.args...)
		if got.String() != want.String() {
			t.Errorf("Fprintf(%q, %v) = %q, fmt says %q", c.format, c.args, got.String(), want.String())
		}
	}
}
