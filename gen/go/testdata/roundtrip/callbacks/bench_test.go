package cbt

import (
	"os"
	"runtime"
	"testing"
	"time"
)

type addSink struct{ add int64 }

func (s addSink) Put(x int64) (int64, error) { return x + s.add, nil }

// TestCallbackCost measures, when CBT_BENCH=1, 1,000,000 callback
// invocations through the generated wrapper and through a hand-written
// //export callback in the same run, and the memory the generated ones
// leave behind (Go heap after a GC, C live allocations, callback
// contexts). docs/benchmarks.md has the figures and the command.
func TestCallbackCost(t *testing.T) {
	if os.Getenv("CBT_BENCH") != "1" {
		t.Log("CBT_BENCH is not 1: only a short run, no figures") // the loops still run below, smaller
	}
	n := uint32(1_000_000)
	if os.Getenv("CBT_BENCH") != "1" {
		n = 1000
	}
	want := int64(n)*int64(n-1)/2 + int64(n)
	handSink = addSink{1}
	var ms runtime.MemStats
	// Warm both up once.
	if got := handPutMany(n); got != want {
		t.Fatalf("hand: %d, want %d", got, want)
	}
	if got, err := PutMany(addSink{1}, n); err != nil || got != want {
		t.Fatalf("generated: %d, %v", got, err)
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	heap0, sys0 := ms.HeapAlloc, ms.Sys
	// Alternate the two, best of 7 each: the machine is shared, and a
	// burst of load then hits both alike.
	var gen, hand time.Duration
	for range 7 {
		start := time.Now()
		if _, err := PutMany(addSink{1}, n); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); gen == 0 || d < gen {
			gen = d
		}
		start = time.Now()
		handPutMany(n)
		if d := time.Since(start); hand == 0 || d < hand {
			hand = d
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	heap1, sys1 := ms.HeapAlloc, ms.Sys
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(n) }
	t.Logf("%d callbacks: generated %.1f ns/callback, hand-written //export %.1f ns/callback, ratio %.2f",
		n, per(gen), per(hand), per(gen)/per(hand))
	t.Logf("after 8 x %d generated (and 8 x %d hand-written) callbacks: Go heap %+d bytes, Go runtime Sys %+d bytes, C live allocations %d, callback contexts %d",
		n, n, int64(heap1)-int64(heap0), int64(sys1)-int64(sys0), liveAllocations(), liveCallbacks())
}
