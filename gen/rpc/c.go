package genrpc

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
)

// cPrinter collects C source one line at a time.
type cPrinter struct{ buf bytes.Buffer }

func (p *cPrinter) P(args ...any) {
	for _, a := range args {
		fmt.Fprint(&p.buf, a)
	}
	p.buf.WriteByte('\n')
}

// renderC writes <pkg>_rpc.h and <pkg>_rpc.c: the dispatcher that serves
// the C library of the package (docs/rpc.md, "The C dispatcher"). pkg is
// the augmented package (it declares the message structs).
func renderC(plan *Plan, pkg *idl.Package) []gen.File {
	pre := cabi.Prefix(pkg)
	up := cabi.MacroPrefix(pkg)
	h := &cPrinter{}
	h.P("/* ", gen.Marker, " */")
	h.P("/* source: ", strings.Join(pkg.Files, ", "), " */")
	h.P()
	h.P("/* The RPC dispatcher of ", pkg.Name, " (docs/rpc.md): it answers frames")
	h.P(" * by calling the library's own functions through ", pkg.Name, ".h, so a C")
	h.P(" * library is served to Go or Python clients with no hand-written code.")
	h.P(" * It keeps the objects it makes in one table per process. */")
	h.P("#ifndef ", up, "RPC_H")
	h.P("#define ", up, "RPC_H")
	h.P()
	h.P("#include <stddef.h>")
	h.P("#include <stdint.h>")
	h.P("#include <stdio.h>")
	h.P()
	h.P("#ifdef __cplusplus")
	h.P("extern \"C\" {")
	h.P("#endif")
	h.P()
	h.P("/* The largest frame the dispatcher reads: 16 MiB. */")
	h.P("#define ", up, "RPC_MAX_FRAME 16777216u")
	h.P()
	h.P("/* Answers one frame (header included). On return *out is the answer")
	h.P(" * frame, allocated with malloc (the caller frees it), of *out_len bytes,")
	h.P(" * or NULL when the frame needs no answer (a CANCEL). Returns 0, or -1")
	h.P(" * when the frame cannot be read (too short, a bad length or kind): then")
	h.P(" * *out is a FAULT with call id 0, and the stream should be closed. Also")
	h.P(" * -1 with *out NULL when memory runs out. */")
	h.P("int ", pre, "rpc_handle(const uint8_t *frame, size_t len, uint8_t **out, size_t *out_len);")
	h.P()
	h.P("/* Destroys every object the dispatcher holds: a connection's end. */")
	h.P("void ", pre, "rpc_reset(void);")
	h.P()
	h.P("/* Serves one connection: reads frames from in and writes the answers")
	h.P(" * to out until in ends or fails, then calls ", pre, "rpc_reset. Returns 0")
	h.P(" * at a clean end of input, -1 otherwise. */")
	h.P("int ", pre, "rpc_serve(FILE *in, FILE *out);")
	h.P()
	h.P("#ifdef __cplusplus")
	h.P("}")
	h.P("#endif")
	h.P()
	h.P("#endif")

	c := &cPrinter{}
	c.P("/* ", gen.Marker, " */")
	c.P("/* source: ", strings.Join(pkg.Files, ", "), " */")
	if len(plan.Skipped) > 0 {
		c.P()
		c.P("/* Not served over RPC (docs/rpc.md, \"Messages\"):")
		for _, s := range plan.Skipped {
			c.P(" *   - ", s.Name, ": ", s.Reason)
		}
		c.P(" */")
	}
	c.P()
	c.P("#include \"", pkg.Name, "_rpc.h\"")
	c.P("#include \"", pkg.Name, ".h\"")
	c.P("#include \"", pkg.Name, "_wire.h\"")
	c.P()
	c.P("#include <stdlib.h>")
	c.P("#include <string.h>")
	c.P()
	c.P(strings.ReplaceAll(cRuntime, "PKG_", pre))
	c.P()
	for i, o := range plan.Objects {
		c.P("#define RPC_OBJ_", strings.ToUpper(o.Name), " ", i+1)
	}
	c.P()
	c.P("/* rpc_release destroys an object of the table by its type. */")
	c.P("static void rpc_release(int type, void *p) {")
	c.P("    switch (type) {")
	for _, o := range plan.Objects {
		c.P("    case RPC_OBJ_", strings.ToUpper(o.Name), ":")
		c.P("        ", cabi.DestroyName(pkg, o), "((", cabi.TypeName(pkg, idl.TypeOf(o)), ")p);")
		c.P("        break;")
	}
	c.P("    default:")
	c.P("        (void)p;")
	c.P("    }")
	c.P("}")
	c.P()
	for _, m := range plan.Methods {
		renderCHandler(c, pkg, m)
	}
	c.P("static int rpc_dispatch(uint32_t method, const uint8_t *in, size_t len, rpc_out *o) {")
	if len(plan.Methods) == 0 {
		// A package of types and constants only: every id is unknown.
		c.P("    (void)in;")
		c.P("    (void)len;")
	}
	c.P("    switch (method) {")
	for _, m := range plan.Methods {
		c.P("    case ", fmt.Sprintf("0x%08xu", m.ID), ": /* ", m.Key, " */")
		c.P("        return ", cHandlerName(m), "(in, len, o);")
	}
	c.P("    default:")
	c.P("        return rpc_fault(o, 1, \"no method has this id\");")
	c.P("    }")
	c.P("}")
	c.P()
	c.P(strings.ReplaceAll(strings.ReplaceAll(cRuntimeTail, "UPPKG_", up), "PKG_", pre))
	return []gen.File{
		{Path: pkg.Name + "_rpc.h", Content: h.buf.Bytes()},
		{Path: pkg.Name + "_rpc.c", Content: c.buf.Bytes()},
	}
}

