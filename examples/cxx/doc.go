// Package textkit is the C++ example: analyzer.cpp is an ordinary C++
// class, textkit_abi.cpp implements the flat C functions that the
// generated textkit.h declares by calling it, and this package calls them
// through the generated cgo wrapper (cgo compiles the .cpp files with g++).
// demo.py calls the same library, built as libtextkit.so, from Python.
//
// Regenerate the bindings with `go generate`.
package textkit

// The C++ standard the library is written in; the generated header itself
// compiles as C99 and as C++17.

// #cgo CXXFLAGS: -std=c++17 -Wall -Wextra -Werror
import "C"

//go:generate go run github.com/bindgen-dev/bindgen/cmd/bindgen gen --lang=c,go,python textkit.idl
