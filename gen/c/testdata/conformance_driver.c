/* conformance_driver.c calls every function of conformance.h, builds a
   value of every type the way a library would, echoes it, releases
   everything, and checks results and that conformance_live_allocations()
   ends at 0. It links with either testdata/c/conformance_impl.c or
   conformance_impl.cpp; gen/c's TestSanitizers builds it with
   -fsanitize=address,undefined. With LEAK_ONE one release is skipped, and
   both the counter and LeakSanitizer must report it. */
#include "conformance.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int failures;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                               \
        }                                                                             \
    } while (0)

static conformance_String S(const char *s) { return conformance_String_from(s, strlen(s)); }

/* V borrows a C string as an input view: nothing to release. */
static conformance_String V(const char *s) {
    conformance_String v;
    v.ptr = (char *)s;
    v.len = strlen(s);
    return v;
}

static bool eq(conformance_String s, const char *c, size_t n) { return s.len == n && (n == 0 || memcmp(s.ptr, c, n) == 0); }

static void *alloc0(size_t n) {
    void *p = conformance_alloc(n);
    memset(p, 0, n);
    return p;
}

#define ARRAY(T, n) ((T *)alloc0((n) * sizeof(T)))

static conformance_Scalars scalars(int k) {
    return conformance_scalars_from(k % 2 == 0, (int8_t)-128, (int16_t)-32768, INT32_MIN, INT64_MIN, 255, 65535, UINT32_MAX,
                                    UINT64_MAX, 0.1f, -0.0, k % 2 ? CONFORMANCE_COLOR_INFRARED : CONFORMANCE_COLOR_BLUE);
}

static conformance_Value value_int(int64_t i) {
    conformance_Value v;
    memset(&v, 0, sizeof v);
    v.tag = CONFORMANCE_VALUE_INTEGER;
    v.u.integer = i;
    return v;
}

static conformance_Value value_text(const char *s, size_t n) {
    conformance_Value v;
    memset(&v, 0, sizeof v);
    v.tag = CONFORMANCE_VALUE_TEXT;
    v.u.text = conformance_String_from(s, n);
    return v;
}

static conformance_Value value_nested(void) {
    conformance_Value v;
    memset(&v, 0, sizeof v);
    v.tag = CONFORMANCE_VALUE_NESTED;
    v.u.nested.len = 3;
    v.u.nested.ptr = ARRAY(conformance_Value, 3);
    v.u.nested.ptr[0] = value_int(-1);
    v.u.nested.ptr[1].tag = CONFORMANCE_VALUE_TREE;
    v.u.nested.ptr[1].u.tree = conformance_make_tree(1, 2);
    v.u.nested.ptr[2].tag = CONFORMANCE_VALUE_TABLE;
    v.u.nested.ptr[2].u.table.len = 1;
    v.u.nested.ptr[2].u.table.keys = ARRAY(conformance_String, 1);
    v.u.nested.ptr[2].u.table.values = ARRAY(int32_t, 1);
    v.u.nested.ptr[2].u.table.keys[0] = S("k");
    v.u.nested.ptr[2].u.table.values[0] = 7;
    return v;
}

