// Command goclient calls add on the server at a Unix socket, whatever its
// language: the calls and errors are those of the in-process binding.
//
//	go run ./goclient /tmp/add.sock
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"math"
	"net"
	"os"
	"time"

	"github.com/bindgen-dev/bindgen/examples/add/rpc/add"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: goclient SOCKET")
	}
	conn, err := net.Dial("unix", os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	client := add.NewRPCClient(conn, nil)
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// The code below takes any add.Service: add.InProcess() would call
	// the C library in this process instead.
	if err := run(ctx, client); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, svc add.Service) error {
	sum, err := svc.Add(ctx, 2, 3)
	if err != nil {
		return err
	}
	fmt.Println("add(2, 3) =", sum)
	if sum, err = svc.Add(ctx, math.MaxInt32, 1); err != nil {
		return err
	}
	fmt.Println("add(2147483647, 1) =", sum)
	if sum, err = svc.AddChecked(ctx, 40, 2); err != nil {
		return err
	}
	fmt.Println("add_checked(40, 2) =", sum)
	_, err = svc.AddChecked(ctx, math.MaxInt32, 1)
	if !errors.Is(err, add.AddErrorOverflow) {
		return fmt.Errorf("add_checked(2147483647, 1): got %v, want AddErrorOverflow", err)
	}
	fmt.Println("add_checked(2147483647, 1) raised AddError.OVERFLOW")
	return nil
}
