package ffibench

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// TestRatios measures generated against hand-written calls in alternating
// rounds and reports the fastest round of each: on a busy machine the
// minimum is what the code costs, and alternating exposes both variants to
// the same load. It runs only when GENGO_FFI_RATIOS is set (the
// -ffibench flag of gen/go's tests sets it): it is a measurement, not a
// check.
func TestRatios(t *testing.T) {
	if os.Getenv("GENGO_FFI_RATIOS") == "" {
		t.Skip("a measurement; set GENGO_FFI_RATIOS=1 (or use gen/go's -ffibench flag) to run it")
	}
	s := strings.Repeat("é", 32)
	data := make([]byte, 1<<20)
	pts := make([]Point, 10000)
	cases := []struct {
		name      string
		gen, hand func()
	}{
		{"add(i32, i32) -> i32", func() { sinkI = Add(7, 1) }, func() { sinkI = handAdd(7, 1) }},
		{"length(string) -> u64", func() { sink64 = Length(s) }, func() { sink64 = handLength(s) }},
		{"greet(string) -> string", func() { sinkStr = Greet("world") }, func() { sinkStr = handGreet("world") }},
		{"checksum(1 MiB bytes) -> u32", func() { sink32 = Checksum(data) }, func() { sink32 = handChecksum(data) }},
		{"sum_points(10,000 Points) -> f64", func() { sinkF = SumPoints(pts) }, func() { sinkF = handSumPoints(pts) }},
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| call | generated ns/op | hand-written ns/op | ratio | generated allocs/op | hand allocs/op |\n")
	fmt.Fprintf(&b, "| --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, c := range cases {
		const calls = 20000
		gen, hand := math.Inf(1), math.Inf(1)
		for round := 0; round < 150; round++ {
			gen = min(gen, timeCalls(c.gen, calls))
			hand = min(hand, timeCalls(c.hand, calls))
		}
		fmt.Fprintf(&b, "| %s | %.1f | %.1f | %.2fx | %.0f | %.0f |\n", c.name, gen, hand, gen/hand,
			testing.AllocsPerRun(1000, c.gen), testing.AllocsPerRun(1000, c.hand))
	}
	t.Logf("fastest of 150 alternating rounds of 20,000 calls:\n%s", b.String())
}

func timeCalls(f func(), n int) float64 {
	start := time.Now()
	for i := 0; i < n; i++ {
		f()
	}
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}