static conformance_Everything everything(void) {
    conformance_Everything e;
    conformance_Lists *l = &e.lists;
    conformance_Maps *m = &e.maps;
    conformance_Optionals *o = &e.optionals;
    memset(&e, 0, sizeof e);
    e.scalars = scalars(1);
    e.blob.text = conformance_String_from("caf\xc3\xa9\0!", 7);
    e.blob.data = conformance_Bytes_from((const uint8_t *)"\0\1\2\377", 4);
    e.keywords = conformance_make_keywords(-3, V("class"), true, NULL);

    l->flags.len = 2;
    l->flags.ptr = ARRAY(bool, 2);
    l->flags.ptr[1] = true;
    l->octets.len = 3;
    l->octets.ptr = ARRAY(uint8_t, 3);
    l->octets.ptr[2] = 255;
    l->shorts.len = 1;
    l->shorts.ptr = ARRAY(int16_t, 1);
    l->ints.len = 1;
    l->ints.ptr = ARRAY(int32_t, 1);
    l->longs.len = 1;
    l->longs.ptr = ARRAY(uint64_t, 1);
    l->longs.ptr[0] = UINT64_MAX;
    l->floats.len = 1;
    l->floats.ptr = ARRAY(float, 1);
    l->floats.ptr[0] = (float)NAN;
    l->doubles.len = 2;
    l->doubles.ptr = ARRAY(double, 2);
    l->doubles.ptr[0] = INFINITY;
    l->doubles.ptr[1] = NAN;
    l->colors.len = 1;
    l->colors.ptr = ARRAY(conformance_Color, 1);
    l->colors.ptr[0] = CONFORMANCE_COLOR_GREEN;
    l->strings = conformance_split(V("a,,b"), ',');
    l->blobs.len = 2;
    l->blobs.ptr = ARRAY(conformance_Bytes, 2);
    l->blobs.ptr[1] = conformance_Bytes_from((const uint8_t *)"x", 1);
    l->scalars.len = 2;
    l->scalars.ptr = ARRAY(conformance_Scalars, 2);
    l->scalars.ptr[0] = scalars(0);
    l->scalars.ptr[1] = scalars(1);
    l->matrix.len = 2;
    l->matrix.ptr = ARRAY(conformance_List_I16, 2);
    l->matrix.ptr[0].len = 2;
    l->matrix.ptr[0].ptr = ARRAY(int16_t, 2);
    l->maybes.len = 2;
    l->maybes.ptr = ARRAY(conformance_String *, 2);
    l->maybes.ptr[1] = ARRAY(conformance_String, 1);
    *l->maybes.ptr[1] = S("present");
    l->tables.len = 1;
    l->tables.ptr = ARRAY(conformance_Map_String_I8, 1);
    l->tables.ptr[0].len = 1;
    l->tables.ptr[0].keys = ARRAY(conformance_String, 1);
    l->tables.ptr[0].values = ARRAY(int8_t, 1);
    l->tables.ptr[0].keys[0] = S("");
    l->tables.ptr[0].values[0] = -1;
    l->values.len = 2;
    l->values.ptr = ARRAY(conformance_Value, 2);
    l->values.ptr[0] = value_text("\0", 1);
    l->values.ptr[1] = value_nested();

    m->by_i8.len = 1;
    m->by_i8.keys = ARRAY(int8_t, 1);
    m->by_i8.values = ARRAY(conformance_String, 1);
    m->by_i8.values[0] = S("minus");
    m->by_i16.len = 1;
    m->by_i16.keys = ARRAY(int16_t, 1);
    m->by_i16.values = ARRAY(conformance_Bytes, 1);
    m->by_i16.values[0] = conformance_Bytes_from((const uint8_t *)"b", 1);
    m->by_i32.len = 1;
    m->by_i32.keys = ARRAY(int32_t, 1);
    m->by_i32.values = ARRAY(float, 1);
    m->by_i64.len = 1;
    m->by_i64.keys = ARRAY(int64_t, 1);
    m->by_i64.values = ARRAY(conformance_List_I64, 1);
    m->by_i64.values[0] = conformance_iota(5);
    m->by_u8.len = 2;
    m->by_u8.keys = ARRAY(uint8_t, 2);
    m->by_u8.keys[1] = 1;
    m->by_u8.values = ARRAY(bool, 2);
    m->by_u16.len = 1;
    m->by_u16.keys = ARRAY(uint16_t, 1);
    m->by_u16.values = ARRAY(conformance_Color, 1);
    m->by_u32.len = 1;
    m->by_u32.keys = ARRAY(uint32_t, 1);
    m->by_u32.values = ARRAY(conformance_Scalars, 1);
    m->by_u32.values[0] = scalars(2);
    m->by_u64.len = 2;
    m->by_u64.keys = ARRAY(uint64_t, 2);
    m->by_u64.keys[1] = UINT64_MAX;
    m->by_u64.values = ARRAY(conformance_String *, 2);
    m->by_u64.values[0] = conformance_echo_opt_string(&l->strings.ptr[0]);
    m->by_bool.len = 1;
    m->by_bool.keys = ARRAY(bool, 1);
    m->by_bool.values = ARRAY(double, 1);
    m->by_string.len = 1;
    m->by_string.keys = ARRAY(conformance_String, 1);
    m->by_string.values = ARRAY(conformance_Map_String_I32, 1);
    m->by_string.keys[0] = S("outer");
    m->by_string.values[0].len = 1;
    m->by_string.values[0].keys = ARRAY(conformance_String, 1);
    m->by_string.values[0].values = ARRAY(int32_t, 1);
    m->by_string.values[0].keys[0] = S("inner");
    m->by_color.len = 1;
    m->by_color.keys = ARRAY(conformance_Color, 1);
    m->by_color.values = ARRAY(conformance_Value, 1);
    m->by_color.values[0] = value_nested();

    {
        bool f = true;
        int8_t t = -1;
        uint64_t q = UINT64_MAX;
        double r = NAN;
        conformance_Color c = CONFORMANCE_COLOR_INFRARED;
        conformance_String s = V("opt");
        conformance_Value val = value_int(9);
        o->flag = conformance_Opt_Bool_copy(&f);
        o->tiny = conformance_Opt_I8_copy(&t);
        o->qword = conformance_Opt_U64_copy(&q);
        o->real = conformance_Opt_F64_copy(&r);
        o->color = conformance_Opt_Color_copy(&c);
        o->text = conformance_Opt_String_copy(&s);
        o->blob = conformance_Opt_Blob_copy(&e.blob);
        o->value = conformance_Opt_Value_copy(&val);
        o->numbers = ARRAY(conformance_List_U32, 1);
        o->tree = ARRAY(conformance_Tree, 1);
        *o->tree = conformance_make_tree(0, 0);
        /* data, scalars and labels stay absent */
    }

    e.value = value_nested();
    e.tree = conformance_make_tree(2, 3);
    e.tree.next = ARRAY(conformance_Tree, 1);
    *e.tree.next = conformance_make_tree(1, 1);

    /* sum[5, negate(name "answer")] */
    e.expr.tag = CONFORMANCE_EXPR_SUM;
    e.expr.u.sum.len = 2;
    e.expr.u.sum.ptr = ARRAY(conformance_Expr, 2);
    e.expr.u.sum.ptr[0].tag = CONFORMANCE_EXPR_LITERAL;
    e.expr.u.sum.ptr[0].u.literal = 5;
    e.expr.u.sum.ptr[1].tag = CONFORMANCE_EXPR_NEGATE;
    e.expr.u.sum.ptr[1].u.negate.operand = ARRAY(conformance_Expr, 1);
    e.expr.u.sum.ptr[1].u.negate.operand->tag = CONFORMANCE_EXPR_NAME;
    e.expr.u.sum.ptr[1].u.negate.operand->u.name = S("answer");
    return e;
}

