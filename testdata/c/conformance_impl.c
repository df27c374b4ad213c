/*
 * conformance_impl.c: a C99 implementation of testdata/conformance.idl,
 * built against the generated conformance.h; conformance_impl.cpp is a C++17
 * implementation of the same header with the same behaviour. This file
 * defines CONFORMANCE_IMPLEMENTATION, so it exports the allocator, the
 * live-allocation counter and every release and copy function.
 *
 * Every output is a fresh allocation (conformance_alloc) that the caller
 * releases; inputs are only read, and copied when kept (Store). Semantics:
 *
 * Echoes
 *   echo_<T>(v)        returns v: scalars as they are (NaN payloads and
 *                      -0.0 included, enum values outside the declared
 *                      members included), everything else as a deep copy
 *                      (union tags the header does not know are kept with
 *                      a zeroed payload), optionals absent stays absent.
 *
 * Transforms
 *   scalars_from(...)  a Scalars whose fields are the same-named parameters.
 *   make_keywords(from, class, default, type)
 *                      a Keywords with those fields (class and type copied).
 *   concat(parts, sep) the parts joined with sep between them; [] gives "".
 *   split(text, sep)   text cut at every byte equal to sep, like Go's
 *                      strings.Split: n separators give n+1 parts, empty
 *                      parts kept; split("", x) == [""].
 *   iota(n)            [0, 1, ..., n-1] (empty for 0).
 *   sum(values)        the sum with 64-bit two's complement wraparound.
 *   reverse_bytes(d)   d with its bytes in reverse order.
 *   lengths(m)         the same keys, in the same order, each mapped to the
 *                      length of its bytes value.
 *   or_default(v, f)   *v when present, else f.
 *   describe(v)        the IDL name of v's case ("flag", "integer", "real",
 *                      "text", "data", "color", "scalars", "blob", "items",
 *                      "table", "maybe", "tree", "nested", "empty_list"),
 *                      "unknown" for any other tag.
 *   make_tree(d, f)    a tree whose root is labelled "t"; child i (from 0)
 *                      of a node labelled L is labelled L + "." + i in
 *                      decimal. A node at depth < d has f children; next is
 *                      always absent. make_tree(0, f) is the root alone;
 *                      the tree has 1 + f + f^2 + ... + f^d nodes.
 *   tree_size(t)       the number of nodes reachable from t through
 *                      children and next, t included.
 *   eval(e)            literal: its value. name: "zero" 0, "one" 1,
 *                      "answer" 42, any other raises NOT_FOUND. sum: the
 *                      wrapping sum of its terms (0 when empty). negate:
 *                      the wrapping negation of its operand; an absent
 *                      operand raises INVALID. An unknown tag raises
 *                      INVALID. The first error raised inside wins.
 *   parse_color(name)  the member spelled exactly name ("RED", "GREEN",
 *                      "BLUE", "INFRARED"), else NOT_FOUND.
 *   check(ok)          succeeds when ok, else raises REQUESTED.
 *   echo_or_fail(v, f) raises REQUESTED when f, else returns a copy of v.
 *   noop()             nothing.
 *   count_empty(a, e)  2 when e is present, else 1 (a is always there).
 *   signal_tag(s)      s->tag (any tag, payload-free cases included), 0
 *                      when s is absent.
 *
 * Store (an ordered map string -> Value holding copies; safe for
 * concurrent use, each call takes the store's lock; every store is one
 * conformance_alloc allocation, so an undestroyed store shows in
 * conformance_live_allocations()).
 *   new()              empty, no capacity limit.
 *   new with_capacity(c)  empty, at most c entries; c == 0 raises INVALID.
 *   put(k, v)          stores copies; an existing key keeps its position
 *                      and gets the new value; a new key in a full store
 *                      raises FULL.
 *   get(k)             a copy of the value, or absent.
 *   fetch(k)           a copy of the value, or raises NOT_FOUND.
 *   keys()             the keys in insertion order.
 *   size()             the number of entries.
 *   clone()            a new store with copies of the entries, same capacity.
 *   merge(other)       puts every entry of other (in its order) as put
 *                      does; the first FULL stops it, entries put before
 *                      stay. merge(self) changes nothing.
 *   pick(other)        a clone of other when other is present and not
 *                      empty, else absent.
 *   store_size(s)      s.size().
 *   store_with(k, v)   a new unlimited store holding k -> v.
 *   maybe_store(make)  a new empty store when make, else absent.
 *   size_or_zero(s)    s.size(), or 0 when s is absent.
 *   echo_empty(e)      (a method) returns a Void, as echo_empty does.
 *
 * Shelf and Slot (handles inside values; see the IDL's doc comments)
 *   make_shelf, shelf_size, clone_shelf, clone_shelf_or_fail, clone_slot,
 *   clone_stores, clone_named, sizes: as documented in conformance.idl.
 *   A clone of a value holding handles clones every store (a value with a
 *   handle has no generated copy function); NULL handles stay NULL, and a
 *   Slot tag the header does not know is kept with a zeroed payload.
 */
