// Command wire is the out-of-process example: a key-value server that
// speaks the messages of kv.idl over TCP, encoded with the generated Go
// wire codec; client.py talks to it with the generated Python codec.
//
//	go run ./examples/wire -addr 127.0.0.1:7070 &
//	python3 examples/wire/client.py 127.0.0.1:7070
//
// Each message travels as a frame: a 4-byte little-endian length, then
// the message's wire encoding (docs/wire.md). The codec never trusts the
// peer: a malformed message is a decoding error, not a crash.
package main

//go:generate go run github.com/bindgen-dev/bindgen/cmd/bindgen gen --lang=wire --out kv kv.idl

import (
	"bufio"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"sync"

	"github.com/bindgen-dev/bindgen/examples/wire/kv"
)

// maxFrame bounds a frame before anything is allocated for it.
const maxFrame = 1 << 20

func main() {
	addr := flag.String("addr", "127.0.0.1:7070", "address to listen on")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintln(os.Stderr, "listening on", ln.Addr())
	log.Fatal(newStore().serve(ln))
}

type store struct {
	mu sync.Mutex
	m  map[string][]byte
}

func newStore() *store { return &store{m: map[string][]byte{}} }

// serve answers every connection of ln until ln is closed.
func (s *store) serve(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			defer conn.Close()
			if err := s.handle(conn); err != nil && !errors.Is(err, io.EOF) {
				log.Printf("%s: %v", conn.RemoteAddr(), err)
			}
		}()
	}
}

// handle answers the requests of one connection until it ends or sends
// something that is not a Request.
func (s *store) handle(conn net.Conn) error {
	r := bufio.NewReader(conn)
	var in, out []byte
	for {
		var hdr [4]byte
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return err
		}
		n := binary.LittleEndian.Uint32(hdr[:])
		if n > maxFrame {
			return fmt.Errorf("frame of %d bytes is over the %d limit", n, maxFrame)
		}
		in = append(in[:0], make([]byte, n)...)
		if _, err := io.ReadFull(r, in); err != nil {
			return err
		}
		var req kv.Request
		if err := req.UnmarshalBinary(in); err != nil {
			return fmt.Errorf("bad request: %w", err)
		}
		resp := s.apply(&req)
		// Encode after a 4-byte placeholder for the length, into a buffer
		// reused across requests.
		out = resp.AppendWire(append(out[:0], 0, 0, 0, 0))
		binary.LittleEndian.PutUint32(out, uint32(len(out)-4))
		if _, err := conn.Write(out); err != nil {
			return err
		}
	}
}

func (s *store) apply(req *kv.Request) kv.Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, found := s.m[req.Key]
	resp := kv.Response{Found: found}
	switch req.Op {
	case kv.OpGet:
		resp.Value = old
	case kv.OpPut:
		var v []byte
		if req.Value != nil {
			v = *req.Value
		}
		s.m[req.Key] = v
	case kv.OpDelete:
		delete(s.m, req.Key)
	}
	resp.Size = uint32(len(s.m))
	return resp
}
