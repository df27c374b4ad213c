package cbt

// #include "cbt.h"
import "C"

// liveAllocations is the number of blocks the C library allocated with
// cbt_alloc and nobody has freed yet.
func liveAllocations() int64 { return int64(C.cbt_live_allocations()) }

// liveCallbacks is the number of callback contexts (cgo handles) that C
// may still use.
func liveCallbacks() int64 { return c_liveCallbacks.Load() }
