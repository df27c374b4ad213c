package gen

import (
	"reflect"
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
