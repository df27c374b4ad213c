package gengo

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// vocabAssertions proves at compile time that each of C's own types an
// extern package uses (c_int, c_long, ...) has the size of the Go type
// the wrapper gives it: the Go API is the same on every platform, and a
// platform where C disagrees (a 32-bit long) fails to build here instead
// of truncating values.
func (c *cgoGen) vocabAssertions() {
	if c.pkg.Extern == nil {
		return
	}
	seen := map[string]*idl.Type{}
	for _, f := range c.pkg.Funcs {
		ts := []*idl.Type{f.Result}
		for _, p := range f.Params {
			ts = append(ts, p.Type, p.Len, p.Type.Elem)
		}
		for _, t := range ts {
			if t != nil && t.C != nil && t.Kind.IsScalar() {
				seen[t.C.Name] = t
			}
		}
	}
	for _, st := range c.pkg.Structs {
		for _, f := range st.Fields {
			if t := f.Type; st.CName != "" && t != nil && t.C != nil && t.Kind.IsScalar() {
				seen[t.C.Name] = t // a field of a header's struct
			}
		}
	}
	if len(seen) == 0 {
		return
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	p := c.p
	p.P("// The Go type of each C type assumes its size; these declarations fail")
	p.P("// to compile on a platform where C's size differs.")
	p.P("var (")
	width := 0
	for _, n := range names {
		width = max(width, len(goType(seen[n])))
	}
	for _, n := range names {
		t := seen[n]
		gt := goType(t)
		p.P("\t_ [unsafe.Sizeof(", gt, "(0))]byte", pad(width-len(gt)), " = [unsafe.Sizeof(", c.cgoType(t), "(0))]byte{}")
	}
	p.P(")")
	p.P()
}

func pad(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = ' '
	}
	return string(b)
}

// An extern function is called through a static inline C function in the
// preamble, bindgen_<symbol>, whose parameters have exactly the C types
// of the IDL (int, unsigned long, const char *, const unsigned char *):
// cgo gives each C typedef a Go type of its own (zlib's uLong is not
// C.ulong), so the wrapper could not convert to the header's types
// without reading the header, while C converts between compatible types
// at the inner call, checked against the header's prototype.

// externName is the preamble function that calls symbol sym.
func externName(sym string) string { return "bindgen_" + sym }

// externArray reports whether p crosses as a pointer and a length: an
// in buffer (bytes) or an array (a list of numbers).
func externArray(p *idl.Param) bool {
	return !p.Out && (p.Type.Kind == idl.KindBytes || p.Type.Kind == idl.KindList)
}

// arrayArg is the pointer argument of an in array or buffer.
func (c *cgoGen) arrayArg(p *idl.Param) string {
	v := naming.GoLocal(p.Name)
	if p.Type.Kind == idl.KindBytes {
		return "c_bytes(" + v + ")"
	}
	return "(*" + c.cgoType(p.Type.Elem) + ")(c_array(" + v + "))"
}

// toC is the C argument of the Go value v of parameter prm: a conversion, or
// for a struct of the user's header its memory reinterpreted, which the
// layout assertions make the C struct's.
func (c *cgoGen) toC(prm *idl.Param, v string) string {
	t := prm.Type
	if prm.Ref {
		// A pointer to the parameter, Go memory that C reads for the call.
		return "(*" + c.cgoType(t) + ")(unsafe.Pointer(&" + v + "))"
	}
	if t.IsCStruct() {
		return "*(*" + c.cgoType(t) + ")(unsafe.Pointer(&" + v + "))"
	}
	return c.cgoType(t) + "(" + v + ")"
}

// fromC is the Go value of the C value x (a variable, for a struct) of
// type t.
func fromC(t *idl.Type, x string) string {
	if t.IsCStruct() {
		return "*(*" + goType(t) + ")(unsafe.Pointer(&" + x + "))"
	}
	return goType(t) + "(" + x + ")"
}

// externNeedsErr reports whether a Go call of f can fail before C: a
// cstring argument may hold a NUL, a bytes argument may be longer than
// its C length type holds.
func externNeedsErr(f *idl.Func) bool {
	for _, p := range f.Params {
		if p.Type.IsCString() || externArray(p) && p.Len.Kind.Bits() < 64 {
			return true
		}
	}
	return false
}

