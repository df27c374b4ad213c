// Command addserver serves add twice on one grpc-go server over a Unix
// socket, for the Python benchmark (pybench.py): through the generated
// addgrpc package (the bindgen codec) and as the protobuf service of
// addpb. It prints "listening on SOCKET" to stderr when it listens and
// stops when its stdin ends.
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"

	"google.golang.org/grpc"

	"github.com/bindgen-dev/bindgen/grpctest/bench/add"
	"github.com/bindgen-dev/bindgen/grpctest/bench/add/addgrpc"
	"github.com/bindgen-dev/bindgen/grpctest/bench/addpb"
)

// goAdd is add.Service in pure Go, as in the Go benchmark.
type goAdd struct{}

func (goAdd) Add(_ context.Context, a, b int32) (int32, error) { return a + b, nil }

func (goAdd) AddChecked(_ context.Context, a, b int32) (int32, error) {
	s := int64(a) + int64(b)
	if s != int64(int32(s)) {
		return 0, add.AddErrorOverflow
	}
	return int32(s), nil
}

// pbAdd is the same function as the protobuf service.
type pbAdd struct {
	addpb.UnimplementedAddServer
}

func (pbAdd) Add(_ context.Context, r *addpb.AddRequest) (*addpb.AddResponse, error) {
	return &addpb.AddResponse{Result: r.A + r.B}, nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: addserver SOCKET")
		os.Exit(2)
	}
	ln, err := net.Listen("unix", os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	s := grpc.NewServer()
	addgrpc.RegisterGRPCService(s, goAdd{})
	addpb.RegisterAddServer(s, pbAdd{})
	go s.Serve(ln)
	fmt.Fprintln(os.Stderr, "listening on", os.Args[1])
	io.Copy(io.Discard, os.Stdin)
	s.Stop()
}