#define CONFORMANCE_IMPLEMENTATION
#include "conformance.h"

#include <stdio.h>
#include <string.h>

/* ---- Echoes ---- */

bool conformance_echo_bool(bool v) { return v; }
int8_t conformance_echo_i8(int8_t v) { return v; }
int16_t conformance_echo_i16(int16_t v) { return v; }
int32_t conformance_echo_i32(int32_t v) { return v; }
int64_t conformance_echo_i64(int64_t v) { return v; }
uint8_t conformance_echo_u8(uint8_t v) { return v; }
uint16_t conformance_echo_u16(uint16_t v) { return v; }
uint32_t conformance_echo_u32(uint32_t v) { return v; }
uint64_t conformance_echo_u64(uint64_t v) { return v; }
float conformance_echo_f32(float v) { return v; }
double conformance_echo_f64(double v) { return v; }
conformance_Color conformance_echo_color(conformance_Color v) { return v; }

conformance_String conformance_echo_string(conformance_String v) { return conformance_String_copy(&v); }
conformance_Bytes conformance_echo_bytes(conformance_Bytes v) { return conformance_Bytes_copy(&v); }
conformance_Scalars conformance_echo_scalars(const conformance_Scalars *v) { return *v; }
conformance_Blob conformance_echo_blob(const conformance_Blob *v) { return conformance_Blob_copy(v); }
conformance_Keywords conformance_echo_keywords(const conformance_Keywords *v) { return conformance_Keywords_copy(v); }
conformance_Lists conformance_echo_lists(const conformance_Lists *v) { return conformance_Lists_copy(v); }
conformance_Maps conformance_echo_maps(const conformance_Maps *v) { return conformance_Maps_copy(v); }
conformance_Optionals conformance_echo_optionals(const conformance_Optionals *v) { return conformance_Optionals_copy(v); }
conformance_Value conformance_echo_value(const conformance_Value *v) { return conformance_Value_copy(v); }
conformance_Tree conformance_echo_tree(const conformance_Tree *v) { return conformance_Tree_copy(v); }
conformance_Expr conformance_echo_expr(const conformance_Expr *v) { return conformance_Expr_copy(v); }
conformance_Everything conformance_echo_everything(const conformance_Everything *v) { return conformance_Everything_copy(v); }
conformance_List_F64 conformance_echo_list_f64(conformance_List_F64 v) { return conformance_List_F64_copy(&v); }
conformance_List_String conformance_echo_list_string(conformance_List_String v) { return conformance_List_String_copy(&v); }
conformance_List_Scalars conformance_echo_list_scalars(conformance_List_Scalars v) { return conformance_List_Scalars_copy(&v); }
conformance_Map_Color_List_String conformance_echo_map(conformance_Map_Color_List_String v) { return conformance_Map_Color_List_String_copy(&v); }
int32_t *conformance_echo_opt_i32(const int32_t *v) { return conformance_Opt_I32_copy(v); }
conformance_String *conformance_echo_opt_string(const conformance_String *v) { return conformance_Opt_String_copy(v); }
conformance_Blob *conformance_echo_opt_blob(const conformance_Blob *v) { return conformance_Opt_Blob_copy(v); }
conformance_Value *conformance_echo_opt_value(const conformance_Value *v) { return conformance_Opt_Value_copy(v); }
conformance_List_Scalars *conformance_echo_opt_list(const conformance_List_Scalars *v) { return conformance_Opt_List_Scalars_copy(v); }
/* An empty IDL struct is one padding byte, in C as in C++ (see the .cpp). */
typedef char conformance_void_is_one_byte[sizeof(conformance_Void) == 1 ? 1 : -1];