// externFunc writes the C wrapper of f into the preamble and its Go
// function into the file.
func (c *cgoGen) externFunc(f *idl.Func, pre *strings.Builder) {
	p := c.p
	sym := c.pkg.Symbol(f)
	goName := naming.GoExported(f.Name)
	hasErr := externNeedsErr(f)

	// The C wrapper: a0, a1, ... never meet a C name of the header.
	var cparams, cargs []string
	n := 0
	for _, prm := range f.Params {
		switch {
		case prm.IsOutBuffer():
			cparams = append(cparams, fmt.Sprintf("unsigned char *a%d", n), cabi.Decl(cabi.Ptr(cabi.BaseName(c.pkg, prm.Len)), fmt.Sprintf("a%d", n+1)))
			cargs = append(cargs, fmt.Sprintf("a%d", n), fmt.Sprintf("a%d", n+1))
			n += 2
		case prm.Out:
			cparams = append(cparams, cabi.Decl(cabi.Ptr(cabi.BaseName(c.pkg, prm.Type)), fmt.Sprintf("a%d", n)))
			cargs = append(cargs, fmt.Sprintf("a%d", n))
			n++
		case prm.Ref:
			cparams = append(cparams, fmt.Sprintf("const %s *a%d", cabi.BaseName(c.pkg, prm.Type), n))
			cargs = append(cargs, fmt.Sprintf("a%d", n))
			n++
		case prm.Type.Kind == idl.KindList:
			cparams = append(cparams, fmt.Sprintf("const %s *a%d", cabi.BaseName(c.pkg, prm.Type.Elem), n), fmt.Sprintf("%s a%d", cabi.BaseName(c.pkg, prm.Len), n+1))
			cargs = append(cargs, fmt.Sprintf("a%d", n), fmt.Sprintf("a%d", n+1))
			n += 2
		case prm.Type.Kind == idl.KindBytes:
			cparams = append(cparams, fmt.Sprintf("const unsigned char *a%d", n), fmt.Sprintf("%s a%d", cabi.BaseName(c.pkg, prm.Len), n+1))
			cargs = append(cargs, fmt.Sprintf("a%d", n), fmt.Sprintf("a%d", n+1))
			n += 2
		default:
			cparams = append(cparams, cabi.Decl(cabi.BaseName(c.pkg, prm.Type), fmt.Sprintf("a%d", n)))
			cargs = append(cargs, fmt.Sprintf("a%d", n))
			n++
		}
	}
	ret := "void"
	if f.Result != nil {
		ret = cabi.BaseName(c.pkg, f.Result)
	}
	if len(cparams) == 0 {
		cparams = []string{"void"}
	}
	call := sym + "(" + strings.Join(cargs, ", ") + ")"
	if ret != "void" {
		call = "return " + call
	}
	fmt.Fprintf(pre, "static inline %s(%s) { %s; }\n", cabi.Decl(ret, externName(sym)), strings.Join(cparams, ", "), call)
	if f.Free != "" {
		// The cast drops const for a free function that takes void * or
		// char *, as C's own free does.
		fmt.Fprintf(pre, "static inline void %s(const char *p) { %s((void *)p); }\n", externName("free_"+sym), f.Free)
	}

	if externRich(f) {
		c.externStatusFunc(f, sym)
		return
	}

	// The Go function.
	p.doc("", f.Doc, fmt.Sprintf("%s calls %s.", goName, sym))
	var notes []string
	for _, prm := range f.Params {
		switch {
		case prm.Type.IsCString():
			notes = append(notes, fmt.Sprintf("%s is passed as a NUL-terminated copy; one holding a NUL byte is a *NULError and C is not called.", naming.GoLocal(prm.Name)))
		case externArray(prm) && prm.Len.Kind.Bits() < 64:
			notes = append(notes, fmt.Sprintf("%s is longer than %s holds is a *LengthError and C is not called.", "A "+naming.GoLocal(prm.Name)+" that", prm.Len))
		}
	}
	switch {
	case f.Result.IsCString() && f.Free != "":
		notes = append(notes, fmt.Sprintf("The result is copied from the library's string, which is then freed with %s (NULL is \"\").", f.Free))
	case f.Result.IsCString():
		notes = append(notes, "The result is copied from the library's string, which stays the library's (NULL is \"\").")
	}
	if len(notes) > 0 {
		p.P("//")
		for _, line := range wrap(strings.Join(notes, " ")) {
			p.P("// ", line)
		}
	}
	var sig, outs []string
	for _, prm := range f.Params {
		if prm.Out {
			outs = append(outs, naming.GoLocal(prm.Name)+" "+goType(prm.Type))
			continue
		}
		sig = append(sig, naming.GoLocal(prm.Name)+" "+goType(prm.Type))
	}
	results := ""
	var named []string // the results' names, when there are out parameters
	if len(outs) > 0 {
		var rs []string
		if f.Result != nil {
			rs = append(rs, "res "+goType(f.Result))
			named = append(named, "res")
		}
		rs = append(rs, outs...)
		for _, o := range outs {
			named = append(named, strings.Fields(o)[0])
		}
		if hasErr {
			rs = append(rs, "err error")
		}
		results = " (" + strings.Join(rs, ", ") + ")"
	}
	switch {
	case len(outs) > 0:
	case hasErr && f.Result != nil:
		results = " (res " + goType(f.Result) + ", err error)"
	case hasErr:
		results = " error"
	case f.Result != nil:
		results = " " + goType(f.Result)
	}
	p.P("func ", goName, "(", strings.Join(sig, ", "), ")", results, " {")
	fail := "return err"
	if f.Result != nil {
		fail = "return res, err"
	}
	if len(named) > 0 {
		fail = "return " + strings.Join(append(append([]string(nil), named...), "err"), ", ")
	}
	args := c.externArgs(f.Params, fail)
	cl := c.call(externName(sym)) + "(" + strings.Join(args, ", ") + ")"
	if f.Result.IsCStruct() {
		// A struct result is read in place: it needs an address.
		p.P("\tc_r := ", cl)
		cl = "c_r"
	}
	switch {
	case len(named) > 0:
		// C wrote the out parameters; return them after the result.
		if f.Result != nil {
			p.P("\tres = ", fromC(f.Result, cl))
		} else {
			p.P("\t", cl)
		}
		rets := []string{}
		if f.Result != nil {
			rets = append(rets, "res")
		}
		for _, prm := range f.Params {
			if prm.Out {
				rets = append(rets, fromC(prm.Type, "o_"+naming.GoLocal(prm.Name)))
			}
		}
		if hasErr {
			rets = append(rets, "nil")
		}
		p.P("\treturn ", strings.Join(rets, ", "))
	case f.Result == nil:
		p.P("\t", cl)
		if hasErr {
			p.P("\treturn nil")
		}
	case f.Result.IsCString() && f.Free != "":
		ok := ""
		if hasErr {
			ok = ", nil"
		}
		p.P("\tc_r := ", cl)
		p.P("\tif c_r == nil {")
		p.P("\t\treturn \"\"", ok)
		p.P("\t}")
		p.P("\tc_s := C.GoString(c_r)")
		p.P("\t", c.call(externName("free_"+sym)), "(c_r)")
		p.P("\treturn c_s", ok)
	case f.Result.IsCString():
		if hasErr {
			p.P("\treturn C.GoString(", cl, "), nil")
		} else {
			p.P("\treturn C.GoString(", cl, ")")
		}
	case hasErr:
		p.P("\treturn ", fromC(f.Result, cl), ", nil")
	default:
		p.P("\treturn ", fromC(f.Result, cl))
	}
	p.P("}")
	p.P()
}

