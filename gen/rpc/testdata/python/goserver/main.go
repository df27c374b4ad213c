// Command goserver serves the cgo binding of conformance (the C library
// in this process) with the generated Go RPC server on the Unix socket
// named by its argument, until it is killed.
package main

import (
	"fmt"
	"net"
	"os"

	"bindgen.test/conformance"
)

func main() {
	ln, err := net.Listen("unix", os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := conformance.NewRPCServer(conformance.InProcess(), nil).Serve(ln); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