conformance_Void conformance_echo_empty(const conformance_Void *v) { return conformance_Void_copy(v); }
conformance_Signal conformance_echo_signal(const conformance_Signal *v) { return conformance_Signal_copy(v); }
conformance_Toggle conformance_echo_toggle(const conformance_Toggle *v) { return conformance_Toggle_copy(v); }
conformance_Hollow conformance_echo_hollow(const conformance_Hollow *v) { return conformance_Hollow_copy(v); }
conformance_List_Void conformance_echo_empties(conformance_List_Void v) { return conformance_List_Void_copy(&v); }
conformance_Void *conformance_echo_opt_empty(const conformance_Void *v) { return conformance_Opt_Void_copy(v); }

/* ---- Transforms ---- */

conformance_Scalars conformance_scalars_from(bool flag, int8_t tiny, int16_t small, int32_t medium, int64_t large, uint8_t byte,
                                             uint16_t word, uint32_t dword, uint64_t qword, float single, double double_,
                                             conformance_Color color) {
    conformance_Scalars s;
    memset(&s, 0, sizeof s);
    s.flag = flag;
    s.tiny = tiny;
    s.small = small;
    s.medium = medium;
    s.large = large;
    s.byte = byte;
    s.word = word;
    s.dword = dword;
    s.qword = qword;
    s.single = single;
    s.double_ = double_;
    s.color = color;
    return s;
}

conformance_Keywords conformance_make_keywords(int32_t from, conformance_String class_, bool default_, const uint8_t *type) {
    conformance_Keywords k;
    memset(&k, 0, sizeof k);
    k.from = from;
    k.class_ = conformance_String_copy(&class_);
    k.default_ = default_;
    k.type = conformance_Opt_U8_copy(type);
    return k;
}

conformance_String conformance_concat(conformance_List_String parts, conformance_String sep) {
    conformance_String out;
    size_t n = 0, i, at = 0;
    for (i = 0; i < parts.len; i++) {
        n += parts.ptr[i].len + (i > 0 ? sep.len : 0);
    }
    out.len = n;
    out.ptr = n ? (char *)conformance_alloc(n) : NULL;
    for (i = 0; i < parts.len; i++) {
        if (i > 0 && sep.len) {
            memcpy(out.ptr + at, sep.ptr, sep.len);
            at += sep.len;
        }
        if (parts.ptr[i].len) {
            memcpy(out.ptr + at, parts.ptr[i].ptr, parts.ptr[i].len);
            at += parts.ptr[i].len;
        }
    }
    return out;
}

conformance_List_String conformance_split(conformance_String text, uint8_t sep) {
    conformance_List_String out;
    size_t i, start = 0, k = 0;
    out.len = 1;
    for (i = 0; i < text.len; i++) {
        if ((uint8_t)text.ptr[i] == sep) {
            out.len++;
        }
    }
    out.ptr = (conformance_String *)conformance_alloc(out.len * sizeof *out.ptr);
    for (i = 0; i <= text.len; i++) {
        if (i == text.len || (uint8_t)text.ptr[i] == sep) {
            out.ptr[k++] = conformance_String_from(text.ptr ? text.ptr + start : NULL, i - start);
            start = i + 1;
        }
    }
    return out;
}

conformance_List_I64 conformance_iota(uint32_t n) {
    conformance_List_I64 out;
    uint32_t i;
    out.len = n;
    out.ptr = n ? (int64_t *)conformance_alloc(n * sizeof *out.ptr) : NULL;
    for (i = 0; i < n; i++) {
        out.ptr[i] = (int64_t)i;
    }
    return out;
}