func cHandlerName(m *Method) string {
	// rpc_call_, not rpc_: a function named put or get would otherwise
	// redefine the dispatcher's own rpc_put and rpc_get.
	return "rpc_call_" + strings.ToLower(strings.NewReplacer(".", "__", "~", "destroy").Replace(m.Key))
}

func cObj(o *idl.Object) string { return "RPC_OBJ_" + strings.ToUpper(o.Name) }

// renderCHandler writes the function that answers a call of m: decode,
// call, encode, release.
func renderCHandler(c *cPrinter, pkg *idl.Package, m *Method) {
	c.P("static int ", cHandlerName(m), "(const uint8_t *in, size_t len, rpc_out *o) {")
	// An empty request is decoded too: that checks that it holds only
	// fields a newer client may send, which are skipped.
	reqT := cabi.TypeName(pkg, idl.TypeOf(m.Request))
	c.P("    ", reqT, " req;")
	c.P("    ", cabi.Prefix(pkg), "wire_error err;")
	c.P("    if (", reqT, "_wire_decode(in, len, NULL, &req, &err) != 0)")
	c.P("        return rpc_fault(o, 2, err.message);")
	releaseReq := func() { c.P("    ", reqT, "_release(&req);") }
	if m.Kind == KindDestroy {
		c.P("    void *self = rpc_take(req.", cabi.FieldName(m.Request.Fields[0]), ", ", cObj(m.Object), ");")
		releaseReq()
		c.P("    if (self == NULL)")
		c.P("        return rpc_fault(o, 3, \"the ", m.Object.Name, " handle is not a live object\");")
		c.P("    rpc_release(", cObj(m.Object), ", self);")
		c.P("    return rpc_result(o, NULL, 0);")
		c.P("}")
		c.P()
		return
	}
	var sig *cabi.Signature
	if m.Kind == KindCtor {
		sig = cabi.LowerCtor(pkg, m.Ctor)
	} else {
		sig = cabi.LowerFunc(pkg, m.Func)
	}
	// The arguments, from the request's fields (field i+1 is C parameter
	// i, receiver included).
	var args []string
	fieldAt := 0
	for _, prm := range sig.Params {
		if prm.Mode == cabi.Out {
			continue
		}
		f := m.Request.Fields[fieldAt]
		fieldAt++
		x := "req." + cabi.FieldName(f)
		switch prm.Mode {
		case cabi.Handle:
			o := cabi.HandleObject(prm.Type)
			a := "h_" + cabi.FieldName(f)
			opt := prm.Type.Kind == idl.KindOptional
			c.P("    ", cabi.TypeName(pkg, idl.TypeOf(o)), " ", a, " = NULL;")
			cond := "1"
			id := x
			if opt {
				cond = x + " != NULL"
				id = "*" + x
			}
			c.P("    if (", cond, ") {")
			c.P("        ", a, " = (", cabi.TypeName(pkg, idl.TypeOf(o)), ")rpc_get(", id, ", ", cObj(o), ");")
			c.P("        if (", a, " == NULL) {")
			c.P("            ", reqT, "_release(&req);")
			c.P("            return rpc_fault(o, 3, \"", f.Name, " is not a live ", o.Name, "\");")
			c.P("        }")
			c.P("    }")
			args = append(args, a)
		case cabi.ByConstPtr:
			if prm.Type.Kind == idl.KindOptional {
				args = append(args, x)
			} else {
				args = append(args, "&"+x)
			}
		default:
			args = append(args, x)
		}
	}
	handleResult := m.Result != nil && cabi.IsHandle(m.Result)
	// An empty response's payload is empty: nothing to encode.
	emptyResp := len(m.Response.Fields) == 0
	respT := cabi.TypeName(pkg, idl.TypeOf(m.Response))
	if !emptyResp {
		c.P("    ", respT, " resp;")
		c.P("    memset(&resp, 0, sizeof resp);")
	}
	var resultVar string
	if handleResult {
		c.P("    ", cabi.TypeName(pkg, m.Result), " obj = NULL;")
		resultVar = "obj"
	} else if m.Result != nil {
		resultVar = "resp.result"
	}
	call := sig.Name + "(" + strings.Join(args, ", ")
	if sig.ResultOut {
		if len(args) > 0 {
			call += ", "
		}
		call += "&" + resultVar
	}
	call += ")"
	switch {
	case sig.Raises != nil:
		c.P("    int32_t code = ", call, ";")
	case m.Result != nil:
		c.P("    ", resultVar, " = ", call, ";")
	default:
		c.P("    ", call, ";")
	}
	releaseReq()
	if sig.Raises != nil {
		c.P("    if (code != 0)")
		c.P("        return rpc_raise(o, code);")
	}
	if emptyResp {
		c.P("    return rpc_result(o, NULL, 0);")
		c.P("}")
		c.P()
		return
	}
	if handleResult {
		ob := cabi.HandleObject(m.Result)
		c.P("    uint64_t handle = 0;")
		c.P("    if (obj != NULL) {")
		c.P("        handle = rpc_put(obj, ", cObj(ob), ");")
		c.P("        if (handle == 0) {")
		c.P("            rpc_release(", cObj(ob), ", obj);")
		c.P("            return -1;")
		c.P("        }")
		if m.Result.Kind == idl.KindOptional {
			c.P("        resp.result = &handle;")
		} else {
			c.P("        resp.result = handle;")
		}
		c.P("    }")
	}
	c.P("    size_t n = ", respT, "_wire_size(&resp);")
	c.P("    uint8_t *buf = rpc_reserve(o, n);")
	c.P("    size_t written = 0;")
	c.P("    int rc = buf != NULL && ", respT, "_wire_encode(&resp, buf, n, &written) == 0;")
	if !handleResult {
		c.P("    ", respT, "_release(&resp);")
	}
	c.P("    if (!rc)")
	c.P("        return buf == NULL ? -1 : rpc_fault(o, 6, \"the result does not encode\");")
	c.P("    return rpc_result(o, NULL, written);")
	c.P("}")
	c.P()
}

