package bench

import (
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestCPUTime measures CPU time per operation rather than wall time, so
// that other load on a shared machine distorts the comparison less (GC
// work on other threads is included: it is part of the cost). It runs only
// with BENCH_CPU=1:
//
//	BENCH_CPU=1 go test -run CPUTime -v .
func TestCPUTime(t *testing.T) {
	if os.Getenv("BENCH_CPU") == "" {
		t.Skip("set BENCH_CPU=1 to run")
	}
	const n = 200000
	best := func(f func()) time.Duration {
		b := time.Duration(1 << 62)
		for r := 0; r < 7; r++ {
			start := cpuTime()
			for i := 0; i < n; i++ {
				f()
			}
			if d := (cpuTime() - start) / n; d < b {
				b = d
			}
		}
		return b
	}
	cs := codecs(t)
	var pbEnc, pbDec time.Duration
	type row struct {
		name     string
		size     int
		enc, dec time.Duration
	}
	var rows []row
	for _, c := range cs {
		data := append([]byte(nil), c.encode()...)
		r := row{c.name, len(data), best(func() { c.encode() }), best(func() { c.decode(data) })}
		if c.name == "protobuf" {
			pbEnc, pbDec = r.enc, r.dec
		}
		rows = append(rows, r)
	}
	fmt.Printf("%-9s %6s %12s %12s %14s %14s\n", "codec", "bytes", "encode ns", "decode ns", "enc vs proto", "dec vs proto")
	for _, r := range rows {
		fmt.Printf("%-9s %6d %12d %12d %13.2fx %13.2fx\n", r.name, r.size, r.enc.Nanoseconds(), r.dec.Nanoseconds(),
			float64(pbEnc)/float64(r.enc), float64(pbDec)/float64(r.dec))
	}
}
