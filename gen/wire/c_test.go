package genwire_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/gen"
	genc "github.com/bindgen-dev/bindgen/gen/c"
	genwire "github.com/bindgen-dev/bindgen/gen/wire"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/golden"
	"github.com/bindgen-dev/bindgen/parser"
)

// cIDLs are the IDL files whose C codecs are golden and compiled.
var cIDLs = []string{"../../testdata/calc.idl", "../../testdata/wire/conformance.idl"}

func loadIDL(t testing.TB, path string) *idl.Package {
	t.Helper()
	pkg, _, errs := parser.LoadFiles(path)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", path, errs)
	}
	return pkg
}

// cFiles returns <pkg>.h from gen/c and <pkg>_wire.h/.c from genwire.
func cFiles(t testing.TB, pkg *idl.Package) (header gen.File, wire []gen.File) {
	t.Helper()
	hs, err := genc.Generate(pkg, genc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range hs {
		if f.Path == pkg.Name+".h" {
			header = f
		}
	}
	ws, err := genwire.Generate(pkg, genwire.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ws {
		if strings.HasSuffix(f.Path, "_wire.h") || strings.HasSuffix(f.Path, "_wire.c") {
			wire = append(wire, f)
		}
	}
	if header.Path == "" || len(wire) != 2 {
		t.Fatalf("want %s.h and the two C wire files, got %d", pkg.Name, len(wire))
	}
	return header, wire
}

func writeFiles(t testing.TB, dir string, files ...gen.File) {
	t.Helper()
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Path), f.Content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// goldenDir is the golden directory of an IDL file in goldenIDLs.
func goldenDir(path string) string {
	for dir, p := range goldenIDLs {
		if filepath.Clean(p) == filepath.Clean(path) {
			return dir
		}
	}
	return strings.TrimSuffix(filepath.Base(path), ".idl")
}

// TestCGolden compares the C codecs with golden/<idl>/<idl>_wire.{h,c}
// and checks that generating twice gives the same bytes.
func TestCGolden(t *testing.T) {
	for _, path := range cIDLs {
		pkg := loadIDL(t, path)
		_, wire := cFiles(t, pkg)
		_, again := cFiles(t, loadIDL(t, path))
		for i, f := range wire {
			if string(f.Content) != string(again[i].Content) {
				t.Errorf("%s: output differs between two runs", f.Path)
			}
			golden.Check(t, filepath.Join("../../golden", goldenDir(path), f.Path), f.Content)
		}
	}
}

// TestCCompiles builds every C codec with gcc and clang at the strictest
// settings of the brief, and includes the header from C++17.
func TestCCompiles(t *testing.T) {
	for _, path := range cIDLs {
		pkg := loadIDL(t, path)
		dir := t.TempDir()
		h, wire := cFiles(t, pkg)
		writeFiles(t, dir, append(wire, h)...)
		src := filepath.Join(dir, pkg.Name+"_wire.c")
		// Optimization enables the flow analysis behind
		// -Wmaybe-uninitialized, which a user's -Werror build meets.
		for _, cc := range []string{"gcc -O0", "gcc -O2", "clang -O2"} {
			c, opt, _ := strings.Cut(cc, " ")
			run(t, dir, c, "-std=c99", opt, "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-c", src, "-o", filepath.Join(dir, c+".o"))
		}
		cpp := filepath.Join(dir, "use.cpp")
		os.WriteFile(cpp, []byte("#include \""+pkg.Name+"_wire.h\"\nint main() { return 0; }\n"), 0o644)
		run(t, dir, "g++", "-std=c++17", "-Wall", "-Wextra", "-Werror", "-c", cpp, "-o", filepath.Join(dir, "use.o"))
		// The source is also valid C++, for projects that build everything
		// as C++.
		run(t, dir, "g++", "-std=c++17", "-Wall", "-Wextra", "-Werror", "-x", "c++", "-c", src, "-o", filepath.Join(dir, "cpp.o"))
	}
}

func run(t testing.TB, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}
