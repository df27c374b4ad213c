/* A C library written without bindgen in mind: its own names (a vx_
 * prefix), C's own types, no error codes. testdata/extern/vocab.idl binds
 * it as it is. */
#ifndef VOCAB_H
#define VOCAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

signed char vx_schar(signed char v);
unsigned char vx_uchar(unsigned char v);
short vx_short(short v);
unsigned short vx_ushort(unsigned short v);
int vx_int(int v);
unsigned int vx_uint(unsigned int v);
long vx_long(long v);
unsigned long vx_ulong(unsigned long v);
long long vx_longlong(long long v);
unsigned long long vx_ulonglong(unsigned long long v);
size_t vx_size(size_t v);
float vx_float(float v);
double vx_double(double v);
int32_t vx_i32(int32_t v);
bool vx_not(bool v);

/* Arguments of three classes in one call: a + b + c, truncated to long. */
long vx_mix(int a, double b, unsigned char c);

/* Strings: strlen of a NUL-terminated argument; a static UTF-8 string. */
size_t vx_strlen(const char *s);
const char *vx_greeting(void);
/* The byte at i of s (0 past its end): proves the bytes C sees. */
int vx_byte_at(const char *s, size_t i);

/* An upper-case copy of s, allocated; the caller frees it with
 * vx_release. vx_live counts the copies not yet released. */
char *vx_upper(const char *s);
void vx_release(char *p);
int vx_live(void);

/* Out parameters: the quotient, and the remainder through rem; the
 * smallest and largest byte of buf (0 and 0 when it is empty). */
int vx_divmod(int a, int b, int *rem);
void vx_minmax(const unsigned char *buf, size_t n, unsigned char *lo, unsigned char *hi);

/* Buffers as a pointer and a length of two C types. */
unsigned long vx_sum(const unsigned char *buf, size_t n);
unsigned int vx_sum8(const unsigned char *buf, uint8_t n);

/* Out buffers, capacity in through *len and the length written out.
 * vx_fill writes n bytes c, or returns -5 (and writes nothing) when
 * the buffer holds fewer; vx_liar writes nothing and claims one byte
 * more than the buffer holds; vx_hex writes as many lowercase hex digits
 * of v as fit, says how many there are through digits, and returns 1
 * when all fit. vx_check returns v, a status. */
int vx_fill(unsigned char *buf, size_t *len, size_t n, unsigned char c);
int vx_liar(unsigned char *buf, unsigned int *len);
int vx_hex(unsigned char *buf, uint8_t *len, unsigned long v, int *digits);
int vx_check(int v);

/* Arrays as a pointer and a length: sums and the largest element. */
long vx_isum(const int *xs, size_t n);
int vx_ssum(const signed char *xs, size_t n);
double vx_dsum(const double *xs, unsigned n);
float vx_fsum(const float *xs, size_t n);
uint64_t vx_umax(const uint64_t *xs, uint8_t n);

/* State behind two functions without results or parameters. */
void vx_set(int v);
int vx_get(void);

#endif