int64_t conformance_sum(conformance_List_I64 values) {
    uint64_t s = 0;
    size_t i;
    for (i = 0; i < values.len; i++) {
        s += (uint64_t)values.ptr[i];
    }
    return (int64_t)s;
}

conformance_Bytes conformance_reverse_bytes(conformance_Bytes data) {
    conformance_Bytes out = conformance_Bytes_copy(&data);
    size_t i;
    for (i = 0; i < out.len / 2; i++) {
        uint8_t t = out.ptr[i];
        out.ptr[i] = out.ptr[out.len - 1 - i];
        out.ptr[out.len - 1 - i] = t;
    }
    return out;
}

conformance_Map_String_U64 conformance_lengths(conformance_Map_String_Bytes m) {
    conformance_Map_String_U64 out;
    size_t i;
    memset(&out, 0, sizeof out);
    if (m.len == 0) {
        return out;
    }
    out.len = m.len;
    out.keys = (conformance_String *)conformance_alloc(m.len * sizeof *out.keys);
    out.values = (uint64_t *)conformance_alloc(m.len * sizeof *out.values);
    for (i = 0; i < m.len; i++) {
        out.keys[i] = conformance_String_copy(&m.keys[i]);
        out.values[i] = m.values[i].len;
    }
    return out;
}

double conformance_or_default(const double *v, double fallback) { return v ? *v : fallback; }

static conformance_String cstr(const char *s) { return conformance_String_from(s, strlen(s)); }

conformance_String conformance_describe(const conformance_Value *v) {
    switch (v->tag) {
    case CONFORMANCE_VALUE_FLAG: return cstr("flag");
    case CONFORMANCE_VALUE_INTEGER: return cstr("integer");
    case CONFORMANCE_VALUE_REAL: return cstr("real");
    case CONFORMANCE_VALUE_TEXT: return cstr("text");
    case CONFORMANCE_VALUE_DATA: return cstr("data");
    case CONFORMANCE_VALUE_COLOR: return cstr("color");
    case CONFORMANCE_VALUE_SCALARS: return cstr("scalars");
    case CONFORMANCE_VALUE_BLOB: return cstr("blob");
    case CONFORMANCE_VALUE_ITEMS: return cstr("items");
    case CONFORMANCE_VALUE_TABLE: return cstr("table");
    case CONFORMANCE_VALUE_MAYBE: return cstr("maybe");
    case CONFORMANCE_VALUE_TREE: return cstr("tree");
    case CONFORMANCE_VALUE_NESTED: return cstr("nested");
    case CONFORMANCE_VALUE_EMPTY_LIST: return cstr("empty_list");
    default: return cstr("unknown");
    }
}

static conformance_Tree tree(const char *label, size_t n, uint8_t depth, uint8_t fanout) {
    conformance_Tree t;
    memset(&t, 0, sizeof t);
    t.label = conformance_String_from(label, n);
    if (depth > 0 && fanout > 0) {
        uint8_t i;
        char *buf = (char *)conformance_alloc(n + 8);
        t.children.len = fanout;
        t.children.ptr = (conformance_Tree *)conformance_alloc(fanout * sizeof *t.children.ptr);
        for (i = 0; i < fanout; i++) {
            int k = sprintf(buf, "%.*s.%u", (int)n, label, (unsigned)i);
            t.children.ptr[i] = tree(buf, (size_t)k, (uint8_t)(depth - 1), fanout);
        }
        conformance_free(buf);
    }
    return t;
}

conformance_Tree conformance_make_tree(uint8_t depth, uint8_t fanout) { return tree("t", 1, depth, fanout); }

uint64_t conformance_tree_size(const conformance_Tree *t) {
    uint64_t n = 1;
    size_t i;
    for (i = 0; i < t->children.len; i++) {
        n += conformance_tree_size(&t->children.ptr[i]);
    }
    if (t->next) {
        n += conformance_tree_size(t->next);
    }
    return n;
}

static bool str_is(conformance_String s, const char *c) { return s.len == strlen(c) && (s.len == 0 || memcmp(s.ptr, c, s.len) == 0); }

