// Command goserver serves the cgo binding of conformance.idl over gRPC on
// a Unix socket, for the Python tests: it prints "ready" when it listens
// and, when its stdin ends, stops and prints the C library's live
// allocations ("live=N").
package main

import (
	"fmt"
	"io"
	"net"
	"os"

	"google.golang.org/grpc"

	"github.com/bindgen-dev/bindgen/grpctest/conformance"
	"github.com/bindgen-dev/bindgen/grpctest/conformance/conformancegrpc"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: goserver SOCKET")
		os.Exit(2)
	}
	ln, err := net.Listen("unix", os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	s := grpc.NewServer()
	conformancegrpc.RegisterGRPCService(s, conformance.InProcess())
	go s.Serve(ln)
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin)
	s.Stop()
	fmt.Printf("live=%d\n", conformance.LiveAllocations())
}
