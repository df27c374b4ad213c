package gengo_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExternStructHeaderLies builds testdata/extern/geom.idl's Go
// package against a geom.h that declares struct point's fields in the
// other order (testdata/extern/liar/geom.h): the layout assertions must
// stop the build, naming the field whose offset differs (cgo spells
// C.struct_point as _Ctype_struct_point in its message), instead of the
// wrapper reading x as y at run time.
func TestExternStructHeaderLies(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := buildRoundTrip(t, root, roundTrip{name: "liar", idl: "testdata/extern/geom.idl",
		impl: []string{"testdata/extern/geom.c", "testdata/extern/liar/geom.h"}})
	cmd := exec.Command("go", "build", ".")
	cmd.Dir = dir
	cmd.Env = append(cmd.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "CGO_ENABLED=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the package built against a header with struct point's fields swapped:\n%s", out)
	}
	if !strings.Contains(string(out), "unsafe.Offsetof(_Ctype_struct_point{}.x)") {
		t.Fatalf("the build failed, but not on struct point's layout:\n%s", out)
	}
	t.Logf("the build stops as it should:\n%s", firstLines(string(out), 4))
	// The honest header builds: the failure is the lie's, not the test's.
	good := buildRoundTrip(t, root, roundTrip{name: "honest", idl: "testdata/extern/geom.idl",
		impl: []string{"testdata/extern/geom.c", "testdata/extern/geom.h"}})
	goCmd(t, good, nil, "build", ".")
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
