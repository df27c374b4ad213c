//go:build unix

package synth

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	compareRounds = flag.Int("synth.compare", 0,
		"run TestCompareTools with this many interleaved rounds and print the docs/benchmarks.md table")
	compareGoOut = flag.Bool("synth.goout", false,
		"add protoc --go_out to TestCompareTools, with protoc-gen-go built from the bench module's go.mod (about two minutes a round)")
)

// TestCompareTools measures bindgen (in process and as the CLI) against
// protoc and flatc on the equivalent schemas, in rounds that interleave
// the tools, so that a change in the machine's load during the run hits
// every tool alike. Each tool's row is its fastest round (and the median),
// wall and CPU time. Run it with
//
//	go test ./internal/synth -run TestCompareTools -v -synth.compare=5
//
// Without the flag it runs one small round, as a smoke test of the
// harness that `go test ./...` keeps working.
func TestCompareTools(t *testing.T) {
	rounds, decls := *compareRounds, BenchDecls
	if rounds == 0 {
		rounds, decls = 1, 200
	}
	s := Generate(decls, BenchSeed)
	dir := t.TempDir()
	idlPath := write(t, dir, "synth.idl", s.IDL)
	protoPath := write(t, dir, "synth.proto", s.Proto)
	fbsPath := write(t, dir, "synth.fbs", s.FBS)
	bindgen := filepath.Join(dir, "bindgen")
	if out, err := exec.Command("go", "build", "-o", bindgen, "github.com/bindgen-dev/bindgen/cmd/bindgen").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	type tool struct {
		name string
		run  func(out string) (wall, cpu time.Duration, err error)
	}
	exe := func(args ...string) func(string) (time.Duration, time.Duration, error) {
		return func(out string) (time.Duration, time.Duration, error) {
			a := make([]string, len(args))
			for i, s := range args {
				a[i] = strings.ReplaceAll(s, "OUT", out)
			}
			cmd := exec.Command(a[0], a[1:]...)
			start := time.Now()
			msg, err := cmd.CombinedOutput()
			wall := time.Since(start)
			if err != nil {
				return 0, 0, fmt.Errorf("%v: %v\n%s", a, err, msg)
			}
			return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
		}
	}
	tools := []tool{
		{"bindgen in process (parse, check, c+go+python+wire)", func(string) (time.Duration, time.Duration, error) {
			cpu0, start := processCPU(), time.Now()
			pkg := load(t, s.IDL)
			for _, be := range backends {
				if _, err := be.gen(pkg); err != nil {
					return 0, 0, fmt.Errorf("%s: %v", be.name, err)
				}
			}
			return time.Since(start), processCPU() - cpu0, nil
		}},
		{"bindgen gen --lang=c,go,python,wire", exe(bindgen, "gen", "--lang=c,go,python,wire", "--out", "OUT", idlPath)},
		{"bindgen gen --lang=c,go,python", exe(bindgen, "gen", "--lang=c,go,python", "--out", "OUT", idlPath)},
		{"protoc --cpp_out", exe("protoc", "--proto_path="+dir, "--cpp_out=OUT", protoPath)},
		{"protoc --python_out", exe("protoc", "--proto_path="+dir, "--python_out=OUT", protoPath)},
		{"flatc --cpp", exe("flatc", "--cpp", "-o", "OUT", fbsPath)},
	}
	if *compareGoOut {
		// The bench module pins google.golang.org/protobuf; the main module
		// does not depend on it.
		plugin := filepath.Join(dir, "protoc-gen-go")
		build := exec.Command("go", "build", "-o", plugin, "google.golang.org/protobuf/cmd/protoc-gen-go")
		build.Dir = filepath.Join("..", "..", "bench")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("building protoc-gen-go: %v\n%s", err, out)
		}
		tools = append(tools, tool{"protoc --go_out (protoc-gen-go)", exe("protoc", "--plugin=protoc-gen-go="+plugin,
			"--proto_path="+dir, "--go_out=OUT", "--go_opt=Msynth.proto=example.com/synth", protoPath)})
	}

	walls := make([][]time.Duration, len(tools))
	cpus := make([][]time.Duration, len(tools))
	for r := 0; r < rounds; r++ {
		for i, tl := range tools {
			out, err := os.MkdirTemp(dir, "out")
			if err != nil {
				t.Fatal(err)
			}
			wall, cpu, err := tl.run(out)
			if err != nil {
				t.Fatalf("%s: %v", tl.name, err)
			}
			walls[i] = append(walls[i], wall)
			cpus[i] = append(cpus[i], cpu)
			os.RemoveAll(out)
		}
	}

	ms := func(d time.Duration) string { return fmt.Sprintf("%.0f", float64(d)/float64(time.Millisecond)) }
	best := func(ds []time.Duration) time.Duration { return slices.Min(ds) }
	median := func(ds []time.Duration) time.Duration {
		c := slices.Clone(ds)
		slices.Sort(c)
		return c[len(c)/2]
	}
	ref := best(walls[1]) // bindgen as a process, like the others
	var b strings.Builder
	fmt.Fprintf(&b, "%d declarations (%d bytes of IDL), %d interleaved rounds\n\n", decls, len(s.IDL), rounds)
	b.WriteString("| tool | best wall ms | median wall ms | best CPU ms | best wall / bindgen CLI (all four) |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: |\n")
	for i, tl := range tools {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %.2fx |\n", tl.name, ms(best(walls[i])), ms(median(walls[i])),
			ms(best(cpus[i])), float64(best(walls[i]))/float64(ref))
	}
	t.Log("\n" + b.String())
}
