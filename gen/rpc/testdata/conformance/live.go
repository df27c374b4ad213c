package conformance

// #include "conformance.h"
import "C"

// liveAllocations is the number of blocks the C or C++ library allocated
// with conformance_alloc that nobody has freed yet.
func liveAllocations() int64 { return int64(C.conformance_live_allocations()) }
