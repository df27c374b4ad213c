/* calc_demo.c calls the Go calc library from C through the generated
   calc.h, the header a C implementation defines:

       go build -buildmode=c-archive -o /tmp/libcalc.a ./libcalc
       cc -std=c99 -Icalc -o /tmp/calc_demo c/calc_demo.c /tmp/libcalc.a -lpthread
       /tmp/calc_demo

   Every string it gets back is the caller's, released with
   calc_String_release; every handle is destroyed once. */
#include "calc.h"

#include <stdio.h>
#include <string.h>

int main(void) {
    int64_t q = 0;
    calc_Segment s;
    calc_Point m;
    calc_String name, hello;
    calc_Accumulator *acc;

    printf("add(2, 3) = %d\n", (int)calc_add(2, 3));
    if (calc_divide(7, 2, CALC_ROUNDING_UP, &q) == 0) {
        printf("divide(7, 2, UP) = %lld\n", (long long)q);
    }
    printf("divide(1, 0) returned %d (CALC_CALC_ERROR_DIVIDE_BY_ZERO)\n", (int)calc_divide(1, 0, CALC_ROUNDING_NEAREST, &q));

    memset(&s, 0, sizeof s);
    s.to.x = 4;
    s.to.y = 2;
    m = calc_midpoint(&s);
    printf("midpoint = (%g, %g)\n", m.x, m.y);

    name.ptr = (char *)"C";
    name.len = 1;
    hello = calc_greet(name);
    printf("greet(\"C\") = \"%.*s\"\n", (int)hello.len, hello.ptr);
    calc_String_release(&hello);

    acc = calc_Accumulator_new(40);
    calc_Accumulator_add(acc, 2);
    printf("Accumulator(40).add(2).total() = %lld\n", (long long)calc_Accumulator_total(acc));
    calc_Accumulator_destroy(acc);

    printf("live allocations: %lld\n", (long long)calc_live_allocations());
    return calc_live_allocations() == 0 ? 0 : 1;
}