// cRuntime is the fixed first part of every <pkg>_rpc.c: the object
// table, the answer buffer and the frame helpers. PKG_ is replaced by the
// package's prefix.
const cRuntime = `/* A package uses only some of these helpers (one without errors never
   raises), which -Wunused-function would report. */
#if defined(__GNUC__) || defined(__clang__)
#define RPC_UNUSED __attribute__((unused))
#else
#define RPC_UNUSED
#endif

/* The answer being built: a frame header, then the payload. */
typedef struct {
    uint8_t *buf;
    size_t len, cap;
    uint8_t kind;
} rpc_out;

/* rpc_reserve makes room for n payload bytes after the header and returns
 * where they go (NULL when memory runs out). */
RPC_UNUSED static uint8_t *rpc_reserve(rpc_out *o, size_t n) {
    if (n > SIZE_MAX - 13 - o->len) {
        return NULL;
    }
    if (o->len + n > o->cap) {
        size_t cap = o->len + n;
        uint8_t *b = (uint8_t *)realloc(o->buf, cap);
        if (b == NULL) {
            return NULL;
        }
        o->buf = b;
        o->cap = cap;
    }
    return o->buf + o->len;
}

RPC_UNUSED static int rpc_result(rpc_out *o, const uint8_t *p, size_t n) {
    if (p != NULL) {
        uint8_t *dst = rpc_reserve(o, n);
        if (dst == NULL) {
            return -1;
        }
        memcpy(dst, p, n);
    }
    o->len += n;
    o->kind = 3;
    return 0;
}

RPC_UNUSED static size_t rpc_put_varint(uint8_t *b, uint64_t x) {
    size_t i = 0;
    while (x >= 0x80) {
        b[i++] = (uint8_t)(x | 0x80);
        x >>= 7;
    }
    b[i++] = (uint8_t)x;
    return i;
}

/* rpc_fault answers with a FAULT: field 1 the code, field 2 the message. */
RPC_UNUSED static int rpc_fault(rpc_out *o, uint32_t code, const char *msg) {
    size_t m = strlen(msg);
    uint8_t *b = rpc_reserve(o, 1 + 10 + 1 + 10 + m);
    if (b == NULL) {
        return -1;
    }
    size_t n = 0;
    b[n++] = 0x08;
    n += rpc_put_varint(b + n, code);
    if (m > 0) {
        b[n++] = 0x12;
        n += rpc_put_varint(b + n, m);
        memcpy(b + n, msg, m);
        n += m;
    }
    o->len += n;
    o->kind = 5;
    return 0;
}

/* rpc_raise answers with a RAISE: field 1 the error code, zigzag. */
RPC_UNUSED static int rpc_raise(rpc_out *o, int32_t code) {
    uint8_t *b = rpc_reserve(o, 11);
    if (b == NULL) {
        return -1;
    }
    int64_t v = code;
    b[0] = 0x08;
    o->len += 1 + rpc_put_varint(b + 1, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
    o->kind = 4;
    return 0;
}

/* The object table: handle h is slot h - 1. Handles are never reused, so
 * a stale handle finds an empty slot. */
typedef struct {
    void *ptr;
    int type;
} rpc_slot;

static rpc_slot *rpc_slots;
static size_t rpc_nslots, rpc_capslots;

RPC_UNUSED static uint64_t rpc_put(void *p, int type) {
    if (rpc_nslots == rpc_capslots) {
        size_t cap = rpc_capslots ? 2 * rpc_capslots : 16;
        rpc_slot *s = (rpc_slot *)realloc(rpc_slots, cap * sizeof *s);
        if (s == NULL) {
            return 0;
        }
        rpc_slots = s;
        rpc_capslots = cap;
    }
    rpc_slots[rpc_nslots].ptr = p;
    rpc_slots[rpc_nslots].type = type;
    return ++rpc_nslots;
}

RPC_UNUSED static void *rpc_get(uint64_t h, int type) {
    if (h == 0 || h > rpc_nslots || rpc_slots[h - 1].type != type) {
        return NULL;
    }
    return rpc_slots[h - 1].ptr;
}

RPC_UNUSED static void *rpc_take(uint64_t h, int type) {
    void *p = rpc_get(h, type);
    if (p != NULL) {
        rpc_slots[h - 1].ptr = NULL;
    }
    return p;
}
`

