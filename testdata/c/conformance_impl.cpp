// conformance_impl.cpp: a C++17 implementation of testdata/conformance.idl
// behind the same generated conformance.h as conformance_impl.c, with the
// same behaviour, documented once at the top of conformance_impl.c. The
// functions are declared extern "C" by the header, so defining them here
// gives them C linkage; the bodies use the C++ standard library (strings,
// vectors, a mutex, exceptions never cross the boundary) and hand every
// output out in conformance_alloc memory, as the ABI requires.
#define CONFORMANCE_IMPLEMENTATION
#include "conformance.h"

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

std::string_view view(const conformance_String &s) { return s.len ? std::string_view(s.ptr, s.len) : std::string_view(); }

conformance_String out(std::string_view s) { return conformance_String_from(s.data(), s.size()); }

template <typename T> T *array(size_t n) {
    return n ? static_cast<T *>(conformance_alloc(n * sizeof(T))) : nullptr;
}

template <typename T> T zeroed() {
    T v;
    std::memset(&v, 0, sizeof v);
    return v;
}

// Owned holds a C value and releases it when it goes out of scope.
struct OwnedValue {
    conformance_Value v = zeroed<conformance_Value>();
    OwnedValue() = default;
    explicit OwnedValue(const conformance_Value &src) : v(conformance_Value_copy(&src)) {}
    OwnedValue(const OwnedValue &o) : v(conformance_Value_copy(&o.v)) {}
    OwnedValue(OwnedValue &&o) noexcept : v(o.v) { o.v = zeroed<conformance_Value>(); }
    OwnedValue &operator=(OwnedValue o) noexcept {
        std::swap(v, o.v);
        return *this;
    }
    ~OwnedValue() { conformance_Value_release(&v); }
};

} // namespace

// ---- Echoes ----

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

conformance_String conformance_echo_string(conformance_String v) { return out(view(v)); }
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
conformance_Map_Color_List_String conformance_echo_map(conformance_Map_Color_List_String v) {
    return conformance_Map_Color_List_String_copy(&v);
}
int32_t *conformance_echo_opt_i32(const int32_t *v) { return conformance_Opt_I32_copy(v); }
conformance_String *conformance_echo_opt_string(const conformance_String *v) { return conformance_Opt_String_copy(v); }
conformance_Blob *conformance_echo_opt_blob(const conformance_Blob *v) { return conformance_Opt_Blob_copy(v); }
conformance_Value *conformance_echo_opt_value(const conformance_Value *v) { return conformance_Opt_Value_copy(v); }
conformance_List_Scalars *conformance_echo_opt_list(const conformance_List_Scalars *v) {
    return conformance_Opt_List_Scalars_copy(v);
}
conformance_Void conformance_echo_empty(const conformance_Void *v) { return conformance_Void_copy(v); }
conformance_Signal conformance_echo_signal(const conformance_Signal *v) { return conformance_Signal_copy(v); }
conformance_Toggle conformance_echo_toggle(const conformance_Toggle *v) { return conformance_Toggle_copy(v); }
conformance_Hollow conformance_echo_hollow(const conformance_Hollow *v) { return conformance_Hollow_copy(v); }
conformance_List_Void conformance_echo_empties(conformance_List_Void v) { return conformance_List_Void_copy(&v); }
conformance_Void *conformance_echo_opt_empty(const conformance_Void *v) { return conformance_Opt_Void_copy(v); }

// ---- Transforms ----

conformance_Scalars conformance_scalars_from(bool flag, int8_t tiny, int16_t small, int32_t medium, int64_t large, uint8_t byte,
                                             uint16_t word, uint32_t dword, uint64_t qword, float single, double double_,
                                             conformance_Color color) {
    auto s = zeroed<conformance_Scalars>();
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
    auto k = zeroed<conformance_Keywords>();
    k.from = from;
    k.class_ = out(view(class_));
    k.default_ = default_;
    k.type = conformance_Opt_U8_copy(type);
    return k;
}

conformance_String conformance_concat(conformance_List_String parts, conformance_String sep) {
    std::string s;
    for (size_t i = 0; i < parts.len; i++) {
        if (i > 0) {
            s += view(sep);
        }
        s += view(parts.ptr[i]);
    }
    return out(s);
}

