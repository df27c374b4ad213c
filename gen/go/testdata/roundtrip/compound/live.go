package compound

// #include "compound.h"
import "C"

// liveAllocations is the number of blocks the C library allocated with
// compound_alloc and nobody has freed yet.
func liveAllocations() int64 { return int64(C.compound_live_allocations()) }