// cRuntimeTail is the fixed last part of every <pkg>_rpc.c: the frame
// entry point, reset and the stdio loop.
const cRuntimeTail = `static uint32_t rpc_u32(const uint8_t *b) {
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void rpc_set_u32(uint8_t *b, uint32_t v) {
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
    b[2] = (uint8_t)(v >> 16);
    b[3] = (uint8_t)(v >> 24);
}

int PKG_rpc_handle(const uint8_t *frame, size_t len, uint8_t **out, size_t *out_len) {
    rpc_out o;
    uint32_t id = 0, method = 0;
    int bad = 0, rc;
    o.buf = NULL;
    o.len = 13;
    o.cap = 0;
    o.kind = 0;
    *out = NULL;
    *out_len = 0;
    uint32_t n = len >= 4 ? rpc_u32(frame) : 0;
    if (len < 13 || n != len - 4 || n > UPPKG_RPC_MAX_FRAME) {
        bad = 1;
        rc = n > UPPKG_RPC_MAX_FRAME ? rpc_fault(&o, 7, "the frame is over the size limit") : rpc_fault(&o, 8, "unreadable frame");
    } else if (frame[4] == 2) {
        return 0; /* CANCEL: calls are answered one at a time, so it is late */
    } else if (frame[4] != 1) {
        bad = 1;
        rc = rpc_fault(&o, 8, "a client may only send CALL and CANCEL frames");
    } else {
        id = rpc_u32(frame + 5);
        method = rpc_u32(frame + 9);
        rc = rpc_dispatch(method, frame + 13, len - 13, &o);
    }
    if (rc != 0 || rpc_reserve(&o, 0) == NULL) {
        free(o.buf);
        return -1;
    }
    rpc_set_u32(o.buf, (uint32_t)(o.len - 4));
    o.buf[4] = o.kind;
    rpc_set_u32(o.buf + 5, id);
    rpc_set_u32(o.buf + 9, method);
    *out = o.buf;
    *out_len = o.len;
    return bad ? -1 : 0;
}

void PKG_rpc_reset(void) {
    size_t i;
    for (i = 0; i < rpc_nslots; i++) {
        if (rpc_slots[i].ptr != NULL) {
            rpc_release(rpc_slots[i].type, rpc_slots[i].ptr);
        }
    }
    free(rpc_slots);
    rpc_slots = NULL;
    rpc_nslots = rpc_capslots = 0;
}

int PKG_rpc_serve(FILE *in, FILE *out) {
    uint8_t hdr[4];
    int status = -1;
    for (;;) {
        size_t got = fread(hdr, 1, 4, in);
        if (got == 0 && feof(in)) {
            status = 0;
            break;
        }
        if (got != 4) {
            break;
        }
        uint32_t n = rpc_u32(hdr);
        uint8_t *answer = NULL;
        size_t answer_len = 0;
        if (n < 9 || n > UPPKG_RPC_MAX_FRAME) {
            /* Answer from the header alone: nothing is allocated for it. */
            PKG_rpc_handle(hdr, 4, &answer, &answer_len);
            if (answer != NULL) {
                fwrite(answer, 1, answer_len, out);
                fflush(out);
            }
            free(answer);
            break;
        }
        uint8_t *frame = (uint8_t *)malloc((size_t)n + 4);
        if (frame == NULL) {
            break;
        }
        memcpy(frame, hdr, 4);
        if (fread(frame + 4, 1, n, in) != n) {
            free(frame);
            break;
        }
        int rc = PKG_rpc_handle(frame, (size_t)n + 4, &answer, &answer_len);
        free(frame);
        if (answer != NULL) {
            int ok = fwrite(answer, 1, answer_len, out) == answer_len && fflush(out) == 0;
            free(answer);
            if (!ok) {
                break;
            }
        }
        if (rc != 0) {
            break;
        }
    }
    PKG_rpc_reset();
    return status;
}
`
