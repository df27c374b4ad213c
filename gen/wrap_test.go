package gen

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		text  string
		width int
		want  []string
	}{
		{"a bb ccc", 4, []string{"a bb", "ccc"}},
		{"a bb ccc", 8, []string{"a bb ccc"}},
		{"  spaced\n out  ", 20, []string{"spaced out"}},
		{"x averyveryverylongword y", 5, []string{"x", "averyveryverylongword", "y"}},
		{"", 10, []string{""}},
	}
	for _, tt := range tests {
		if got := Wrap(tt.text, tt.width); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tt.text, tt.width, got, tt.want)
		}
	}
}

// TestWrapSameAsFields compares Wrap with the strings.Fields form on
// random texts of words and ASCII spaces, every width from 1 to 30.
func TestWrapSameAsFields(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	seps := []string{" ", " ", " ", "  ", "\n", "\t", " \r\n"}
	for range 3000 {
		var b strings.Builder
		if rng.IntN(4) == 0 {
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		for k := rng.IntN(12); k > 0; k-- {
			b.WriteString(strings.Repeat("w", 1+rng.IntN(9)))
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		text := b.String()
		if rng.IntN(2) == 0 {
			text = strings.TrimRight(text, " \t\r\n")
		}
		for width := 1; width <= 30; width++ {
			if got, want := Wrap(text, width), wrapFields(text, width); !reflect.DeepEqual(got, want) {
				t.Fatalf("Wrap(%q, %d) = %q, want %q", text, width, got, want)
			}
		}
	}
	if got := Wrap("naïve  café\u00a0au lait", 10); !reflect.DeepEqual(got, []string{"naïve", "café au", "lait"}) {
		t.Errorf("non-ASCII text: %q", got)
	}
}
