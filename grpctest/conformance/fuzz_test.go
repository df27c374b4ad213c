package conformance_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"sync"
	"testing"

	. "github.com/bindgen-dev/bindgen/grpctest/conformance"
)

// bounded is the C library in process with the two functions whose work
// grows with a number in the request (iota's n, make_tree's fanout to
// the depth) held to small arguments, so that a fuzz input costs
// milliseconds instead of gigabytes. Every other call reaches the C
// library as sent.
type bounded struct{ Service }

func (b bounded) Iota(ctx context.Context, n uint32) ([]int64, error) {
	return b.Service.Iota(ctx, n%1000)
}

func (b bounded) MakeTree(ctx context.Context, depth, fanout uint8) (Tree, error) {
	return b.Service.MakeTree(ctx, depth%4, fanout%5)
}

// stream is a connection whose reads are one fuzz input and whose writes
// go nowhere: what a server sees from a client that sends the input and
// then closes its end.
type stream struct{ io.Reader }

func (stream) Write(b []byte) (int, error) { return len(b), nil }
func (stream) Close() error                { return nil }

// recorder is the client's end of a net.Pipe that keeps a copy of every
// byte the client sends.
type recorder struct {
	net.Conn
	mu   sync.Mutex
	sent bytes.Buffer
}

func (r *recorder) Write(b []byte) (int, error) {
	r.mu.Lock()
	r.sent.Write(b)
	r.mu.Unlock()
	return r.Conn.Write(b)
}

// recorded returns, for each call of calls() made by an RPC client on a
// connection of its own, the bytes the client sent (requests) and the
// bytes the server sent (answers): the fuzz targets' seeds, real frames
// of every method, objects and errors included.
func recorded(f *testing.F) (requests, answers [][]byte) {
	for _, cl := range calls() {
		cc, sc := net.Pipe()
		up, down := &recorder{Conn: cc}, &recorder{Conn: sc}
		served := make(chan error, 1)
		go func() { served <- NewRPCServer(InProcess(), nil).ServeConn(down) }()
		c := NewRPCClient(up, nil)
		cl.do(context.Background(), c) // a call that raises is a seed too
		c.Close()
		if err := <-served; err != nil {
			f.Fatalf("%s: server: %v", cl.name, err)
		}
		for _, r := range []*recorder{up, down} {
			r.mu.Lock()
			if r.sent.Len() == 0 {
				f.Fatalf("%s: a side sent nothing", cl.name)
			}
			r.mu.Unlock()
		}
		requests = append(requests, bytes.Clone(up.sent.Bytes()))
		answers = append(answers, bytes.Clone(down.sent.Bytes()))
	}
	return requests, answers
}

// FuzzRPCServer feeds the Go RPC server (NewRPCServer of the cgo binding)
// arbitrary client bytes on one connection. Whatever the bytes, the
// server answers or ends the connection without panicking, and once
// ServeConn has returned every object the connection made is destroyed
// and the C library has no allocation left from it.
func FuzzRPCServer(f *testing.F) {
	seeds, _ := recorded(f)
	for _, s := range seeds {
		f.Add(s)
	}
	all := bytes.Join(seeds, nil)
	f.Add(all) // every call on one connection
	f.Add(all[:len(all)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		before := LiveAllocations()
		NewRPCServer(bounded{InProcess()}, &RPCOptions{MaxFrame: 1 << 16}).ServeConn(stream{bytes.NewReader(data)})
		if n := LiveAllocations(); n != before {
			t.Fatalf("%d C allocations left after the connection ended (%d before)", n-before, before)
		}
	})
}

// FuzzRPCClient feeds the Go RPC client arbitrary server bytes while it
// makes one call of calls() (the first byte picks which) on a connection
// of its own. The seeds are the answers a server sent to each call.
// Whatever the bytes, the call returns, with a result or an error (a call
// that waited for ever would stop the fuzzer), and nothing panics.
func FuzzRPCClient(f *testing.F) {
	_, answers := recorded(f)
	for i, a := range answers {
		f.Add(append([]byte{byte(i)}, a...))
	}
	cs := calls()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		c := NewRPCClient(stream{bytes.NewReader(data[1:])}, &RPCOptions{MaxFrame: 1 << 16})
		cs[int(data[0])%len(cs)].do(context.Background(), c)
		c.Close()
	})
}
