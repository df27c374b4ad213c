package main

import (
	"strings"

	"github.com/bindgen-dev/bindgen/gen"
	gengo "github.com/bindgen-dev/bindgen/gen/go"
	genpython "github.com/bindgen-dev/bindgen/gen/python"
	"github.com/bindgen-dev/bindgen/idl"
)

// genOptions is what a backend may need besides the package.
type genOptions struct {
	goPackage string
	// cHeader is the path the cgo file uses to include the C header,
	// relative to the Go output directory.
	cHeader string
}

// backend is one --lang value. Adding a language is one entry here.
type backend struct {
	name     string
	help     string
	generate func(pkg *idl.Package, o genOptions) ([]gen.File, error)
}

// backends lists every language in the order files are generated.
var backends = []backend{
	// {"c", "C ABI header <pkg>.h", func(pkg *idl.Package, o genOptions) ([]gen.File, error) { return genc.Generate(pkg) }},
	{"go", "Go types <pkg>.go and cgo wrapper <pkg>_cgo.go", func(pkg *idl.Package, o genOptions) ([]gen.File, error) {
		return gengo.Generate(pkg, gengo.Options{Package: o.goPackage, Header: o.cHeader})
	}},
	{"python", "Python module <pkg>.py (ctypes bindings)", func(pkg *idl.Package, o genOptions) ([]gen.File, error) {
		return genpython.Generate(pkg, genpython.Options{})
	}},
	// {"wire", ...},
}

// typeFilesOnly keeps the files a wire codec needs from a bindings
// backend: the types, not the cgo wrapper.
func typeFilesOnly(files []gen.File) []gen.File {
	var out []gen.File
	for _, f := range files {
		if !strings.HasSuffix(f.Path, "_cgo.go") {
			out = append(out, f)
		}
	}
	return out
}

func backendNames() []string {
	var names []string
	for _, b := range backends {
		names = append(names, b.name)
	}
	return names
}

func lookupBackend(name string) *backend {
	for i := range backends {
		if backends[i].name == name {
			return &backends[i]
		}
	}
	return nil
}
