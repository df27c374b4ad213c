// Round trips of add(2, 3) of examples/add over a Unix socket, Go client
// to Go server, against a raw socket ping-pong of the same bytes (the
// floor). Run by TestGoRPCBench (gen/rpc/go_bench_test.go) in a module
// with the generated package:
//
//	go test ./gen/rpc -run TestGoRPCBench -v -gorpc.bench
package bench

import (
	"bufio"
	"context"
	"io"
	"net"
	"path/filepath"
	"testing"

	"bindgen.test/add"
)

// call is the CALL frame of add(2, 3) with call id 1; result is its
// RESULT (sum 5), whose call id pingPong replaces.
var (
	call   = []byte{0x0d, 0, 0, 0, 1, 1, 0, 0, 0, 0x74, 0x12, 0x39, 0x3b, 0x08, 0x04, 0x10, 0x06}
	result = []byte{0x0b, 0, 0, 0, 3, 0, 0, 0, 0, 0x74, 0x12, 0x39, 0x3b, 0x08, 0x0a}
)

// goAdd is a Go implementation of the Service: Go to Go, no cgo.
type goAdd struct{}

func (goAdd) Add(_ context.Context, a, b int32) (int32, error) { return a + b, nil }
func (goAdd) AddChecked(_ context.Context, a, b int32) (int32, error) {
	s := int64(a) + int64(b)
	if s != int64(int32(s)) {
		return 0, add.AddErrorOverflow
	}
	return int32(s), nil
}

func listen(b *testing.B) net.Listener {
	ln, err := net.Listen("unix", filepath.Join(b.TempDir(), "s"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ln.Close() })
	return ln
}

func dial(b *testing.B, ln net.Listener) net.Conn {
	c, err := net.Dial("unix", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// pingPong answers each 17-byte CALL with the 15-byte RESULT the RPC
// server writes, echoing the call id, decoding nothing.
func pingPong(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	in := make([]byte, len(call))
	out := append([]byte(nil), result...)
	for {
		if _, err := io.ReadFull(r, in); err != nil {
			return
		}
		copy(out[5:9], in[5:9])
		if _, err := c.Write(out); err != nil {
			return
		}
	}
}

// BenchmarkRaw is the floor: the same bytes, written and read by hand.
func BenchmarkRaw(b *testing.B) {
	ln := listen(b)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go pingPong(c)
		}
	}()
	c := dial(b, ln)
	defer c.Close()
	in := make([]byte, len(result))
	for b.Loop() {
		if _, err := c.Write(call); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(c, in); err != nil {
			b.Fatal(err)
		}
	}
	if in[13] != 0x08 || in[14] != 0x0a {
		b.Fatalf("answer %x", in)
	}
}

func client(b *testing.B, impl add.Service) *add.RPCClient {
	ln := listen(b)
	go add.NewRPCServer(impl, nil).Serve(ln)
	c := add.NewRPCClient(dial(b, ln), nil)
	b.Cleanup(func() { c.Close() })
	return c
}

func check(b *testing.B, got int32, err error) {
	if err != nil || got != 5 {
		b.Fatalf("add(2, 3) = %d, %v", got, err)
	}
}

// BenchmarkRPC: the generated client and server, Go on both sides.
func BenchmarkRPC(b *testing.B) {
	c := client(b, goAdd{})
	ctx := context.Background()
	for b.Loop() {
		got, err := c.Add(ctx, 2, 3)
		check(b, got, err)
	}
}

// BenchmarkRPCOverC: the server serves the C library through the cgo
// binding (InProcess), which puts a C library behind a process boundary.
func BenchmarkRPCOverC(b *testing.B) {
	c := client(b, add.InProcess())
	ctx := context.Background()
	for b.Loop() {
		got, err := c.Add(ctx, 2, 3)
		check(b, got, err)
	}
}

// BenchmarkRPC64: 64 goroutines share one client (one connection); the
// time is per call, so it is the inverse of the throughput.
func BenchmarkRPC64(b *testing.B) {
	c := client(b, goAdd{})
	ctx := context.Background()
	b.SetParallelism((64 + 1) / 2) // GOMAXPROCS=2 here: 64 goroutines
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			got, err := c.Add(ctx, 2, 3)
			check(b, got, err)
		}
	})
}

// BenchmarkRaw64: the floor for 64 callers, 64 connections each doing
// the raw ping-pong (a raw socket has no call ids to share one).
func BenchmarkRaw64(b *testing.B) {
	ln := listen(b)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go pingPong(c)
		}
	}()
	b.SetParallelism((64 + 1) / 2)
	b.RunParallel(func(pb *testing.PB) {
		c := dial(b, ln)
		defer c.Close()
		in := make([]byte, len(result))
		for pb.Next() {
			if _, err := c.Write(call); err != nil {
				b.Error(err)
				return
			}
			if _, err := io.ReadFull(c, in); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
