package idl

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bindgen-dev/bindgen/internal/naming"
)

// This file checks the extern form: a package that binds an existing C
// library through the user's header (docs/idl.md, "Binding an existing C
// library"). What it cannot check is what the header says: bindgen never
// reads it, so a declaration that disagrees with the header is caught by
// the C compiler in the Go binding and not at all by ctypes (docs/abi.md).

// collectExterns keeps the package's one extern declaration.
func (c *checker) collectExterns(files []*File) {
	for _, f := range files {
		for _, e := range f.Externs {
			if prev := c.pkg.Extern; prev != nil {
				c.errs.Add(e.Pos, "package %q already binds a C library (extern at %s); a package has one extern declaration", c.pkg.Name, prev.Pos)
				continue
			}
			c.pkg.Extern = e
		}
	}
	e := c.pkg.Extern
	if e == nil {
		return
	}
	if e.Library == "" && !e.LibraryPos.IsValid() {
		e.Library = c.pkg.Name
	}
	switch {
	case e.Header == "":
		c.errs.Add(e.HeaderPos, "extern needs the C header that declares the library's functions (extern \"%s.h\" ...)", c.pkg.Name)
	case strings.ContainsAny(e.Header, "\"\\<>") || hasControl(e.Header):
		c.errs.Add(e.HeaderPos, "header %q must be a file name for #include \"...\": no quotes, backslashes, angle brackets or control characters", e.Header)
	}
	if n := strings.TrimSuffix(strings.TrimPrefix(e.Library, "lib"), ".so"); n != e.Library && n != "" && validLibrary(e.Library) {
		c.errs.AddHint(e.LibraryPos, fmt.Sprintf("write library %q: the loaders add lib and .so themselves", n),
			"library %q names a file; extern names the library as cc -l and ctypes.util.find_library do", e.Library)
	} else if !validLibrary(e.Library) {
		c.errs.AddHint(e.LibraryPos, `the name of libz.so is "z"`,
			"library %q must be a library name as the linker and ctypes.util.find_library spell it: letters, digits and . _ + -, without lib or .so", e.Library)
	}
	if e.Prefix != "" && !validCIdent(e.Prefix) {
		c.errs.Add(e.PrefixPos, "prefix %q must start a C identifier: letters, digits and underscores, not starting with a digit", e.Prefix)
	}
}

