/* geom: a small C library with structs of its own, written without
 * bindgen, which testdata/extern/geom.idl binds as it is. */
#ifndef GEOM_H
#define GEOM_H

#include <stdbool.h>

struct point {
    int x;
    int y;
};

/* Padding between and after the fields: 1, (7), 8, 2, 1, (5). */
typedef struct {
    unsigned char tag;
    double value;
    short count;
    bool ok;
} sample_t;

/* By value in and out. */
long geom_manhattan(struct point p);
struct point geom_mid(struct point a, struct point b);
sample_t geom_scale(sample_t s, double k);
/* Through a const pointer: the squared distance. */
long geom_dist2(const struct point *a, const struct point *b);
/* Through a pointer: the library writes the whole struct. */
void geom_make(int x, int y, struct point *p);
/* A status: 0 fills s, tag 0 is refused with -1 and s is left alone. */
int geom_fill(sample_t *s, unsigned char tag);

#endif
