package main

// #include <stdint.h>
import "C"

import "runtime"

// conformance_test_heap_objects collects garbage and returns the number of
// live Go heap objects: the handle test reads it to prove that destroyed
// handles leave nothing behind in Go (cgo.Handle keeps its values in a
// global map, so a handle never deleted would stay reachable).
//
//export conformance_test_heap_objects
func conformance_test_heap_objects() C.int64_t {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return C.int64_t(m.HeapObjects)
}