// checkExtern checks the declarations of an extern package, and `as` and
// C's vocabulary everywhere else.
func (c *checker) checkExtern() {
	p := c.pkg
	if p.Extern == nil {
		for _, f := range p.Funcs {
			if f.Symbol != "" {
				c.errs.Add(f.SymbolPos, "`as %q` names a C symbol, which only a function of an extern package calls; add `extern \"header.h\";` to bind an existing C library", f.Symbol)
			}
		}
		for _, o := range p.Objects {
			for _, m := range o.Methods {
				if m.Symbol != "" {
					c.errs.Add(m.SymbolPos, "`as %q` names a C symbol, which only a function of an extern package calls", m.Symbol)
				}
			}
		}
		for _, f := range p.Funcs {
			if f.Free != "" {
				c.errs.Add(f.FreePos, "`free %q` names the C function that frees a cstring result, which only a function of an extern package has", f.Free)
			}
			if f.Ok != "" {
				c.errs.AddHint(f.OkPos, "declare the error with raises; a status result is how an existing C library reports one",
					"`ok %s` makes the result a C library's status, which only a function of an extern package has", f.Ok)
			}
			for _, prm := range f.Params {
				if prm.Out {
					c.errs.Add(prm.Pos, "`out %s` is a result C writes through a pointer, which only a function of an extern package has; declare it as the result (-> TYPE)", prm.Name)
				}
				if prm.Len != nil {
					c.errs.Add(prm.Len.Pos, "`len` gives the C length type of a bytes parameter, which only a function of an extern package has")
				}
				if prm.Ref {
					c.errs.Add(prm.Pos, "`ref %s` passes a C struct through a const pointer, which only a function of an extern package has", prm.Name)
				}
			}
		}
		c.walkTypes(func(t *Type) {
			if t.C != nil {
				c.errs.AddHint(t.Pos, fmt.Sprintf("write %s; %s is for binding an existing C library, in a package with an extern declaration", t.Kind, t.C.Name),
					"%s is C's own type %q, which only an extern package uses", t.C.Name, t.C.Spelling)
			}
		})
		return
	}
	symbols := map[string]*Func{}
	for _, d := range p.Decls {
		if s, ok := d.(*Struct); ok && s.CName == "" {
			c.errs.AddHint(s.Pos, fmt.Sprintf("name the C struct it describes: struct %s as \"struct %s\" { ... }, fields without tags", s.Name, strings.ToLower(s.Name)),
				"struct %q of package %q, which binds an existing C library, does not name its C type", s.Name, p.Name)
			continue
		} else if ok {
			continue // checked by checkCStruct
		}
		f, ok := d.(*Func)
		if !ok {
			c.errs.Add(d.DeclPos(), "%s %q cannot be declared in package %q, which binds an existing C library: an extern package declares only functions and C structs", d.DeclKind(), d.DeclName(), p.Name)
			continue
		}
		if f.Symbol != "" && !validCIdent(f.Symbol) {
			c.errs.Add(f.SymbolPos, "symbol %q is not a C identifier", f.Symbol)
		}
		sym := p.Symbol(f)
		if naming.CReserved[sym] && validCIdent(sym) {
			c.errs.AddHint(f.Pos, fmt.Sprintf("name the C function with fn %s(...) as \"...\"", f.Name), "fn %q would call %q, which is reserved in C", f.Name, sym)
		}
		if prev, ok := symbols[sym]; ok {
			c.errs.Add(f.Pos, "fn %q and fn %q (%s) both call the C symbol %q", f.Name, prev.Name, prev.Pos, sym)
		} else {
			symbols[sym] = f
		}
		if f.Free != "" {
			switch {
			case !f.Result.IsCString():
				c.errs.Add(f.FreePos, "`free %q` frees a cstring result; the result of fn %q is %s", f.Free, f.Name, f.Result)
			case !validCIdent(f.Free):
				c.errs.Add(f.FreePos, "free function %q is not a C identifier", f.Free)
			}
		}
		if f.Ok != "" {
			c.externOk(f)
		}
		if f.Raises != nil {
			c.errs.AddHint(f.Raises.Pos, "declare what the C function returns, with `-> c_int ok 0` for a status whose 0 means success",
				"fn %q of an extern package cannot raise: raises needs the error-code convention of a header bindgen generates", f.Name)
		}
		outWithCString := false // reported once per function
		for _, prm := range f.Params {
			what := fmt.Sprintf("parameter %q of fn %q", prm.Name, f.Name)
			if prm.Ref {
				switch {
				case prm.Out:
					c.errs.Add(prm.Pos, "%s is both out and ref; an out parameter is already a pointer", what)
				case prm.Type.Kind != KindInvalid && !prm.Type.IsCStruct():
					c.errs.AddHint(prm.Type.Pos, "pass it by value: ref is for a C struct the function takes as a const pointer",
						"%s is ref but has type %s, which is not a C struct", what, prm.Type)
				}
			}
			if prm.Len != nil && prm.Type.Kind != KindBytes && prm.Type.Kind != KindList {
				c.errs.Add(prm.Len.Pos, "`len` gives the C length type of a bytes or list parameter; %s has type %s", what, prm.Type)
			}
			if prm.IsOutBuffer() {
				c.externLen(prm)
				for _, q := range f.Params {
					if q.Name == prm.CapName() {
						c.errs.AddHint(q.Pos, fmt.Sprintf("rename parameter %q", q.Name),
							"parameter %q of fn %q has the name of the capacity argument of out buffer %q", q.Name, f.Name, prm.Name)
					}
				}
			}
			if prm.Out {
				if prm.Type.Kind != KindInvalid && !prm.Type.Kind.IsScalar() && !prm.IsOutBuffer() && !prm.Type.IsCStruct() {
					c.errs.AddHint(prm.Type.Pos, "an out parameter is a scalar (C's vocabulary, bool, or a fixed-width integer or float) or bytes, a buffer C fills",
						"out parameter %q of fn %q has type %s, which C cannot write through a pointer here yet", prm.Name, f.Name, prm.Type)
				}
				if f.Result.IsCString() && !outWithCString {
					outWithCString = true
					c.errs.Add(prm.Pos, "fn %q has a cstring result and an out parameter; a function with out parameters returns a scalar or nothing", f.Name)
				}
				continue
			}
			if prm.Type.Kind == KindBytes {
				c.externLen(prm)
				continue
			}
			if prm.Type.Kind == KindList {
				if e := prm.Type.Elem; e.Kind != KindInvalid && !IsCArrayElem(e) {
					c.errs.AddHint(e.Pos, "a list crosses as a C array and its length: its elements are integers or floats (c_int, c_double, u8, ...)",
						"%s is a list of %s, which has no C array form", what, e)
				}
				c.externLen(prm)
				continue
			}
			c.externType(prm.Type, what)
		}
		if f.Result != nil {
			c.externType(f.Result, fmt.Sprintf("the result of fn %q", f.Name))
		}
	}
}

