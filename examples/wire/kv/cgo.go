package kv

// This file is not generated. `bindgen gen --lang=wire` writes the C codec
// (kv_wire.c) next to the Go and Python ones, and the go tool compiles a
// .c file only in a package that uses cgo; this file makes kv one, and
// gives kv_wire.c the allocator of kv.h that its decoders call. The Go
// codec itself uses no cgo.

// #define KV_IMPLEMENTATION
// #include "kv.h"
import "C"
