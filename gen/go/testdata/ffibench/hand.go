package ffibench

// The best hand-written cgo calls for the same C functions, the baseline
// the generated wrappers are measured against: zero-copy arguments, and
// (in the generated file's preamble, which covers the whole package)
// #cgo noescape/nocallback.

// #include "ffibench.h"
import "C"

import "unsafe"

func handAdd(a, b int32) int32 { return int32(C.ffibench_add(C.int32_t(a), C.int32_t(b))) }

func handLength(s string) uint64 {
	return uint64(C.ffibench_length(C.ffibench_String{ptr: (*C.char)(unsafe.Pointer(unsafe.StringData(s))), len: C.size_t(len(s))}))
}

func handGreet(s string) string {
	r := C.ffibench_greet(C.ffibench_String{ptr: (*C.char)(unsafe.Pointer(unsafe.StringData(s))), len: C.size_t(len(s))})
	out := C.GoStringN(r.ptr, C.int(r.len))
	C.ffibench_String_release(&r)
	return out
}

func handChecksum(b []byte) uint32 {
	return uint32(C.ffibench_checksum(C.ffibench_Bytes{ptr: (*C.uint8_t)(unsafe.SliceData(b)), len: C.size_t(len(b))}))
}

func handSumPoints(p []Point) float64 {
	return float64(C.ffibench_sum_points(C.ffibench_List_Point{ptr: (*C.ffibench_Point)(unsafe.Pointer(unsafe.SliceData(p))), len: C.size_t(len(p))}))
}

func liveAllocations() int64 { return int64(C.ffibench_live_allocations()) }
