// Package bench compares bindgen's gRPC transport with grpc-go and
// protobuf on the add function of examples/add (docs/benchmarks.md).
package bench

// The bindgen files of examples/add, and the protobuf files of the same
// service (needs protoc, protoc-gen-go v1.36.12 and protoc-gen-go-grpc
// v1.6.2 on PATH).
//go:generate go tool bindgen gen --lang=rpc,grpc --grpc-go-import github.com/bindgen-dev/bindgen/grpctest/bench/add --out add ../../examples/add/add.idl
//go:generate protoc --go_out=addpb --go_opt=paths=source_relative --go-grpc_out=addpb --go-grpc_opt=paths=source_relative -I addpb addpb/add.proto
