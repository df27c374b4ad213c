/* The C codec API over testdata/wire/conformance.idl, beyond what the
   vectors reach: maps built by hand in any order, repeated keys, buffer
   sizes, unknown union tags, NULL inputs, messages, limits, release.
   Built by gen/wire's TestCAPI with the sanitizers; exits non-zero and
   prints what failed. */
#define CONFORMANCE_IMPLEMENTATION
#include "conformance_wire.h"

#include <stdio.h>
#include <string.h>

static int failures;

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, \
                    #cond);                                                  \
            failures++;                                                      \
        }                                                                    \
    } while (0)

static conformance_String str(const char *s) {
    conformance_String v;
    v.ptr = (char *)s;
    v.len = strlen(s);
    return v;
}

static int same(const uint8_t *a, size_t an, const char *hex) {
    size_t i, n = strlen(hex) / 2;
    if (an != n) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        unsigned x;
        sscanf(hex + 2 * i, "%2x", &x);
        if (a[i] != x) {
            return 0;
        }
    }
    return 1;
}

/* A map written in any order encodes in ascending key order. */
static void test_unsorted_map(void) {
    int64_t keys[3] = {3, -1, 2};
    conformance_String values[3];
    conformance_Everything e;
    uint8_t buf[64];
    size_t n = 0;
    memset(&e, 0, sizeof e);
    values[0] = str("c");
    values[1] = str("a");
    values[2] = str("b");
    e.by_id.keys = keys;
    e.by_id.values = values;
    e.by_id.len = 3;
    /* by_id @13 LEN: count 3, then (zigzag key, string) ascending: -1, 2, 3. */
    CHECK(conformance_Everything_wire_size(&e) == 12);
    CHECK(conformance_Everything_wire_encode(&e, buf, sizeof buf, &n) == CONFORMANCE_WIRE_OK);
    CHECK(same(buf, n, "6a0a03" "01" "0161" "04" "0162" "06" "0163"));

    /* The same map sorted gives the same bytes (the fast path). */
    keys[0] = -1, values[0] = str("a");
    keys[1] = 2, values[1] = str("b");
    keys[2] = 3, values[2] = str("c");
    CHECK(conformance_Everything_wire_encode(&e, buf, sizeof buf, &n) == CONFORMANCE_WIRE_OK);
    CHECK(same(buf, n, "6a0a03" "01" "0161" "04" "0162" "06" "0163"));

    /* A repeated key has no canonical encoding. */
    keys[2] = -1;
    CHECK(conformance_Everything_wire_encode(&e, buf, sizeof buf, &n) == CONFORMANCE_WIRE_BAD_VALUE);
    keys[0] = 2, keys[1] = 2, keys[2] = 1;
    CHECK(conformance_Everything_wire_encode(&e, buf, sizeof buf, &n) == CONFORMANCE_WIRE_BAD_VALUE);
}

/* Strings sort by bytes, then length; a map in a list is checked too. */
static void test_string_keys(void) {
    conformance_String keys[3];
    conformance_Inner values[3];
    conformance_Everything e;
    uint8_t buf[64];
    size_t n = 0;
    memset(&e, 0, sizeof e);
    memset(values, 0, sizeof values);
    keys[0] = str("b");
    keys[1] = str("ab");
    keys[2] = str("a");
    values[0].id = 2;
    e.by_name.keys = keys;
    e.by_name.values = values;
    e.by_name.len = 3;
    CHECK(conformance_Everything_wire_encode(&e, buf, sizeof buf, &n) == CONFORMANCE_WIRE_OK);
    /* by_name @12: "a" {}, "ab" {}, "b" {id: 2} */
    CHECK(same(buf, n, "620d" "03" "0161" "00" "026162" "00" "0162" "020802"));
}

static void test_buffers(void) {
    conformance_Inner in;
    uint8_t buf[16];
    size_t n = 99;
    memset(&in, 0, sizeof in);
    /* Everything default: zero bytes, any buffer (even NULL) is enough. */
    CHECK(conformance_Inner_wire_size(&in) == 0);
    CHECK(conformance_Inner_wire_encode(&in, NULL, 0, &n) == CONFORMANCE_WIRE_OK && n == 0);
    in.id = 300;
    in.name = str("hey");
    CHECK(conformance_Inner_wire_size(&in) == 8);
    CHECK(conformance_Inner_wire_encode(&in, NULL, 0, &n) == CONFORMANCE_WIRE_SHORT_BUFFER && n == 8);
    CHECK(conformance_Inner_wire_encode(&in, buf, 7, &n) == CONFORMANCE_WIRE_SHORT_BUFFER && n == 8);
    CHECK(conformance_Inner_wire_encode(&in, buf, 8, &n) == CONFORMANCE_WIRE_OK && n == 8);
    CHECK(same(buf, n, "08ac02" "1203686579"));
}

/* A payload longer than 127 bytes widens its one-byte length placeholder. */
static void test_long_payload(void) {
    char text[300];
    conformance_Everything e;
    static uint8_t buf[512];
    size_t n = 0;
    conformance_Everything back;
    memset(text, 'x', sizeof text);
    memset(&e, 0, sizeof e);
    e.inner.name.ptr = text;
    e.inner.name.len = sizeof text;
    CHECK(conformance_Everything_wire_size(&e) == 1 + 2 + 1 + 2 + 300);
    CHECK(conformance_Everything_wire_encode(&e, buf, conformance_Everything_wire_size(&e), &n) == CONFORMANCE_WIRE_OK);
    CHECK(n == 306 && buf[0] == 0x12 && buf[1] == 0xaf && buf[2] == 0x02 && buf[3] == 0x12);
    CHECK(conformance_Everything_wire_decode(buf, n, NULL, &back, NULL) == CONFORMANCE_WIRE_OK);
    CHECK(back.inner.name.len == 300 && memcmp(back.inner.name.ptr, text, 300) == 0);
    conformance_Everything_release(&back);
}