int32_t conformance_eval(const conformance_Expr *e, int64_t *out) {
    int32_t rc;
    int64_t x;
    size_t i;
    uint64_t s = 0;
    switch (e->tag) {
    case CONFORMANCE_EXPR_LITERAL:
        *out = e->u.literal;
        return 0;
    case CONFORMANCE_EXPR_NAME:
        if (str_is(e->u.name, "zero")) {
            *out = 0;
        } else if (str_is(e->u.name, "one")) {
            *out = 1;
        } else if (str_is(e->u.name, "answer")) {
            *out = 42;
        } else {
            return CONFORMANCE_CONF_ERROR_NOT_FOUND;
        }
        return 0;
    case CONFORMANCE_EXPR_SUM:
        for (i = 0; i < e->u.sum.len; i++) {
            if ((rc = conformance_eval(&e->u.sum.ptr[i], &x)) != 0) {
                return rc;
            }
            s += (uint64_t)x;
        }
        *out = (int64_t)s;
        return 0;
    case CONFORMANCE_EXPR_NEGATE:
        if (e->u.negate.operand == NULL) {
            return CONFORMANCE_CONF_ERROR_INVALID;
        }
        if ((rc = conformance_eval(e->u.negate.operand, &x)) != 0) {
            return rc;
        }
        *out = (int64_t)(0 - (uint64_t)x);
        return 0;
    default:
        return CONFORMANCE_CONF_ERROR_INVALID;
    }
}

int32_t conformance_parse_color(conformance_String name, conformance_Color *out) {
    if (str_is(name, "RED")) {
        *out = CONFORMANCE_COLOR_RED;
    } else if (str_is(name, "GREEN")) {
        *out = CONFORMANCE_COLOR_GREEN;
    } else if (str_is(name, "BLUE")) {
        *out = CONFORMANCE_COLOR_BLUE;
    } else if (str_is(name, "INFRARED")) {
        *out = CONFORMANCE_COLOR_INFRARED;
    } else {
        return CONFORMANCE_CONF_ERROR_NOT_FOUND;
    }
    return 0;
}

int32_t conformance_check(bool ok) { return ok ? 0 : CONFORMANCE_CONF_ERROR_REQUESTED; }

int32_t conformance_echo_or_fail(const conformance_Everything *v, bool fail, conformance_Everything *out) {
    if (fail) {
        return CONFORMANCE_CONF_ERROR_REQUESTED;
    }
    *out = conformance_Everything_copy(v);
    return 0;
}

void conformance_noop(void) {}

uint32_t conformance_count_empty(const conformance_Void *a, const conformance_Void *e) {
    (void)a;
    return e != NULL ? 2u : 1u;
}

uint32_t conformance_signal_tag(const conformance_Signal *s) { return s != NULL ? s->tag : 0u; }

/* ---- Store ---- */

struct conformance_Store {
    int lock; /* a spin lock: 0 free, 1 held */
    uint32_t capacity; /* 0: no limit */
    size_t len, cap;
    conformance_String *keys;
    conformance_Value *values;
};

static void lock(conformance_Store *s) {
#if defined(__GNUC__) || defined(__clang__)
    while (__atomic_exchange_n(&s->lock, 1, __ATOMIC_ACQUIRE)) {
    }
#else
    (void)s; /* no atomics: not safe for concurrent use */
#endif
}

static void unlock(conformance_Store *s) {
#if defined(__GNUC__) || defined(__clang__)
    __atomic_store_n(&s->lock, 0, __ATOMIC_RELEASE);
#else
    (void)s;
#endif
}

static conformance_Store *store_new(uint32_t capacity) {
    conformance_Store *s = (conformance_Store *)conformance_alloc(sizeof *s);
    memset(s, 0, sizeof *s);
    s->capacity = capacity;
    return s;
}

conformance_Store *conformance_Store_new(void) { return store_new(0); }

int32_t conformance_Store_new_with_capacity(uint32_t capacity, conformance_Store **out) {
    if (capacity == 0) {
        return CONFORMANCE_CONF_ERROR_INVALID;
    }
    *out = store_new(capacity);
    return 0;
}

