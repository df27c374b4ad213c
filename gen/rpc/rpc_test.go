package genrpc_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/gen"
	genc "github.com/bindgen-dev/bindgen/gen/c"
	gengo "github.com/bindgen-dev/bindgen/gen/go"
	genrpc "github.com/bindgen-dev/bindgen/gen/rpc"
	genwire "github.com/bindgen-dev/bindgen/gen/wire"
	"github.com/bindgen-dev/bindgen/idl"
	_ "github.com/bindgen-dev/bindgen/internal/golden"
	"github.com/bindgen-dev/bindgen/parser"
)

func load(t *testing.T, path string) *idl.Package {
	t.Helper()
	pkg, src, errs := parser.LoadFiles(path)
	if errs != nil {
		t.Fatalf("%s", idl.Format(errs, src))
	}
	return pkg
}

// TestMethodIDs pins the ids docs/rpc.md gives as examples: peers in
// other languages compute the same constants.
func TestMethodIDs(t *testing.T) {
	for key, want := range map[string]uint32{
		"add": 0x3b391274, "add_checked": 0xb7889f32, "Store.put": 0x06d84e31, "Store.new": 0x2ad0c53e,
		"Store.new.with_capacity": 0xe07b8279, "Store.~": 0x958af27a,
	} {
		if got := genrpc.MethodID(key); got != want {
			t.Errorf("MethodID(%q) = %#08x, want %#08x", key, got, want)
		}
	}
}

// TestPlanConformance checks the messages of testdata/conformance.idl:
// field numbering, handles as u64, and the functions not served.
func TestPlanConformance(t *testing.T) {
	plan, err := genrpc.NewPlan(load(t, "../../testdata/conformance.idl"))
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]*genrpc.Method{}
	for _, m := range plan.Methods {
		byKey[m.Key] = m
	}
	put := byKey["Store.put"]
	if put == nil || put.Request.Name != "StorePutMethodRequest" || len(put.Request.Fields) != 3 ||
		put.Request.Fields[0].Name != "self" || put.Request.Fields[0].Type.Kind != idl.KindU64 ||
		put.Request.Fields[2].Tag != 3 || put.Response == nil || put.Response.Name != "StorePutMethodResponse" ||
		len(put.Response.Fields) != 0 {
		t.Errorf("Store.put: %+v", put)
	}
	pick := byKey["Store.pick"]
	if pick == nil || pick.Request.Fields[1].Type.String() != "optional<u64>" || pick.Response.Fields[0].Type.String() != "optional<u64>" {
		t.Errorf("Store.pick: %+v", pick)
	}
	// A callable without parameters or result has empty message structs.
	if m := byKey["noop"]; m == nil || m.Request == nil || m.Request.Name != "NoopRequest" || len(m.Request.Fields) != 0 ||
		m.Response == nil || m.Response.Name != "NoopResponse" || len(m.Response.Fields) != 0 {
		t.Errorf("noop: %+v", m)
	}
	if m := byKey["Store.echo_empty"]; m == nil || m.Request.Name != "StoreEchoEmptyMethodRequest" ||
		m.Request.Fields[1].Type.String() != "Void" || m.Response.Fields[0].Type.String() != "Void" {
		t.Errorf("Store.echo_empty: %+v", m)
	}
	var skipped []string
	for _, s := range plan.Skipped {
		skipped = append(skipped, s.Name)
	}
	want := "shelf_size make_shelf clone_shelf clone_shelf_or_fail clone_slot clone_stores clone_named sizes"
	if strings.Join(skipped, " ") != want {
		t.Errorf("skipped %q, want %q", skipped, want)
	}
	aug := genrpc.Augment(plan.Pkg, plan)
	if aug.Lookup["StorePutMethodRequest"] == nil || plan.Pkg.Lookup["StorePutMethodRequest"] != nil {
		t.Error("Augment must add the messages to a copy only")
	}
	if aug.Lookup["NoopRequest"] == nil || aug.Lookup["StoreDestroyResponse"] == nil {
		t.Error("Augment must add the empty messages too")
	}
}

// TestPlanErrors: a declared name the messages need is reported with its
// position, not generated.
func TestPlanErrors(t *testing.T) {
	src := "package p;\nstruct AddRequest { x: i32 @1; }\nfn add(a: i32) -> i32;\n"
	pkg, errs := parser.Load("p.idl", []byte(src))
	if errs != nil {
		t.Fatal(errs)
	}
	_, err := genrpc.NewPlan(pkg)
	var list genrpc.Errors
	if !errors.As(err, &list) || len(list) != 1 {
		t.Fatalf("err = %v", err)
	}
	for i, want := range []string{`p.idl:2:1: error: struct "AddRequest" has the name of the RPC message of "add"`} {
		if !strings.HasPrefix(list[i].Error(), want) {
			t.Errorf("error %d = %q, want prefix %q", i, list[i], want)
		}
	}
}

