package cbt

/*
#include "cbt.h"
extern int32_t hand_put(void *ctx, int64_t x, int64_t *out);
*/
import "C"

import "unsafe"

// The hand-written callback the benchmark compares the generated one
// with: the least an //export callback does, calling the user's Sink (a
// package variable, not looked up through ctx) with no handle, no recover
// and no error mapping.

var handSink Sink

//export hand_put
func hand_put(ctx unsafe.Pointer, x C.int64_t, out *C.int64_t) C.int32_t {
	v, err := handSink.Put(int64(x))
	if err != nil {
		return 1
	}
	*out = C.int64_t(v)
	return 0
}

// handPutMany calls cbt_put_many with a Sink struct built by hand around
// hand_put.
func handPutMany(n uint32) int64 {
	var s C.cbt_Sink
	s.put = (*[0]byte)(C.hand_put)
	var out C.int64_t
	if rc := C.cbt_put_many(&s, C.uint32_t(n), &out); rc != 0 {
		panic(rc)
	}
	return int64(out)
}