conformance_List_String conformance_split(conformance_String text, uint8_t sep) {
    std::vector<std::string_view> parts;
    std::string_view t = view(text);
    size_t start = 0;
    for (size_t i = 0; i <= t.size(); i++) {
        if (i == t.size() || static_cast<uint8_t>(t[i]) == sep) {
            parts.push_back(t.substr(start, i - start));
            start = i + 1;
        }
    }
    conformance_List_String l;
    l.len = parts.size();
    l.ptr = array<conformance_String>(l.len);
    for (size_t i = 0; i < l.len; i++) {
        l.ptr[i] = out(parts[i]);
    }
    return l;
}

conformance_List_I64 conformance_iota(uint32_t n) {
    conformance_List_I64 l;
    l.len = n;
    l.ptr = array<int64_t>(n);
    for (uint32_t i = 0; i < n; i++) {
        l.ptr[i] = static_cast<int64_t>(i);
    }
    return l;
}

int64_t conformance_sum(conformance_List_I64 values) {
    uint64_t s = 0;
    for (size_t i = 0; i < values.len; i++) {
        s += static_cast<uint64_t>(values.ptr[i]);
    }
    return static_cast<int64_t>(s);
}

conformance_Bytes conformance_reverse_bytes(conformance_Bytes data) {
    std::vector<uint8_t> v(data.ptr, data.ptr + data.len);
    std::vector<uint8_t> r(v.rbegin(), v.rend());
    return conformance_Bytes_from(r.data(), r.size());
}

conformance_Map_String_U64 conformance_lengths(conformance_Map_String_Bytes m) {
    auto o = zeroed<conformance_Map_String_U64>();
    o.len = m.len;
    o.keys = array<conformance_String>(m.len);
    o.values = array<uint64_t>(m.len);
    for (size_t i = 0; i < m.len; i++) {
        o.keys[i] = out(view(m.keys[i]));
        o.values[i] = m.values[i].len;
    }
    return o;
}

double conformance_or_default(const double *v, double fallback) { return v ? *v : fallback; }

conformance_String conformance_describe(const conformance_Value *v) {
    static const std::pair<uint32_t, const char *> names[] = {
        {CONFORMANCE_VALUE_FLAG, "flag"},       {CONFORMANCE_VALUE_INTEGER, "integer"}, {CONFORMANCE_VALUE_REAL, "real"},
        {CONFORMANCE_VALUE_TEXT, "text"},       {CONFORMANCE_VALUE_DATA, "data"},       {CONFORMANCE_VALUE_COLOR, "color"},
        {CONFORMANCE_VALUE_SCALARS, "scalars"}, {CONFORMANCE_VALUE_BLOB, "blob"},       {CONFORMANCE_VALUE_ITEMS, "items"},
        {CONFORMANCE_VALUE_TABLE, "table"},     {CONFORMANCE_VALUE_MAYBE, "maybe"},     {CONFORMANCE_VALUE_TREE, "tree"},
        {CONFORMANCE_VALUE_NESTED, "nested"},   {CONFORMANCE_VALUE_EMPTY_LIST, "empty_list"},
    };
    for (const auto &n : names) {
        if (n.first == v->tag) {
            return out(n.second);
        }
    }
    return out("unknown");
}

namespace {

conformance_Tree tree(const std::string &label, uint8_t depth, uint8_t fanout) {
    auto t = zeroed<conformance_Tree>();
    t.label = out(label);
    if (depth > 0 && fanout > 0) {
        t.children.len = fanout;
        t.children.ptr = array<conformance_Tree>(fanout);
        for (unsigned i = 0; i < fanout; i++) {
            t.children.ptr[i] = tree(label + "." + std::to_string(i), static_cast<uint8_t>(depth - 1), fanout);
        }
    }
    return t;
}

} // namespace

conformance_Tree conformance_make_tree(uint8_t depth, uint8_t fanout) { return tree("t", depth, fanout); }

uint64_t conformance_tree_size(const conformance_Tree *t) {
    uint64_t n = 1;
    for (size_t i = 0; i < t->children.len; i++) {
        n += conformance_tree_size(&t->children.ptr[i]);
    }
    return t->next ? n + conformance_tree_size(t->next) : n;
}

