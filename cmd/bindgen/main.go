// Command bindgen turns an IDL file into C, Go and Python bindings and a
// binary wire codec. This package is wiring only: flags → parser →
// idl.Check → generators → gen.Write. Run is the whole program, so tests
// call it directly.
package main

import "os"

func main() {
	os.Exit(Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
