package randidl

import (
	"bytes"
	"testing"
)

// TestGenerate checks that every seed gives a checked package, the same
// bytes twice, and that together the seeds use every construct.
func TestGenerate(t *testing.T) {
	total := map[Construct]int{}
	attempts := 0
	for seed := uint64(0); seed < 300; seed++ {
		r, err := Generate(seed, Options{})
		if err != nil {
			t.Fatal(err)
		}
		again, err := Generate(seed, Options{})
		if err != nil || !bytes.Equal(again.Src, r.Src) {
			t.Fatalf("seed %d: a second run differs", seed)
		}
		attempts += r.Attempt
		for c, n := range r.Counts {
			total[c] += n
		}
	}
	for _, c := range All {
		if total[c] == 0 {
			t.Errorf("no seed uses %s", c)
		}
	}
	t.Logf("constructs used: %v; names redrawn %d times in 300 seeds", total, attempts)
}
