package prebuilt

import (
	"archive/zip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestWheel runs docs/packaging.md: it generates geom.py and geom_wire.py
// into a package, builds libgeom.so into it with cc, builds the wheel
// with pip and hatchling (no network: PIP_NO_INDEX), installs it into a
// fresh venv and calls the library from outside the project, with no
// GEOM_LIBRARY, LD_LIBRARY_PATH or PYTHONPATH, checking what the
// document says it prints. Then it checks the wheel's contents and that
// the installed module loaded the library installed beside it.
func TestWheel(t *testing.T) {
	t.Parallel()
	if out, err := exec.Command("python3", "-c", "import hatchling, venv, ensurepip").CombinedOutput(); err != nil {
		t.Fatalf("python3 needs hatchling and venv with ensurepip (.ci/run installs them): %v\n%s", err, out)
	}
	bin := buildBindgen(t)
	dir := project(t)
	home := t.TempDir()
	plat := strings.TrimSpace(run(t, "", nil, "python3", "-c", `import sysconfig; print(sysconfig.get_platform().replace("-", "_").replace(".", "_"))`))
	env := []string{pathWith(bin), "HOME=" + home, "GEOM_LIBRARY=", "LD_LIBRARY_PATH=", "PYTHONPATH=",
		"PIP_NO_INDEX=1", "PIP_DISABLE_PIP_VERSION_CHECK=1"}
	// The document shows this machine's tag as linux_x86_64.
	runScenario(t, "../../docs/packaging.md", docBlocks(t, "../../docs/packaging.md"), "wheel", dir, env,
		strings.NewReplacer(plat, "linux_x86_64").Replace)

	wheels, _ := filepath.Glob(filepath.Join(dir, "dist", "*.whl"))
	if len(wheels) != 1 {
		t.Fatalf("dist holds %d wheels, want 1", len(wheels))
	}
	zr, err := zip.OpenReader(wheels[0])
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		if !strings.Contains(f.Name, ".dist-info/") {
			names = append(names, f.Name)
		}
		if strings.HasSuffix(f.Name, ".dist-info/WHEEL") {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range []string{"Root-Is-Purelib: false", "Tag: py3-none-" + plat} {
				if !strings.Contains(string(b), w) {
					t.Errorf("WHEEL lacks %q:\n%s", w, b)
				}
			}
		}
	}
	sort.Strings(names)
	if got, want := strings.Join(names, " "), "geomkit/__init__.py geomkit/geom.py geomkit/geom_wire.py geomkit/libgeom.so"; got != want {
		t.Errorf("wheel holds %s, want %s", got, want)
	}

	// The installed module, imported from outside the project, loaded the
	// installed library beside it.
	script := `import os
from geomkit import geom
geom.dist2(geom.Point(), geom.Point())
here = os.path.dirname(geom.__file__)
print(geom.load()._name == os.path.join(here, "libgeom.so"), "site-packages" in here)`
	py := filepath.Join(home, "geomkit-venv", "bin", "python")
	if got := strings.TrimSpace(run(t, home, env, py, "-c", script)); got != "True True" {
		t.Errorf("installed module: got %q, want %q", got, "True True")
	}
	// Without the library in the package, the error names where it looked.
	site := strings.TrimSpace(run(t, home, env, py, "-c", "import geomkit, os; print(os.path.dirname(geomkit.__file__))"))
	if err := os.Remove(filepath.Join(site, "libgeom.so")); err != nil {
		t.Fatal(err)
	}
	script = `from geomkit import geom
try:
    geom.dist2(geom.Point(), geom.Point())
except geom.LibraryNotLoadedError as e:
    print(e)`
	got := run(t, home, env, py, "-c", script)
	if want := "looked in, in order: load(path) (no path given), the GEOM_LIBRARY environment variable (unset or empty), '" +
		filepath.Join(site, "libgeom.so") + "', ctypes.util.find_library('geom') (found nothing)"; !strings.Contains(got, want) {
		t.Errorf("without the library: got\n%s\nwant it to contain\n%s", got, want)
	}
}

func run(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}
