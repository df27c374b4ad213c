/* driver.c calls the Go-built hollow library from C with every empty
   struct and payload-free case of hollow.idl, including tags the library
   does not know, and checks each result, that a raising call leaves *out
   untouched, and that nothing stays allocated. */
#include "hollow.h"

#include <stdio.h>
#include <string.h>

int64_t hollow_goimpl_live_handles(void);

static int failures;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                               \
        }                                                                             \
    } while (0)

static bool str_is(hollow_String s, const char *c) { return s.len == strlen(c) && memcmp(s.ptr, c, s.len) == 0; }

static hollow_Flag flag(uint32_t tag) {
    hollow_Flag f;
    f.tag = tag;
    return f;
}

/* check_sample checks l against the doc comment of sample(). */
static void check_sample(const hollow_Log *l) {
    static const uint32_t tags[] = {HOLLOW_EVENT_IDLE, HOLLOW_EVENT_BLANK, HOLLOW_EVENT_FLAG, HOLLOW_EVENT_BLANKS,
                                    HOLLOW_EVENT_MAYBE, HOLLOW_EVENT_MAYBE, HOLLOW_EVENT_COUNT, HOLLOW_EVENT_QUIT};
    size_t i;
    CHECK(l->events.len == 8);
    if (l->events.len != 8) {
        return;
    }
    for (i = 0; i < 8; i++) {
        CHECK(l->events.ptr[i].tag == tags[i]);
    }
    CHECK(l->events.ptr[1].u.blank._unused == 0);
    CHECK(l->events.ptr[2].u.flag.tag == HOLLOW_FLAG_ON);
    CHECK(l->events.ptr[3].u.blanks.len == 3 && l->events.ptr[3].u.blanks.ptr != NULL);
    CHECK(l->events.ptr[3].u.blanks.ptr[0]._unused == 0 && l->events.ptr[3].u.blanks.ptr[2]._unused == 0);
    CHECK(l->events.ptr[4].u.maybe == NULL);
    CHECK(l->events.ptr[5].u.maybe != NULL && l->events.ptr[5].u.maybe->_unused == 0);
    CHECK(l->events.ptr[6].u.count == 7);
    CHECK(l->by_name.len == 3);
    if (l->by_name.len == 3) {
        CHECK(str_is(l->by_name.keys[0], "idle") && l->by_name.values[0].tag == HOLLOW_EVENT_IDLE);
        CHECK(str_is(l->by_name.keys[1], "quit") && l->by_name.values[1].tag == HOLLOW_EVENT_QUIT);
        CHECK(str_is(l->by_name.keys[2], "off") && l->by_name.values[2].tag == HOLLOW_EVENT_FLAG);
        CHECK(l->by_name.values[2].u.flag.tag == HOLLOW_FLAG_OFF);
    }
    CHECK(l->flags.len == 3);
    if (l->flags.len == 3) {
        CHECK(l->flags.ptr[0].tag == HOLLOW_FLAG_ON && l->flags.ptr[1].tag == HOLLOW_FLAG_OFF && l->flags.ptr[2].tag == HOLLOW_FLAG_ON);
    }
    CHECK(l->gaps.len == 2);
    if (l->gaps.len == 2) {
        CHECK(l->gaps.keys[0] == 1 && l->gaps.values[0] != NULL && l->gaps.values[0]->_unused == 0);
        CHECK(l->gaps.keys[1] == 2 && l->gaps.values[1] == NULL);
    }
    CHECK(l->last != NULL && l->last->tag == HOLLOW_EVENT_QUIT);
    CHECK(l->maybe_flag != NULL && l->maybe_flag->tag == HOLLOW_FLAG_OFF);
}

static void results_that_raise(void) {
    hollow_Nothing n;
    hollow_Flag f;
    n._unused = 0;
    CHECK(hollow_nothing_or_fail(false, &n) == 0 && n._unused == 0);
    n._unused = 7; /* only to see that a raising call leaves *out alone */
    CHECK(hollow_nothing_or_fail(true, &n) == HOLLOW_OOPS_BAD && n._unused == 7);
    CHECK(hollow_flag_or_fail(true, false, &f) == 0 && f.tag == HOLLOW_FLAG_ON);
    CHECK(hollow_flag_or_fail(false, false, &f) == 0 && f.tag == HOLLOW_FLAG_OFF);
    f.tag = 77;
    CHECK(hollow_flag_or_fail(true, true, &f) == HOLLOW_OOPS_BAD && f.tag == 77);
}

