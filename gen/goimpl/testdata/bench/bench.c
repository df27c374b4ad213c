/* bench.c times calls into calc.h from C, whichever library it is linked
   with (the C calc_impl.c or the Go libcalc archive): for each case the
   best of 7 rounds of 200,000 calls, in ns per call, printed as one JSON
   object. */
#define _POSIX_C_SOURCE 199309L
#include "calc.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

#define N 200000
#define ROUNDS 7

static volatile int64_t sink;

#define CASE(name, body)                                        \
    do {                                                        \
        double best = 1e300;                                    \
        int r;                                                  \
        long i;                                                 \
        for (r = 0; r < ROUNDS; r++) {                          \
            double t0 = now(), t;                               \
            for (i = 0; i < N; i++) {                           \
                body;                                           \
            }                                                   \
            t = (now() - t0) / N;                               \
            if (t < best) {                                     \
                best = t;                                       \
            }                                                   \
        }                                                       \
        printf("%s\"%s\": %.1f", first ? "" : ", ", name, best); \
        first = 0;                                              \
    } while (0)

int main(void) {
    int first = 1;
    calc_Segment seg;
    calc_String abc;
    calc_Bytes data;
    uint8_t buf[1024];
    calc_Accumulator *acc = calc_Accumulator_new(0);
    memset(&seg, 0, sizeof seg);
    seg.to.x = 4;
    abc.ptr = (char *)"abc";
    abc.len = 3;
    memset(buf, 7, sizeof buf);
    data.ptr = buf;
    data.len = sizeof buf;
    printf("{");
    CASE("add(i32, i32) -> i32", sink += calc_add((int32_t)i, 3));
    CASE("greet(string) -> string", {
        calc_String s = calc_greet(abc);
        sink += (int64_t)s.len;
        calc_String_release(&s);
    });
    CASE("midpoint(Segment) -> Point", sink += (int64_t)calc_midpoint(&seg).x);
    CASE("checksum(1 KiB bytes) -> u32", sink += calc_checksum(data));
    CASE("Accumulator.add(i64)", calc_Accumulator_add(acc, 1));
    CASE("Accumulator new + destroy", calc_Accumulator_destroy(calc_Accumulator_new(1)));
    printf("}\n");
    calc_Accumulator_destroy(acc);
    return calc_live_allocations() == 0 ? 0 : 1;
}
