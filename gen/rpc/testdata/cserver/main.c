/* A C library hosted in a child process: the generated dispatcher serves
 * testdata/c/conformance_impl.c on stdin/stdout, then reports the
 * library's live allocations (0 when every object of the connection was
 * released) on stderr. */
#include "conformance.h"
#include "conformance_rpc.h"

int main(void) {
    int rc = conformance_rpc_serve(stdin, stdout);
    fprintf(stderr, "live=%lld rc=%d\n", (long long)conformance_live_allocations(), rc);
    return 0;
}
