package prebuilt

import (
	"os/exec"
	"testing"
)

// TestLinking runs docs/linking.md: in a fresh directory for each recipe
// it builds libgeom.a and libgeom.so with cc from c/geom.c, generates the
// Go package into a module of its own, adds the recipe's hand-written
// link.go, builds the program with go build and runs it, checking the
// output the document shows. The static programs (-lgeom, and the
// archive's path beside a shared library) run with the library
// directory deleted; the shared ones (rpath to ${SRCDIR}, rpath $ORIGIN
// with the program and library moved elsewhere, pkg-config) run with
// LD_LIBRARY_PATH unset.
func TestLinking(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"cc", "ar", "pkg-config"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is required (.ci/run installs it): %v", tool, err)
		}
	}
	bin := buildBindgen(t)
	blocks := docBlocks(t, "../../docs/linking.md")
	for _, scenario := range []string{"static", "archive", "shared", "origin", "pkgconfig"} {
		t.Run(scenario, func(t *testing.T) {
			env := []string{pathWith(bin), "LD_LIBRARY_PATH=", "CGO_ENABLED=1", "GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local", "PKG_CONFIG_PATH="}
			runScenario(t, "../../docs/linking.md", blocks, scenario, project(t), env, nil)
		})
	}
}
