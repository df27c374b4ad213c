/* The test library of callbacks.idl: it calls callbacks during a call,
 * keeps one in a Hub and calls it from later calls, and calls them from
 * threads it starts. Everything it allocates is cbt_alloc memory, so the
 * live-allocation counter proves that every result a callback returned
 * was released here and every kept callback released its context.
 *
 * run_probe calls every method of a Probe once and returns a digest of
 * what came back, which the callers' tests compare with the digest their
 * implementation must produce: the C side checks nothing itself.
 * run_maker (below) instead compares each compound result of a Maker
 * with the argument it passed, and names the methods that differ. */
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

/* ---- Maker: every compound result ----
 *
 * run_maker passes each method a value built on its own stack (borrowed
 * by the callback), compares the result with it and releases the result
 * with the type's release function: the live-allocation counter then
 * shows that the callback allocated its result with cbt_alloc, and ASan
 * that the copy owns all its memory. A failed fallible method's *out is
 * not released: a callback that wrote it anyway would show as a leak. */

static bool eq_str(const cbt_String *a, const cbt_String *b) {
    return a->len == b->len && (a->len == 0 || memcmp(a->ptr, b->ptr, a->len) == 0);
}

static bool eq_u32s(const cbt_List_U32 *a, const cbt_List_U32 *b) {
    return a->len == b->len && (a->len == 0 || memcmp(a->ptr, b->ptr, a->len * sizeof *a->ptr) == 0);
}

static bool eq_item(const cbt_Item *a, const cbt_Item *b) {
    return eq_str(&a->name, &b->name) && a->weight == b->weight && eq_u32s(&a->tags, &b->tags);
}

static bool eq_pt(const cbt_Pt *a, const cbt_Pt *b) { return a->x == b->x && a->y == b->y; }

static bool eq_event(const cbt_Event *a, const cbt_Event *b) {
    if (a->tag != b->tag) {
        return false;
    }
    switch (a->tag) {
    case CBT_EVENT_ITEM:
        return eq_item(&a->u.item, &b->u.item);
    case CBT_EVENT_NOTE:
        return eq_str(&a->u.note, &b->u.note);
    default:
        return true;
    }
}

static bool eq_strs(const cbt_List_String *a, const cbt_List_String *b) {
    size_t i;
    if (a->len != b->len) {
        return false;
    }
    for (i = 0; i < a->len; i++) {
        if (!eq_str(&a->ptr[i], &b->ptr[i])) {
            return false;
        }
    }
    return true;
}

static bool eq_items(const cbt_List_Item *a, const cbt_List_Item *b) {
    size_t i;
    if (a->len != b->len) {
        return false;
    }
    for (i = 0; i < a->len; i++) {
        if (!eq_item(&a->ptr[i], &b->ptr[i])) {
            return false;
        }
    }
    return true;
}

static bool eq_events(const cbt_List_Event *a, const cbt_List_Event *b) {
    size_t i;
    if (a->len != b->len) {
        return false;
    }
    for (i = 0; i < a->len; i++) {
        if (!eq_event(&a->ptr[i], &b->ptr[i])) {
            return false;
        }
    }
    return true;
}

/* Maps compare as sets of entries: Go and Python may reorder them. */
static bool eq_counts(const cbt_Map_String_I32 *a, const cbt_Map_String_I32 *b) {
    size_t i, j;
    if (a->len != b->len) {
        return false;
    }
    for (i = 0; i < a->len; i++) {
        for (j = 0; j < b->len && !eq_str(&a->keys[i], &b->keys[j]); j++) {
        }
        if (j == b->len || a->values[i] != b->values[j]) {
            return false;
        }
    }
    return true;
}

static bool eq_by_id(const cbt_Map_U32_Item *a, const cbt_Map_U32_Item *b) {
    size_t i, j;
    if (a->len != b->len) {
        return false;
    }
    for (i = 0; i < a->len; i++) {
        for (j = 0; j < b->len && a->keys[i] != b->keys[j]; j++) {
        }
        if (j == b->len || !eq_item(&a->values[i], &b->values[j])) {
            return false;
        }
    }
    return true;
}

