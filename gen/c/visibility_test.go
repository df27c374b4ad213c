package genc

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
)

// apiSymbols lists every function the header of pkg declares, from the
// model (not from the header): the memory functions, a release and a
// copy function per type, and every function, constructor, method and
// destroy function.
func apiSymbols(pkg *idl.Package) []string {
	syms := []string{cabi.AllocName(pkg), cabi.FreeName(pkg), cabi.LiveAllocationsName(pkg),
		cabi.ABIHashName(pkg), cabi.StringFromName(pkg), cabi.BytesFromName(pkg)}
	types := []*idl.Type{{Kind: idl.KindString}, {Kind: idl.KindBytes}}
	for _, d := range pkg.Decls {
		switch d.(type) {
		case *idl.Struct, *idl.Union:
			types = append(types, idl.TypeOf(d))
		}
	}
	for _, t := range append(types, cabi.Instances(pkg)...) {
		syms = append(syms, cabi.AnyReleaseName(pkg, t))
		if c := cabi.CopyName(pkg, t); c != "" {
			syms = append(syms, c)
		}
	}
	for _, f := range pkg.Funcs {
		syms = append(syms, cabi.FuncName(pkg, f))
	}
	for _, o := range pkg.Objects {
		for _, c := range o.Ctors {
			syms = append(syms, cabi.CtorName(pkg, c))
		}
		for _, m := range o.Methods {
			syms = append(syms, cabi.MethodName(pkg, o, m))
		}
		syms = append(syms, cabi.DestroyName(pkg, o))
	}
	sort.Strings(syms)
	return syms
}

// exported is the sorted list of symbols shared library so defines in its
// dynamic symbol table.
func exported(t *testing.T, dir, so string) []string {
	t.Helper()
	var syms []string
	for _, l := range strings.Split(run(t, dir, "nm", "-D", "--defined-only", so), "\n") {
		if f := strings.Fields(l); len(f) == 3 {
			syms = append(syms, f[2])
		}
	}
	sort.Strings(syms)
	return syms
}

// TestExportedSymbols builds the C test libraries as shared libraries
// with -fvisibility=hidden, with gcc and clang, and checks that the
// export macro makes them export exactly the functions of the header:
// nothing missing, and no helper of the library (a non-static function
// in another file of it) leaking. The C driver, linked against the
// library alone, then calls every function through the dynamic
// exports. Built with the macro defined empty (by gcc), the library
// exports nothing, which proves the macro is what exports.
func TestExportedSymbols(t *testing.T) {
	for _, b := range sanitizedBuilds {
		if b.name != "calc_c" && b.name != "conformance_c" {
			continue
		}
		pkg, hdr := header(t, b.idl)
		api := cabi.ExportMacro(pkg)
		want := apiSymbols(pkg)
		for _, cc := range []string{"gcc", "clang"} {
			b, cc := b, cc
			t.Run(b.name+"/"+cc, func(t *testing.T) {
				t.Parallel()
				dir := t.TempDir()
				files := map[string]string{
					pkg.Name + ".h": string(hdr),
					// A function of the library outside the header: hidden.
					"helper.c": "#include \"" + pkg.Name + ".h\"\nint " + pkg.Name + "_helper_(void);\nint " + pkg.Name + "_helper_(void) { return 1; }\n",
				}
				for n, s := range files {
					if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				impl, _ := filepath.Abs(b.impl)
				driver, _ := filepath.Abs(filepath.Join("testdata", b.driver))
				lib := func(so string, extra ...string) {
					args := append([]string{"-std=c99"}, strict...)
					args = append(args, "-fPIC", "-shared", "-fvisibility=hidden", "-I", dir)
					args = append(append(args, extra...), "-o", so, impl, "helper.c", "-lm", "-pthread")
					run(t, dir, cc, args...)
				}
				lib("lib" + pkg.Name + ".so")
				got := exported(t, dir, "lib"+pkg.Name+".so")
				if d := diffSets(want, got); d != "" {
					t.Errorf("exported symbols differ from the header's functions:\n%s", d)
				}
				args := append([]string{"-std=c99"}, strict...)
				args = append(args, "-I", dir, "-o", "driver", driver, "-L", dir, "-l"+pkg.Name, "-lm", "-pthread", "-Wl,-rpath,"+dir)
				run(t, dir, cc, args...)
				if out := run(t, dir, filepath.Join(dir, "driver")); strings.TrimSpace(out) != "ok" {
					t.Errorf("driver: %s", out)
				}
				if cc != "gcc" {
					return // one compiler is proof enough
				}
				lib("libnone.so", "-D"+api+"=")
				if got := exported(t, dir, "libnone.so"); len(got) != 0 {
					t.Errorf("with %s defined empty, the library exports %v, want nothing", api, got)
				}
			})
		}
	}
}

// diffSets lists what is in want and not in got ("missing") and the
// reverse ("extra"), or "" when they are equal.
func diffSets(want, got []string) string {
	in := func(s []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range s {
			m[x] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, x := range want {
		if !g[x] {
			b.WriteString("missing: " + x + "\n")
		}
	}
	for _, x := range got {
		if !w[x] {
			b.WriteString("extra:   " + x + "\n")
		}
	}
	return b.String()
}
