/* callbacks_driver.c implements the callbacks of callbacks.idl in C and
   has gen/c/testdata/callbacks_impl.c call them: every argument and result
   type, errors, a kept sink called by later calls and released exactly
   once, calls from threads the library starts, a Maker whose every
   compound result is a copy made with the type's copy function, and a
   Visitor that is lent the library's hubs and gives it new ones. Built by gen/c's
   TestSanitizers with -fsanitize=address,undefined; it exits non-zero on
   the first wrong answer and when cbt_live_allocations() is not 0 at the
   end. */
#include "cbt.h"

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

/* The probe's ctx: what it saw. */
typedef struct {
    int bad;
    int notes;
} probe_state;

static int32_t p_inc(void *ctx, int32_t x) {
    (void)ctx;
    return x + 1;
}

static double p_scalars(void *ctx, bool a, int8_t b, int16_t c, int64_t d, uint8_t e, uint16_t f, uint32_t g, uint64_t h, float i, double j) {
    probe_state *s = (probe_state *)ctx;
    if (!(a && b == -8 && c == -16 && d == -64 && e == 8 && f == 16 && g == 32 && h == UINT64_MAX && i == 1.5f && j == 2.25)) {
        s->bad++;
        return -1;
    }
    return 7.25;
}

static cbt_Color p_color(void *ctx, cbt_Color c) {
    probe_state *s = (probe_state *)ctx;
    if (c != CBT_COLOR_GREEN) {
        s->bad++;
    }
    return CBT_COLOR_RED;
}

static void p_echo(void *ctx, cbt_String in, cbt_String *out) {
    char buf[16];
    size_t k;
    (void)ctx;
    for (k = 0; k < in.len && k < sizeof buf; k++) {
        buf[k] = in.ptr[in.len - 1 - k];
    }
    *out = cbt_String_from(buf, k); /* the library owns and releases it */
}

static void p_blob(void *ctx, cbt_Bytes in, cbt_Bytes *out) {
    uint8_t buf[16];
    size_t k;
    (void)ctx;
    for (k = 0; k < in.len && k < sizeof buf; k++) {
        buf[k] = in.ptr[in.len - 1 - k];
    }
    *out = cbt_Bytes_from(buf, k);
}

static double p_items(void *ctx, cbt_List_Item items, cbt_Map_String_I32 counts, const int64_t *maybe, const cbt_Event *ev) {
    probe_state *s = (probe_state *)ctx;
    double sum = 0;
    size_t k, j;
    for (k = 0; k < items.len; k++) {
        sum += items.ptr[k].weight;
        for (j = 0; j < items.ptr[k].tags.len; j++) {
            sum += items.ptr[k].tags.ptr[j];
        }
    }
    for (k = 0; k < counts.len; k++) {
        sum += counts.values[k];
    }
    if (maybe != NULL) {
        sum += (double)*maybe;
    }
    if (ev->tag == CBT_EVENT_ITEM) {
        sum += ev->u.item.weight;
    } else {
        s->bad++;
    }
    return sum;
}

static int32_t p_check(void *ctx, int64_t x, uint64_t *out) {
    (void)ctx;
    if (x < 0) {
        return CBT_CB_ERROR_REFUSED;
    }
    *out = (uint64_t)x * 2;
    return 0;
}

static void p_note(void *ctx, cbt_String s) {
    probe_state *st = (probe_state *)ctx;
    if (s.len > 0) {
        st->notes++;
    }
}

/* The sink's ctx: an allocation of its own, freed by release, so a sink
   released twice is a double free and one never released a leak. */
typedef struct {
    int64_t add;
} sink_state;

static int releases;

static int32_t s_put(void *ctx, int64_t x, int64_t *out) {
    sink_state *s = (sink_state *)ctx;
    if (x < 0) {
        return CBT_CB_ERROR_REFUSED;
    }
    *out = x + s->add;
    return 0;
}

static void s_release(void *ctx) {
    releases++;
    free(ctx);
}

static cbt_Sink new_sink(int64_t add, bool kept) {
    cbt_Sink k;
    sink_state *s = (sink_state *)malloc(sizeof *s);
    s->add = add;
    k.ctx = s;
    k.put = s_put;
    k.release = kept ? s_release : NULL;
    return k;
}

/* A Maker in C: every result is a copy of the argument made with the
   type's copy function (cbt_alloc memory), since the argument stays the
   library's. The library releases each result; a copy it did not release,
   or one released twice, shows in the live-allocation count or in ASan. */
static void m_item(void *ctx, const cbt_Item *v, cbt_Item *out) {
    (void)ctx;
    *out = cbt_Item_copy(v);
}

static void m_pt(void *ctx, const cbt_Pt *v, cbt_Pt *out) {
    (void)ctx;
    *out = *v; /* plain: nothing to allocate */
}

