package calc

// #include "calc.h"
import "C"

// liveAllocations is the number of blocks the C library allocated with
// calc_alloc that nobody has freed yet.
func liveAllocations() int64 { return int64(C.calc_live_allocations()) }
