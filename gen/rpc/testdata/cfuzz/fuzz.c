/* libFuzzer target of the generated C RPC dispatcher of
 * testdata/conformance.idl, built with ASan and UBSan around
 * testdata/c/conformance_impl.c (TestCDispatcherFuzz). Each input is
 * the byte stream one client sends on one connection: the dispatcher
 * must answer it or close, without a sanitizer report, and when the
 * stream ends it must have destroyed every object the connection made,
 * leaving the library nothing allocated.
 *
 * Two functions do work that grows with a number in the request (iota's
 * n, make_tree's fanout to the depth): the library's own versions are
 * compiled under other names (-Dconformance_iota=impl_iota ...) and the
 * dispatcher calls these, which hold the arguments small. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "conformance.h"
#include "conformance_rpc.h"

conformance_List_I64 impl_iota(uint32_t n);
conformance_Tree impl_make_tree(uint8_t depth, uint8_t fanout);

conformance_List_I64 conformance_iota(uint32_t n) { return impl_iota(n % 1000u); }

conformance_Tree conformance_make_tree(uint8_t depth, uint8_t fanout) {
    return impl_make_tree((uint8_t)(depth % 4u), (uint8_t)(fanout % 5u));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static FILE *sink;
    FILE *in;
    if (sink == NULL && (sink = fopen("/dev/null", "wb")) == NULL) {
        abort();
    }
    if (size == 0) {
        return 0; /* fmemopen needs a buffer */
    }
    if ((in = fmemopen((void *)(uintptr_t)data, size, "rb")) == NULL) {
        abort();
    }
    (void)conformance_rpc_serve(in, sink);
    fclose(in);
    if (conformance_live_allocations() != 0) {
        fprintf(stderr, "%lld allocations left after the connection\n", (long long)conformance_live_allocations());
        abort();
    }
    return 0;
}