static bool eq_i64(const int64_t *a, const int64_t *b) { return *a == *b; }

/* The arguments of one run: seed % 3 elements in every list and map. */
typedef struct {
    uint32_t tags[2];
    cbt_Item items[2];
    cbt_Pt pt;
    cbt_Event events[3];
    cbt_String names[2];
    int32_t values[2];
    uint32_t ids[2];
    int64_t maybe;
    size_t n;
    bool present; /* the optionals, for an odd seed */
    bool refuse;  /* a negative seed */
    cbt_List_U32 nums;
    cbt_List_String name_list;
    cbt_List_Item item_list;
    cbt_List_Event event_list;
    cbt_Map_String_I32 counts;
    cbt_Map_U32_Item by_id;
} maker_in;

static void make_in(maker_in *in, int32_t seed) {
    static const char n0[] = "fir\0st";
    static const char n1[] = "s\xc3\xa9" "cond";
    int32_t s = seed < 0 ? -seed : seed;
    memset(in, 0, sizeof *in);
    in->n = (size_t)(s % 3);
    in->present = s % 2 == 1;
    in->refuse = seed < 0;
    in->tags[0] = 7;
    in->tags[1] = UINT32_MAX;
    in->names[0] = str(n0, sizeof n0 - 1);
    in->names[1] = str(n1, sizeof n1 - 1);
    in->items[0].name = in->names[0];
    in->items[0].weight = 0.5 + s;
    in->items[0].tags.ptr = in->tags;
    in->items[0].tags.len = 2;
    in->items[1].name = in->names[1];
    in->items[1].weight = -0.25;
    in->pt.x = s;
    in->pt.y = -s;
    in->events[0].tag = CBT_EVENT_NOTE;
    in->events[0].u.note = in->names[1];
    in->events[1].tag = CBT_EVENT_TICK;
    in->events[2].tag = CBT_EVENT_ITEM;
    in->events[2].u.item = in->items[0];
    in->values[0] = INT32_MIN;
    in->values[1] = s;
    in->ids[0] = UINT32_MAX;
    in->ids[1] = 3;
    in->maybe = INT64_MIN + s;
    in->nums.ptr = in->tags;
    in->nums.len = in->n;
    in->name_list.ptr = in->names;
    in->name_list.len = in->n;
    in->item_list.ptr = in->items;
    in->item_list.len = in->n;
    in->event_list.ptr = in->events;
    in->event_list.len = in->n;
    in->counts.keys = in->names;
    in->counts.values = in->values;
    in->counts.len = in->n;
    in->by_id.keys = in->ids;
    in->by_id.values = in->items;
    in->by_id.len = in->n;
}

static void differ(char *buf, size_t cap, const char *name) {
    if (buf[0] != '\0') {
        append(buf, cap, " ");
    }
    append(buf, cap, name);
}