// externArgs writes the conversions of an extern function's parameters
// (out buffers and results, C strings, checked array lengths) and returns
// the C arguments of the call; fail is the statement that returns err.
func (c *cgoGen) externArgs(params []*idl.Param, fail string) []string {
	p := c.p
	var args []string
	for _, prm := range params {
		v := naming.GoLocal(prm.Name)
		a := "a_" + v
		switch {
		case prm.IsOutBuffer():
			cp := naming.GoLocal(prm.CapName())
			p.P("\to_", v, " := make([]byte, ", cp, ")")
			p.P("\tn_", v, " := ", c.cgoType(prm.Len), "(", cp, ")")
			args = append(args, "c_bytes(o_"+v+")", "&n_"+v)
		case prm.Out:
			p.P("\tvar o_", v, " ", c.cgoType(prm.Type))
			args = append(args, "&o_"+v)
		case prm.Type.IsCString():
			p.P("\t", a, ", err := c_cstring(", v, ", ", strconv.Quote(prm.Name), ")")
			p.P("\tif err != nil {")
			p.P("\t\t", fail)
			p.P("\t}")
			args = append(args, a)
		case externArray(prm):
			if prm.Len.Kind.Bits() < 64 {
				_, hi := prm.Len.Kind.IntRange()
				p.P("\tif uint64(len(", v, ")) > ", strconv.FormatUint(hi, 10), " {")
				p.P("\t\terr = &LengthError{Param: ", strconv.Quote(prm.Name), ", Len: len(", v, "), Max: ", strconv.FormatUint(hi, 10), "}")
				p.P("\t\t", fail)
				p.P("\t}")
			}
			args = append(args, c.arrayArg(prm), c.cgoType(prm.Len)+"(len("+v+"))")
		default:
			args = append(args, c.toC(prm, v))
		}
	}
	return args
}

