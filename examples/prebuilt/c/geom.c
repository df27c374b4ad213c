/* The geom library: it implements the functions that the generated
 * geom.h declares, and (GEOM_IMPLEMENTATION) exports the header's
 * allocation functions and contract hash once. Built once, with gcc, into
 * libgeom.a and libgeom.so; nothing of it is compiled by cgo or pip. */
#define GEOM_IMPLEMENTATION
#include "geom.h"

geom_Point geom_midpoint(const geom_Point *a, const geom_Point *b) {
    geom_Point m;
    m.x = (a->x + b->x) / 2;
    m.y = (a->y + b->y) / 2;
    return m;
}

double geom_dist2(const geom_Point *a, const geom_Point *b) {
    double dx = a->x - b->x, dy = a->y - b->y;
    return dx * dx + dy * dy;
}
