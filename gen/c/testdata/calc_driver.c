/* calc_driver.c exercises every function of calc.h and every release
   path against testdata/c/calc_impl.c, and checks the results. Built by
   gen/c's TestSanitizers with -fsanitize=address,undefined; it exits
   non-zero on the first wrong answer and when calc_live_allocations() is
   not 0 at the end. Defining LEAK_ONE skips one release, which must make
   both the counter and LeakSanitizer report a leak. */
#include "calc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                    \
        }                                                                  \
    } while (0)

static calc_String str(const char *s, size_t n) {
    calc_String v;
    v.ptr = (char *)s;
    v.len = n;
    return v;
}

static void check_divide(int64_t a, int64_t b, calc_Rounding m, int32_t rc, int64_t want) {
    int64_t out = 12345;
    int32_t got = calc_divide(a, b, m, &out);
    if (got != rc || (rc == 0 && out != want) || (rc != 0 && out != 12345)) {
        fprintf(stderr, "divide(%lld, %lld, %d) = rc %d out %lld, want rc %d out %lld\n",
                (long long)a, (long long)b, (int)m, (int)got, (long long)out, (int)rc, (long long)want);
        failures++;
    }
}

int main(void) {
    CHECK(calc_add(2, 3) == 5);
    CHECK(calc_add(INT32_MAX, 1) == INT32_MIN);
    CHECK(calc_add(-7, -8) == -15);

    check_divide(7, 2, CALC_ROUNDING_DOWN, 0, 3);
    check_divide(-7, 2, CALC_ROUNDING_DOWN, 0, -4);
    check_divide(7, 2, CALC_ROUNDING_UP, 0, 4);
    check_divide(-7, 2, CALC_ROUNDING_UP, 0, -3);
    check_divide(5, 2, CALC_ROUNDING_NEAREST, 0, 3);
    check_divide(-5, 2, CALC_ROUNDING_NEAREST, 0, -3);
    check_divide(7, 3, CALC_ROUNDING_NEAREST, 0, 2);
    check_divide(8, 3, CALC_ROUNDING_NEAREST, 0, 3);
    check_divide(8, -3, CALC_ROUNDING_NEAREST, 0, -3);
    check_divide(6, 3, CALC_ROUNDING_UP, 0, 2);
    check_divide(1, 0, CALC_ROUNDING_DOWN, CALC_CALC_ERROR_DIVIDE_BY_ZERO, 0);
    check_divide(INT64_MIN, -1, CALC_ROUNDING_NEAREST, CALC_CALC_ERROR_OVERFLOW, 0);
    check_divide(INT64_MIN, 1, CALC_ROUNDING_NEAREST, 0, INT64_MIN);
    check_divide(INT64_MIN, 2, CALC_ROUNDING_UP, 0, INT64_MIN / 2);
    check_divide(INT64_MAX, INT64_MIN, CALC_ROUNDING_NEAREST, 0, -1);
    check_divide(INT64_MAX, INT64_MIN, CALC_ROUNDING_DOWN, 0, -1);
    check_divide(INT64_MAX, INT64_MIN, CALC_ROUNDING_UP, 0, 0);

    {
        calc_Segment s;
        calc_Point p;
        memset(&s, 0, sizeof s);
        s.from.x = 1;
        s.from.y = 2;
        s.to.x = 3;
        s.to.y = -6;
        s.weight = 9;
        s.visible = true;
        p = calc_midpoint(&s);
        CHECK(p.x == 2 && p.y == -2);
        calc_Point_release(&p);
        calc_Segment_release(&s);
        CHECK(s.weight == 0);
    }

    {
        static const char name[] = "w\0rld \xc3\xa9";
        calc_String g = calc_greet(str(name, sizeof name - 1));
        CHECK(g.len == 7 + sizeof name - 1);
        CHECK(memcmp(g.ptr, "hello, w\0rld \xc3\xa9", g.len) == 0);
        CHECK(calc_live_allocations() == 1);
        calc_String_release(&g);
        CHECK(g.ptr == NULL && g.len == 0);
        calc_String_release(&g); /* twice is harmless */
        g = calc_greet(str(NULL, 0));
        CHECK(g.len == 7 && memcmp(g.ptr, "hello, ", 7) == 0);
#ifndef LEAK_ONE
        calc_String_release(&g);
#endif
    }

    {
        calc_Bytes b;
        b.ptr = (uint8_t *)"123456789";
        b.len = 9;
        CHECK(calc_checksum(b) == 0xCBF43926u);
        b.ptr = NULL;
        b.len = 0;
        CHECK(calc_checksum(b) == 0);
    }

    calc_reset();

    {
        calc_Accumulator *a = calc_Accumulator_new(10), *c = NULL;
        calc_Accumulator_add(a, 5);
        calc_Accumulator_add(a, -20);
        CHECK(calc_Accumulator_total(a) == -5);
        calc_Accumulator_destroy(a);
        CHECK(calc_Accumulator_new_with_capacity(1, CALC_MAX_BATCH + 1, &c) == CALC_CALC_ERROR_OVERFLOW);
        CHECK(c == NULL);
        CHECK(calc_Accumulator_new_with_capacity(INT64_MAX, 16, &c) == 0);
        calc_Accumulator_add(c, 1);
        CHECK(calc_Accumulator_total(c) == INT64_MIN);
        calc_Accumulator_destroy(c);
        calc_Accumulator_destroy(NULL);
    }

    /* Release paths of types no calc function returns: build them the way
       a library would (calc_alloc), then release. */
    {
        calc_Shape sh;
        calc_Polygon *pg = &sh.u.polygon;
        memset(&sh, 0, sizeof sh);
        sh.tag = CALC_SHAPE_POLYGON;
        pg->name = calc_String_from("tri", 3);
        pg->vertices.len = 3;
        pg->vertices.ptr = (calc_Point *)calc_alloc(3 * sizeof(calc_Point));
        memset(pg->vertices.ptr, 0, 3 * sizeof(calc_Point));
        pg->fill = (uint32_t *)calc_alloc(sizeof(uint32_t));
        *pg->fill = 0xff00ffu;
        pg->labels.len = 2;
        pg->labels.keys = (calc_String *)calc_alloc(2 * sizeof(calc_String));
        pg->labels.values = (calc_String *)calc_alloc(2 * sizeof(calc_String));
        pg->labels.keys[0] = calc_String_from("a", 1);
        pg->labels.values[0] = calc_String_from("", 0);
        pg->labels.keys[1] = calc_String_from("b", 1);
        pg->labels.values[1] = calc_String_from("\0x", 2);
        CHECK(calc_live_allocations() > 5);
        calc_Shape_release(&sh);
        CHECK(sh.tag == 0);
        calc_Shape_release(&sh);

        /* A partially filled value: keys allocated, values not yet. */
        {
            calc_Polygon p;
            memset(&p, 0, sizeof p);
            p.labels.len = 1;
            p.labels.keys = (calc_String *)calc_alloc(sizeof(calc_String));
            p.labels.keys[0] = calc_String_from("k", 1);
            calc_Polygon_release(&p);
        }
        sh.tag = CALC_SHAPE_SEGMENT;
        calc_Shape_release(&sh);
        {
            calc_Bytes b = calc_Bytes_from((const uint8_t *)"\x00\x01", 2);
            calc_Bytes_release(&b);
            calc_Bytes_release(NULL);
            calc_String_release(NULL);
            calc_Opt_U32_release(NULL);
        }
    }

    if (calc_live_allocations() != 0) {
        fprintf(stderr, "leak: calc_live_allocations() = %lld\n", (long long)calc_live_allocations());
        failures++;
    }
    if (failures) {
        return 1;
    }
    printf("ok\n");
    return 0;
}
