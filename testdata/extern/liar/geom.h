/* A geom.h that lies: struct point declares y before x, while geom.idl
 * says x then y. The Go binding must refuse to build against it. */
#ifndef GEOM_H
#define GEOM_H

#include <stdbool.h>

struct point {
    int y;
    int x;
};

typedef struct {
    unsigned char tag;
    double value;
    short count;
    bool ok;
} sample_t;

long geom_manhattan(struct point p);
struct point geom_mid(struct point a, struct point b);
sample_t geom_scale(sample_t s, double k);
long geom_dist2(const struct point *a, const struct point *b);
void geom_make(int x, int y, struct point *p);
int geom_fill(sample_t *s, unsigned char tag);

#endif
