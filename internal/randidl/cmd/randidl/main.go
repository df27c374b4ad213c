// Command randidl writes the random IDLs of package randidl, one file
// per seed, for tests outside the main module (which cannot import an
// internal package but can run this one) and for reading a seed's IDL:
//
//	go run ./internal/randidl/cmd/randidl -first 0 -n 12 -out /tmp/idl
//	go run ./internal/randidl/cmd/randidl -first 7 -n 1 -callbacks=false -out -
//
// The file of seed K is p<K>.idl and declares package p<K>, as in
// TestProperty. With -grpc-echo P (and -callbacks=false) it also writes,
// in the directory p<K>_echo, the runtime check of the gRPC transport
// (package echo): impl.c, the C library of the seed's functions, and
// live.go, both for the Go package P+p<K> that `bindgen gen
// --lang=rpc,grpc --grpc-go-import P+p<K>` writes, and echo_grpc_test.go,
// its external test, which makes the seed's echo calls through a Go gRPC
// client and server of the package P+p<K>/p<K>grpc, then runs
// echo_grpc.py, the same calls from the Python gRPC client, and makes
// them again from the Go client to echo_grpc_server.py, the Python gRPC
// server of the library.
package main

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/bindgen-dev/bindgen/internal/randidl"
	"github.com/bindgen-dev/bindgen/internal/randidl/echo"
)

func main() {
	first := flag.Uint64("first", 0, "the first seed")
	n := flag.Uint64("n", 1, "how many seeds")
	out := flag.String("out", "-", "the directory to write p<seed>.idl into; - prints them to stdout")
	callbacks := flag.Bool("callbacks", true, "use callback interfaces (the RPC backends refuse them); without, every other draw is the same")
	grpcEcho := flag.String("grpc-echo", "", "also write the gRPC runtime check of each seed, for Go packages under this import path prefix (needs -callbacks=false and -out DIR)")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "randidl: no arguments expected; see -help")
		os.Exit(2)
	}
	if *grpcEcho != "" && (*callbacks || *out == "-") {
		fmt.Fprintln(os.Stderr, "randidl: -grpc-echo needs -callbacks=false (the RPC backends refuse callbacks) and -out DIR")
		os.Exit(2)
	}
	var cs []randidl.Construct
	if !*callbacks {
		cs = slices.DeleteFunc(slices.Clone(randidl.All), func(c randidl.Construct) bool { return c == randidl.Callbacks })
	}
	if *out != "-" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "randidl:", err)
			os.Exit(1)
		}
	}
	for s := *first; s < *first+*n; s++ {
		name := fmt.Sprintf("p%d", s)
		r, err := randidl.Generate(s, randidl.Options{Constructs: cs, Package: name})
		if err != nil {
			fmt.Fprintf(os.Stderr, "randidl: seed %d: %v\n", s, err)
			os.Exit(1)
		}
		if *out == "-" {
			os.Stdout.Write(r.Src)
			continue
		}
		files := map[string][]byte{name + ".idl": r.Src}
		if *grpcEcho != "" {
			calls, kept := echo.Calls(r.Pkg, s)
			dir := name + "_echo"
			imp := *grpcEcho + name
			files[filepath.Join(dir, "impl.c")] = []byte(echo.CImpl(r.Pkg))
			files[filepath.Join(dir, "live.go")] = []byte(echo.GoLive(r.Pkg, name))
			files[filepath.Join(dir, "echo_grpc_test.go")] = []byte(echo.GoGRPCTest(r.Pkg, name, imp, imp+"/"+name+"grpc", calls, kept))
			files[filepath.Join(dir, echo.PyGRPCScript)] = []byte(echo.PyTest(r.Pkg, calls, kept, echo.PyGRPC))
			files[filepath.Join(dir, echo.PyGRPCServerScript)] = []byte(echo.PyGRPCServer(r.Pkg))
			if err := os.MkdirAll(filepath.Join(*out, dir), 0o755); err != nil {
				fmt.Fprintln(os.Stderr, "randidl:", err)
				os.Exit(1)
			}
		}
		for _, f := range slices.Sorted(maps.Keys(files)) {
			if err := os.WriteFile(filepath.Join(*out, f), files[f], 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "randidl:", err)
				os.Exit(1)
			}
		}
	}
}