static void scalars_and_echoes(void) {
    CHECK(conformance_echo_bool(true) == true);
    CHECK(conformance_echo_i8(-128) == -128);
    CHECK(conformance_echo_i16(-32768) == -32768);
    CHECK(conformance_echo_i32(INT32_MIN) == INT32_MIN);
    CHECK(conformance_echo_i64(INT64_MIN) == INT64_MIN);
    CHECK(conformance_echo_u8(255) == 255);
    CHECK(conformance_echo_u16(65535) == 65535);
    CHECK(conformance_echo_u32(UINT32_MAX) == UINT32_MAX);
    CHECK(conformance_echo_u64(UINT64_MAX) == UINT64_MAX);
    CHECK(conformance_echo_f32(CONFORMANCE_TENTH) == 0.1f);
    CHECK(isnan(conformance_echo_f64(NAN)));
    CHECK(conformance_echo_f64(CONFORMANCE_TINY) == 5e-324);
    CHECK(conformance_echo_color(77) == 77);
    CHECK(conformance_echo_u64(CONFORMANCE_MAX_U64) == UINT64_MAX && CONFORMANCE_MIN_I64 == INT64_MIN);
    CHECK(sizeof CONFORMANCE_TRICKY - 1 == 37 && memcmp(&CONFORMANCE_TRICKY[24], "caf\303\251 ?\?= end", 13) == 0);
    {
        conformance_String t, s;
        t.ptr = (char *)CONFORMANCE_TRICKY;
        t.len = sizeof CONFORMANCE_TRICKY - 1;
        s = conformance_echo_string(t);
        CHECK(eq(s, CONFORMANCE_TRICKY, sizeof CONFORMANCE_TRICKY - 1));
        conformance_String_release(&s);
    }
}

