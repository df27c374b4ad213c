// Package czlib binds the system's zlib as it is, through its own
// <zlib.h>: czlib.idl declares crc32, adler32, zlibVersion, compressBound,
// compress2 and uncompress with extern, C's vocabulary, bytes as a pointer
// + length pair, out buffers the wrapper allocates and C fills, a status
// result (ok 0) and cstring. This file
// is the one bindgen does not write: the link flag is the build's, not
// the IDL's.
//
// Regenerate the bindings with `go generate`.
package czlib

// #cgo LDFLAGS: -lz
import "C"

//go:generate go run github.com/bindgen-dev/bindgen/cmd/bindgen gen --lang=c,go,python czlib.idl
