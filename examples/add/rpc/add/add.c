/* The C library of examples/add. It includes the add.h of this
 * directory, generated with --lang=rpc, whose contract (and hash) holds
 * the RPC messages too. Exactly one file of a library defines
 * ADD_IMPLEMENTATION before including the header. */
#define ADD_IMPLEMENTATION
#include "add.h"

int32_t add_add(int32_t a, int32_t b) {
    /* Unsigned arithmetic wraps around without undefined behavior. */
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