int32_t conformance_eval(const conformance_Expr *e, int64_t *result) {
    int64_t x = 0;
    switch (e->tag) {
    case CONFORMANCE_EXPR_LITERAL:
        *result = e->u.literal;
        return 0;
    case CONFORMANCE_EXPR_NAME: {
        std::string_view n = view(e->u.name);
        if (n == "zero") {
            *result = 0;
        } else if (n == "one") {
            *result = 1;
        } else if (n == "answer") {
            *result = 42;
        } else {
            return CONFORMANCE_CONF_ERROR_NOT_FOUND;
        }
        return 0;
    }
    case CONFORMANCE_EXPR_SUM: {
        uint64_t s = 0;
        for (size_t i = 0; i < e->u.sum.len; i++) {
            if (int32_t rc = conformance_eval(&e->u.sum.ptr[i], &x)) {
                return rc;
            }
            s += static_cast<uint64_t>(x);
        }
        *result = static_cast<int64_t>(s);
        return 0;
    }
    case CONFORMANCE_EXPR_NEGATE:
        if (!e->u.negate.operand) {
            return CONFORMANCE_CONF_ERROR_INVALID;
        }
        if (int32_t rc = conformance_eval(e->u.negate.operand, &x)) {
            return rc;
        }
        *result = static_cast<int64_t>(0 - static_cast<uint64_t>(x));
        return 0;
    default:
        return CONFORMANCE_CONF_ERROR_INVALID;
    }
}

int32_t conformance_parse_color(conformance_String name, conformance_Color *result) {
    static const std::pair<std::string_view, conformance_Color> colors[] = {
        {"RED", CONFORMANCE_COLOR_RED},
        {"GREEN", CONFORMANCE_COLOR_GREEN},
        {"BLUE", CONFORMANCE_COLOR_BLUE},
        {"INFRARED", CONFORMANCE_COLOR_INFRARED},
    };
    for (const auto &c : colors) {
        if (c.first == view(name)) {
            *result = c.second;
            return 0;
        }
    }
    return CONFORMANCE_CONF_ERROR_NOT_FOUND;
}

int32_t conformance_check(bool ok) { return ok ? 0 : CONFORMANCE_CONF_ERROR_REQUESTED; }

int32_t conformance_echo_or_fail(const conformance_Everything *v, bool fail, conformance_Everything *result) {
    if (fail) {
        return CONFORMANCE_CONF_ERROR_REQUESTED;
    }
    *result = conformance_Everything_copy(v);
    return 0;
}

void conformance_noop(void) {}

uint32_t conformance_count_empty(const conformance_Void *, const conformance_Void *e) { return e ? 2u : 1u; }

uint32_t conformance_signal_tag(const conformance_Signal *s) { return s ? s->tag : 0u; }

// ---- Store ----

// The opaque handle is this C++ object. It is created in conformance_alloc
// memory with placement new, so an undestroyed store shows in
// conformance_live_allocations() just as the C implementation's does (the
// vector and strings inside use the C++ allocator and are freed by the
// destructor).
struct conformance_Store {
    std::mutex mu;
    uint32_t capacity = 0; // 0: no limit
    std::vector<std::pair<std::string, OwnedValue>> entries;

    // put stores a copy; the caller holds mu.
    int32_t put(std::string_view key, const conformance_Value &value) {
        for (auto &e : entries) {
            if (e.first == key) {
                e.second = OwnedValue(value); // copy first: value may be e.second.v
                return 0;
            }
        }
        if (capacity != 0 && entries.size() >= capacity) {
            return CONFORMANCE_CONF_ERROR_FULL;
        }
        entries.emplace_back(std::string(key), OwnedValue(value));
        return 0;
    }
};

namespace {

conformance_Store *store_new(uint32_t capacity) {
    void *mem = conformance_alloc(sizeof(conformance_Store));
    auto *s = new (mem) conformance_Store();
    s->capacity = capacity;
    return s;
}

const OwnedValue *find(const conformance_Store *s, std::string_view key) {
    for (const auto &e : s->entries) {
        if (e.first == key) {
            return &e.second;
        }
    }
    return nullptr;
}

} // namespace

conformance_Store *conformance_Store_new(void) { return store_new(0); }

int32_t conformance_Store_new_with_capacity(uint32_t capacity, conformance_Store **result) {
    if (capacity == 0) {
        return CONFORMANCE_CONF_ERROR_INVALID;
    }
    *result = store_new(capacity);
    return 0;
}

int32_t conformance_Store_put(conformance_Store *self, conformance_String key, const conformance_Value *value) {
    std::lock_guard<std::mutex> g(self->mu);
    return self->put(view(key), *value);
}

conformance_Value *conformance_Store_get(conformance_Store *self, conformance_String key) {
    std::lock_guard<std::mutex> g(self->mu);
    const OwnedValue *v = find(self, view(key));
    return v ? conformance_Opt_Value_copy(&v->v) : nullptr;
}