/* A union tag this version does not know encodes as no case; it decodes
   from a case added later with its tag and nothing else. */
static void test_unknown_case(void) {
    conformance_Choice c;
    conformance_Everything e;
    uint8_t buf[16];
    size_t n = 99;
    const uint8_t later[] = {0x28, 0x05}; /* case @5, varint 5 */
    memset(&c, 0, sizeof c);
    c.tag = 5;
    CHECK(conformance_Choice_wire_size(&c) == 0);
    CHECK(conformance_Choice_wire_encode(&c, buf, sizeof buf, &n) == CONFORMANCE_WIRE_OK && n == 0);
    memset(&e, 0, sizeof e);
    e.choice.tag = 9;
    CHECK(conformance_Everything_wire_size(&e) == 0);
    CHECK(conformance_Choice_wire_decode(later, sizeof later, NULL, &c, NULL) == CONFORMANCE_WIRE_OK);
    CHECK(c.tag == 5);
    conformance_Choice_release(&c);
}

/* An optional union holding no case this version knows is absent. */
static void test_optional_union(void) {
    conformance_Choice c;
    conformance_Everything e;
    uint8_t buf[16];
    size_t n = 99;
    const uint8_t empty_case[] = {0x32, 0x00}; /* opt_choice @6 present, no case */
    memset(&c, 0, sizeof c);
    memset(&e, 0, sizeof e);
    e.opt_choice = &c;
    CHECK(conformance_Everything_wire_size(&e) == 0);
    c.tag = 9;
    CHECK(conformance_Everything_wire_encode(&e, buf, sizeof buf, &n) == CONFORMANCE_WIRE_OK && n == 0);
    c.tag = CONFORMANCE_CHOICE_FLAG;
    c.u.flag = true;
    CHECK(conformance_Everything_wire_encode(&e, buf, sizeof buf, &n) == CONFORMANCE_WIRE_OK);
    CHECK(same(buf, n, "3203a00101"));
    CHECK(conformance_Everything_wire_decode(empty_case, sizeof empty_case, NULL, &e, NULL) == CONFORMANCE_WIRE_OK);
    CHECK(e.opt_choice == NULL);
    conformance_Everything_release(&e);
}

static void test_errors(void) {
    conformance_wire_error err;
    conformance_Inner in;
    conformance_wire_limits lim;
    const uint8_t bad_utf8[] = {0x12, 0x01, 0xff};
    const uint8_t huge[] = {0x12, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x61};
    /* NULL data with length 0 is the empty message. */
    CHECK(conformance_Inner_wire_decode(NULL, 0, NULL, &in, NULL) == CONFORMANCE_WIRE_OK);
    CHECK(in.id == 0 && in.name.len == 0);
    CHECK(conformance_Inner_wire_decode(bad_utf8, sizeof bad_utf8, NULL, &in, &err) == CONFORMANCE_WIRE_BAD_UTF8);
    CHECK(err.status == CONFORMANCE_WIRE_BAD_UTF8 && err.offset == 2);
    CHECK(strcmp(err.message, "bad utf8 at offset 2: string is not valid UTF-8") == 0);
    CHECK(in.name.ptr == NULL && in.name.len == 0); /* zeroed on failure */
    CHECK(conformance_Inner_wire_decode(huge, sizeof huge, NULL, &in, &err) == CONFORMANCE_WIRE_BAD_LENGTH);
    CHECK(err.offset == 6);
    memset(&lim, 0, sizeof lim);
    lim.max_size = 2;
    CHECK(conformance_Inner_wire_decode(huge, sizeof huge, &lim, &in, &err) == CONFORMANCE_WIRE_SIZE);
    CHECK(err.offset == 0);
    CHECK(strcmp(conformance_wire_status_text(CONFORMANCE_WIRE_TRUNCATED), "truncated") == 0);
    CHECK(strcmp(conformance_wire_status_text(CONFORMANCE_WIRE_SHORT_BUFFER), "short buffer") == 0);
}

/* A field that appears twice takes its last value; the first is freed. */
static void test_duplicate_field(void) {
    const uint8_t twice[] = {0x12, 0x01, 0x61, 0x12, 0x02, 0x62, 0x63};
    conformance_Inner in;
    CHECK(conformance_Inner_wire_decode(twice, sizeof twice, NULL, &in, NULL) == CONFORMANCE_WIRE_OK);
    CHECK(in.name.len == 2 && memcmp(in.name.ptr, "bc", 2) == 0);
    conformance_Inner_release(&in);
}

int main(void) {
    test_unsorted_map();
    test_string_keys();
    test_buffers();
    test_long_payload();
    test_unknown_case();
    test_optional_union();
    test_errors();
    test_duplicate_field();
    if (conformance_live_allocations() != 0) {
        fprintf(stderr, "leak: %lld allocations not released\n", (long long)conformance_live_allocations());
        failures++;
    }
    if (failures != 0) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    return 0;
}
