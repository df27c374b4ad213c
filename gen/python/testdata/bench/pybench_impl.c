/* The C side of the Python FFI benchmarks: the smallest honest work per
 * call, so the numbers measure the binding, not the callee. */
#define PYBENCH_IMPLEMENTATION
#include "pybench.h"

#include <string.h>

int32_t pybench_add(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }

uint32_t pybench_checksum(pybench_Bytes data) {
    /* Touch the first and last byte only: the benchmark is about passing
     * 1 MiB without a copy, not about hashing it. */
    if (data.len == 0) return 0;
    return (uint32_t)data.ptr[0] + (uint32_t)data.ptr[data.len - 1] + (uint32_t)data.len;
}

double pybench_sum_points(pybench_List_Point points) {
    double s = 0;
    for (size_t i = 0; i < points.len; i++) s += points.ptr[i].x + points.ptr[i].y;
    return s;
}

pybench_List_Point pybench_make_points(uint32_t n) {
    pybench_List_Point r = {NULL, 0};
    if (n == 0) return r;
    r.ptr = (pybench_Point *)pybench_alloc(n * sizeof *r.ptr);
    r.len = n;
    for (uint32_t i = 0; i < n; i++) {
        r.ptr[i].x = (double)i;
        r.ptr[i].y = -(double)i;
    }
    return r;
}

pybench_List_I64 pybench_make_ints(uint32_t n) {
    pybench_List_I64 r = {NULL, 0};
    if (n == 0) return r;
    r.ptr = (int64_t *)pybench_alloc(n * sizeof *r.ptr);
    r.len = n;
    for (uint32_t i = 0; i < n; i++) r.ptr[i] = (int64_t)i * 3;
    return r;
}

pybench_String pybench_greet(pybench_String name) {
    pybench_String r;
    r.len = name.len + 7;
    r.ptr = (char *)pybench_alloc(r.len);
    memcpy(r.ptr, "hello, ", 7);
    if (name.len) memcpy(r.ptr + 7, name.ptr, name.len);
    return r;
}

uint64_t pybench_data_address(pybench_Bytes data) {
    return (uint64_t)(uintptr_t)data.ptr;
}
