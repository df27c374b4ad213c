package conformance

// #include "conformance.h"
import "C"

// LiveAllocations is the number of blocks the C library allocated with
// conformance_alloc that nobody has freed yet.
func LiveAllocations() int64 { return int64(C.conformance_live_allocations()) }
