// Command goserver serves add on a Unix socket: its own Go
// implementation, or with -c the C library through the cgo binding.
//
//	go run ./goserver /tmp/add.sock
//	go run ./goserver -c /tmp/add.sock
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math"
	"net"
	"os"

	"github.com/bindgen-dev/bindgen/examples/add/rpc/add"
)

// adder is add written in Go: any implementation of add.Service can be
// served.
type adder struct{}

func (adder) Add(_ context.Context, a, b int32) (int32, error) { return a + b, nil }

func (adder) AddChecked(_ context.Context, a, b int32) (int32, error) {
	sum := int64(a) + int64(b)
	if sum > math.MaxInt32 || sum < math.MinInt32 {
		return 0, add.AddErrorOverflow // arrives as the same typed error
	}
	return int32(sum), nil
}

func main() {
	useC := flag.Bool("c", false, "serve the C library (add.InProcess()) instead of the Go implementation")
	flag.Parse()
	if flag.NArg() != 1 {
		log.Fatal("usage: goserver [-c] SOCKET")
	}
	var impl add.Service = adder{}
	if *useC {
		impl = add.InProcess()
	}
	ln, err := net.Listen("unix", flag.Arg(0))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintln(os.Stderr, "listening on", flag.Arg(0))
	log.Fatal(add.NewRPCServer(impl, nil).Serve(ln))
}
