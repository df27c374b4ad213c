package genwire

import (
	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
)

// Options configures Generate.
type Options struct {
	// GoPackage is the Go package name of <pkg>_wire.go; it must be the
	// package of gengo's <pkg>.go. The IDL package name when empty.
	GoPackage string
}

// Generate renders the wire codecs of pkg: <pkg>_wire.go and
// <pkg>_wire.py (and the C codec), all from one Layout.
func Generate(pkg *idl.Package, opts Options) ([]gen.File, error) {
	l := NewLayout(pkg)
	goFile, err := renderGo(l, pkg, opts.GoPackage)
	if err != nil {
		return nil, err
	}
	files := []gen.File{goFile, renderPython(l, pkg)}
	cFiles, err := renderC(l, pkg)
	if err != nil {
		return nil, err
	}
	return append(files, cFiles...), nil
}
