package conformance

import (
	"testing"
	"unicode/utf8"
)

// TestValidUTF8 checks the codec's UTF-8 check, which reads a string a
// word at a time, against utf8.Valid: every length up to 40 with a
// non-ASCII byte (valid or not) at every position, so each word, each
// overlapping tail and each short form is tried.
func TestValidUTF8(t *testing.T) {
	for n := 0; n <= 40; n++ {
		ascii := make([]byte, n)
		for i := range ascii {
			ascii[i] = 'a' + byte(i%26)
		}
		if !wireValidUTF8(ascii) {
			t.Fatalf("ASCII of length %d refused", n)
		}
		for i := 0; i < n; i++ {
			for _, bad := range [][]byte{{0x80}, {0xff}, {0xc3, 0xa9}, {0xe2, 0x82, 0xac}, {0xed, 0xa0, 0x80}} {
				b := append([]byte(nil), ascii...)
				copy(b[i:], bad)
				if got, want := wireValidUTF8(b), utf8.Valid(b); got != want {
					t.Errorf("% x: got %v, want %v", b, got, want)
				}
			}
		}
	}
}
