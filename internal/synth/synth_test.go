package synth

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/parser"
)

func TestDeterministic(t *testing.T) {
	a, b := Generate(500, 1), Generate(500, 1)
	if !bytes.Equal(a.IDL, b.IDL) || !bytes.Equal(a.Proto, b.Proto) || !bytes.Equal(a.FBS, b.FBS) {
		t.Fatal("two runs with the same seed differ")
	}
	if c := Generate(500, 2); bytes.Equal(a.IDL, c.IDL) {
		t.Fatal("different seeds give the same schema")
	}
}

// TestBenchSchemaChecks proves that the exact schema the pipeline benchmark
// uses loads without errors and has the declaration count it claims.
func TestBenchSchemaChecks(t *testing.T) {
	s := Generate(BenchDecls, BenchSeed)
	pkg, errs := parser.Load("synth.idl", s.IDL)
	if errs != nil {
		t.Fatal(idl.Format(errs, map[string][]byte{"synth.idl": s.IDL}))
	}
	if len(pkg.Decls) != BenchDecls {
		t.Fatalf("got %d declarations, want %d", len(pkg.Decls), BenchDecls)
	}
	total := 0
	for _, n := range s.Counts {
		total += n
	}
	if total != BenchDecls {
		t.Fatalf("Counts add up to %d, want %d", total, BenchDecls)
	}
	for _, k := range []string{"struct", "enum", "error", "union", "fn", "const", "object"} {
		if s.Counts[k] == 0 {
			t.Errorf("no %s in the schema", k)
		}
	}
}

// TestOtherToolsAccept runs protoc and flatc on a smaller schema of the same
// shape, so that a schema they reject is caught by `go test ./...` and not
// first by someone running the benchmarks.
func TestOtherToolsAccept(t *testing.T) {
	s := Generate(400, BenchSeed)
	dir := t.TempDir()
	write(t, dir, "synth.proto", s.Proto)
	write(t, dir, "synth.fbs", s.FBS)
	for _, args := range [][]string{
		{"protoc", "--proto_path=" + dir, "--cpp_out=" + dir, "--python_out=" + dir, filepath.Join(dir, "synth.proto")},
		{"flatc", "--cpp", "-o", dir, filepath.Join(dir, "synth.fbs")},
	} {
		out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
		if err != nil || len(bytes.TrimSpace(out)) > 0 {
			t.Errorf("%s: %v\n%s", args[0], err, out)
		}
	}
}

func write(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