/* A method with an argument of struct type T passed as a pointer. */
#define MAKE_PTR(meth, T, argp, eq)                   \
    do {                                              \
        T r_;                                         \
        memset(&r_, 0, sizeof r_);                    \
        m->meth(m->ctx, (argp), &r_);                 \
        if (!eq((argp), &r_)) {                       \
            differ(buf, sizeof buf, #meth);           \
        }                                             \
        T##_release(&r_);                             \
    } while (0)

/* A method with a list or map argument, passed as the struct. */
#define MAKE_VAL(meth, T, arg, eq)                    \
    do {                                              \
        T r_;                                         \
        memset(&r_, 0, sizeof r_);                    \
        m->meth(m->ctx, (arg), &r_);                  \
        if (!eq(&(arg), &r_)) {                       \
            differ(buf, sizeof buf, #meth);           \
        }                                             \
        T##_release(&r_);                             \
    } while (0)

/* A method with an optional argument and result (NULL: absent). */
#define MAKE_OPT(meth, T, rel, argp, eq)                                    \
    do {                                                                    \
        T *r_ = NULL;                                                       \
        m->meth(m->ctx, (argp), &r_);                                       \
        if ((argp) == NULL ? r_ != NULL : (r_ == NULL || !eq((argp), r_))) { \
            differ(buf, sizeof buf, #meth);                                 \
        }                                                                   \
        rel(&r_);                                                           \
    } while (0)

static int32_t run_maker(const cbt_Maker *m, int32_t seed, cbt_String *out) {
    maker_in in;
    char buf[256];
    int32_t rc;
    make_in(&in, seed);
    buf[0] = '\0';
    MAKE_PTR(item, cbt_Item, &in.items[0], eq_item);
    MAKE_PTR(pt, cbt_Pt, &in.pt, eq_pt);
    MAKE_PTR(event, cbt_Event, &in.events[(seed < 0 ? -seed : seed) % 3], eq_event);
    MAKE_VAL(nums, cbt_List_U32, in.nums, eq_u32s);
    MAKE_VAL(names, cbt_List_String, in.name_list, eq_strs);
    MAKE_VAL(items, cbt_List_Item, in.item_list, eq_items);
    MAKE_VAL(events, cbt_List_Event, in.event_list, eq_events);
    MAKE_VAL(counts, cbt_Map_String_I32, in.counts, eq_counts);
    MAKE_VAL(by_id, cbt_Map_U32_Item, in.by_id, eq_by_id);
    MAKE_OPT(maybe, int64_t, cbt_Opt_I64_release, in.present ? &in.maybe : NULL, eq_i64);
    MAKE_OPT(maybe_name, cbt_String, cbt_Opt_String_release, in.present ? &in.names[1] : NULL, eq_str);
    MAKE_OPT(maybe_item, cbt_Item, cbt_Opt_Item_release, in.present ? &in.items[0] : NULL, eq_item);
    {
        cbt_List_String r;
        cbt_List_String arg = in.name_list;
        memset(&r, 0, sizeof r);
        if (in.refuse) {
            arg.len = 0;
        } else if (arg.len == 0) {
            arg.len = 1;
        }
        rc = m->checked(m->ctx, arg, &r);
        if (rc != 0) {
            return rc; /* nothing to release: a failed method writes no result */
        }
        if (!eq_strs(&arg, &r)) {
            differ(buf, sizeof buf, "checked");
        }
        cbt_List_String_release(&r);
    }
    {
        cbt_Item *r = NULL;
        const cbt_Item *arg = in.refuse ? NULL : &in.items[1];
        rc = m->checked_item(m->ctx, arg, &r);
        if (rc != 0) {
            return rc;
        }
        if (arg == NULL ? r != NULL : (r == NULL || !eq_item(arg, r))) {
            differ(buf, sizeof buf, "checked_item");
        }
        cbt_Opt_Item_release(&r);
    }
    *out = cbt_String_from(buf, strlen(buf));
    return 0;
}

int32_t cbt_run_maker(const cbt_Maker *maker, int32_t seed, cbt_String *out) {
    return run_maker(maker, seed, out);
}

typedef struct {
    const cbt_Maker *maker;
    int32_t seed;
    int32_t rc;
    cbt_String out;
} maker_run;

static void *maker_thread(void *arg) {
    maker_run *r = (maker_run *)arg;
    r->rc = run_maker(r->maker, r->seed, &r->out);
    return NULL;
}

static int32_t run_maker_on_thread(const cbt_Maker *maker, int32_t seed, cbt_String *out) {
    pthread_t th;
    maker_run r;
    memset(&r, 0, sizeof r);
    r.maker = maker;
    r.seed = seed;
    if (pthread_create(&th, NULL, maker_thread, &r) != 0) {
        return CBT_CALLBACK_FAILED;
    }
    pthread_join(th, NULL);
    if (r.rc == 0) {
        *out = r.out;
    }
    return r.rc;
}

int32_t cbt_run_maker_in_thread(const cbt_Maker *maker, int32_t seed, cbt_String *out) {
    return run_maker_on_thread(maker, seed, out);
}

/* A Workshop owns its maker from new to destroy. */
struct cbt_Workshop {
    cbt_Maker maker;
};

cbt_Workshop *cbt_Workshop_new(const cbt_Maker *maker) {
    cbt_Workshop *w = (cbt_Workshop *)cbt_alloc(sizeof *w);
    w->maker = *maker;
    return w;
}

int32_t cbt_Workshop_run(cbt_Workshop *self, int32_t seed, cbt_String *out) {
    return run_maker(&self->maker, seed, out);
}

int32_t cbt_Workshop_run_in_thread(cbt_Workshop *self, int32_t seed, cbt_String *out) {
    return run_maker_on_thread(&self->maker, seed, out);
}

void cbt_Workshop_destroy(cbt_Workshop *self) {
    if (self == NULL) {
        return;
    }
    self->maker.release(self->maker.ctx);
    cbt_free(self);
}

/* ---- Visitor: objects across a callback ----
 *
 * visit_hubs lends its own hubs to the visitor and uses them afterwards:
 * a wrapper that destroyed a lent hub (a Close of a borrowed object)
 * shows as a use after free under ASan and as a wrong live count. adopt
 * and adopt_maybe destroy the hub make returned: the live counter then
 * shows that the library, not the caller, owned it. */

/* The library's own sink: put returns x plus the int64_t ctx points to. */
static int32_t lib_put(void *ctx, int64_t x, int64_t *out) {
    *out = x + *(const int64_t *)ctx;
    return 0;
}

static void lib_release(void *ctx) { cbt_free(ctx); }

static cbt_Hub *lib_hub(int64_t add) {
    cbt_Sink s;
    int64_t *a = (int64_t *)cbt_alloc(sizeof *a);
    *a = add;
    memset(&s, 0, sizeof s);
    s.ctx = a;
    s.put = lib_put;
    s.release = lib_release;
    return cbt_Hub_new_with_sink(&s);
}

uint32_t cbt_visit_hubs(const cbt_Visitor *v, uint32_t n) {
    cbt_Hub **hubs;
    uint32_t i, yes = 0;
    bool ok = true;
    if (n == 0) {
        return 0;
    }
    hubs = (cbt_Hub **)cbt_alloc(n * sizeof *hubs);
    for (i = 0; i < n; i++) {
        hubs[i] = lib_hub(10 * (int64_t)i);
    }
    for (i = 0; i < n; i++) {
        if (v->visit(v->ctx, hubs[i])) {
            yes++;
        }
        if (v->visit_maybe(v->ctx, i % 2 == 0 ? hubs[i] : NULL)) {
            yes++;
        }
    }
    for (i = 0; i < n; i++) {
        int64_t got = 0;
        if (cbt_Hub_fire(hubs[i], 1, &got) != 0 || got != 1 + 10 * (int64_t)i) {
            ok = false;
        }
        cbt_Hub_destroy(hubs[i]);
    }
    cbt_free(hubs);
    return ok ? yes : UINT32_MAX;
}

/* use_hub fires h with seed when it has a sink (-1 otherwise) and
 * destroys it: the library owns what a callback returned. */
static int32_t use_hub(cbt_Hub *h, int64_t seed, int64_t *out) {
    int32_t rc = 0;
    *out = -1;
    if (cbt_Hub_has_sink(h)) {
        rc = cbt_Hub_fire(h, seed, out);
    }
    cbt_Hub_destroy(h);
    return rc;
}

int32_t cbt_adopt(const cbt_Visitor *v, int64_t seed, int64_t *out) {
    cbt_Hub *h = NULL;
    int64_t got = 0;
    int32_t rc = v->make(v->ctx, seed, &h);
    if (rc != 0) {
        return rc; /* a failed method writes no *out: nothing to destroy */
    }
    if (h == NULL) {
        return CBT_CALLBACK_FAILED; /* no wrapper returns NULL for a Hub */
    }
    rc = use_hub(h, seed, &got);
    if (rc != 0) {
        return rc;
    }
    *out = got;
    return 0;
}

int64_t cbt_adopt_maybe(const cbt_Visitor *v, int64_t seed) {
    int64_t got = 0;
    cbt_Hub *h = v->make_maybe(v->ctx, seed);
    if (h == NULL) {
        return -2;
    }
    if (use_hub(h, seed, &got) != 0) {
        return -3;
    }
    return got;
}