int32_t conformance_Store_fetch(conformance_Store *self, conformance_String key, conformance_Value *result) {
    std::lock_guard<std::mutex> g(self->mu);
    const OwnedValue *v = find(self, view(key));
    if (!v) {
        return CONFORMANCE_CONF_ERROR_NOT_FOUND;
    }
    *result = conformance_Value_copy(&v->v);
    return 0;
}

conformance_List_String conformance_Store_keys(conformance_Store *self) {
    std::lock_guard<std::mutex> g(self->mu);
    conformance_List_String l;
    l.len = self->entries.size();
    l.ptr = array<conformance_String>(l.len);
    for (size_t i = 0; i < l.len; i++) {
        l.ptr[i] = out(self->entries[i].first);
    }
    return l;
}

uint32_t conformance_Store_size(conformance_Store *self) {
    std::lock_guard<std::mutex> g(self->mu);
    return static_cast<uint32_t>(self->entries.size());
}

conformance_Store *conformance_Store_clone(conformance_Store *self) {
    std::lock_guard<std::mutex> g(self->mu);
    conformance_Store *c = store_new(self->capacity);
    c->entries = self->entries;
    return c;
}

int32_t conformance_Store_merge(conformance_Store *self, conformance_Store *other) {
    // Snapshot other, then put under our lock: never two locks at once,
    // and merging a store into itself works.
    std::vector<std::pair<std::string, OwnedValue>> snap;
    {
        std::lock_guard<std::mutex> g(other->mu);
        snap = other->entries;
    }
    std::lock_guard<std::mutex> g(self->mu);
    for (const auto &e : snap) {
        if (int32_t rc = self->put(e.first, e.second.v)) {
            return rc;
        }
    }
    return 0;
}

conformance_Store *conformance_Store_pick(conformance_Store *, conformance_Store *other) {
    if (!other || conformance_Store_size(other) == 0) {
        return nullptr;
    }
    return conformance_Store_clone(other);
}

conformance_Void conformance_Store_echo_empty(conformance_Store *, const conformance_Void *e) {
    static_assert(sizeof(conformance_Void) == 1, "an empty struct is one padding byte in C++ as in C");
    return conformance_Void_copy(e);
}

void conformance_Store_destroy(conformance_Store *self) {
    if (!self) {
        return;
    }
    self->~conformance_Store();
    conformance_free(self);
}

uint32_t conformance_store_size(conformance_Store *store) { return conformance_Store_size(store); }

conformance_Store *conformance_store_with(conformance_String key, const conformance_Value *value) {
    conformance_Store *s = store_new(0);
    s->put(view(key), *value);
    return s;
}

conformance_Store *conformance_maybe_store(bool make) { return make ? store_new(0) : nullptr; }

uint32_t conformance_size_or_zero(conformance_Store *store) { return store ? conformance_Store_size(store) : 0; }

// ---- Shelf and Slot: handles inside values ----

namespace {

conformance_Store *store_of(std::initializer_list<std::pair<std::string, int64_t>> entries) {
    conformance_Store *s = store_new(0);
    for (const auto &e : entries) {
        conformance_Value v = zeroed<conformance_Value>();
        v.tag = CONFORMANCE_VALUE_INTEGER;
        v.u.integer = e.second;
        s->put(e.first, v);
    }
    return s;
}

conformance_Store *clone_or_null(conformance_Store *s) { return s ? conformance_Store_clone(s) : nullptr; }

// clones returns n clones of the handles at src, null handles kept.
conformance_Store **clones(conformance_Store *const *src, size_t n) {
    if (!src) {
        return nullptr;
    }
    conformance_Store **dst = array<conformance_Store *>(n);
    std::transform(src, src + n, dst, clone_or_null);
    return dst;
}

uint64_t size_of(const conformance_Shelf &s) {
    uint64_t n = conformance_size_or_zero(s.main) + conformance_size_or_zero(s.spare);
    for (size_t i = 0; i < s.stores.len; i++) {
        n += conformance_size_or_zero(s.stores.ptr[i]);
    }
    for (size_t i = 0; i < s.gaps.len; i++) {
        n += conformance_size_or_zero(s.gaps.ptr[i]);
    }
    for (size_t i = 0; i < s.named.len; i++) {
        n += conformance_size_or_zero(s.named.values[i]);
    }
    return n + (s.below ? size_of(*s.below) : 0);
}

} // namespace

