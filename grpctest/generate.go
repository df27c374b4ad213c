// Package grpctest tests bindgen's gRPC transport (docs/rpc.md, "gRPC")
// end to end. It is a module of its own so that grpc is a dependency of
// these tests only, never of bindgen's main module.
package grpctest

//go:generate go tool bindgen gen --lang=rpc,grpc --grpc-go-import github.com/bindgen-dev/bindgen/grpctest/conformance --out conformance ../testdata/conformance.idl
