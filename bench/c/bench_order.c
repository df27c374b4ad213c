/*
 * bench_order: the generated C wire codec (benchmsg_wire.c) on the benchmark
 * message of bench_test.go (newOrder), for the Go test TestCTime.
 *
 *     bench_order GO_BYTES_FILE ITERATIONS ROUNDS
 *
 * It builds the same order as the Go benchmark, checks that its encoding is
 * byte-identical to GO_BYTES_FILE (the Go codec's encoding, written by the
 * Go test), that decoding those bytes and re-encoding gives them back, and
 * that decoding leaks nothing. Then it times encode, and decode + release,
 * ROUNDS times ITERATIONS operations each, and prints the best round per
 * operation in process CPU time and in wall time:
 *
 *     bytes=389 encode_cpu_ns=... encode_wall_ns=... decode_cpu_ns=... decode_wall_ns=...
 *
 * Exit status 1 on any mismatch or codec error, with the reason on stderr.
 */
#define _POSIX_C_SOURCE 200809L
#define BENCHMSG_IMPLEMENTATION
#include "benchmsg_wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile size_t sink;

static benchmsg_String str(const char *s) {
    benchmsg_String r;
    r.ptr = (char *)s;
    r.len = strlen(s);
    return r;
}

static double now_ns(clockid_t clock) {
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0) {
        perror("clock_gettime");
        exit(1);
    }
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static uint8_t *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(1);
    }
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(1);
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int same(const char *what, const uint8_t *got, size_t got_len, const uint8_t *want, size_t want_len) {
    size_t i;
    if (got_len == want_len && memcmp(got, want, want_len) == 0) {
        return 1;
    }
    for (i = 0; i < got_len && i < want_len && got[i] == want[i]; i++) {
    }
    fprintf(stderr, "%s: %zu bytes, Go codec %zu bytes, first difference at offset %zu\n", what, got_len, want_len, i);
    return 0;
}

int main(int argc, char **argv) {
    /* newOrder in bench_test.go, field for field; the map's keys are
       already in ascending order. */
    static char skus[8][16];
    benchmsg_LineItem items[8];
    benchmsg_String tags[4];
    benchmsg_String keys[3], values[3];
    int32_t scores[8] = {98, -3, 1500, 42, 7, 0, 65000, -120};
    uint32_t prio = 3;
    benchmsg_Order o;
    uint8_t buf[4096];
    uint8_t *want;
    size_t want_len, n = 0;
    long iters, rounds, r, i;
    double enc_cpu = 1e300, enc_wall = 1e300, dec_cpu = 1e300, dec_wall = 1e300;
    benchmsg_wire_error err;
    benchmsg_Order back;
    benchmsg_wire_status st;

    if (argc != 4 || (iters = atol(argv[2])) <= 0 || (rounds = atol(argv[3])) <= 0) {
        fprintf(stderr, "usage: bench_order GO_BYTES_FILE ITERATIONS ROUNDS\n");
        return 2;
    }
    want = read_file(argv[1], &want_len);

    memset(&o, 0, sizeof o);
    o.id = 1234567890123ull;
    o.customer = str("Ada Lovelace");
    o.email = str("ada@example.com");
    o.status = BENCHMSG_STATUS_SUSPENDED;
    o.created_ms = 1764072000123ll;
    o.total = 1234.56;
    o.shipping.street = str("12 Analytical Engine Road");
    o.shipping.city = str("London");
    o.shipping.zip = 10115;
    for (i = 0; i < 8; i++) {
        snprintf(skus[i], sizeof skus[i], "SKU-%06ld", 1000 + i * 37);
        items[i].sku = str(skus[i]);
        items[i].quantity = (uint32_t)(1 + i % 4);
        items[i].price = 9.99 + (double)i * 3.5;
    }
    o.items.ptr = items;
    o.items.len = 8;
    tags[0] = str("priority");
    tags[1] = str("gift");
    tags[2] = str("fragile");
    tags[3] = str("express");
    o.tags.ptr = tags;
    o.tags.len = 4;
    keys[0] = str("channel");
    values[0] = str("web");
    keys[1] = str("coupon");
    values[1] = str("WINTER25");
    keys[2] = str("locale");
    values[2] = str("en-GB");
    o.attrs.keys = keys;
    o.attrs.values = values;
    o.attrs.len = 3;
    o.scores.ptr = scores;
    o.scores.len = 8;
    o.priority = &prio;
    o.verified = true;

    /* Byte identity with the Go codec, both ways. */
    st = benchmsg_Order_wire_encode(&o, buf, sizeof buf, &n);
    if (st != BENCHMSG_WIRE_OK) {
        fprintf(stderr, "encode: %s\n", benchmsg_wire_status_text(st));
        return 1;
    }
    if (benchmsg_Order_wire_size(&o) != n) {
        fprintf(stderr, "wire_size %zu, encode wrote %zu\n", benchmsg_Order_wire_size(&o), n);
        return 1;
    }
    if (!same("C encoding", buf, n, want, want_len)) {
        return 1;
    }
    st = benchmsg_Order_wire_decode(want, want_len, NULL, &back, &err);
    if (st != BENCHMSG_WIRE_OK) {
        fprintf(stderr, "decode: %s\n", err.message);
        return 1;
    }
    st = benchmsg_Order_wire_encode(&back, buf, sizeof buf, &n);
    benchmsg_Order_release(&back);
    if (st != BENCHMSG_WIRE_OK || !same("C decode + re-encode", buf, n, want, want_len)) {
        return 1;
    }
    if (benchmsg_live_allocations() != 0) {
        fprintf(stderr, "decode + release leaves %lld allocations\n", (long long)benchmsg_live_allocations());
        return 1;
    }

    for (r = 0; r < rounds; r++) {
        double c0, w0, c, w;

        c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
        w0 = now_ns(CLOCK_MONOTONIC);
        for (i = 0; i < iters; i++) {
            benchmsg_Order_wire_encode(&o, buf, sizeof buf, &n);
            sink += n;
        }
        w = (now_ns(CLOCK_MONOTONIC) - w0) / (double)iters;
        c = (now_ns(CLOCK_PROCESS_CPUTIME_ID) - c0) / (double)iters;
        if (c < enc_cpu) enc_cpu = c;
        if (w < enc_wall) enc_wall = w;

        c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
        w0 = now_ns(CLOCK_MONOTONIC);
        for (i = 0; i < iters; i++) {
            if (benchmsg_Order_wire_decode(want, want_len, NULL, &back, NULL) != BENCHMSG_WIRE_OK) {
                fprintf(stderr, "decode failed in the timing loop\n");
                return 1;
            }
            sink += back.items.len;
            benchmsg_Order_release(&back);
        }
        w = (now_ns(CLOCK_MONOTONIC) - w0) / (double)iters;
        c = (now_ns(CLOCK_PROCESS_CPUTIME_ID) - c0) / (double)iters;
        if (c < dec_cpu) dec_cpu = c;
        if (w < dec_wall) dec_wall = w;
    }
    if (benchmsg_live_allocations() != 0) {
        fprintf(stderr, "the timing loop leaves %lld allocations\n", (long long)benchmsg_live_allocations());
        return 1;
    }
    if (!same("C encoding after the timing loop", buf, n, want, want_len)) {
        return 1;
    }
    printf("bytes=%zu encode_cpu_ns=%.1f encode_wall_ns=%.1f decode_cpu_ns=%.1f decode_wall_ns=%.1f\n",
           n, enc_cpu, enc_wall, dec_cpu, dec_wall);
    free(want);
    return 0;
}