static size_t find(const conformance_Store *s, conformance_String key) {
    size_t i;
    for (i = 0; i < s->len; i++) {
        if (s->keys[i].len == key.len && (key.len == 0 || memcmp(s->keys[i].ptr, key.ptr, key.len) == 0)) {
            return i;
        }
    }
    return (size_t)-1;
}

/* put stores copies of key and value; the caller holds the lock. */
static int32_t put(conformance_Store *s, const conformance_String *key, const conformance_Value *value) {
    size_t i = find(s, *key);
    if (i != (size_t)-1) {
        conformance_Value v = conformance_Value_copy(value); /* before releasing: value may be s->values[i] */
        conformance_Value_release(&s->values[i]);
        s->values[i] = v;
        return 0;
    }
    if (s->capacity != 0 && s->len >= s->capacity) {
        return CONFORMANCE_CONF_ERROR_FULL;
    }
    if (s->len == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 4;
        conformance_String *keys = (conformance_String *)conformance_alloc(cap * sizeof *keys);
        conformance_Value *values = (conformance_Value *)conformance_alloc(cap * sizeof *values);
        if (s->len) {
            memcpy(keys, s->keys, s->len * sizeof *keys);
            memcpy(values, s->values, s->len * sizeof *values);
        }
        conformance_free(s->keys);
        conformance_free(s->values);
        s->keys = keys;
        s->values = values;
        s->cap = cap;
    }
    s->keys[s->len] = conformance_String_copy(key);
    s->values[s->len] = conformance_Value_copy(value);
    s->len++;
    return 0;
}

int32_t conformance_Store_put(conformance_Store *self, conformance_String key, const conformance_Value *value) {
    int32_t rc;
    lock(self);
    rc = put(self, &key, value);
    unlock(self);
    return rc;
}

conformance_Value *conformance_Store_get(conformance_Store *self, conformance_String key) {
    conformance_Value *v = NULL;
    size_t i;
    lock(self);
    if ((i = find(self, key)) != (size_t)-1) {
        v = conformance_Opt_Value_copy(&self->values[i]);
    }
    unlock(self);
    return v;
}

int32_t conformance_Store_fetch(conformance_Store *self, conformance_String key, conformance_Value *out) {
    size_t i;
    lock(self);
    i = find(self, key);
    if (i != (size_t)-1) {
        *out = conformance_Value_copy(&self->values[i]);
    }
    unlock(self);
    return i == (size_t)-1 ? CONFORMANCE_CONF_ERROR_NOT_FOUND : 0;
}

conformance_List_String conformance_Store_keys(conformance_Store *self) {
    conformance_List_String l;
    lock(self);
    l.ptr = self->keys;
    l.len = self->len;
    l = conformance_List_String_copy(&l);
    unlock(self);
    return l;
}

uint32_t conformance_Store_size(conformance_Store *self) {
    uint32_t n;
    lock(self);
    n = (uint32_t)self->len;
    unlock(self);
    return n;
}

conformance_Store *conformance_Store_clone(conformance_Store *self) {
    conformance_Store *c;
    size_t i;
    lock(self);
    c = store_new(self->capacity);
    for (i = 0; i < self->len; i++) {
        put(c, &self->keys[i], &self->values[i]);
    }
    unlock(self);
    return c;
}

int32_t conformance_Store_merge(conformance_Store *self, conformance_Store *other) {
    /* Snapshot other under its lock, then put under ours: no two locks are
       ever held at once, and merging a store into itself works. */
    conformance_Store *snap = conformance_Store_clone(other);
    int32_t rc = 0;
    size_t i;
    lock(self);
    for (i = 0; i < snap->len && rc == 0; i++) {
        rc = put(self, &snap->keys[i], &snap->values[i]);
    }
    unlock(self);
    conformance_Store_destroy(snap);
    return rc;
}

conformance_Store *conformance_Store_pick(conformance_Store *self, conformance_Store *other) {
    (void)self;
    if (other == NULL || conformance_Store_size(other) == 0) {
        return NULL;
    }
    return conformance_Store_clone(other);
}

