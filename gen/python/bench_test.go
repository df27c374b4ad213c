package genpython

import (
	"encoding/json"
	"flag"
	"strings"
	"testing"
)

var quickBench = flag.Bool("pybench.quick", false, "run bench.py with --quick (fewer rounds)")

// BenchmarkPythonFFI builds the benchmark library (testdata/bench), runs
// testdata/bench/bench.py against it and reports each case's median
// per-call time (ns/call-<case>) and its ratio to the hand-written ctypes
// code (x-<case>). The Python script does its own timing with timeit, so
// b.N is not used; run it with -benchtime=1x:
//
//	go test ./gen/python -run '^$' -bench PythonFFI -benchtime=1x
func BenchmarkPythonFFI(b *testing.B) {
	dir := b.TempDir()
	name, lib := buildLib(b, dir, "testdata/bench/pybench.idl", "testdata/bench/pybench_impl.c", "-O2")
	copyScripts(b, dir, "bench")
	args := []string{"bench.py", "--json"}
	if *quickBench {
		args = append(args, "--quick")
	}
	out := run(b, dir, []string{strings.ToUpper(name) + "_LIBRARY=" + lib}, "python3", args...)
	var report []struct {
		Case      string             `json:"case"`
		MedianNS  map[string]float64 `json:"median_ns"`
		BestNS    map[string]float64 `json:"best_ns"`
		Ratio     float64            `json:"ratio"`
		RatioBest float64            `json:"ratio_best"`
	}
	if err := json.Unmarshal([]byte(lastLine(out)), &report); err != nil {
		b.Fatalf("bench.py output: %v\n%s", err, out)
	}
	b.Log("\n" + strings.TrimSuffix(strings.TrimSpace(out), lastLine(out)))
	for _, r := range report {
		key := strings.Fields(strings.NewReplacer("(", " ", ",", "").Replace(r.Case))[0]
		b.ReportMetric(r.BestNS["generated"], "ns/call-"+key)
		b.ReportMetric(r.Ratio, "x-"+key)
		b.Logf("%s: generated %.0f ns, hand %.0f ns, ratio %.2fx (best hand-written variant %.2fx)",
			r.Case, r.BestNS["generated"], r.BestNS["hand"], r.Ratio, r.RatioBest)
	}
}

// BenchmarkPythonExtern builds the primer's mathlib.c
// (examples/add/mathlib), generates its extern module and runs
// testdata/externbench/bench_extern.py: the generated mathlib.add against
// the primer's hand-written ctypes lib.add with argtypes and restype. It
// reports the per-call time (ns/call-extern-add) and the ratio
// (x-extern-add). Run it with -benchtime=1x:
//
//	go test ./gen/python -run '^$' -bench PythonExtern -benchtime=1x -v
func BenchmarkPythonExtern(b *testing.B) {
	dir := b.TempDir()
	name, lib := buildLib(b, dir, "../../examples/add/mathlib/mathlib.idl", "../../examples/add/mathlib/mathlib.c", "-O2")
	copyScripts(b, dir, "externbench")
	args := []string{"bench_extern.py", "--json"}
	if *quickBench {
		args = append(args, "--quick")
	}
	out := run(b, dir, []string{strings.ToUpper(name) + "_LIBRARY=" + lib}, "python3", args...)
	var r struct {
		BestNS      map[string]float64 `json:"best_ns"`
		Ratio       float64            `json:"ratio"`
		RatioMedian float64            `json:"ratio_median"`
	}
	if err := json.Unmarshal([]byte(lastLine(out)), &r); err != nil {
		b.Fatalf("bench_extern.py output: %v\n%s", err, out)
	}
	b.Log("\n" + strings.TrimSuffix(strings.TrimSpace(out), lastLine(out)))
	b.ReportMetric(r.BestNS["generated"], "ns/call-extern-add")
	b.ReportMetric(r.Ratio, "x-extern-add")
}
