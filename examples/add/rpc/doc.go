// Package rpc is the primer's add served out of process, from each
// language to each other, with the API of the in-process bindings
// (docs/rpc.md). Every server listens on a Unix socket and answers the
// same calls; every client makes them:
//
//	server                         what serves add
//	go run ./goserver PATH         a Go implementation of add.Service
//	go run ./goserver -c PATH      the C library (add/add.c), through the cgo binding
//	python3 pyserver.py PATH       a Python class, with add_rpc.RpcServer
//	/tmp/cserver PATH              the C library, with the generated C dispatcher
//
//	client                         what calls it
//	go run ./goclient PATH         add.NewRPCClient
//	python3 client.py PATH         add_rpc.connect
//
// cserver without PATH serves its stdin and stdout: child.py runs the C
// library in a child process and calls it with the same code it uses in
// process (add_rpc.InProcess()).
//
// The directory add holds the generated files of ../add.idl and add.c,
// the C library (the one of examples/add, including this directory's
// add.h: with --lang=rpc the header also declares the RPC messages, so
// the library is built from the header of the same run).
//
// Build the C server and the shared library:
//
//	gcc -std=c99 -O2 -Iadd -o /tmp/cserver cserver/cserver.c add/add.c add/add_rpc.c add/add_wire.c
//	gcc -std=c99 -O2 -shared -fPIC -o /tmp/libadd.so add/add.c
//	ADD_LIBRARY=/tmp/libadd.so python3 child.py /tmp/cserver
package rpc

//go:generate go run github.com/bindgen-dev/bindgen/cmd/bindgen gen --lang=rpc --out add ../add.idl
