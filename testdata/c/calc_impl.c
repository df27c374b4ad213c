/*
 * calc_impl.c: a reference C implementation of testdata/calc.idl, built
 * against the generated calc.h. Round-trip tests (Go, Python, C) link it.
 * This is the one file of the library that defines CALC_IMPLEMENTATION, so
 * it also exports calc_alloc, calc_free, calc_live_allocations and every
 * release function.
 *
 * Semantics (what tests may rely on):
 *
 *   add(a, b)          a + b with 32-bit two's complement wraparound
 *                      (add(INT32_MAX, 1) == INT32_MIN); never fails.
 *   divide(a, b, mode) a / b rounded by mode:
 *                        DOWN    toward negative infinity (floor),
 *                        UP      toward positive infinity (ceiling),
 *                        NEAREST to the nearest integer, ties away from
 *                                zero (divide(5, 2) == 3, divide(-5, 2) == -3);
 *                        any other mode value rounds like NEAREST.
 *                      b == 0 raises DIVIDE_BY_ZERO; a == INT64_MIN with
 *                      b == -1 raises OVERFLOW. On error *out is untouched.
 *   midpoint(s)        ((from.x + to.x) / 2, (from.y + to.y) / 2);
 *                      weight and visible are ignored.
 *   greet(name)        a new string: the 7 bytes "hello, " followed by the
 *                      bytes of name, copied as they are (embedded NUL and
 *                      non-ASCII UTF-8 survive). greet("") == "hello, ".
 *   checksum(data)     CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320,
 *                      init and final xor 0xFFFFFFFF): the value of Go's
 *                      crc32.ChecksumIEEE and Python's zlib.crc32.
 *                      checksum("") == 0, checksum("123456789") == 0xCBF43926.
 *   reset()            has no observable effect; it exists to exercise a
 *                      function with no parameters and no result.
 *
 *   Accumulator        a running int64 total, safe to use from several
 *                      threads at once (atomic). Its memory comes from
 *                      calc_alloc, so a handle that is never destroyed
 *                      shows in calc_live_allocations().
 *     new(start)                       total = start.
 *     new with_capacity(start, cap)    total = start; cap > CALC_MAX_BATCH
 *                                      (4096) raises OVERFLOW and writes
 *                                      no handle. cap 0 is allowed.
 *     add(x)                           total += x, wrapping at 64 bits.
 *     total()                          the current total.
 *     destroy                          frees the handle; NULL is ignored.
 */
#define CALC_IMPLEMENTATION
#include "calc.h"

#include <string.h>

int32_t calc_add(int32_t a, int32_t b) {
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

static uint64_t calc_abs64_(int64_t v) {
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

int32_t calc_divide(int64_t a, int64_t b, calc_Rounding mode, int64_t *out) {
    int64_t q, r;
    int negative;
    if (b == 0) {
        return CALC_CALC_ERROR_DIVIDE_BY_ZERO;
    }
    if (a == INT64_MIN && b == -1) {
        return CALC_CALC_ERROR_OVERFLOW;
    }
    q = a / b; /* C truncates toward zero */
    r = a % b;
    negative = (a < 0) != (b < 0);
    if (r != 0) {
        switch (mode) {
        case CALC_ROUNDING_DOWN:
            if (negative) {
                q--;
            }
            break;
        case CALC_ROUNDING_UP:
            if (!negative) {
                q++;
            }
            break;
        default: {
            /* |r| < |b|, so |b| - |r| cannot overflow; 2|r| >= |b| is a
               tie or more, which moves away from zero. */
            uint64_t ur = calc_abs64_(r), ub = calc_abs64_(b);
            if (ur >= ub - ur) {
                q += negative ? -1 : 1;
            }
            break;
        }
        }
    }
    *out = q;
    return 0;
}

calc_Point calc_midpoint(const calc_Segment *s) {
    calc_Point p;
    p.x = (s->from.x + s->to.x) / 2;
    p.y = (s->from.y + s->to.y) / 2;
    return p;
}

calc_String calc_greet(calc_String name) {
    static const char prefix[] = "hello, ";
    size_t n = sizeof prefix - 1;
    calc_String out;
    out.len = n + name.len;
    out.ptr = (char *)calc_alloc(out.len);
    memcpy(out.ptr, prefix, n);
    if (name.len > 0) {
        memcpy(out.ptr + n, name.ptr, name.len);
    }
    return out;
}

uint32_t calc_checksum(calc_Bytes data) {
    uint32_t crc = 0xFFFFFFFFu;
    size_t i;
    int k;
    for (i = 0; i < data.len; i++) {
        crc ^= data.ptr[i];
        for (k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return crc ^ 0xFFFFFFFFu;
}

void calc_reset(void) {
}

struct calc_Accumulator {
    int64_t total;
    uint32_t capacity;
};

calc_Accumulator *calc_Accumulator_new(int64_t start) {
    calc_Accumulator *a = (calc_Accumulator *)calc_alloc(sizeof *a);
    a->total = start;
    a->capacity = 0;
    return a;
}

int32_t calc_Accumulator_new_with_capacity(int64_t start, uint32_t capacity, calc_Accumulator **out) {
    if (capacity > CALC_MAX_BATCH) {
        return CALC_CALC_ERROR_OVERFLOW;
    }
    *out = calc_Accumulator_new(start);
    (*out)->capacity = capacity;
    return 0;
}

void calc_Accumulator_add(calc_Accumulator *self, int64_t x) {
    /* Wrap like two's complement without signed overflow. */
#if defined(__GNUC__) || defined(__clang__)
    uint64_t *p = (uint64_t *)(void *)&self->total;
    (void)__atomic_add_fetch(p, (uint64_t)x, __ATOMIC_SEQ_CST);
#else
    self->total = (int64_t)((uint64_t)self->total + (uint64_t)x);
#endif
}

int64_t calc_Accumulator_total(calc_Accumulator *self) {
#if defined(__GNUC__) || defined(__clang__)
    return __atomic_load_n(&self->total, __ATOMIC_SEQ_CST);
#else
    return self->total;
#endif
}

void calc_Accumulator_destroy(calc_Accumulator *self) {
    calc_free(self);
}
