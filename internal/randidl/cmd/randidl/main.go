// Command randidl writes the random IDLs of package randidl, one file
// per seed, for tests outside the main module (which cannot import an
// internal package but can run this one) and for reading a seed's IDL:
//
//	go run ./internal/randidl/cmd/randidl -first 0 -n 12 -out /tmp/idl
//	go run ./internal/randidl/cmd/randidl -first 7 -n 1 -callbacks=false -out -
//
// The file of seed K is p<K>.idl and declares package p<K>, as in
// TestProperty.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/bindgen-dev/bindgen/internal/randidl"
)

func main() {
	first := flag.Uint64("first", 0, "the first seed")
	n := flag.Uint64("n", 1, "how many seeds")
	out := flag.String("out", "-", "the directory to write p<seed>.idl into; - prints them to stdout")
	callbacks := flag.Bool("callbacks", true, "use callback interfaces (the RPC backends refuse them); without, every other draw is the same")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "randidl: no arguments expected; see -help")
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
		if err := os.WriteFile(filepath.Join(*out, name+".idl"), r.Src, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "randidl:", err)
			os.Exit(1)
		}
	}
}