// IsCStruct reports whether t is a struct of the user's header (an
// extern package's `struct P as "struct p"`), laid out as C lays it out.
func (t *Type) IsCStruct() bool {
	return t != nil && t.Kind == KindStruct && t.Decl != nil && t.Struct().CName != ""
}

// checkCStruct checks a struct of the user's header: its C name, and
// fields without tags of C's scalar types, in the header's order.
func (c *checker) checkCStruct(s *Struct) {
	if c.pkg.Extern == nil {
		c.errs.Add(s.CNamePos, "struct %q names the C type %q of an existing header, which only an extern package binds; add `extern \"header.h\";`, or leave out `as` for a struct of the generated header", s.Name, s.CName)
	}
	if !validCTypeName(s.CName) {
		c.errs.Add(s.CNamePos, "C type %q must be `struct TAG` or a typedef name, each a C identifier", s.CName)
	}
	if len(s.Fields) == 0 {
		c.errs.Add(s.Pos, "C struct %q has no fields, which C99 does not allow", s.Name)
	}
	for _, r := range s.Reserved {
		c.errs.Add(r.Pos, "C struct %q cannot reserve tags or names: its fields have no tags, and its layout is the header's", s.Name)
	}
	names := map[string]*Field{}
	for _, f := range s.Fields {
		if prev, ok := names[f.Name]; ok {
			c.errs.Add(f.Pos, "field %q of struct %q is already declared at %s", f.Name, s.Name, prev.Pos)
		} else {
			names[f.Name] = f
		}
		if f.TagPos.IsValid() {
			c.errs.AddHint(f.TagPos, fmt.Sprintf("write %s: TYPE;", f.Name),
				"field %q of C struct %q has a tag, but a C struct is laid out by its header, field by field in order, and has no wire form", f.Name, s.Name)
		}
		if f.Type == nil {
			c.errs.Add(f.Pos, "field %q of struct %q has no type", f.Name, s.Name)
			continue
		}
		c.checkType(f.Type, fmt.Sprintf("field %q", f.Name))
		if naming.CReserved[f.Name] {
			c.errs.Add(f.Pos, "field %q of C struct %q has a name bindgen reserves in C (a C or C++ keyword, or a name of its wrappers); a C struct with such a field cannot be bound yet", f.Name, s.Name)
		}
		if f.Type.Kind != KindInvalid && !f.Type.Kind.IsScalar() {
			c.errs.AddHint(f.Type.Pos, "a field of a C struct is C's vocabulary, bool, or a fixed-width integer or float",
				"field %q of C struct %q has type %s, which has no C layout here yet", f.Name, s.Name, f.Type)
		}
	}
}

func validCTypeName(s string) bool {
	if tag, ok := strings.CutPrefix(s, "struct "); ok {
		return validCIdent(tag) && !naming.CReserved[tag]
	}
	return validCIdent(s) && !naming.CReserved[s]
}

// externOk checks `-> T ok VALUE`: T is an integer and VALUE one of its
// values, rewritten in decimal for the backends.
func (c *checker) externOk(f *Func) {
	t := f.Result
	if t.Kind == KindInvalid {
		return
	}
	if !t.Kind.IsInteger() || t.IsCString() {
		c.errs.AddHint(f.OkPos, "a status is an integer result: -> c_int ok 0",
			"`ok %s` makes the result of fn %q a status, but it has type %s", f.Ok, f.Name, t)
		return
	}
	lo, hi := t.Kind.IntRange()
	var v string
	if strings.HasPrefix(f.Ok, "-") {
		n, err := strconv.ParseInt(f.Ok, 0, 64)
		if err == nil && n >= lo {
			v = strconv.FormatInt(n, 10)
		}
	} else if n, err := strconv.ParseUint(f.Ok, 0, 64); err == nil && n <= hi {
		v = strconv.FormatUint(n, 10)
	}
	if v == "" {
		c.errs.Add(f.OkPos, "status value %s of fn %q is not a value of its result type %s (range %d to %d)", f.Ok, f.Name, t, lo, hi)
		return
	}
	f.Ok = v
}

// IsCArrayElem reports whether a list of t crosses an extern function as
// a C array (`const int *p, size_t n`): t is an integer or a float,
// whose Go and C layouts agree.
func IsCArrayElem(t *Type) bool {
	return t.Kind.IsInteger() || t.Kind.IsFloat()
}

