#include "vocab.h"

#include <stdlib.h>

signed char vx_schar(signed char v) { return v; }
unsigned char vx_uchar(unsigned char v) { return v; }
short vx_short(short v) { return v; }
unsigned short vx_ushort(unsigned short v) { return v; }
int vx_int(int v) { return v; }
unsigned int vx_uint(unsigned int v) { return v; }
long vx_long(long v) { return v; }
unsigned long vx_ulong(unsigned long v) { return v; }
long long vx_longlong(long long v) { return v; }
unsigned long long vx_ulonglong(unsigned long long v) { return v; }
size_t vx_size(size_t v) { return v; }
float vx_float(float v) { return v; }
double vx_double(double v) { return v; }
int32_t vx_i32(int32_t v) { return v; }
bool vx_not(bool v) { return !v; }

long vx_mix(int a, double b, unsigned char c) { return (long)((double)a + b + (double)c); }

size_t vx_strlen(const char *s) {
    size_t n = 0;
    while (s[n] != '\0') {
        n++;
    }
    return n;
}

const char *vx_greeting(void) { return "h\xc3\xa9llo, w\xc3\xb6rld \xe2\x9c\x93"; }

int vx_byte_at(const char *s, size_t i) { return i < vx_strlen(s) ? (unsigned char)s[i] : 0; }

int vx_divmod(int a, int b, int *rem) {
    *rem = a % b;
    return a / b;
}

void vx_minmax(const unsigned char *buf, size_t n, unsigned char *lo, unsigned char *hi) {
    *lo = 0;
    *hi = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || buf[i] < *lo) {
            *lo = buf[i];
        }
        if (i == 0 || buf[i] > *hi) {
            *hi = buf[i];
        }
    }
}

static int live;

char *vx_upper(const char *s) {
    size_t n = vx_strlen(s);
    char *p = malloc(n + 1);
    if (p == NULL) {
        return NULL;
    }
    for (size_t i = 0; i <= n; i++) {
        p[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 'a' + 'A') : s[i];
    }
    live++;
    return p;
}

void vx_release(char *p) {
    if (p != NULL) {
        live--;
    }
    free(p);
}

int vx_live(void) { return live; }

unsigned long vx_sum(const unsigned char *buf, size_t n) {
    unsigned long t = 0;
    for (size_t i = 0; i < n; i++) {
        t += buf[i];
    }
    return t;
}

unsigned int vx_sum8(const unsigned char *buf, uint8_t n) { return (unsigned int)vx_sum(buf, n); }

int vx_fill(unsigned char *buf, size_t *len, size_t n, unsigned char c) {
    if (n > *len) {
        return -5;
    }
    for (size_t i = 0; i < n; i++) {
        buf[i] = c;
    }
    *len = n;
    return 0;
}

int vx_liar(unsigned char *buf, unsigned int *len) {
    (void)buf;
    *len += 1;
    return 0;
}

int vx_hex(unsigned char *buf, uint8_t *len, unsigned long v, int *digits) {
    char tmp[2 * sizeof v];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % 16];
        v /= 16;
    } while (v != 0);
    *digits = n;
    int w = n < *len ? n : *len;
    for (int i = 0; i < w; i++) {
        buf[i] = (unsigned char)tmp[n - 1 - i];
    }
    *len = (uint8_t)w;
    return w == n;
}

int vx_check(int v) { return v; }

long vx_isum(const int *xs, size_t n) {
    long t = 0;
    for (size_t i = 0; i < n; i++) {
        t += xs[i];
    }
    return t;
}

int vx_ssum(const signed char *xs, size_t n) {
    int t = 0;
    for (size_t i = 0; i < n; i++) {
        t += xs[i];
    }
    return t;
}

double vx_dsum(const double *xs, unsigned n) {
    double t = 0;
    for (unsigned i = 0; i < n; i++) {
        t += xs[i];
    }
    return t;
}

float vx_fsum(const float *xs, size_t n) {
    float t = 0;
    for (size_t i = 0; i < n; i++) {
        t += xs[i];
    }
    return t;
}

uint64_t vx_umax(const uint64_t *xs, uint8_t n) {
    uint64_t m = 0;
    for (uint8_t i = 0; i < n; i++) {
        m = xs[i] > m ? xs[i] : m;
    }
    return m;
}

static int state;

void vx_set(int v) { state = v; }
int vx_get(void) { return state; }