conformance_Void conformance_Store_echo_empty(conformance_Store *self, const conformance_Void *e) {
    (void)self;
    return conformance_Void_copy(e);
}

void conformance_Store_destroy(conformance_Store *self) {
    size_t i;
    if (self == NULL) {
        return;
    }
    for (i = 0; i < self->len; i++) {
        conformance_String_release(&self->keys[i]);
        conformance_Value_release(&self->values[i]);
    }
    conformance_free(self->keys);
    conformance_free(self->values);
    conformance_free(self);
}

uint32_t conformance_store_size(conformance_Store *store) { return conformance_Store_size(store); }

conformance_Store *conformance_store_with(conformance_String key, const conformance_Value *value) {
    conformance_Store *s = store_new(0);
    put(s, &key, value);
    return s;
}

conformance_Store *conformance_maybe_store(bool make) { return make ? store_new(0) : NULL; }

uint32_t conformance_size_or_zero(conformance_Store *store) { return store ? conformance_Store_size(store) : 0; }

/* ---- Shelf and Slot: handles inside values ---- */

/* put_int stores key -> integer v in s (a fresh store, no lock needed). */
static void put_int(conformance_Store *s, const char *key, int64_t v) {
    conformance_String k;
    conformance_Value val;
    k.ptr = (char *)key;
    k.len = strlen(key);
    memset(&val, 0, sizeof val);
    val.tag = CONFORMANCE_VALUE_INTEGER;
    val.u.integer = v;
    put(s, &k, &val);
}

static uint64_t shelf_size(const conformance_Shelf *s) {
    uint64_t n = 0;
    size_t i;
    n += conformance_size_or_zero(s->main) + conformance_size_or_zero(s->spare);
    for (i = 0; i < s->stores.len; i++) {
        n += conformance_size_or_zero(s->stores.ptr[i]);
    }
    for (i = 0; i < s->gaps.len; i++) {
        n += conformance_size_or_zero(s->gaps.ptr[i]);
    }
    for (i = 0; i < s->named.len; i++) {
        n += conformance_size_or_zero(s->named.values[i]);
    }
    if (s->below != NULL) {
        n += shelf_size(s->below);
    }
    return n;
}

uint64_t conformance_shelf_size(const conformance_Shelf *s) { return shelf_size(s); }

static conformance_Store *clone_or_null(conformance_Store *s) {
    return s != NULL ? conformance_Store_clone(s) : NULL;
}

/* clone_handles returns a new array of len clones of the handles at src
   (NULL stays NULL), or NULL when src is NULL or len is 0. */
static conformance_Store **clone_handles(conformance_Store *const *src, size_t len) {
    conformance_Store **dst;
    size_t i;
    if (src == NULL || len == 0) {
        return NULL;
    }
    dst = (conformance_Store **)conformance_alloc(len * sizeof *dst);
    for (i = 0; i < len; i++) {
        dst[i] = clone_or_null(src[i]);
    }
    return dst;
}

conformance_List_Store conformance_clone_stores(conformance_List_Store v) {
    conformance_List_Store out;
    out.ptr = clone_handles(v.ptr, v.len);
    out.len = out.ptr != NULL ? v.len : 0;
    return out;
}

conformance_Map_String_Store conformance_clone_named(conformance_Map_String_Store m) {
    conformance_Map_String_Store out;
    conformance_List_String keys;
    keys.ptr = m.keys;
    keys.len = m.len;
    keys = conformance_List_String_copy(&keys);
    out.keys = keys.ptr;
    out.values = clone_handles(m.values, m.len);
    out.len = out.keys != NULL && out.values != NULL ? m.len : 0;
    return out;
}

conformance_Shelf conformance_clone_shelf(const conformance_Shelf *s) {
    conformance_Shelf out;
    out.label = conformance_String_copy(&s->label);
    out.main = clone_or_null(s->main);
    out.spare = clone_or_null(s->spare);
    out.stores = conformance_clone_stores(s->stores);
    out.gaps.ptr = clone_handles(s->gaps.ptr, s->gaps.len);
    out.gaps.len = out.gaps.ptr != NULL ? s->gaps.len : 0;
    out.named = conformance_clone_named(s->named);
    out.below = NULL;
    if (s->below != NULL) {
        out.below = (conformance_Shelf *)conformance_alloc(sizeof *out.below);
        *out.below = conformance_clone_shelf(s->below);
    }
    return out;
}

