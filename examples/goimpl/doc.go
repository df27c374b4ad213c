// Package goimpl is the example of a library written in Go behind a
// bindgen header: the primer's add (../add/add.idl) and the calc API
// (testdata/calc.idl) implemented in Go (libadd, libcalc), built with
// go build -buildmode=c-shared or -buildmode=c-archive, and called from
// Python through the same generated add.py and calc.py that call a C
// library, and from C through the same add.h and calc.h.
//
// add/ and calc/ are generated (go generate); libadd and libcalc are the
// hand-written implementations, each a main package whose init registers
// it. The tests in this package build both libraries both ways and run the
// Python and C programs against them.
package goimpl

//go:generate go run github.com/bindgen-dev/bindgen/cmd/bindgen gen --lang=c,goimpl --out add ../add/add.idl
//go:generate go run github.com/bindgen-dev/bindgen/cmd/bindgen gen --lang=c,goimpl,python --out calc ../../testdata/calc.idl
