// Package add is the first bindgen example: the C library in add.c
// implements the functions that add.idl declares, and this package calls
// them through the cgo wrapper that bindgen generates (cgo compiles add.c
// along with the package). demo.py calls the same library from Python.
//
// Regenerate the bindings with `go generate`.
package add

//go:generate go run github.com/bindgen-dev/bindgen/cmd/bindgen gen --lang=c,go,python add.idl
