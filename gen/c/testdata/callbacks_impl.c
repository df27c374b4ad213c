/* The test library of callbacks.idl: it calls callbacks during a call,
 * keeps one in a Hub and calls it from later calls, and calls them from
 * threads it starts. Everything it allocates is cbt_alloc memory, so the
 * live-allocation counter proves that every result a callback returned
 * was released here and every kept callback released its context.
 *
 * run_probe calls every method of a Probe once and returns a digest of
 * what came back, which the callers' tests compare with the digest their
 * implementation must produce: the C side checks nothing itself. */
#define CBT_IMPLEMENTATION
#include "cbt.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static void append(char *buf, size_t cap, const char *s) {
    size_t n = strlen(buf);
    if (n + 1 < cap) {
        snprintf(buf + n, cap - n, "%s", s);
    }
}

static void append_hex(char *buf, size_t cap, const uint8_t *p, size_t len) {
    char tmp[4];
    size_t i;
    for (i = 0; i < len; i++) {
        snprintf(tmp, sizeof tmp, "%02x", p[i]);
        append(buf, cap, tmp);
    }
}

static cbt_String str(const char *s, size_t len) {
    cbt_String v;
    v.ptr = (char *)(uintptr_t)s;
    v.len = len;
    return v;
}

int32_t cbt_run_probe(const cbt_Probe *probe, int32_t seed, cbt_String *out) {
    char buf[1024];
    char tmp[128];
    uint8_t blob_in[4] = {0, 1, 2, 255};
    cbt_Bytes bytes_in;
    uint32_t tags0[2] = {1, 2};
    uint32_t tags1[1] = {40};
    char n0[] = "first";
    char n1[] = "second";
    cbt_Item items[2];
    cbt_List_Item list;
    cbt_String keys[2];
    int32_t values[2] = {100, 200};
    cbt_Map_String_I32 counts;
    int64_t maybe = 42;
    cbt_Event ev;
    int32_t r1;
    double r2, r6;
    cbt_Color r3;
    cbt_String r4;
    cbt_Bytes r5;
    uint64_t r7 = 0;
    int32_t rc;

    buf[0] = '\0';
    r1 = probe->inc(probe->ctx, seed);
    snprintf(tmp, sizeof tmp, "inc=%d", (int)r1);
    append(buf, sizeof buf, tmp);

    r2 = probe->scalars(probe->ctx, true, -8, -16, -64, 8, 16, 32, UINT64_C(18446744073709551615), 1.5f, 2.25);
    snprintf(tmp, sizeof tmp, " scalars=%.2f", r2);
    append(buf, sizeof buf, tmp);

    r3 = probe->color(probe->ctx, CBT_COLOR_GREEN);
    snprintf(tmp, sizeof tmp, " color=%d", (int)r3);
    append(buf, sizeof buf, tmp);

    memset(&r4, 0, sizeof r4);
    memset(&r5, 0, sizeof r5);
    probe->echo(probe->ctx, str("abc\0d\xc3\xa9", 7), &r4);
    append(buf, sizeof buf, " echo=");
    append_hex(buf, sizeof buf, (const uint8_t *)r4.ptr, r4.len);
    cbt_String_release(&r4);

    bytes_in.ptr = blob_in;
    bytes_in.len = sizeof blob_in;
    probe->blob(probe->ctx, bytes_in, &r5);
    append(buf, sizeof buf, " blob=");
    append_hex(buf, sizeof buf, r5.ptr, r5.len);
    cbt_Bytes_release(&r5);

    items[0].name = str(n0, strlen(n0));
    items[0].weight = 0.5;
    items[0].tags.ptr = tags0;
    items[0].tags.len = 2;
    items[1].name = str(n1, strlen(n1));
    items[1].weight = 0.25;
    items[1].tags.ptr = tags1;
    items[1].tags.len = 1;
    list.ptr = items;
    list.len = 2;
    keys[0] = str("a", 1);
    keys[1] = str("b", 1);
    counts.keys = keys;
    counts.values = values;
    counts.len = 2;
    memset(&ev, 0, sizeof ev);
    ev.tag = CBT_EVENT_ITEM;
    ev.u.item = items[1];
    r6 = probe->items(probe->ctx, list, counts, (seed % 2 == 0) ? &maybe : NULL, &ev);
    snprintf(tmp, sizeof tmp, " items=%.2f", r6);
    append(buf, sizeof buf, tmp);

    rc = probe->check(probe->ctx, (int64_t)seed, &r7);
    if (rc != 0) {
        return rc;
    }
    snprintf(tmp, sizeof tmp, " check=%llu", (unsigned long long)r7);
    append(buf, sizeof buf, tmp);

    probe->note(probe->ctx, str("done", 4));
    *out = cbt_String_from(buf, strlen(buf));
    return 0;
}

int32_t cbt_check_with(const cbt_Probe *probe, int64_t x, uint64_t *out) {
    uint64_t r = 0;
    int32_t rc = probe->check(probe->ctx, x, &r);
    if (rc != 0) {
        return rc;
    }
    *out = r;
    return 0;
}

