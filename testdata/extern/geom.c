#include "geom.h"

long geom_manhattan(struct point p) {
    return (p.x < 0 ? -(long)p.x : p.x) + (p.y < 0 ? -(long)p.y : p.y);
}

struct point geom_mid(struct point a, struct point b) {
    struct point m = {(int)(((long)a.x + b.x) / 2), (int)(((long)a.y + b.y) / 2)};
    return m;
}

sample_t geom_scale(sample_t s, double k) {
    s.value *= k;
    s.count = (short)(s.count + 1);
    s.ok = !s.ok;
    return s;
}

long geom_dist2(const struct point *a, const struct point *b) {
    long dx = (long)a->x - b->x, dy = (long)a->y - b->y;
    return dx * dx + dy * dy;
}

void geom_make(int x, int y, struct point *p) {
    p->x = x;
    p->y = y;
}

int geom_fill(sample_t *s, unsigned char tag) {
    if (tag == 0) {
        return -1;
    }
    s->tag = tag;
    s->value = tag / 2.0;
    s->count = -(short)tag;
    s->ok = true;
    return 0;
}