// TestReceiverField: a method's receiver field is self, or, when a
// parameter's name meets self in a target language, the next free name
// (receiver, self2, ...). purego's Cell calls such methods end to end.
func TestReceiverField(t *testing.T) {
	src := "package p;\nobject O {\n    new();\n    fn a(x: i32);\n    fn b(self: i32);\n    fn c(Self_: i32, receiver: i32);\n    fn d(self2: i32, self: i32, receiver: i32);\n}\n"
	pkg, errs := parser.Load("p.idl", []byte(src))
	if errs != nil {
		t.Fatal(errs)
	}
	plan, err := genrpc.NewPlan(pkg)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"O.a": "self", "O.b": "receiver", "O.c": "self2", "O.d": "self3", "O.~": "self"}
	for _, m := range plan.Methods {
		if w, ok := want[m.Key]; ok {
			if got := m.Request.Fields[0].Name; got != w {
				t.Errorf("%s: receiver field %q, want %q", m.Key, got, w)
			}
			delete(want, m.Key)
		}
	}
	if len(want) > 0 {
		t.Errorf("no methods %v", want)
	}
}

// generate writes every file --lang=rpc writes for the IDL at path into
// dir, as cmd/bindgen does: the messages added to the package first.
func generate(t *testing.T, path, dir string) *genrpc.Plan {
	t.Helper()
	plan, err := genrpc.NewPlan(load(t, path))
	if err != nil {
		t.Fatal(err)
	}
	pkg := genrpc.Augment(plan.Pkg, plan)
	rpcFiles, err := genrpc.Generate(plan, genrpc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files := rpcFiles
	for _, g := range []func() ([]gen.File, error){
		func() ([]gen.File, error) { return genc.Generate(pkg, genc.Options{}) },
		func() ([]gen.File, error) { return gengo.Generate(pkg, gengo.Options{}) },
		func() ([]gen.File, error) {
			return genwire.Generate(pkg, genwire.Options{GoUses: genwire.GoSources(rpcFiles)})
		},
	} {
		f, err := g()
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f...)
	}
	files, err = gen.Merge(files)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Path), f.Content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return plan
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// goCmpVersion reads the go-cmp version the main module requires.
func goCmpVersion(t *testing.T) string {
	data, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "github.com/google/go-cmp" {
			return f[1]
		}
	}
	t.Fatal("go.mod does not require github.com/google/go-cmp")
	return ""
}

func run(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "CGO_ENABLED=1"), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestGoConformance builds the generated Go package of conformance.idl
// with testdata/c/conformance_impl.c through cgo, with the tests of
// testdata/conformance, and runs them: Go client against Go server (the
// cgo binding served), faults and concurrency (see those tests).
func TestGoConformance(t *testing.T) {
	dir := t.TempDir()
	generate(t, "../../testdata/conformance.idl", dir)
	copyFile(t, "../../testdata/c/conformance_impl.c", filepath.Join(dir, "conformance_impl.c"))
	ents, err := os.ReadDir("testdata/conformance")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		copyFile(t, filepath.Join("testdata/conformance", e.Name()), filepath.Join(dir, e.Name()))
	}
	copyFile(t, "../../go.sum", filepath.Join(dir, "go.sum"))
	mod := "module bindgen.test/conformance\n\ngo 1.26\n\nrequire github.com/google/go-cmp " + goCmpVersion(t) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644); err != nil {
		t.Fatal(err)
	}
	// The C dispatcher: warnings are errors in C99 and C++17 with gcc and
	// clang, and the server the tests run is built with ASan and UBSan.
	copyFile(t, "testdata/cserver/main.c", filepath.Join(dir, "main_c.txt"))
	strict := []string{"-Wall", "-Wextra", "-Wpedantic", "-Werror", "-c", "-o", os.DevNull}
	run(t, dir, nil, "gcc", append([]string{"-std=c99"}, append(strict, "conformance_rpc.c")...)...)
	run(t, dir, nil, "clang", append([]string{"-std=c99"}, append(strict, "conformance_rpc.c")...)...)
	run(t, dir, nil, "g++", append([]string{"-std=c++17", "-x", "c++"}, append(strict, "conformance_rpc.c")...)...)
	cserver := filepath.Join(dir, "cserver")
	run(t, dir, nil, "gcc", "-std=c99", "-g", "-O1", "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
		"-o", cserver, "-x", "c", "main_c.txt", "conformance_rpc.c", "conformance_wire.c", "conformance_impl.c")
	run(t, dir, nil, "go", "vet", ".")
	if out, err := exec.Command("gofmt", "-l", dir).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("gofmt -l: %s %v", out, err)
	}
	t.Log(run(t, dir, []string{"CONFORMANCE_RPC_C_SERVER=" + cserver}, "go", "test", "-count=1", "-v", "."))
}

// TestPureGoAndHelperNames generates testdata/purego/kv.idl, whose
// functions get and put are named like the C dispatcher's helpers: the
// dispatcher compiles strictly, and a Go client and server of a Go
// implementation build and run with CGO_ENABLED=0 (the cgo adapter,
// InProcess, is built with cgo only).
func TestPureGoAndHelperNames(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "kv"), 0o755); err != nil {
		t.Fatal(err)
	}
	generate(t, "testdata/purego/kv.idl", filepath.Join(dir, "kv"))
	copyFile(t, "testdata/purego/main.go", filepath.Join(dir, "main.go"))
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module bindgen.test\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, filepath.Join(dir, "kv"), nil, "gcc", "-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-c", "-o", os.DevNull, "kv_rpc.c")
	run(t, dir, []string{"CGO_ENABLED=0"}, "go", "vet", "./...")
	if out := run(t, dir, []string{"CGO_ENABLED=0"}, "go", "run", "."); strings.TrimSpace(out) != "ok" {
		t.Fatalf("purego: %s", out)
	}
}