int main(void) {
    const int64_t before = 0;
    scalars_and_echoes();

    {
        conformance_String e = conformance_echo_string(V(""));
        conformance_Bytes b = conformance_echo_bytes(conformance_Bytes_from(NULL, 0)); /* empty: allocates nothing */
        CHECK(e.len == 0);
        CHECK(b.len == 0);
        conformance_String_release(&e);
        conformance_Bytes_release(&b);
    }

    {
        conformance_Everything e = everything(), c, d;
        int64_t x = 0;
        CHECK(conformance_eval(&e.expr, &x) == 0 && x == -37);
        CHECK(conformance_tree_size(&e.tree) == 1 + 3 + 9 + 2);
        c = conformance_echo_everything(&e);
        memset(&d, 0x5a, sizeof d);
        CHECK(conformance_echo_or_fail(&e, true, &d) == CONFORMANCE_CONF_ERROR_REQUESTED);
        CHECK(conformance_echo_or_fail(&e, false, &d) == 0);
        conformance_Everything_release(&e);
        /* the copies must own all their memory: read them after e is gone */
        CHECK(eq(c.blob.text, "caf\xc3\xa9\0!", 7));
        CHECK(c.lists.strings.len == 3 && eq(c.lists.strings.ptr[2], "b", 1));
        CHECK(c.lists.maybes.ptr[0] == NULL && eq(*c.lists.maybes.ptr[1], "present", 7));
        CHECK(isnan(c.lists.doubles.ptr[1]));
        CHECK(c.maps.by_i64.values[0].len == 5 && c.maps.by_i64.values[0].ptr[4] == 4);
        CHECK(eq(c.maps.by_string.values[0].keys[0], "inner", 5));
        CHECK(c.optionals.data == NULL && *c.optionals.tiny == -1);
        CHECK(c.value.u.nested.ptr[1].u.tree.children.len == 2);
        CHECK(eq(c.value.u.nested.ptr[1].u.tree.children.ptr[1].label, "t.1", 3));
        CHECK(conformance_tree_size(&d.tree) == 15);
        CHECK(eq(c.keywords.class_, "class", 5) && c.keywords.type == NULL && c.keywords.from == -3);
        {
            conformance_Lists l = conformance_echo_lists(&c.lists);
            conformance_Maps m = conformance_echo_maps(&c.maps);
            conformance_Optionals o = conformance_echo_optionals(&c.optionals);
            conformance_Value v = conformance_echo_value(&c.value);
            conformance_Tree t = conformance_echo_tree(&c.tree);
            conformance_Expr x2 = conformance_echo_expr(&c.expr);
            conformance_Blob b = conformance_echo_blob(&c.blob);
            conformance_Keywords k = conformance_echo_keywords(&c.keywords);
            conformance_Scalars s = conformance_echo_scalars(&c.scalars);
            conformance_String dsc = conformance_describe(&v);
            CHECK(eq(dsc, "nested", 6));
            CHECK(s.qword == UINT64_MAX && s.color == CONFORMANCE_COLOR_INFRARED);
            conformance_Lists_release(&l);
            conformance_Maps_release(&m);
            conformance_Optionals_release(&o);
            conformance_Value_release(&v);
            conformance_Tree_release(&t);
            conformance_Expr_release(&x2);
            conformance_Blob_release(&b);
            conformance_Keywords_release(&k);
            conformance_Scalars_release(&s);
            conformance_String_release(&dsc);
        }
        {
            conformance_List_F64 lf = conformance_echo_list_f64(c.lists.doubles);
            conformance_List_String ls = conformance_echo_list_string(c.lists.strings);
            conformance_List_Scalars lsc = conformance_echo_list_scalars(c.lists.scalars);
            conformance_List_Scalars *olsc = conformance_echo_opt_list(&c.lists.scalars);
            conformance_List_Scalars *none = conformance_echo_opt_list(NULL);
            int32_t i7 = 7;
            int32_t *oi = conformance_echo_opt_i32(&i7);
            conformance_String *os = conformance_echo_opt_string(&c.blob.text);
            conformance_Blob *ob = conformance_echo_opt_blob(&c.blob);
            conformance_Value *ov = conformance_echo_opt_value(&c.value);
            CHECK(lf.len == 2 && ls.len == 3 && lsc.len == 2 && olsc->len == 2 && none == NULL && *oi == 7);
            CHECK(conformance_echo_opt_i32(NULL) == NULL);
            CHECK(eq(*os, "caf\xc3\xa9\0!", 7) && ob->data.len == 4 && ov->tag == CONFORMANCE_VALUE_NESTED);
            conformance_List_F64_release(&lf);
            conformance_List_String_release(&ls);
            conformance_List_Scalars_release(&lsc);
            conformance_Opt_List_Scalars_release(&olsc);
            conformance_Opt_List_Scalars_release(&none);
            conformance_Opt_I32_release(&oi);
            conformance_Opt_String_release(&os);
            conformance_Opt_Blob_release(&ob);
            conformance_Opt_Value_release(&ov);
            CHECK(oi == NULL && os == NULL);
        }
        conformance_Everything_release(&c);
        conformance_Everything_release(&d);
        conformance_Everything_release(&d); /* twice is harmless */
    }

    {
        conformance_Map_Color_List_String m, r;
        memset(&m, 0, sizeof m);
        m.len = 1;
        m.keys = ARRAY(conformance_Color, 1);
        m.values = ARRAY(conformance_List_String, 1);
        m.values[0] = conformance_split(V("x y"), ' ');
        r = conformance_echo_map(m);
        conformance_Map_Color_List_String_release(&m);
        CHECK(r.len == 1 && r.values[0].len == 2 && eq(r.values[0].ptr[1], "y", 1));
        conformance_Map_Color_List_String_release(&r);
    }

    {
        conformance_String parts[3];
        conformance_List_String pl;
        conformance_String j;
        conformance_List_I64 io = conformance_iota(10000);
        conformance_Bytes rb;
        conformance_Map_String_Bytes mb;
        conformance_Map_String_U64 lens;
        conformance_Bytes vals[2];
        conformance_String keys[2];
        conformance_Keywords k;
        conformance_Color col = 0;
        uint8_t ty = 4;
        double dv = 2.5;
        parts[0] = V("a");
        parts[1] = V("");
        parts[2] = V("c");
        pl.ptr = parts;
        pl.len = 3;
        j = conformance_concat(pl, V(", "));
        CHECK(eq(j, "a, , c", 6));
        conformance_String_release(&j);
        pl.len = 0;
        j = conformance_concat(pl, V("-"));
        CHECK(j.len == 0);
        conformance_String_release(&j);
        pl = conformance_split(V(""), ',');
        CHECK(pl.len == 1 && pl.ptr[0].len == 0);
        conformance_List_String_release(&pl);
        CHECK(io.len == 10000 && io.ptr[9999] == 9999);
        CHECK(conformance_sum(io) == 49995000);
        conformance_List_I64_release(&io);
        rb.ptr = (uint8_t *)"abc";
        rb.len = 3;
        rb = conformance_reverse_bytes(rb);
        CHECK(rb.len == 3 && memcmp(rb.ptr, "cba", 3) == 0);
        conformance_Bytes_release(&rb);
        keys[0] = V("one");
        keys[1] = V("");
        vals[0].ptr = (uint8_t *)"1";
        vals[0].len = 1;
        vals[1].ptr = NULL;
        vals[1].len = 0;
        mb.keys = keys;
        mb.values = vals;
        mb.len = 2;
        lens = conformance_lengths(mb);
        CHECK(lens.len == 2 && eq(lens.keys[0], "one", 3) && lens.values[0] == 1 && lens.values[1] == 0);
        conformance_Map_String_U64_release(&lens);
        CHECK(conformance_or_default(NULL, 1.5) == 1.5 && conformance_or_default(&dv, 1.5) == 2.5);
        CHECK(conformance_parse_color(V("INFRARED"), &col) == 0 && col == CONFORMANCE_COLOR_INFRARED);
        CHECK(conformance_parse_color(V("red"), &col) == CONFORMANCE_CONF_ERROR_NOT_FOUND);
        CHECK(conformance_check(true) == 0 && conformance_check(false) == CONFORMANCE_CONF_ERROR_REQUESTED);
        k = conformance_make_keywords(1, V("c"), false, &ty);
        CHECK(*k.type == 4);
        conformance_Keywords_release(&k);
        conformance_noop();
    }

    {
        conformance_Expr e;
        int64_t x = 99;
        memset(&e, 0, sizeof e);
        e.tag = CONFORMANCE_EXPR_NEGATE;
        CHECK(conformance_eval(&e, &x) == CONFORMANCE_CONF_ERROR_INVALID && x == 99);
        e.tag = CONFORMANCE_EXPR_NAME;
        e.u.name = V("nobody");
        CHECK(conformance_eval(&e, &x) == CONFORMANCE_CONF_ERROR_NOT_FOUND);
        e.tag = 1000;
        CHECK(conformance_eval(&e, &x) == CONFORMANCE_CONF_ERROR_INVALID);
    }

    {
        conformance_Store *s = conformance_Store_new(), *c = NULL, *p, *w;
        conformance_Value v = value_text("v1", 2), *got;
        conformance_Value f;
        conformance_List_String keys;
        CHECK(conformance_Store_new_with_capacity(0, &c) == CONFORMANCE_CONF_ERROR_INVALID && c == NULL);
        CHECK(conformance_Store_new_with_capacity(2, &c) == 0);
        CHECK(conformance_Store_put(s, V("a"), &v) == 0);
        conformance_Value_release(&v);
        v = value_nested();
        CHECK(conformance_Store_put(s, V("b"), &v) == 0);
        CHECK(conformance_Store_put(s, V("c"), &v) == 0);
        CHECK(conformance_Store_put(s, V("a"), &v) == 0); /* replace in place */
        conformance_Value_release(&v);
        CHECK(conformance_Store_size(s) == 3 && conformance_store_size(s) == 3);
        got = conformance_Store_get(s, V("a"));
        CHECK(got != NULL && got->tag == CONFORMANCE_VALUE_NESTED);
        conformance_Opt_Value_release(&got);
        CHECK(conformance_Store_get(s, V("zz")) == NULL);
        memset(&f, 0, sizeof f);
        CHECK(conformance_Store_fetch(s, V("zz"), &f) == CONFORMANCE_CONF_ERROR_NOT_FOUND);
        CHECK(conformance_Store_fetch(s, V("b"), &f) == 0 && f.tag == CONFORMANCE_VALUE_NESTED);
        conformance_Value_release(&f);
        keys = conformance_Store_keys(s);
        CHECK(keys.len == 3 && eq(keys.ptr[0], "a", 1) && eq(keys.ptr[2], "c", 1));
        conformance_List_String_release(&keys);
        CHECK(conformance_Store_merge(c, s) == CONFORMANCE_CONF_ERROR_FULL && conformance_Store_size(c) == 2);
        CHECK(conformance_Store_merge(s, s) == 0 && conformance_Store_size(s) == 3);
        p = conformance_Store_clone(s);
        CHECK(conformance_Store_size(p) == 3);
        w = conformance_Store_pick(s, NULL);
        CHECK(w == NULL);
        w = conformance_Store_pick(s, p);
        CHECK(w != NULL && conformance_size_or_zero(w) == 3);
        conformance_Store_destroy(w);
        conformance_Store_destroy(p);
        conformance_Store_destroy(c);
        v = value_int(1);
        w = conformance_store_with(V("k"), &v);
        CHECK(conformance_size_or_zero(w) == 1 && conformance_size_or_zero(NULL) == 0);
        conformance_Store_destroy(w);
        w = conformance_maybe_store(true);
        CHECK(w != NULL && conformance_maybe_store(false) == NULL);
        conformance_Store_destroy(w);
#ifndef LEAK_ONE
        conformance_Store_destroy(s);
#endif
        conformance_Store_destroy(NULL);
    }

    {
        /* Handles inside values. An output owns new handles, destroyed by
           the release of the value holding them; inputs are borrowed.
           make_shelf(n) holds n(n-1)/2 + n + 2 entries plus those below:
           18 for n = 3. */
        conformance_Shelf sh = conformance_make_shelf(V("top"), 3), cl, fl;
        conformance_Slot slot, back;
        conformance_List_Store ls;
        conformance_Map_String_Store ms;
        conformance_List_Opt_U32 sz;
        CHECK(conformance_shelf_size(&sh) == 18);
        CHECK(sh.stores.len == 3 && conformance_Store_size(sh.stores.ptr[2]) == 2 && sh.spare != NULL);
        CHECK(sh.gaps.len == 2 && sh.gaps.ptr[0] == NULL && conformance_Store_size(sh.gaps.ptr[1]) == 1);
        CHECK(sh.below != NULL && sh.below->spare == NULL && sh.below->below->below->below == NULL);
        CHECK(sh.named.len == 3 && eq(sh.named.keys[1], "s1", 2));
        cl = conformance_clone_shelf(&sh);
        CHECK(cl.main != sh.main && cl.stores.ptr[1] != sh.stores.ptr[1]);
        conformance_Shelf_release(&sh);
        conformance_Shelf_release(&sh);
        CHECK(conformance_shelf_size(&cl) == 18 && eq(cl.label, "top", 3));
        CHECK(conformance_clone_shelf_or_fail(&cl, true, &fl) == CONFORMANCE_CONF_ERROR_INVALID);
        CHECK(conformance_clone_shelf_or_fail(&cl, false, &fl) == 0 && conformance_shelf_size(&fl) == 18);
        conformance_Shelf_release(&fl);

        memset(&slot, 0, sizeof slot);
        slot.tag = CONFORMANCE_SLOT_STORE;
        slot.u.store = cl.main;
        back = conformance_clone_slot(&slot);
        CHECK(back.tag == CONFORMANCE_SLOT_STORE && back.u.store != cl.main && conformance_Store_size(back.u.store) == 1);
        conformance_Slot_release(&back);
        slot.tag = CONFORMANCE_SLOT_SHELF;
        slot.u.shelf = cl; /* a shallow copy: borrowed, not released */
        back = conformance_clone_slot(&slot);
        CHECK(back.tag == CONFORMANCE_SLOT_SHELF && conformance_shelf_size(&back.u.shelf) == 18);
        conformance_Slot_release(&back);
        slot.tag = CONFORMANCE_SLOT_VACANT;
        back = conformance_clone_slot(&slot);
        CHECK(back.tag == CONFORMANCE_SLOT_VACANT);
        conformance_Slot_release(&back);
        slot.tag = 99;
        back = conformance_clone_slot(&slot);
        CHECK(back.tag == 99 && back.u.store == NULL);
        conformance_Slot_release(&back);

        ls = conformance_clone_stores(cl.stores);
        CHECK(ls.len == 3 && conformance_Store_size(ls.ptr[2]) == 2);
        conformance_List_Store_release(&ls);
        ms = conformance_clone_named(cl.named);
        CHECK(ms.len == 3 && eq(ms.keys[2], "s2", 2) && conformance_Store_size(ms.values[2]) == 1);
        conformance_Map_String_Store_release(&ms);
        sz = conformance_sizes(cl.gaps);
        CHECK(sz.len == 2 && sz.ptr[0] == NULL && *sz.ptr[1] == 1);
        conformance_List_Opt_U32_release(&sz);
        conformance_Shelf_release(&cl);
    }

    { /* empty structs and payload-free union cases */
        conformance_Void v, *ov;
        conformance_Signal sig, sb;
        conformance_Toggle tg, tb;
        conformance_Hollow h, hb;
        conformance_List_Void lv, lb;
        conformance_Store *st;
        memset(&v, 0, sizeof v);
        CHECK(sizeof v == 1);
        CHECK(conformance_echo_empty(&v)._unused == 0);
        ov = conformance_echo_opt_empty(&v);
        CHECK(ov != NULL && ov->_unused == 0);
        conformance_Opt_Void_release(&ov);
        CHECK(ov == NULL && conformance_echo_opt_empty(NULL) == NULL);
        CHECK(conformance_count_empty(&v, NULL) == 1 && conformance_count_empty(&v, &v) == 2);
        memset(&sig, 0, sizeof sig);
        sig.tag = CONFORMANCE_SIGNAL_STOP;
        sb = conformance_echo_signal(&sig);
        CHECK(sb.tag == CONFORMANCE_SIGNAL_STOP && conformance_signal_tag(&sb) == 5);
        sig.tag = CONFORMANCE_SIGNAL_CODE;
        sig.u.code = -7;
        sb = conformance_echo_signal(&sig);
        CHECK(sb.tag == CONFORMANCE_SIGNAL_CODE && sb.u.code == -7);
        CHECK(conformance_signal_tag(NULL) == 0);
        memset(&tg, 0, sizeof tg);
        CHECK(sizeof tg == sizeof(uint32_t));
        tg.tag = CONFORMANCE_TOGGLE_ON;
        tb = conformance_echo_toggle(&tg);
        CHECK(tb.tag == CONFORMANCE_TOGGLE_ON);
        lv.len = 3;
        lv.ptr = (conformance_Void *)alloc0(3 * sizeof *lv.ptr);
        lb = conformance_echo_empties(lv);
        CHECK(lb.len == 3 && lb.ptr != NULL && lb.ptr != lv.ptr);
        conformance_List_Void_release(&lb);
        memset(&h, 0, sizeof h);
        h.signal.tag = CONFORMANCE_SIGNAL_NONE;
        h.toggle.tag = CONFORMANCE_TOGGLE_OFF;
        h.empties = lv;
        h.maybe = &v;
        h.signals.len = 2;
        h.signals.ptr = (conformance_Signal *)alloc0(2 * sizeof *h.signals.ptr);
        h.signals.ptr[0].tag = CONFORMANCE_SIGNAL_EMPTY;
        h.signals.ptr[1].tag = CONFORMANCE_SIGNAL_STOP;
        h.maybe_toggle = &tg;
        h.count = 9;
        hb = conformance_echo_hollow(&h);
        CHECK(hb.signal.tag == CONFORMANCE_SIGNAL_NONE && hb.toggle.tag == CONFORMANCE_TOGGLE_OFF && hb.empties.len == 3);
        CHECK(hb.maybe != NULL && hb.maybe != &v && hb.signals.len == 2 && hb.signals.ptr[1].tag == CONFORMANCE_SIGNAL_STOP);
        CHECK(hb.maybe_toggle != NULL && hb.maybe_toggle->tag == CONFORMANCE_TOGGLE_ON && hb.count == 9);
        conformance_Hollow_release(&hb);
        CHECK(hb.maybe == NULL && hb.empties.ptr == NULL);
        conformance_free(lv.ptr);
        conformance_free(h.signals.ptr);
        st = conformance_Store_new();
        CHECK(conformance_Store_echo_empty(st, &v)._unused == 0);
        conformance_Store_destroy(st);
    }

    if (conformance_live_allocations() != before) {
        fprintf(stderr, "leak: conformance_live_allocations() = %lld, want %lld\n", (long long)conformance_live_allocations(),
                (long long)before);
        failures++;
    }
    if (failures) {
        return 1;
    }
    printf("ok\n");
    return 0;
}
