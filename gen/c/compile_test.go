package genc

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/internal/cabi"
)

// strict are the warning flags every generated header must pass, beyond
// the -Wall -Wextra -Wpedantic -Werror of the contract: the extra ones
// catch a missing prototype or a shadowed name before a user's build does.
var strict = []string{"-Wall", "-Wextra", "-Wpedantic", "-Werror", "-Wshadow", "-Wmissing-prototypes", "-Wstrict-prototypes"}

var strictCXX = []string{"-Wall", "-Wextra", "-Wpedantic", "-Werror", "-Wshadow", "-Wmissing-declarations"}

// run runs a command in dir and fails t with its output on error.
func run(t testing.TB, dir string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestCompile compiles every generated header with gcc and clang as C99
// and with g++ and clang++ as C++17, with and without the implementation
// section, as the only include of a translation unit, and with the
// includer's own definition of the export macro.
func TestCompile(t *testing.T) {
	for _, path := range testIDLs(t) {
		pkg, hdr := header(t, path)
		name := strings.TrimSuffix(filepath.Base(path), ".idl")
		dir := t.TempDir()
		h := pkg.Name + ".h"
		impl := strings.ToUpper(pkg.Name) + "_IMPLEMENTATION"
		api := cabi.ExportMacro(pkg)
		files := map[string]string{
			h:        string(hdr),
			"decl.c": "#include \"" + h + "\"\n#include \"" + h + "\"\nint main(void) { return 0; }\n",
			"impl.c": "#define " + impl + "\n#include \"" + h + "\"\nint main(void) { return (int)" + pkg.Name + "_live_allocations(); }\n",
			// The includer's own export macro wins over the header's.
			"api.c": "#define " + api + " extern\n#include \"" + h + "\"\nint main(void) { return 0; }\n",
		}
		files["decl.cpp"] = files["decl.c"]
		files["impl.cpp"] = files["impl.c"]
		files["api.cpp"] = files["api.c"]
		for n, s := range files {
			if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, cc := range []struct{ tool, std, ext string }{
			{"gcc", "-std=c99", ".c"},
			{"clang", "-std=c99", ".c"},
			{"g++", "-std=c++17", ".cpp"},
			{"clang++", "-std=c++17", ".cpp"},
		} {
			for _, unit := range []string{"decl", "impl", "api"} {
				cc, unit := cc, unit
				t.Run(name+"/"+cc.tool+"/"+unit, func(t *testing.T) {
					t.Parallel()
					flags := strict
					if cc.ext == ".cpp" {
						flags = strictCXX
					}
					args := append([]string{cc.std}, flags...)
					// Compile only: the implementation section calls the
					// library's destroy functions, which only the library
					// defines.
					args = append(args, "-c", "-o", unit+"_"+cc.tool+".o", unit+cc.ext)
					run(t, dir, cc.tool, args...)
				})
			}
		}
	}
}
