/* A C implementation of compound.idl for the Go round-trip tests: every
   echo function deep-copies its borrowed input into memory from
   compound_alloc, as docs/abi.md requires of a library, so the Go side's
   release calls are checked by the live-allocation counter. */
#define COMPOUND_IMPLEMENTATION
#include "compound.h"
#include <string.h>

static void *dup(const void *p, size_t n) {
	void *q;
	if (n == 0) return NULL;
	q = compound_alloc(n);
	memcpy(q, p, n);
	return q;
}

static compound_String cp_string(const compound_String *s) {
	compound_String r;
	r.ptr = (char *)dup(s->ptr, s->len);
	r.len = s->len;
	return r;
}

static compound_Bytes cp_bytes(const compound_Bytes *s) {
	compound_Bytes r;
	r.ptr = (uint8_t *)dup(s->ptr, s->len);
	r.len = s->len;
	return r;
}

static compound_List_Point cp_points(const compound_List_Point *l) {
	compound_List_Point r;
	r.ptr = (compound_Point *)dup(l->ptr, l->len * sizeof *l->ptr);
	r.len = l->len;
	return r;
}

static compound_Polygon cp_polygon(const compound_Polygon *p) {
	compound_Polygon r;
	size_t i;
	r.name = cp_string(&p->name);
	r.vertices = cp_points(&p->vertices);
	r.fill = p->fill ? (uint32_t *)dup(p->fill, sizeof *p->fill) : NULL;
	r.labels.len = p->labels.len;
	r.labels.keys = r.labels.values = NULL;
	if (p->labels.len) {
		r.labels.keys = (compound_String *)compound_alloc(p->labels.len * sizeof(compound_String));
		r.labels.values = (compound_String *)compound_alloc(p->labels.len * sizeof(compound_String));
		for (i = 0; i < p->labels.len; i++) {
			r.labels.keys[i] = cp_string(&p->labels.keys[i]);
			r.labels.values[i] = cp_string(&p->labels.values[i]);
		}
	}
	return r;
}

static compound_Shape cp_shape(const compound_Shape *s) {
	compound_Shape r;
	memset(&r, 0, sizeof r);
	r.tag = s->tag;
	switch (s->tag) {
	case 1: r.u.point = s->u.point; break;
	case 2: r.u.polygon = cp_polygon(&s->u.polygon); break;
	case 3: r.u.label = cp_string(&s->u.label); break;
	case 4: r.u.count = s->u.count; break;
	}
	return r;
}

static compound_List_String cp_strings(const compound_List_String *l) {
	compound_List_String r;
	size_t i;
	r.len = l->len;
	r.ptr = NULL;
	if (l->len) {
		r.ptr = (compound_String *)compound_alloc(l->len * sizeof *r.ptr);
		for (i = 0; i < l->len; i++) r.ptr[i] = cp_string(&l->ptr[i]);
	}
	return r;
}

compound_Scalars compound_echo_scalars(const compound_Scalars *s) { return *s; }

compound_Everything compound_echo_everything(const compound_Everything *e) {
	compound_Everything r;
	size_t i;
	memset(&r, 0, sizeof r);
	r.s = cp_string(&e->s);
	r.data = cp_bytes(&e->data);
	r.nums.ptr = (int32_t *)dup(e->nums.ptr, e->nums.len * sizeof(int32_t));
	r.nums.len = e->nums.len;
	r.strs = cp_strings(&e->strs);
	r.nested.len = e->nested.len;
	if (e->nested.len) {
		r.nested.ptr = (compound_List_Point *)compound_alloc(e->nested.len * sizeof *r.nested.ptr);
		for (i = 0; i < e->nested.len; i++) r.nested.ptr[i] = cp_points(&e->nested.ptr[i]);
	}
	r.by_id.len = e->by_id.len;
	if (e->by_id.len) {
		r.by_id.keys = (uint32_t *)dup(e->by_id.keys, e->by_id.len * sizeof(uint32_t));
		r.by_id.values = (compound_Polygon *)compound_alloc(e->by_id.len * sizeof(compound_Polygon));
		for (i = 0; i < e->by_id.len; i++) r.by_id.values[i] = cp_polygon(&e->by_id.values[i]);
	}
	r.flags.len = e->flags.len;
	r.flags.keys = (compound_Color *)dup(e->flags.keys, e->flags.len * sizeof(compound_Color));
	r.flags.values = (bool *)dup(e->flags.values, e->flags.len * sizeof(bool));
	if (e->maybe) {
		r.maybe = (compound_Polygon *)compound_alloc(sizeof *r.maybe);
		*r.maybe = cp_polygon(e->maybe);
	}
	if (e->maybe_str) {
		r.maybe_str = (compound_String *)compound_alloc(sizeof *r.maybe_str);
		*r.maybe_str = cp_string(e->maybe_str);
	}
	r.shape = cp_shape(&e->shape);
	r.shapes.len = e->shapes.len;
	if (e->shapes.len) {
		r.shapes.ptr = (compound_Shape *)compound_alloc(e->shapes.len * sizeof *r.shapes.ptr);
		for (i = 0; i < e->shapes.len; i++) r.shapes.ptr[i] = cp_shape(&e->shapes.ptr[i]);
	}
	if (e->maybe_shape) {
		r.maybe_shape = (compound_Shape *)compound_alloc(sizeof *r.maybe_shape);
		*r.maybe_shape = cp_shape(e->maybe_shape);
	}
	r.scalars = e->scalars;
	if (e->opt_list) {
		r.opt_list = (compound_List_String *)compound_alloc(sizeof *r.opt_list);
		*r.opt_list = cp_strings(e->opt_list);
	}
	r.colors.ptr = (compound_Color *)dup(e->colors.ptr, e->colors.len * sizeof(compound_Color));
	r.colors.len = e->colors.len;
	return r;
}

