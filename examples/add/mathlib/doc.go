// Package mathlib binds an existing C library as it is: the primer's
// mathlib.c, whose int add(int a, int b) was written without bindgen in
// mind. mathlib.idl declares it with extern; cgo compiles mathlib.c into
// this package, and the generated wrapper calls add through the library's
// own mathlib.h. demo.py calls the same function in libmath.so, built
// from the same file, through the generated mathlib.py.
//
// Regenerate the bindings with `go generate`.
package mathlib

//go:generate go run github.com/bindgen-dev/bindgen/cmd/bindgen gen --lang=c,go,python mathlib.idl
