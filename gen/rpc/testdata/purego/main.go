// Command purego serves a Go implementation of kv.idl to a client over a
// pipe, in one process, built with CGO_ENABLED=0: neither side needs the
// C library behind the header.
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
	fmt.Println("ok")
}
