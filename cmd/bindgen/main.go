// Command bindgen turns an IDL file into C, Go and Python bindings and a
// binary wire codec. This package is wiring only: flags → parser →
// idl.Check → generators → gen.Write. Run is the whole program, so tests
// call it directly.
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	// bindgen is a short-lived batch process that builds one model and
	// writes text from it: collecting garbage less often trades a little
	// memory for time (about 15% of a large run went to the collector).
	// GOGC in the environment still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	os.Exit(RunAs(invocation(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
