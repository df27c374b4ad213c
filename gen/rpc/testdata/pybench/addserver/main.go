// Command addserver listens on the Unix socket named by its argument and
// serves examples/add: with -raw, as the floor of a round trip (it reads
// each 17-byte CALL frame of add(2, 3) and writes back the 15 bytes of its
// RESULT, without decoding anything); else with the generated Go RPC
// server over the cgo binding.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net"
	"os"

	"bindgen.test/add"
)

func main() {
	raw := flag.Bool("raw", false, "answer fixed bytes instead of running the RPC server")
	flag.Parse()
	ln, err := net.Listen("unix", flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if !*raw {
		err = add.NewRPCServer(add.InProcess(), nil).Serve(ln)
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		go pingPong(c)
	}
}

// pingPong answers each add(2, 3) CALL with its RESULT, echoing the call
// id: the same bytes the RPC server writes.
func pingPong(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	in := make([]byte, 17)
	out := []byte{0x0b, 0, 0, 0, 3, 0, 0, 0, 0, 0x74, 0x12, 0x39, 0x3b, 0x08, 0x0a}
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