static void lists_and_optionals(void) {
    hollow_Flag in[3];
    hollow_List_Flag l, back;
    hollow_Event idle, count, quit, unknown;
    hollow_Event *events[5];
    hollow_List_Opt_Event le;
    hollow_List_U32 tags;
    in[0] = flag(HOLLOW_FLAG_ON);
    in[1] = flag(HOLLOW_FLAG_OFF);
    in[2] = flag(7); /* unknown to the library: kept */
    l.ptr = in;
    l.len = 3;
    back = hollow_flip(l);
    CHECK(back.len == 3 && back.ptr[0].tag == HOLLOW_FLAG_OFF && back.ptr[1].tag == HOLLOW_FLAG_ON && back.ptr[2].tag == 7);
    hollow_List_Flag_release(&back);
    l.len = 0;
    back = hollow_flip(l);
    CHECK(back.len == 0);
    hollow_List_Flag_release(&back);

    memset(&idle, 0, sizeof idle);
    idle.tag = HOLLOW_EVENT_IDLE;
    memset(&count, 0, sizeof count);
    count.tag = HOLLOW_EVENT_COUNT;
    count.u.count = 3;
    memset(&quit, 0, sizeof quit);
    quit.tag = HOLLOW_EVENT_QUIT;
    memset(&unknown, 0, sizeof unknown);
    unknown.tag = 12;
    events[0] = NULL;
    events[1] = &idle;
    events[2] = &count;
    events[3] = &quit;
    events[4] = &unknown;
    le.ptr = events;
    le.len = 5;
    tags = hollow_tags(le);
    CHECK(tags.len == 5);
    if (tags.len == 5) {
        CHECK(tags.ptr[0] == 0 && tags.ptr[1] == 1 && tags.ptr[2] == 6 && tags.ptr[3] == 9 && tags.ptr[4] == 12);
    }
    hollow_List_U32_release(&tags);
}

static void logs(void) {
    hollow_Log s = hollow_sample(), back, empty;
    hollow_Event *e;
    hollow_Event unknown;
    hollow_String name;
    check_sample(&s);
    memset(&back, 0, sizeof back);
    CHECK(hollow_echo_log(&s, &back) == 0);
    check_sample(&back);
    hollow_Log_release(&back);

    name = hollow_String_from("quit", 4);
    e = hollow_lookup(s.by_name, name);
    CHECK(e != NULL && e->tag == HOLLOW_EVENT_QUIT);
    hollow_Opt_Event_release(&e);
    CHECK(e == NULL);
    hollow_String_release(&name);
    name = hollow_String_from("off", 3);
    e = hollow_lookup(s.by_name, name);
    CHECK(e != NULL && e->tag == HOLLOW_EVENT_FLAG && e->u.flag.tag == HOLLOW_FLAG_OFF);
    hollow_Opt_Event_release(&e);
    hollow_String_release(&name);
    name = hollow_String_from("nope", 4);
    CHECK(hollow_lookup(s.by_name, name) == NULL);
    hollow_String_release(&name);
    hollow_Log_release(&s);

    /* An event tag the library does not know comes back with a zeroed
       payload; a log without events raises and leaves *out alone. */
    memset(&empty, 0, sizeof empty);
    memset(&unknown, 0, sizeof unknown);
    unknown.tag = 42;
    unknown.u.count = 0xBEEF;
    empty.events.ptr = &unknown;
    empty.events.len = 1;
    memset(&back, 0, sizeof back);
    CHECK(hollow_echo_log(&empty, &back) == 0);
    CHECK(back.events.len == 1 && back.events.ptr[0].tag == 42 && back.events.ptr[0].u.count == 0);
    CHECK(back.by_name.len == 0 && back.flags.len == 0 && back.gaps.len == 0 && back.last == NULL && back.maybe_flag == NULL);
    hollow_Log_release(&back);
    empty.events.len = 0;
    back.flags.len = 99;
    CHECK(hollow_echo_log(&empty, &back) == HOLLOW_OOPS_BAD && back.flags.len == 99);
}

static void switches(void) {
    hollow_Flag on = flag(HOLLOW_FLAG_ON), unknown = flag(5);
    hollow_Nothing n;
    hollow_Switch *s = hollow_Switch_new(&on), *b;
    hollow_Flag *o, t;
    hollow_Event ev;
    o = hollow_Switch_on(s);
    CHECK(o != NULL && o->tag == HOLLOW_FLAG_ON);
    hollow_Opt_Flag_release(&o);
    t = hollow_Switch_toggle(s);
    CHECK(t.tag == HOLLOW_FLAG_OFF);
    CHECK(hollow_Switch_on(s) == NULL);
    ev.tag = 99;
    CHECK(hollow_Switch_event(s, &ev) == HOLLOW_OOPS_BAD && ev.tag == 99);
    n._unused = 0;
    CHECK(hollow_Switch_set(s, &on, &n) == 0 && n._unused == 0);
    memset(&ev, 0, sizeof ev);
    CHECK(hollow_Switch_event(s, &ev) == 0 && ev.tag == HOLLOW_EVENT_FLAG && ev.u.flag.tag == HOLLOW_FLAG_ON);
    hollow_Event_release(&ev);
    n._unused = 3;
    CHECK(hollow_Switch_set(s, &unknown, &n) == HOLLOW_OOPS_BAD && n._unused == 3);
    CHECK(hollow_Switch_toggle(s).tag == HOLLOW_FLAG_OFF);
    n._unused = 0;
    b = hollow_Switch_new_blank(&n);
    CHECK(hollow_Switch_on(b) == NULL);
    CHECK(hollow_Switch_toggle(b).tag == HOLLOW_FLAG_ON);
    hollow_Switch_destroy(b);
    hollow_Switch_destroy(s);
    s = hollow_Switch_new(&unknown);
    CHECK(hollow_Switch_on(s) == NULL);
    hollow_Switch_destroy(s);
}

int main(void) {
    results_that_raise();
    lists_and_optionals();
    logs();
    switches();
    CHECK(hollow_live_allocations() == 0);
    CHECK(hollow_goimpl_live_handles() == 0);
    if (failures) {
        return 1;
    }
    printf("ok\n");
    return 0;
}