// externHelpers writes the conversions and errors the extern functions
// use.
func (c *cgoGen) externHelpers() {
	n := externNeeds(c.pkg)
	cstr, bytes, length, array := n.cstr, n.bytes, n.length, n.array
	p := c.p
	pkg := c.pkg.Name
	if cstr {
		p.P("// NULError is the error of a cstring argument that holds a NUL byte:")
		p.P("// C would read the string as ending there, so the call is not made.")
		p.P("type NULError struct {")
		p.P("\tParam string // the IDL parameter")
		p.P("\tIndex int    // the byte offset of the first NUL")
		p.P("}")
		p.P()
		p.P("func (e *NULError) Error() string {")
		p.P("\treturn ", strconv.Quote(pkg+": argument "), " + e.Param + \" holds a NUL byte at offset \" + strconv.Itoa(e.Index) + \"; a C string ends at its first NUL\"")
		p.P("}")
		p.P()
		p.P("// c_cstring is s with a NUL after it, in Go memory that C borrows for")
		p.P("// the call.")
		p.P("func c_cstring(s, param string) (*C.char, error) {")
		p.P("\tif i := strings.IndexByte(s, 0); i >= 0 {")
		p.P("\t\treturn nil, &NULError{Param: param, Index: i}")
		p.P("\t}")
		p.P("\tb := make([]byte, len(s)+1)")
		p.P("\tcopy(b, s)")
		p.P("\treturn (*C.char)(unsafe.Pointer(&b[0])), nil")
		p.P("}")
		p.P()
	}
	if length {
		p.P("// LengthError is the error of a bytes or list argument longer than the C type")
		p.P("// of its length holds; the call is not made.")
		p.P("type LengthError struct {")
		p.P("\tParam string // the IDL parameter")
		p.P("\tLen   int    // its length")
		p.P("\tMax   uint64 // the largest length C can be given")
		p.P("}")
		p.P()
		p.P("func (e *LengthError) Error() string {")
		p.P("\treturn ", strconv.Quote(pkg+": argument "), " + e.Param + \" is \" + strconv.Itoa(e.Len) + \" bytes, more than the C length holds (\" + strconv.FormatUint(e.Max, 10) + \")\"")
		p.P("}")
		p.P()
	}
	c.externStatusHelpers()
	if array {
		p.P("// c_emptyArray is what an empty list argument points to, aligned for")
		p.P("// any element: never NULL, as for bytes.")
		p.P("var c_emptyArray [1]uint64")
		p.P()
		p.P("// c_array is s's first element, which C borrows for the call as an")
		p.P("// array, without a copy: the element types of an extern list have the")
		p.P("// size of their C types, which the assertions below check.")
		p.P("func c_array[T int8 | uint8 | int16 | uint16 | int32 | uint32 | int64 | uint64 | float32 | float64](s []T) unsafe.Pointer {")
		p.P("\tif len(s) == 0 {")
		p.P("\t\treturn unsafe.Pointer(&c_emptyArray[0])")
		p.P("\t}")
		p.P("\treturn unsafe.Pointer(unsafe.SliceData(s))")
		p.P("}")
		p.P()
	}
	if bytes {
		p.P("// c_empty is what an empty bytes argument points to: a C function may")
		p.P("// read a NULL pointer as \"no buffer\", whatever the length says.")
		p.P("var c_empty [1]byte")
		p.P()
		p.P("// c_bytes is b's first byte, which C borrows for the call, without a")
		p.P("// copy.")
		p.P("func c_bytes(b []byte) *C.uchar {")
		p.P("\tif len(b) == 0 {")
		p.P("\t\treturn (*C.uchar)(unsafe.Pointer(&c_empty[0]))")
		p.P("\t}")
		p.P("\treturn (*C.uchar)(unsafe.Pointer(unsafe.SliceData(b)))")
		p.P("}")
		p.P()
	}
}
