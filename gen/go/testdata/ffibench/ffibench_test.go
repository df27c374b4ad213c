package ffibench

import (
	"os"
	"strings"
	"testing"
)

var (
	sink64  uint64
	sink32  uint32
	sinkF   float64
	sinkI   int32
	sinkStr string
)

func TestSameResults(t *testing.T) {
	if Add(2, 3) != handAdd(2, 3) || Length("héllo") != handLength("héllo") {
		t.Fatal("add/length differ")
	}
	if Greet("x") != handGreet("x") {
		t.Fatal("greet differs")
	}
	b := make([]byte, 1<<20)
	b[0], b[len(b)-1] = 1, 2
	if Checksum(b) != handChecksum(b) {
		t.Fatal("checksum differs")
	}
	p := make([]Point, 10000)
	p[0].X, p[len(p)-1].Y = 1, 2
	if SumPoints(p) != handSumPoints(p) || SumPoints(p) != 3 {
		t.Fatal("sum_points differs")
	}
	if n := liveAllocations(); n != 0 {
		t.Fatalf("%d C allocations live", n)
	}
}

func BenchmarkAdd(b *testing.B) {
	b.Run("generated", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sinkI = Add(int32(i), 1)
		}
	})
	b.Run("hand", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sinkI = handAdd(int32(i), 1)
		}
	})
}

func BenchmarkStringArg(b *testing.B) {
	s := strings.Repeat("é", 32)
	b.Run("generated", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sink64 = Length(s)
		}
	})
	b.Run("hand", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sink64 = handLength(s)
		}
	})
}

func BenchmarkStringResult(b *testing.B) {
	b.Run("generated", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sinkStr = Greet("world")
		}
	})
	b.Run("hand", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sinkStr = handGreet("world")
		}
	})
}

func BenchmarkBytes1MiB(b *testing.B) {
	data := make([]byte, 1<<20)
	b.Run("generated", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sink32 = Checksum(data)
		}
	})
	b.Run("hand", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sink32 = handChecksum(data)
		}
	})
}

func BenchmarkPoints10k(b *testing.B) {
	pts := make([]Point, 10000)
	b.Run("generated", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sinkF = SumPoints(pts)
		}
	})
	b.Run("hand", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sinkF = handSumPoints(pts)
		}
	})
}

// TestZeroAllocs pins the zero-allocation promise of the input paths.
func TestZeroAllocs(t *testing.T) {
	if os.Getenv("GENGO_NOESCAPE_STRIPPED") != "" {
		t.Skip("allocation counts need the #cgo noescape lines this run removed")
	}
	s := strings.Repeat("x", 100)
	data := make([]byte, 1<<20)
	pts := make([]Point, 10000)
	for name, f := range map[string]func(){
		"add":        func() { sinkI = Add(1, 2) },
		"length":     func() { sink64 = Length(s) },
		"checksum":   func() { sink32 = Checksum(data) },
		"sum_points": func() { sinkF = SumPoints(pts) },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s: %v allocations per call, want 0", name, n)
		}
	}
}
