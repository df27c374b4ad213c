package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bindgen-dev/bindgen/bench/benchmsg"
)

// cResult is one run of the C harness (c/bench_order.c): nanoseconds per
// operation, best round, in process CPU time and in wall time.
type cResult struct {
	bytes           int
	encCPU, encWall float64
	decCPU, decWall float64
}

// runC compiles the generated C codec (c/benchmsg_wire.c, benchmsg.h) and
// its harness with gcc -O2, hands it the Go codec's encoding of newOrder to
// compare byte for byte, and runs rounds × iters encodes and decodes.
// A missing gcc fails the test: the C codec is part of what is measured.
func runC(t *testing.T, iters, rounds int) cResult {
	t.Helper()
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Fatalf("gcc is needed to build the C codec benchmark: %v", err)
	}
	dir := t.TempDir()
	exe := filepath.Join(dir, "bench_order")
	cmd := exec.Command(gcc, "-std=c99", "-O2", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
		"-o", exe, "c/bench_order.c", "c/benchmsg_wire.c")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", cmd, err, out)
	}
	goBytes := filepath.Join(dir, "order.bin")
	if err := os.WriteFile(goBytes, newOrder().AppendWire(nil), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd = exec.Command(exe, goBytes, fmt.Sprint(iters), fmt.Sprint(rounds))
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("%v: %v\n%s%s", cmd, err, out, stderr)
	}
	var r cResult
	if _, err := fmt.Sscanf(strings.TrimSpace(string(out)),
		"bytes=%d encode_cpu_ns=%g encode_wall_ns=%g decode_cpu_ns=%g decode_wall_ns=%g",
		&r.bytes, &r.encCPU, &r.encWall, &r.decCPU, &r.decWall); err != nil {
		t.Fatalf("cannot parse the harness's output %q: %v", out, err)
	}
	return r
}

// TestCSameBytes builds and runs the C harness briefly: the C encoder
// writes exactly the Go codec's bytes, and decodes them back to the same
// bytes without leaking. Timing is TestCTime's job.
func TestCSameBytes(t *testing.T) {
	r := runC(t, 100, 1)
	if want := len(newOrder().AppendWire(nil)); r.bytes != want {
		t.Errorf("C encoding is %d bytes, Go's %d", r.bytes, want)
	}
}

// TestCTime times the generated C codec (gcc -O2) beside the generated Go
// codec on the same message in one run, best of 7 rounds of 200,000
// operations each, in process CPU time (and wall time). C decode includes
// releasing the value; Go decode includes the GC work it causes. It runs
// only with BENCH_C=1:
//
//	BENCH_C=1 go test -run CTime -v .
func TestCTime(t *testing.T) {
	if os.Getenv("BENCH_C") == "" {
		t.Skip("set BENCH_C=1 to run")
	}
	const n, rounds = 200000, 7
	type best struct{ cpu, wall time.Duration }
	measure := func(f func()) best {
		b := best{1 << 62, 1 << 62}
		for r := 0; r < rounds; r++ {
			c0, w0 := cpuTime(), time.Now()
			for i := 0; i < n; i++ {
				f()
			}
			w, c := time.Since(w0)/n, (cpuTime()-c0)/n
			b.cpu, b.wall = min(b.cpu, c), min(b.wall, w)
		}
		return b
	}
	o := newOrder()
	buf := make([]byte, 0, 4096)
	data := o.AppendWire(nil)
	goEnc := measure(func() { buf = o.AppendWire(buf[:0]) })
	goDec := measure(func() {
		var x benchmsg.Order
		if err := x.UnmarshalWire(data, nil); err != nil {
			t.Fatal(err)
		}
	})
	c := runC(t, n, rounds)
	ns := func(d time.Duration) float64 { return float64(d.Nanoseconds()) }
	fmt.Printf("%-14s %6s %14s %14s %14s %14s\n", "codec", "bytes", "encode cpu ns", "decode cpu ns", "encode wall ns", "decode wall ns")
	fmt.Printf("%-14s %6d %14.0f %14.0f %14.0f %14.0f\n", "bindgen Go", len(data), ns(goEnc.cpu), ns(goDec.cpu), ns(goEnc.wall), ns(goDec.wall))
	fmt.Printf("%-14s %6d %14.0f %14.0f %14.0f %14.0f\n", "bindgen C -O2", c.bytes, c.encCPU, c.decCPU, c.encWall, c.decWall)
	fmt.Printf("C speed vs Go (cpu): encode %.2fx, decode %.2fx\n", ns(goEnc.cpu)/c.encCPU, ns(goDec.cpu)/c.decCPU)
	if c.encCPU >= ns(goEnc.cpu) || c.decCPU >= ns(goDec.cpu) {
		t.Logf("C is not faster than Go in CPU time on this run")
	}
}