int32_t conformance_clone_shelf_or_fail(const conformance_Shelf *s, bool fail, conformance_Shelf *out) {
    if (fail) {
        return CONFORMANCE_CONF_ERROR_INVALID;
    }
    *out = conformance_clone_shelf(s);
    return 0;
}

conformance_Slot conformance_clone_slot(const conformance_Slot *v) {
    conformance_Slot out;
    memset(&out, 0, sizeof out);
    out.tag = v->tag;
    switch (v->tag) {
    case CONFORMANCE_SLOT_STORE:
        out.u.store = clone_or_null(v->u.store);
        break;
    case CONFORMANCE_SLOT_SHELF:
        out.u.shelf = conformance_clone_shelf(&v->u.shelf);
        break;
    case CONFORMANCE_SLOT_NONE:
        out.u.none = v->u.none;
        break;
    case CONFORMANCE_SLOT_VACANT: /* no payload: the tag is the value */
        break;
    default: /* an unknown tag is kept, with a zeroed payload */
        break;
    }
    return out;
}

conformance_List_Opt_U32 conformance_sizes(conformance_List_Opt_Store v) {
    conformance_List_Opt_U32 out;
    size_t i;
    out.ptr = NULL;
    out.len = 0;
    if (v.len == 0) {
        return out;
    }
    out.ptr = (uint32_t **)conformance_alloc(v.len * sizeof *out.ptr);
    out.len = v.len;
    for (i = 0; i < v.len; i++) {
        out.ptr[i] = NULL;
        if (v.ptr[i] != NULL) {
            out.ptr[i] = (uint32_t *)conformance_alloc(sizeof *out.ptr[i]);
            *out.ptr[i] = conformance_Store_size(v.ptr[i]);
        }
    }
    return out;
}

conformance_Shelf conformance_make_shelf(conformance_String label, uint32_t n) {
    conformance_Shelf s;
    char key[16];
    uint32_t i, j;
    s.label = conformance_String_copy(&label);
    s.main = store_new(0);
    put_int(s.main, "main", n);
    s.spare = n % 2 == 1 ? store_new(0) : NULL;
    s.stores.ptr = NULL;
    s.stores.len = n;
    s.named.keys = NULL;
    s.named.values = NULL;
    s.named.len = n;
    if (n > 0) {
        s.stores.ptr = (conformance_Store **)conformance_alloc(n * sizeof *s.stores.ptr);
        s.named.keys = (conformance_String *)conformance_alloc(n * sizeof *s.named.keys);
        s.named.values = (conformance_Store **)conformance_alloc(n * sizeof *s.named.values);
    }
    for (i = 0; i < n; i++) {
        s.stores.ptr[i] = store_new(0);
        for (j = 0; j < i; j++) {
            snprintf(key, sizeof key, "k%u", (unsigned)j);
            put_int(s.stores.ptr[i], key, j);
        }
        snprintf(key, sizeof key, "s%u", (unsigned)i);
        s.named.keys[i] = conformance_String_from(key, strlen(key));
        s.named.values[i] = store_new(0);
        snprintf(key, sizeof key, "%u", (unsigned)i);
        put_int(s.named.values[i], key, i);
    }
    s.gaps.len = 2;
    s.gaps.ptr = (conformance_Store **)conformance_alloc(2 * sizeof *s.gaps.ptr);
    s.gaps.ptr[0] = NULL;
    s.gaps.ptr[1] = store_new(0);
    put_int(s.gaps.ptr[1], "g", 1);
    s.below = NULL;
    if (n > 0) {
        s.below = (conformance_Shelf *)conformance_alloc(sizeof *s.below);
        *s.below = conformance_make_shelf(label, n - 1);
    }
    return s;
}
