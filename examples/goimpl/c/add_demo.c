/* add_demo.c calls the Go add library from C through the generated add.h:

       go build -buildmode=c-archive -o /tmp/libadd.a ./libadd
       cc -std=c99 -Iadd -o /tmp/add_demo c/add_demo.c /tmp/libadd.a -lpthread
       /tmp/add_demo */
#include "add.h"

#include <stdio.h>

int main(void) {
    int32_t sum = 0;
    printf("add(2, 3) = %d\n", (int)add_add(2, 3));
    printf("add(INT32_MAX, 1) = %d\n", (int)add_add(INT32_MAX, 1));
    if (add_add_checked(40, 2, &sum) == 0) {
        printf("add_checked(40, 2) = %d\n", (int)sum);
    }
    printf("add_checked(INT32_MAX, 1) returned %d (ADD_ADD_ERROR_OVERFLOW)\n", (int)add_add_checked(INT32_MAX, 1, &sum));
    return 0;
}
