/* driver.c calls the Go-built panics library from C: a panic in a method
   and an error that is not a Failure come back as the documented code
   INT32_MIN with *out untouched, a wrapped Failure as its own code, a
   half-built result is released (nothing stays allocated); with the
   argument "boom" it calls boom(), which must abort the process. */
#include "panics.h"

#include <stdio.h>
#include <string.h>

int64_t panics_goimpl_live_handles(void);

static int failures;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                               \
        }                                                                             \
    } while (0)

static panics_String V(const char *s) {
    panics_String v;
    v.ptr = (char *)s;
    v.len = strlen(s);
    return v;
}

int main(int argc, char **argv) {
    panics_Bomb *b = panics_Bomb_new();
    uint32_t n = 7;
    panics_List_Bomb l;
    if (argc > 1 && strcmp(argv[1], "boom") == 0) {
        printf("%u\n", (unsigned)panics_boom(V("the sky is falling")));
        return 0; /* not reached: boom aborts */
    }
    CHECK(panics_Bomb_explode(b, V("kaboom"), &n) == INT32_MIN);
    CHECK(n == 7);
    CHECK(panics_Bomb_fail(b, 0) == 0);
    CHECK(panics_Bomb_fail(b, PANICS_FAILURE_WORSE) == PANICS_FAILURE_WORSE);
    CHECK(panics_Bomb_fail(b, 99) == INT32_MIN);
    l.ptr = NULL;
    l.len = 12345;
    CHECK(panics_Bomb_half(b, 3, &l) == INT32_MIN);
    CHECK(l.ptr == NULL && l.len == 12345);
    CHECK(panics_Bomb_ticks(b) == 6);
    panics_Bomb_destroy(b);
    CHECK(panics_live_allocations() == 0);
    CHECK(panics_goimpl_live_handles() == 0);
    if (failures) {
        return 1;
    }
    printf("ok\n");
    return 0;
}
