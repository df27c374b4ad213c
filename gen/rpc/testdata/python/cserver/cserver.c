/* cserver: the C dispatcher of conformance serving testdata/c/conformance_impl.c
 * on stdin and stdout; exits 0 at a clean end of input, after the
 * dispatcher destroyed every object it held. */
#include <stdio.h>

#include "conformance.h"
#include "conformance_rpc.h"

int main(void) {
    int rc = conformance_rpc_serve(stdin, stdout);
    if (rc == 0 && conformance_live_allocations() != 0) {
        fprintf(stderr, "cserver: %lld live allocations at exit\n", (long long)conformance_live_allocations());
        return 2;
    }
    return rc == 0 ? 0 : 1;
}