compound_Shape compound_echo_shape(const compound_Shape *s) { return cp_shape(s); }

compound_Polygon *compound_echo_polygon_opt(const compound_Polygon *p) {
	compound_Polygon *r;
	if (!p) return NULL;
	r = (compound_Polygon *)compound_alloc(sizeof *r);
	*r = cp_polygon(p);
	return r;
}

int32_t *compound_echo_i32_opt(const int32_t *v) { return v ? (int32_t *)dup(v, sizeof *v) : NULL; }

compound_List_Polygon compound_echo_polygons(compound_List_Polygon l) {
	compound_List_Polygon r;
	size_t i;
	r.len = l.len;
	r.ptr = NULL;
	if (l.len) {
		r.ptr = (compound_Polygon *)compound_alloc(l.len * sizeof *r.ptr);
		for (i = 0; i < l.len; i++) r.ptr[i] = cp_polygon(&l.ptr[i]);
	}
	return r;
}

compound_Map_String_Bytes compound_echo_map(compound_Map_String_Bytes m) {
	compound_Map_String_Bytes r;
	size_t i;
	r.len = m.len;
	r.keys = NULL;
	r.values = NULL;
	if (m.len) {
		r.keys = (compound_String *)compound_alloc(m.len * sizeof *r.keys);
		r.values = (compound_Bytes *)compound_alloc(m.len * sizeof *r.values);
		for (i = 0; i < m.len; i++) {
			r.keys[i] = cp_string(&m.keys[i]);
			r.values[i] = cp_bytes(&m.values[i]);
		}
	}
	return r;
}

compound_List_String compound_echo_strings(compound_List_String l) { return cp_strings(&l); }

compound_Shape compound_unknown_shape(void) {
	compound_Shape r;
	memset(&r, 0, sizeof r);
	r.tag = 99;
	return r;
}

int32_t compound_fail(int32_t code, compound_String *out) {
	static const char msg[] = "fine";
	if (code != 0) return code;
	out->ptr = (char *)dup(msg, 4);
	out->len = 4;
	return 0;
}

int32_t compound_check(int32_t code) { return code; }

struct compound_Counter { int64_t n; };

compound_Counter *compound_Counter_new(int64_t start) {
	compound_Counter *c = (compound_Counter *)compound_alloc(sizeof *c);
	c->n = start;
	return c;
}

int32_t compound_Counter_new_checked(int64_t start, compound_Counter **out) {
	if (start < 0) return 1; /* BAD */
	*out = compound_Counter_new(start);
	return 0;
}

int64_t compound_Counter_add(compound_Counter *self, int64_t x) { return self->n += x; }

compound_String compound_Counter_name(compound_Counter *self) {
	compound_String r;
	(void)self;
	r.ptr = (char *)dup("counter", 7);
	r.len = 7;
	return r;
}

void compound_Counter_destroy(compound_Counter *self) { compound_free(self); }

int64_t compound_counter_value(compound_Counter *c) { return c->n; }

compound_Counter *compound_clone_counter(compound_Counter *c) { return c ? compound_Counter_new(c->n) : NULL; }