void cbt_notes(const cbt_Probe *probe, cbt_String s, uint32_t n) {
    uint32_t i;
    for (i = 0; i < n; i++) {
        probe->note(probe->ctx, s);
    }
}

/* A run of sink calls on a thread of its own. */
typedef struct {
    const cbt_Sink *sink;
    uint32_t n;
    int64_t sum;
    int32_t rc;
} put_run;

static void *put_loop(void *arg) {
    put_run *r = (put_run *)arg;
    uint32_t i;
    for (i = 0; i < r->n; i++) {
        int64_t got = 0;
        int32_t rc = r->sink->put(r->sink->ctx, (int64_t)i, &got);
        if (rc != 0) {
            r->rc = rc;
            return NULL;
        }
        r->sum += got;
    }
    return NULL;
}

static int32_t put_on_thread(const cbt_Sink *sink, uint32_t n, int64_t *out) {
    pthread_t th;
    put_run r;
    r.sink = sink;
    r.n = n;
    r.sum = 0;
    r.rc = 0;
    if (pthread_create(&th, NULL, put_loop, &r) != 0) {
        return CBT_CALLBACK_FAILED;
    }
    pthread_join(th, NULL);
    if (r.rc != 0) {
        return r.rc;
    }
    *out = r.sum;
    return 0;
}

int32_t cbt_put_many(const cbt_Sink *sink, uint32_t n, int64_t *out) {
    put_run r;
    r.sink = sink;
    r.n = n;
    r.sum = 0;
    r.rc = 0;
    put_loop(&r);
    if (r.rc != 0) {
        return r.rc;
    }
    *out = r.sum;
    return 0;
}

int32_t cbt_put_in_thread(const cbt_Sink *sink, uint32_t n, int64_t *out) {
    return put_on_thread(sink, n, out);
}

/* A Hub keeps at most one sink; a mutex guards it, since the Go and
 * Python wrappers may call one hub from several threads. */
struct cbt_Hub {
    pthread_mutex_t mu;
    bool has;
    cbt_Sink sink;
};

cbt_Hub *cbt_Hub_new(void) {
    cbt_Hub *h = (cbt_Hub *)cbt_alloc(sizeof *h);
    pthread_mutex_init(&h->mu, NULL);
    h->has = false;
    return h;
}

cbt_Hub *cbt_Hub_new_with_sink(const cbt_Sink *sink) {
    cbt_Hub *h = cbt_Hub_new();
    h->sink = *sink;
    h->has = true;
    return h;
}

/* take_sink empties the hub and returns what it held. */
static bool take_sink(cbt_Hub *self, cbt_Sink *old) {
    bool had;
    pthread_mutex_lock(&self->mu);
    had = self->has;
    *old = self->sink;
    self->has = false;
    pthread_mutex_unlock(&self->mu);
    return had;
}

void cbt_Hub_set(cbt_Hub *self, const cbt_Sink *sink) {
    cbt_Sink old;
    bool had = take_sink(self, &old);
    pthread_mutex_lock(&self->mu);
    self->sink = *sink;
    self->has = true;
    pthread_mutex_unlock(&self->mu);
    if (had) {
        old.release(old.ctx);
    }
}

void cbt_Hub_clear(cbt_Hub *self) {
    cbt_Sink old;
    if (take_sink(self, &old)) {
        old.release(old.ctx);
    }
}

bool cbt_Hub_has_sink(cbt_Hub *self) {
    bool has;
    pthread_mutex_lock(&self->mu);
    has = self->has;
    pthread_mutex_unlock(&self->mu);
    return has;
}

/* The test calls fire and clear from one goroutine at a time, so the
 * sink is read under the lock and called outside it. */
int32_t cbt_Hub_fire(cbt_Hub *self, int64_t x, int64_t *out) {
    cbt_Sink s;
    bool has;
    int64_t got = 0;
    int32_t rc;
    pthread_mutex_lock(&self->mu);
    has = self->has;
    s = self->sink;
    pthread_mutex_unlock(&self->mu);
    if (!has) {
        return CBT_CB_ERROR_NO_SINK;
    }
    rc = s.put(s.ctx, x, &got);
    if (rc != 0) {
        return rc;
    }
    *out = got;
    return 0;
}

int32_t cbt_Hub_fire_in_thread(cbt_Hub *self, uint32_t n, int64_t *out) {
    cbt_Sink s;
    bool has;
    pthread_mutex_lock(&self->mu);
    has = self->has;
    s = self->sink;
    pthread_mutex_unlock(&self->mu);
    if (!has) {
        return CBT_CB_ERROR_NO_SINK;
    }
    return put_on_thread(&s, n, out);
}

void cbt_Hub_destroy(cbt_Hub *self) {
    if (self == NULL) {
        return;
    }
    cbt_Hub_clear(self);
    pthread_mutex_destroy(&self->mu);
    cbt_free(self);
}
