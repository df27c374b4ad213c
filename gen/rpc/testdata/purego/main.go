// Command purego serves a Go implementation of kv.idl to a client over a
// pipe, in one process, built with CGO_ENABLED=0: neither side needs the
// C library behind the header. Cell's methods take parameters named self
// and receiver, which their requests' receiver fields make way for.
package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"sync"

	"bindgen.test/kv"
)

type store struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (s *store) Get(_ context.Context, key string) (*[]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	if !ok {
		return nil, nil
	}
	return &v, nil
}

func (s *store) Put(_ context.Context, key string, value []byte) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, found := s.m[key]
	s.m[key] = value
	return found, nil
}

func (s *store) NewCell(_ context.Context, v int64) (kv.CellService, error) {
	return &cell{n: v}, nil
}

type cell struct{ n int64 }

func (c *cell) Add(_ context.Context, self int64) (int64, error) {
	c.n += self
	return c.n, nil
}

func (c *cell) AddProduct(_ context.Context, self, receiver int64) (int64, error) {
	c.n += self * receiver
	return c.n, nil
}

func (c *cell) Close() error { return nil }

func main() {
	a, b := net.Pipe()
	go kv.NewRPCServer(&store{m: map[string][]byte{}}, nil).ServeConn(a)
	c := kv.NewRPCClient(b, nil)
	defer c.Close()
	ctx := context.Background()
	found, err := c.Put(ctx, "k", []byte("v\x00w"))
	if err != nil || found {
		fmt.Println("put:", found, err)
		os.Exit(1)
	}
	if found, err = c.Put(ctx, "k", []byte("x")); err != nil || !found {
		fmt.Println("second put:", found, err)
		os.Exit(1)
	}
	v, err := c.Get(ctx, "k")
	if err != nil || v == nil || string(*v) != "x" {
		fmt.Println("get:", v, err)
		os.Exit(1)
	}
	if v, err = c.Get(ctx, "absent"); err != nil || v != nil {
		fmt.Println("get absent:", v, err)
		os.Exit(1)
	}
	cl, err := c.NewCell(ctx, 5)
	if err != nil {
		fmt.Println("new cell:", err)
		os.Exit(1)
	}
	if n, err := cl.Add(ctx, 2); err != nil || n != 7 {
		fmt.Println("add:", n, err)
		os.Exit(1)
	}
	if n, err := cl.AddProduct(ctx, 3, 4); err != nil || n != 19 {
		fmt.Println("add_product:", n, err)
		os.Exit(1)
	}
	if err := cl.Close(); err != nil {
		fmt.Println("close:", err)
		os.Exit(1)
	}
	fmt.Println("ok")
}
