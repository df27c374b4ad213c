//go:build unix

package synth

// The whole-pipeline benchmark of docs/benchmarks.md ("Pipeline"):
//
//	go test -run='^$' -bench=. -benchtime=5x ./internal/synth
//
// BenchmarkPipeline is bindgen in-process (parse, check, every backend) on
// the 10,000-declaration schema; BenchmarkTools runs the bindgen binary,
// protoc and flatc as processes on the equivalent schemas, so the ratios in
// the doc come from one run on one machine.

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bindgen-dev/bindgen/gen"
	genc "github.com/bindgen-dev/bindgen/gen/c"
	gengo "github.com/bindgen-dev/bindgen/gen/go"
	genpython "github.com/bindgen-dev/bindgen/gen/python"
	genwire "github.com/bindgen-dev/bindgen/gen/wire"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/parser"
)

// backends are the generators the pipeline runs for --lang=c,go,python,wire,
// each once.
var backends = []struct {
	name string
	gen  func(*idl.Package) ([]gen.File, error)
}{
	{"c", func(p *idl.Package) ([]gen.File, error) { return genc.Generate(p, genc.Options{}) }},
	{"go", func(p *idl.Package) ([]gen.File, error) { return gengo.Generate(p, gengo.Options{}) }},
	{"python", func(p *idl.Package) ([]gen.File, error) { return genpython.Generate(p, genpython.Options{}) }},
	{"wire", func(p *idl.Package) ([]gen.File, error) { return genwire.Generate(p, genwire.Options{}) }},
}

func benchSchema(b *testing.B) *Schema {
	b.Helper()
	return Generate(BenchDecls, BenchSeed)
}

func load(b testing.TB, src []byte) *idl.Package {
	pkg, errs := parser.Load("synth.idl", src)
	if errs != nil {
		b.Fatal(idl.Format(errs, map[string][]byte{"synth.idl": src}))
	}
	return pkg
}

// BenchmarkPipeline is parse + check + every backend, in one goroutine.
func BenchmarkPipeline(b *testing.B) {
	s := benchSchema(b)
	b.SetBytes(int64(len(s.IDL)))
	start := processCPU()
	for b.Loop() {
		pkg := load(b, s.IDL)
		for _, be := range backends {
			if _, err := be.gen(pkg); err != nil {
				b.Fatal(be.name, err)
			}
		}
	}
	reportCPU(b, processCPU()-start)
}

// BenchmarkPipelineParallel runs the backends concurrently after the front
// end, as a CLI can on a machine with more than one core.
func BenchmarkPipelineParallel(b *testing.B) {
	s := benchSchema(b)
	b.SetBytes(int64(len(s.IDL)))
	start := processCPU()
	for b.Loop() {
		pkg := load(b, s.IDL)
		var wg sync.WaitGroup
		errs := make([]error, len(backends))
		for i, be := range backends {
			wg.Go(func() { _, errs[i] = be.gen(pkg) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				b.Fatal(backends[i].name, err)
			}
		}
	}
	reportCPU(b, processCPU()-start)
}

// BenchmarkParseCheck is the front end alone.
func BenchmarkParseCheck(b *testing.B) {
	s := benchSchema(b)
	b.SetBytes(int64(len(s.IDL)))
	start := processCPU()
	for b.Loop() {
		load(b, s.IDL)
	}
	reportCPU(b, processCPU()-start)
}

// BenchmarkNames is the collision check of the generated names that gen
// runs before the backends: every backend's Names and gen.CheckNames.
func BenchmarkNames(b *testing.B) {
	s := benchSchema(b)
	pkg := load(b, s.IDL)
	start := processCPU()
	for b.Loop() {
		names := append(genc.Names(pkg), gengo.Names(pkg)...)
		names = append(names, genpython.Names(pkg)...)
		names = append(names, genwire.Names(pkg)...)
		if errs := gen.CheckNames(names); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
	reportCPU(b, processCPU()-start)
}

// BenchmarkBackend is each generator alone on the loaded package.
func BenchmarkBackend(b *testing.B) {
	s := benchSchema(b)
	pkg := load(b, s.IDL)
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			var n int
			start := processCPU()
			for b.Loop() {
				fs, err := be.gen(pkg)
				if err != nil {
					b.Fatal(err)
				}
				n = 0
				for _, f := range fs {
					n += len(f.Content)
				}
			}
			reportCPU(b, processCPU()-start)
			b.ReportMetric(float64(n), "out-bytes")
		})
	}
}

// BenchmarkTools runs each tool as a process writing into a fresh
// directory, the way a build runs it.
func BenchmarkTools(b *testing.B) {
	s := benchSchema(b)
	dir := b.TempDir()
	idlPath := write(b, dir, "synth.idl", s.IDL)
	protoPath := write(b, dir, "synth.proto", s.Proto)
	fbsPath := write(b, dir, "synth.fbs", s.FBS)
	bindgen := buildBindgen(b, dir)
	tools := []struct {
		name string
		args func(out string) []string
	}{
		{"bindgen", func(out string) []string {
			return []string{bindgen, "gen", "--lang=c,go,python,wire", "--out", out, idlPath}
		}},
		{"protoc-cpp", func(out string) []string {
			return []string{"protoc", "--proto_path=" + dir, "--cpp_out=" + out, protoPath}
		}},
		{"protoc-python", func(out string) []string {
			return []string{"protoc", "--proto_path=" + dir, "--python_out=" + out, protoPath}
		}},
		{"flatc-cpp", func(out string) []string {
			return []string{"flatc", "--cpp", "-o", out, fbsPath}
		}},
	}
	for _, tool := range tools {
		b.Run(tool.name, func(b *testing.B) {
			var cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				out, err := os.MkdirTemp(dir, "out")
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				args := tool.args(out)
				cmd := exec.Command(args[0], args[1:]...)
				if msg, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%v: %v\n%s", args, err, msg)
				}
				b.StopTimer()
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				os.RemoveAll(out)
				b.StartTimer()
			}
			reportCPU(b, cpu)
		})
	}
}

// processCPU is the user+system CPU time this process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports CPU time per operation beside wall time: on a busy
// machine wall time grows with the load, CPU time much less.
func reportCPU(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// buildBindgen builds cmd/bindgen into dir once.
func buildBindgen(b *testing.B, dir string) string {
	b.Helper()
	exe := filepath.Join(dir, "bindgen")
	cmd := exec.Command("go", "build", "-o", exe, "github.com/bindgen-dev/bindgen/cmd/bindgen")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return exe
}
