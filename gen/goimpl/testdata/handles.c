/* handles.c creates and destroys Store handles of the Go-built
   conformance library 100,000 times each way (constructor, a fallible
   constructor, clone, a store returned by a function, stores inside a
   returned Shelf) and checks that nothing stays behind: the header's
   live-allocation counter, the Go library's count of live handles and the
   number of live Go heap objects. It prints "ok" and the figures. */
#include "conformance.h"

#include <stdio.h>
#include <string.h>

int64_t conformance_goimpl_live_handles(void);
int64_t conformance_test_heap_objects(void);

static int cycle(int n) {
    int i, bad = 0;
    for (i = 0; i < n; i++) {
        conformance_Store *s = conformance_Store_new(), *c = NULL, *w;
        conformance_Value v;
        conformance_String k;
        conformance_Shelf sh;
        k.ptr = (char *)"k";
        k.len = 1;
        memset(&v, 0, sizeof v);
        v.tag = CONFORMANCE_VALUE_INTEGER;
        v.u.integer = i;
        bad |= conformance_Store_put(s, k, &v) != 0;
        c = conformance_Store_clone(s);
        bad |= conformance_Store_size(c) != 1;
        conformance_Store_destroy(c);
        bad |= conformance_Store_new_with_capacity(2, &c) != 0;
        conformance_Store_destroy(c);
        w = conformance_store_with(k, &v);
        conformance_Store_destroy(w);
        conformance_Store_destroy(s);
        if (i % 100 == 0) {
            sh = conformance_make_shelf(k, 2);
            conformance_Shelf_release(&sh);
        }
    }
    return bad;
}

int main(void) {
    int64_t before, after;
    int bad = cycle(1000);
    before = conformance_test_heap_objects();
    bad |= cycle(100000);
    after = conformance_test_heap_objects();
    if (bad || conformance_live_allocations() != 0 || conformance_goimpl_live_handles() != 0 || after - before > 10000) {
        printf("leak: bad=%d live_allocations=%lld live_handles=%lld heap objects %lld -> %lld\n", bad,
               (long long)conformance_live_allocations(), (long long)conformance_goimpl_live_handles(), (long long)before,
               (long long)after);
        return 1;
    }
    printf("ok: heap objects %lld -> %lld after 100000 cycles\n", (long long)before, (long long)after);
    return 0;
}
