/* mathlib.h: the declaration of mathlib.c, as the library's users include it. */
#ifndef MATHLIB_H
#define MATHLIB_H

int add(int a, int b);

#endif