static void m_event(void *ctx, const cbt_Event *v, cbt_Event *out) {
    (void)ctx;
    *out = cbt_Event_copy(v);
}

static void m_nums(void *ctx, cbt_List_U32 v, cbt_List_U32 *out) {
    (void)ctx;
    *out = cbt_List_U32_copy(&v);
}

static void m_names(void *ctx, cbt_List_String v, cbt_List_String *out) {
    (void)ctx;
    *out = cbt_List_String_copy(&v);
}

static void m_items(void *ctx, cbt_List_Item v, cbt_List_Item *out) {
    (void)ctx;
    *out = cbt_List_Item_copy(&v);
}

static void m_events(void *ctx, cbt_List_Event v, cbt_List_Event *out) {
    (void)ctx;
    *out = cbt_List_Event_copy(&v);
}

static void m_counts(void *ctx, cbt_Map_String_I32 v, cbt_Map_String_I32 *out) {
    (void)ctx;
    *out = cbt_Map_String_I32_copy(&v);
}

static void m_by_id(void *ctx, cbt_Map_U32_Item v, cbt_Map_U32_Item *out) {
    (void)ctx;
    *out = cbt_Map_U32_Item_copy(&v);
}

static void m_maybe(void *ctx, const int64_t *v, int64_t **out) {
    (void)ctx;
    *out = cbt_Opt_I64_copy(v);
}

static void m_maybe_name(void *ctx, const cbt_String *v, cbt_String **out) {
    (void)ctx;
    *out = cbt_Opt_String_copy(v);
}

static void m_maybe_item(void *ctx, const cbt_Item *v, cbt_Item **out) {
    (void)ctx;
    *out = cbt_Opt_Item_copy(v);
}

static int32_t m_checked(void *ctx, cbt_List_String v, cbt_List_String *out) {
    (void)ctx;
    if (v.len == 0) {
        return CBT_CB_ERROR_REFUSED; /* *out untouched: the library frees nothing */
    }
    *out = cbt_List_String_copy(&v);
    return 0;
}

static int32_t m_checked_item(void *ctx, const cbt_Item *v, cbt_Item **out) {
    (void)ctx;
    if (v == NULL) {
        return CBT_CB_ERROR_REFUSED;
    }
    *out = cbt_Opt_Item_copy(v);
    return 0;
}

static int maker_releases;

static void m_release(void *ctx) {
    (void)ctx;
    maker_releases++;
}

static cbt_Maker new_maker(bool kept) {
    cbt_Maker m;
    m.ctx = NULL;
    m.item = m_item;
    m.pt = m_pt;
    m.event = m_event;
    m.nums = m_nums;
    m.names = m_names;
    m.items = m_items;
    m.events = m_events;
    m.counts = m_counts;
    m.by_id = m_by_id;
    m.maybe = m_maybe;
    m.maybe_name = m_maybe_name;
    m.maybe_item = m_maybe_item;
    m.checked = m_checked;
    m.checked_item = m_checked_item;
    m.release = kept ? m_release : NULL;
    return m;
}

/* run_maker's answer is "" when every result equals its argument. */
/* A Visitor in C: visit fires the lent hub (hub i adds 10 * i) and must
   not destroy it; make returns a new hub with a kept sink, which the
   library owns (it destroys the hub, which releases the sink). */
typedef struct {
    int visits;
    int64_t fired;
} visitor_state;

static bool v_visit(void *ctx, cbt_Hub *h) {
    visitor_state *st = (visitor_state *)ctx;
    int64_t got = 0;
    st->visits++;
    CHECK(h != NULL && cbt_Hub_fire(h, 0, &got) == 0);
    st->fired += got;
    return true;
}

static bool v_visit_maybe(void *ctx, cbt_Hub *h) {
    (void)ctx;
    return h != NULL && cbt_Hub_has_sink(h);
}

static int32_t v_make(void *ctx, int64_t seed, cbt_Hub **out) {
    cbt_Sink k = new_sink(100, true);
    (void)ctx;
    if (seed < 0) {
        free(k.ctx);
        return CBT_CB_ERROR_REFUSED;
    }
    *out = cbt_Hub_new_with_sink(&k);
    return 0;
}

static cbt_Hub *v_make_maybe(void *ctx, int64_t seed) {
    cbt_Hub *h = NULL;
    if (seed % 2 == 0 && v_make(ctx, seed, &h) != 0) {
        return NULL;
    }
    return h;
}

static bool empty_result(int32_t rc, cbt_String *d) {
    bool ok = rc == 0 && d->len == 0;
    if (rc == 0) {
        cbt_String_release(d);
    }
    return ok;
}

