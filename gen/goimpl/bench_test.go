package gengoimpl

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	genc "github.com/bindgen-dev/bindgen/gen/c"
	genpython "github.com/bindgen-dev/bindgen/gen/python"
)

// BenchmarkGoVsC measures what implementing calc in Go instead of C costs
// a caller: the same calls through the same generated calc.py (Python) and
// calc.h (C), into testdata/c/calc_impl.c built with gcc -O2 and into
// examples/goimpl/libcalc built with go build (c-shared for Python,
// c-archive for C). The four programs run in turn, three times, and each
// case keeps its best time, so both libraries see the same machine load.
// The scripts time themselves, so b.N is not used; run it with
// -benchtime=1x:
//
//	go test ./gen/goimpl -run '^$' -bench GoVsC -benchtime=1x -v
func BenchmarkGoVsC(b *testing.B) {
	root, _ := filepath.Abs("../..")
	dir := b.TempDir()
	pkg := load(b, "../../testdata/calc.idl")
	h, err := genc.Generate(pkg, genc.Options{})
	if err != nil {
		b.Fatal(err)
	}
	py, err := genpython.Generate(pkg, genpython.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range append(h, py...) {
		write(b, filepath.Join(dir, f.Path), f.Content)
	}
	copyFile(b, dir, "testdata/bench/bench.py")
	impl := filepath.Join(root, "testdata/c/calc_impl.c")
	benchC := filepath.Join(root, "gen/goimpl/testdata/bench/bench.c")
	cflags := []string{"-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-I", dir}
	run(b, dir, nil, "gcc", append(cflags, "-shared", "-fPIC", "-o", "libcalc_c.so", impl)...)
	run(b, dir, nil, "gcc", append(cflags, "-o", "bench_c", benchC, impl)...)
	run(b, root, nil, "go", "build", "-buildmode=c-shared", "-o", filepath.Join(dir, "libcalc_go.so"), "./examples/goimpl/libcalc")
	run(b, root, nil, "go", "build", "-buildmode=c-archive", "-o", filepath.Join(dir, "libcalc_go.a"), "./examples/goimpl/libcalc")
	run(b, dir, nil, "gcc", append(cflags, "-o", "bench_go", benchC, "libcalc_go.a", "-lpthread")...)

	best := map[string]map[string]float64{} // "python C" → case → ns
	keep := func(key, out string) {
		var m map[string]float64
		if err := json.Unmarshal([]byte(lastLine(out)), &m); err != nil {
			b.Fatalf("%s: %v\n%s", key, err, out)
		}
		if best[key] == nil {
			best[key] = map[string]float64{}
		}
		for k, v := range m {
			if old, ok := best[key][k]; !ok || v < old {
				best[key][k] = v
			}
		}
	}
	for range 3 {
		keep("python C", run(b, dir, []string{"CALC_LIBRARY=" + filepath.Join(dir, "libcalc_c.so")}, "python3", "bench.py"))
		keep("python Go", run(b, dir, []string{"CALC_LIBRARY=" + filepath.Join(dir, "libcalc_go.so")}, "python3", "bench.py"))
		keep("c C", run(b, dir, nil, filepath.Join(dir, "bench_c")))
		keep("c Go", run(b, dir, nil, filepath.Join(dir, "bench_go")))
	}
	var report strings.Builder
	for _, caller := range []string{"python", "c"} {
		fmt.Fprintf(&report, "\n%s caller | C library ns/call | Go library ns/call | Go/C\n", caller)
		var cases []string
		for k := range best[caller+" C"] {
			cases = append(cases, k)
		}
		sort.Strings(cases)
		for _, k := range cases {
			c, g := best[caller+" C"][k], best[caller+" Go"][k]
			fmt.Fprintf(&report, "| %s | %.1f | %.1f | %.2fx |\n", k, c, g, g/c)
			key := strings.Fields(strings.NewReplacer("(", " ", ".", "_").Replace(k))[0]
			b.ReportMetric(g/c, "x-"+caller+"-"+key)
		}
	}
	b.Log(report.String())
}
