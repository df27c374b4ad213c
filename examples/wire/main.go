//go:build !cgo

// Command wire is the out-of-process example: a key-value store written
// in Go, served over TCP with the RPC that bindgen generates from kv.idl;
// client.py calls it from Python through the generated kv_rpc.py.
//
//	CGO_ENABLED=0 go run ./examples/wire -addr 127.0.0.1:7070 &
//	python3 examples/wire/client.py 127.0.0.1:7070
//
// The store is plain Go: it implements kv.Service, and kv.NewRPCServer
// does the rest (framing, decoding each request, dispatch, typed errors,
// limits, one goroutine per call). A malformed frame or request is
// answered with a fault and never reaches the store (docs/rpc.md).
//
// The generated package kv also holds the cgo binding of a C library
// implementing kv.h (kv_cgo.go), which this program does not have. It is
// therefore built with CGO_ENABLED=0 (hence the build constraint): then
// the go tool leaves out every cgo file and kv is pure Go, a client and
// a server of any Go implementation of kv.Service.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"sync"

	"github.com/bindgen-dev/bindgen/examples/wire/kv"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:7070", "address to listen on")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintln(os.Stderr, "listening on", ln.Addr())
	log.Fatal(kv.NewRPCServer(newStore(), nil).Serve(ln))
}

// store implements kv.Service. Calls arrive on many goroutines at once.
type store struct {
	mu sync.Mutex
	m  map[string][]byte
}

func newStore() *store { return &store{m: map[string][]byte{}} }

func (s *store) Put(_ context.Context, key string, value []byte) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, found := s.m[key]
	s.m[key] = value
	return found, nil
}

func (s *store) Get(_ context.Context, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	if !ok {
		// The IDL error: the client gets kv.KvErrorNotFound in Go,
		// kv.KvError with .code NOT_FOUND in Python.
		return nil, kv.KvErrorNotFound
	}
	return v, nil
}

func (s *store) Remove(_ context.Context, key string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, found := s.m[key]
	delete(s.m, key)
	return found, nil
}

func (s *store) Size(context.Context) (uint32, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return uint32(len(s.m)), nil
}
