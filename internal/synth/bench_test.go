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
	"runtime"
	"testing"

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

func load(b *testing.B, src []byte) *idl.Package {
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
	for b.Loop() {
		pkg := load(b, s.IDL)
		for _, be := range backends {
			if _, err := be.gen(pkg); err != nil {
				b.Fatal(be.name, err)
			}
		}
	}
}

// BenchmarkParseCheck is the front end alone.
func BenchmarkParseCheck(b *testing.B) {
	s := benchSchema(b)
	b.SetBytes(int64(len(s.IDL)))
	for b.Loop() {
		load(b, s.IDL)
	}
}

// BenchmarkBackend is each generator alone on the loaded package.
func BenchmarkBackend(b *testing.B) {
	s := benchSchema(b)
	pkg := load(b, s.IDL)
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			var n int
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
			for b.Loop() {
				b.StopTimer()
				out, err := os.MkdirTemp(dir, "out")
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				args := tool.args(out)
				if msg, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
					b.Fatalf("%v: %v\n%s", args, err, msg)
				}
				b.StopTimer()
				os.RemoveAll(out)
				b.StartTimer()
			}
		})
	}
}

// buildBindgen builds cmd/bindgen into dir once.
func buildBindgen(b *testing.B, dir string) string {
	b.Helper()
	exe := filepath.Join(dir, "bindgen")
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	cmd := exec.Command("go", "build", "-o", exe, "github.com/bindgen-dev/bindgen/cmd/bindgen")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return exe
}
