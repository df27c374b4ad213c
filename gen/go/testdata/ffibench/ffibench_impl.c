/* The C side of the Go FFI benchmarks: trivial bodies, so that the
   benchmarks measure the crossing, not the work. */
#define FFIBENCH_IMPLEMENTATION
#include "ffibench.h"
#include <string.h>

int32_t ffibench_add(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }

uint64_t ffibench_length(ffibench_String s) { return s.len; }

ffibench_String ffibench_greet(ffibench_String name) {
	ffibench_String r;
	r.len = name.len + 7;
	r.ptr = (char *)ffibench_alloc(r.len);
	memcpy(r.ptr, "hello, ", 7);
	if (name.len) memcpy(r.ptr + 7, name.ptr, name.len);
	return r;
}

uint32_t ffibench_checksum(ffibench_Bytes data) {
	/* Touch a few bytes only: the benchmark measures passing 1 MiB, not
	   reading it. */
	uint32_t s = (uint32_t)data.len;
	if (data.len) s += data.ptr[0] + data.ptr[data.len - 1];
	return s;
}

double ffibench_sum_points(ffibench_List_Point points) {
	double s = 0;
	if (points.len) s = points.ptr[0].x + points.ptr[points.len - 1].y;
	return s;
}
