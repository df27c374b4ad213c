package randidl

import (
	"bytes"
	"testing"

	"github.com/bindgen-dev/bindgen/internal/cabi"
)

// TestGenerate checks that every seed gives a checked package, the same
// bytes twice, and that together the seeds use every construct.
func TestGenerate(t *testing.T) {
	total := map[Construct]int{}
	attempts := 0
	lent, given := 0, 0 // seeds with a callback method that takes, returns an object
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
		if l, g := cabi.CallbackObjects(r.Pkg); len(l) > 0 || len(g) > 0 {
			lent += min(len(l), 1)
			given += min(len(g), 1)
		}
		for c, n := range r.Counts {
			total[c] += n
		}
	}
	for _, c := range All {
		if total[c] == 0 {
			t.Errorf("no seed uses %s", c)
		}
	}
	if lent == 0 || given == 0 {
		t.Errorf("of 300 seeds, %d have a callback method taking an object and %d one returning one; want some of each", lent, given)
	}
	t.Logf("constructs used: %v; names redrawn %d times in 300 seeds", total, attempts)
}
