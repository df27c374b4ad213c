/* The C library behind the generated cgo binding of examples/add (the
 * benchmark serves a pure Go implementation; this only makes the package
 * link). It includes this directory's add.h, which holds the RPC
 * messages, not examples/add's. */
#define ADD_IMPLEMENTATION
#include "add.h"

int32_t add_add(int32_t a, int32_t b) {
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

int32_t add_add_checked(int32_t a, int32_t b, int32_t *out) {
    int64_t sum = (int64_t)a + (int64_t)b;
    if (sum > INT32_MAX || sum < INT32_MIN) {
        return ADD_ADD_ERROR_OVERFLOW;
    }
    *out = (int32_t)sum;
    return 0;
}
