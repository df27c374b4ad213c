package gen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCFilesWithoutCgo(t *testing.T) {
	dir := t.TempDir()
	at := func(parts ...string) string { return filepath.Join(append([]string{dir}, parts...)...) }
	for path, content := range map[string]string{
		at("handcgo", "cgo.go"):       "package p\n\n// #include <stdio.h>\nimport \"C\"\n",
		at("handplain", "plain.go"):   "package p\n",
		at("testonly", "cgo_test.go"): "package p\n\nimport \"C\"\n",
		at("replaced", "p_cgo.go"):    "package p\n\nimport \"C\"\n",
		at("broken", "broken.go"):     "package p\nimport \"C\n",
	} {
		os.MkdirAll(filepath.Dir(path), 0o755)
		os.WriteFile(path, []byte(content), 0o644)
	}
	c := []byte("int x;\n")
	plain := []byte("package p\n")
	cgo := []byte("package p\n\nimport (\n\t\"C\"\n\t\"unsafe\"\n)\n\nvar _ = unsafe.Sizeof(0)\n")
	files := []File{
		{at("onlyc", "p_wire.c"), c},                                   // no Go at all: fine
		{at("gencgo", "p_wire.c"), c}, {at("gencgo", "p_cgo.go"), cgo}, // a generated cgo file: fine
		{at("genplain", "p_wire.c"), c}, {at("genplain", "p.go"), plain}, // refused
		{at("handcgo", "p_wire.c"), c}, {at("handcgo", "p.go"), plain}, // a hand-written cgo file: fine
		{at("handplain", "p_wire.c"), c},                                 // Go on disk, no cgo: refused
		{at("testonly", "p_wire.c"), c}, {at("testonly", "p.go"), plain}, // a cgo test file is not the package
		{at("replaced", "p_wire.c"), c}, {at("replaced", "p_cgo.go"), plain}, // the plan replaces the cgo file
		{at("broken", "p_wire.c"), c}, // an unparsable file imports nothing
	}
	want := []string{at("broken"), at("genplain"), at("handplain"), at("replaced"), at("testonly")}
	if diff := cmp.Diff(want, CFilesWithoutCgo(files)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