// externType checks that t can be passed to or returned from a function
// of an existing C library.
func (c *checker) externType(t *Type, what string) {
	if t.Kind == KindInvalid || t.Kind.IsScalar() || t.IsCString() || t.IsCStruct() {
		return
	}
	c.errs.AddHint(t.Pos, "an extern function takes and returns C's vocabulary (c_int, c_long, c_size_t, c_double, ..., cstring), bool, and the fixed-width integers and floats (i32 is int32_t); a parameter may also be bytes or a list of numbers, a pointer and a length",
		"%s has type %s, which an existing C library has no form for", what, t)
}

// externLen checks the length type of a bytes parameter: an unsigned
// integer of C's vocabulary or a fixed-width one.
func (c *checker) externLen(p *Param) {
	if p.Len == nil {
		p.Len = &Type{Kind: KindU64, Pos: p.Type.Pos, C: CTypes["c_size_t"]}
		return
	}
	if p.Len.Kind != KindInvalid && !(p.Len.Kind.IsInteger() && !p.Len.Kind.IsSigned()) {
		c.errs.AddHint(p.Len.Pos, "write the C type of the length parameter: c_size_t (the default), c_uint, c_ulong, u32, ...",
			"the length of %s parameter %q has type %s, which is not an unsigned integer", p.Type.Kind, p.Name, p.Len)
	}
}

// walkTypes calls visit on every type use of the package, at every depth.
func (c *checker) walkTypes(visit func(*Type)) {
	var walk func(t *Type)
	walk = func(t *Type) {
		if t == nil {
			return
		}
		visit(t)
		walk(t.Key)
		walk(t.Elem)
	}
	fn := func(ps []*Param, res *Type) {
		for _, p := range ps {
			walk(p.Type)
		}
		walk(res)
	}
	for _, d := range c.pkg.Decls {
		switch d := d.(type) {
		case *Const:
			walk(d.Type)
		case *Struct:
			for _, f := range d.Fields {
				walk(f.Type)
			}
		case *Union:
			for _, f := range d.Cases {
				walk(f.Type)
			}
		case *Func:
			fn(d.Params, d.Result)
		case *Object:
			for _, ct := range d.Ctors {
				fn(ct.Params, nil)
			}
			for _, m := range d.Methods {
				fn(m.Params, m.Result)
			}
		}
	}
}

// cHints maps C spellings a newcomer writes to the IDL type to use, and
// C's vocabulary type for an extern package ("" when there is none).
var cHints = map[string][2]string{
	"int": {"i32", "c_int"}, "unsigned": {"u32", "c_uint"}, "uint": {"u32", "c_uint"},
	"long": {"i64", "c_long"}, "short": {"i16", "c_short"}, "size_t": {"u64", "c_size_t"},
	"float": {"f32", "c_float"}, "double": {"f64", "c_double"},
	"char":   {"string for text, u8 for a byte", "cstring for a NUL-terminated string, c_uchar or c_schar for a byte"},
	"int8_t": {"i8", ""}, "int16_t": {"i16", ""}, "int32_t": {"i32", ""}, "int64_t": {"i64", ""},
	"uint8_t": {"u8", ""}, "uint16_t": {"u16", ""}, "uint32_t": {"u32", ""}, "uint64_t": {"u64", ""},
	"_Bool": {"bool", ""}, "str": {"string", ""}, "byte": {"u8", ""},
	"int32": {"i32", ""}, "int64": {"i64", ""}, "uint32": {"u32", ""}, "uint64": {"u64", ""},
	"float32": {"f32", ""}, "float64": {"f64", ""},
}

// typeHint is the help for an unknown type name that is another
// language's spelling of an IDL type, or "".
func (c *checker) typeHint(t *Type) string {
	if t.Name == "void" {
		return "leave out the result: a function without `-> TYPE` returns nothing"
	}
	h, ok := cHints[t.Name]
	if !ok {
		return ""
	}
	if c.pkg.Extern != nil && h[1] != "" {
		return fmt.Sprintf("C's %s is %s in an extern package", t.Name, h[1])
	}
	s := "the IDL spells it " + h[0]
	if h[1] != "" {
		s += fmt.Sprintf(" (or %s, in an extern package that binds an existing C library)", h[1])
	}
	return s
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

func validCIdent(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_') {
			return false
		}
	}
	return true
}

func validLibrary(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || strings.IndexByte("._+-", ch) >= 0) {
			return false
		}
	}
	return true
}