int main(void) {
    probe_state st = {0, 0};
    cbt_Probe p;
    p.ctx = &st;
    p.inc = p_inc;
    p.scalars = p_scalars;
    p.color = p_color;
    p.echo = p_echo;
    p.blob = p_blob;
    p.items = p_items;
    p.check = p_check;
    p.note = p_note;
    p.release = NULL;

    {
        cbt_String d;
        const char *want = "inc=8 scalars=7.25 color=0 echo=a9c36400636261 blob=ff020100 items=344.00 check=14";
        CHECK(cbt_run_probe(&p, 7, &d) == 0);
        CHECK(d.len == strlen(want) && memcmp(d.ptr, want, d.len) == 0);
        cbt_String_release(&d);
        CHECK(st.bad == 0 && st.notes == 1);
        CHECK(cbt_run_probe(&p, -1, &d) == CBT_CB_ERROR_REFUSED);
    }
    {
        uint64_t r = 0;
        CHECK(cbt_check_with(&p, 21, &r) == 0 && r == 42);
        CHECK(cbt_check_with(&p, -3, &r) == CBT_CB_ERROR_REFUSED);
        cbt_String n;
        n.ptr = (char *)(uintptr_t) "n";
        n.len = 1;
        cbt_notes(&p, n, 3);
        CHECK(st.notes == 4);
    }
    {
        cbt_Sink borrowed = new_sink(2, false);
        int64_t sum = 0;
        CHECK(cbt_put_in_thread(&borrowed, 100, &sum) == 0 && sum == 99 * 100 / 2 + 200);
        free(borrowed.ctx);
    }
    {
        cbt_Hub *h = cbt_Hub_new();
        cbt_Sink a = new_sink(100, true), b = new_sink(1000, true), c = new_sink(1, true);
        int64_t got = 0;
        CHECK(cbt_Hub_fire(h, 1, &got) == CBT_CB_ERROR_NO_SINK);
        cbt_Hub_set(h, &a);
        CHECK(cbt_Hub_fire(h, 5, &got) == 0 && got == 105);
        CHECK(cbt_Hub_fire_in_thread(h, 10, &got) == 0 && got == 45 + 1000);
        cbt_Hub_set(h, &b);
        CHECK(releases == 1);
        CHECK(cbt_Hub_fire(h, 5, &got) == 0 && got == 1005);
        cbt_Hub_clear(h);
        CHECK(releases == 2);
        CHECK(!cbt_Hub_has_sink(h));
        cbt_Hub_destroy(h);
        h = cbt_Hub_new_with_sink(&c);
        CHECK(cbt_Hub_fire(h, 1, &got) == 0 && got == 2);
        cbt_Hub_destroy(h);
        CHECK(releases == 3);
    }

    {
        cbt_Maker m = new_maker(false), k = new_maker(true);
        cbt_Workshop *w;
        cbt_String d;
        int32_t seed;
        for (seed = 0; seed < 6; seed++) {
            CHECK(empty_result(cbt_run_maker(&m, seed, &d), &d));
            CHECK(empty_result(cbt_run_maker_in_thread(&m, seed, &d), &d));
        }
        CHECK(cbt_run_maker(&m, -1, &d) == CBT_CB_ERROR_REFUSED);
        w = cbt_Workshop_new(&k);
        CHECK(empty_result(cbt_Workshop_run(w, 5, &d), &d));
        CHECK(empty_result(cbt_Workshop_run_in_thread(w, 4, &d), &d));
        CHECK(cbt_Workshop_run(w, -2, &d) == CBT_CB_ERROR_REFUSED);
        cbt_Workshop_destroy(w);
        CHECK(maker_releases == 1);
    }

    {
        visitor_state vs = {0, 0};
        cbt_Visitor v;
        int64_t got = 0;
        int before = releases;
        v.ctx = &vs;
        v.visit = v_visit;
        v.visit_maybe = v_visit_maybe;
        v.make = v_make;
        v.make_maybe = v_make_maybe;
        v.release = NULL;
        /* 4 visits and the 2 even visit_maybe return true. */
        CHECK(cbt_visit_hubs(&v, 4) == 6);
        CHECK(vs.visits == 4 && vs.fired == 0 + 10 + 20 + 30);
        CHECK(cbt_adopt(&v, 7, &got) == 0 && got == 107);
        CHECK(cbt_adopt(&v, -1, &got) == CBT_CB_ERROR_REFUSED);
        CHECK(cbt_adopt_maybe(&v, 4) == 104);
        CHECK(cbt_adopt_maybe(&v, 3) == -2);
        CHECK(releases == before + 2); /* the library destroyed both hubs */
    }

    if (cbt_live_allocations() != 0) {
        fprintf(stderr, "leak: cbt_live_allocations() = %lld\n", (long long)cbt_live_allocations());
        failures++;
    }
    if (failures) {
        return 1;
    }
    printf("ok\n");
    return 0;
}