uint64_t conformance_shelf_size(const conformance_Shelf *s) { return size_of(*s); }

conformance_List_Store conformance_clone_stores(conformance_List_Store v) {
    conformance_List_Store l;
    l.ptr = clones(v.ptr, v.len);
    l.len = l.ptr ? v.len : 0;
    return l;
}

conformance_Map_String_Store conformance_clone_named(conformance_Map_String_Store m) {
    conformance_Map_String_Store r = zeroed<conformance_Map_String_Store>();
    if (!m.keys || !m.values || m.len == 0) {
        return r;
    }
    r.len = m.len;
    r.keys = array<conformance_String>(m.len);
    for (size_t i = 0; i < m.len; i++) {
        r.keys[i] = out(view(m.keys[i]));
    }
    r.values = clones(m.values, m.len);
    return r;
}

conformance_Shelf conformance_clone_shelf(const conformance_Shelf *s) {
    conformance_Shelf r = zeroed<conformance_Shelf>();
    r.label = out(view(s->label));
    r.main = clone_or_null(s->main);
    r.spare = clone_or_null(s->spare);
    r.stores = conformance_clone_stores(s->stores);
    r.gaps.ptr = clones(s->gaps.ptr, s->gaps.len);
    r.gaps.len = r.gaps.ptr ? s->gaps.len : 0;
    r.named = conformance_clone_named(s->named);
    if (s->below) {
        r.below = array<conformance_Shelf>(1);
        *r.below = conformance_clone_shelf(s->below);
    }
    return r;
}

int32_t conformance_clone_shelf_or_fail(const conformance_Shelf *s, bool fail, conformance_Shelf *result) {
    if (fail) {
        return CONFORMANCE_CONF_ERROR_INVALID;
    }
    *result = conformance_clone_shelf(s);
    return 0;
}

conformance_Slot conformance_clone_slot(const conformance_Slot *v) {
    conformance_Slot r = zeroed<conformance_Slot>();
    r.tag = v->tag;
    switch (v->tag) {
    case CONFORMANCE_SLOT_STORE:
        r.u.store = clone_or_null(v->u.store);
        break;
    case CONFORMANCE_SLOT_SHELF:
        r.u.shelf = conformance_clone_shelf(&v->u.shelf);
        break;
    case CONFORMANCE_SLOT_NONE:
        r.u.none = v->u.none;
        break;
    case CONFORMANCE_SLOT_VACANT: // no payload: the tag is the value
        break;
    default: // an unknown tag is kept, with a zeroed payload
        break;
    }
    return r;
}

conformance_List_Opt_U32 conformance_sizes(conformance_List_Opt_Store v) {
    conformance_List_Opt_U32 r;
    r.len = v.len;
    r.ptr = array<uint32_t *>(v.len);
    for (size_t i = 0; i < v.len; i++) {
        r.ptr[i] = nullptr;
        if (v.ptr[i]) {
            r.ptr[i] = array<uint32_t>(1);
            *r.ptr[i] = conformance_Store_size(v.ptr[i]);
        }
    }
    return r;
}

conformance_Shelf conformance_make_shelf(conformance_String label, uint32_t n) {
    conformance_Shelf s = zeroed<conformance_Shelf>();
    s.label = out(view(label));
    s.main = store_of({{"main", n}});
    s.spare = n % 2 == 1 ? store_new(0) : nullptr;
    s.stores.len = s.named.len = n;
    s.stores.ptr = array<conformance_Store *>(n);
    s.named.keys = array<conformance_String>(n);
    s.named.values = array<conformance_Store *>(n);
    for (uint32_t i = 0; i < n; i++) {
        conformance_Store *st = store_new(0);
        for (uint32_t j = 0; j < i; j++) {
            conformance_Value v = zeroed<conformance_Value>();
            v.tag = CONFORMANCE_VALUE_INTEGER;
            v.u.integer = j;
            st->put("k" + std::to_string(j), v);
        }
        s.stores.ptr[i] = st;
        s.named.keys[i] = out("s" + std::to_string(i));
        s.named.values[i] = store_of({{std::to_string(i), i}});
    }
    s.gaps.len = 2;
    s.gaps.ptr = array<conformance_Store *>(2);
    s.gaps.ptr[0] = nullptr;
    s.gaps.ptr[1] = store_of({{"g", 1}});
    if (n > 0) {
        s.below = array<conformance_Shelf>(1);
        *s.below = conformance_make_shelf(label, n - 1);
    }
    return s;
}
