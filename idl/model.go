// Package idl is the checked model of a bindgen interface file: every
// declaration, resolved type, tag and doc comment that the emitters read.
//
// The pipeline is:
//
//	source --parser.Parse--> *File (names unresolved)
//	       --idl.Check-----> *Package (types resolved, every rule checked)
//	       --gen/*---------> generated files
//
// The parser lowers its syntax tree into the types of this package and
// leaves Type.Decl nil for named types; Check resolves every name, reports
// every error it finds (not just the first) and computes the facts that
// more than one backend needs, so that no backend recomputes them.
package idl

import "fmt"

// Pos is a position in an IDL source file. Line and Col are 1-based; Col
// counts bytes. The zero Pos means "no position".
type Pos struct {
	File   string
	Offset int
	Line   int
	Col    int
}

// IsValid reports whether p refers to a real source position.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats p as file:line:col, the form every diagnostic uses.
func (p Pos) String() string {
	switch {
	case !p.IsValid() && p.File == "":
		return "-"
	case !p.IsValid():
		return p.File
	case p.File == "":
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Doc is a doc comment: the lines of the `///` comments written directly
// before a declaration, field, member or method, with the `///` and one
// following space removed. Nil when there is none.
type Doc []string

// Kind classifies a Type.
type Kind int

// The kinds of IDL types. The order is part of no format; emitters switch
// on it.
const (
	KindInvalid Kind = iota
	KindBool
	KindI8
	KindI16
	KindI32
	KindI64
	KindU8
	KindU16
	KindU32
	KindU64
	KindF32
	KindF64
	KindString
	KindBytes
	KindList     // list<Elem>
	KindMap      // map<Key, Elem>
	KindOptional // optional<Elem>
	KindEnum     // Decl is *Enum with IsError false
	KindError    // Decl is *Enum with IsError true
	KindStruct   // Decl is *Struct
	KindUnion    // Decl is *Union
	KindObject   // Decl is *Object
	KindCallback // Decl is *Callback; only the type of a parameter
)

var kindNames = [...]string{
	KindInvalid:  "invalid",
	KindBool:     "bool",
	KindI8:       "i8",
	KindI16:      "i16",
	KindI32:      "i32",
	KindI64:      "i64",
	KindU8:       "u8",
	KindU16:      "u16",
	KindU32:      "u32",
	KindU64:      "u64",
	KindF32:      "f32",
	KindF64:      "f64",
	KindString:   "string",
	KindBytes:    "bytes",
	KindList:     "list",
	KindMap:      "map",
	KindOptional: "optional",
	KindEnum:     "enum",
	KindError:    "error",
	KindStruct:   "struct",
	KindUnion:    "union",
	KindObject:   "object",
	KindCallback: "callback",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Builtins maps the spelling of every built-in scalar type to its kind.
var Builtins = map[string]Kind{
	"bool": KindBool, "i8": KindI8, "i16": KindI16, "i32": KindI32, "i64": KindI64,
	"u8": KindU8, "u16": KindU16, "u32": KindU32, "u64": KindU64,
	"f32": KindF32, "f64": KindF64, "string": KindString, "bytes": KindBytes,
}

// IsInteger reports whether k is one of the fixed-width integer kinds.
func (k Kind) IsInteger() bool { return k >= KindI8 && k <= KindU64 }

// IsSigned reports whether k is a signed integer kind.
func (k Kind) IsSigned() bool { return k >= KindI8 && k <= KindI64 }

// IsFloat reports whether k is f32 or f64.
func (k Kind) IsFloat() bool { return k == KindF32 || k == KindF64 }

// IsScalar reports whether k is bool, an integer or a float: a value that
// crosses the C ABI in a register and owns no memory.
func (k Kind) IsScalar() bool { return k >= KindBool && k <= KindF64 }

// Bits returns the width of an integer or float kind, 8 for bool, 0 otherwise.
func (k Kind) Bits() int {
	switch k {
	case KindBool, KindI8, KindU8:
		return 8
	case KindI16, KindU16:
		return 16
	case KindI32, KindU32, KindF32:
		return 32
	case KindI64, KindU64, KindF64:
		return 64
	}
	return 0
}

// IntRange returns the smallest and largest value of an integer kind. For
// u64 the maximum does not fit in int64; use MaxU64 instead.
func (k Kind) IntRange() (min int64, max uint64) {
	switch k {
	case KindI8:
		return -1 << 7, 1<<7 - 1
	case KindI16:
		return -1 << 15, 1<<15 - 1
	case KindI32:
		return -1 << 31, 1<<31 - 1
	case KindI64:
		return -1 << 63, 1<<63 - 1
	case KindU8:
		return 0, 1<<8 - 1
	case KindU16:
		return 0, 1<<16 - 1
	case KindU32:
		return 0, 1<<32 - 1
	case KindU64:
		return 0, 1<<64 - 1
	}
	return 0, 0
}

// Type is a use of a type: a built-in scalar, a constructed type
// (list, map, optional) or a reference to a declaration.
type Type struct {
	Kind Kind
	Pos  Pos
	// Name is the name as written for a reference to a declaration;
	// empty for built-in and constructed types.
	Name string
	// Elem is the element of a list, the value of a map and the payload of
	// an optional.
	Elem *Type
	// Key is the key of a map.
	Key *Type
	// Decl is the declaration a named type refers to (*Enum, *Struct,
	// *Union or *Object); nil before Check resolves it.
	Decl Decl
	// C is set for a type of C's own vocabulary (c_int, c_size_t, ...),
	// allowed only in an extern package: Kind is then the fixed-width
	// kind every binding uses for it (KindI32 for c_int), and C the entry
	// that names it in IDL and in C.
	C *CType
}

// String spells t the way the IDL writes it.
func (t *Type) String() string {
	if t == nil {
		return "void"
	}
	if t.C != nil {
		return t.C.Name
	}
	switch t.Kind {
	case KindList:
		return "list<" + t.Elem.String() + ">"
	case KindMap:
		return "map<" + t.Key.String() + ", " + t.Elem.String() + ">"
	case KindOptional:
		return "optional<" + t.Elem.String() + ">"
	case KindEnum, KindError, KindStruct, KindUnion, KindObject, KindCallback, KindInvalid:
		if t.Name != "" {
			return t.Name
		}
	}
	return t.Kind.String()
}

// Enum returns the declaration of an enum or error type, or nil.
func (t *Type) Enum() *Enum { e, _ := t.Decl.(*Enum); return e }

// Struct returns the declaration of a struct type, or nil.
func (t *Type) Struct() *Struct { s, _ := t.Decl.(*Struct); return s }

// Union returns the declaration of a union type, or nil.
func (t *Type) Union() *Union { u, _ := t.Decl.(*Union); return u }

// Object returns the declaration of an object type, or nil.
func (t *Type) Object() *Object { o, _ := t.Decl.(*Object); return o }

// Callback returns the declaration of a callback type, or nil.
func (t *Type) Callback() *Callback { c, _ := t.Decl.(*Callback); return c }

// TypeOf is the type that names declaration d (a struct, union, enum,
// error or object), as a reference to it resolves; nil for a constant or
// a function.
func TypeOf(d Decl) *Type {
	k := kindOf(d)
	if k == KindInvalid {
		return nil
	}
	return &Type{Kind: k, Name: d.DeclName(), Decl: d}
}

// kindOf is the kind of a type that names d; KindInvalid when d is not a
// type.
func kindOf(d Decl) Kind {
	switch d := d.(type) {
	case *Enum:
		if d.IsError {
			return KindError
		}
		return KindEnum
	case *Struct:
		return KindStruct
	case *Union:
		return KindUnion
	case *Object:
		return KindObject
	case *Callback:
		return KindCallback
	}
	return KindInvalid
}

// Members is a struct's fields or a union's cases; nil for any other
// declaration (and for a nil one).
func Members(d Decl) []*Field {
	switch d := d.(type) {
	case *Struct:
		return d.Fields
	case *Union:
		return d.Cases
	}
	return nil
}

// Decl is a top-level declaration: *Const, *Enum, *Struct, *Union, *Func,
// *Object or *Callback.
type Decl interface {
	DeclName() string
	DeclPos() Pos
	DeclDoc() Doc
	// DeclKind names the kind of declaration for messages: "const",
	// "enum", "error", "struct", "union", "fn", "object" or "callback".
	DeclKind() string
}

// File is one parsed IDL file before checking.
type File struct {
	Name    string // path as given to the parser; used in positions
	Package string
	PkgPos  Pos
	Doc     Doc // doc comment on the package clause
	Decls   []Decl
	// Externs holds the file's extern declarations (a checked package
	// has at most one).
	Externs []*Extern
}

// Extern is `extern "mathlib.h" library "math" prefix "";`: the package
// binds an existing C library through the user's own header instead of
// a header bindgen generates (docs/idl.md, "Binding an existing C
// library").
type Extern struct {
	Pos Pos
	// Header is the header the Go wrapper includes, as written.
	Header    string
	HeaderPos Pos
	// Library is the name the Python loader looks for
	// (ctypes.util.find_library); the package name when not written.
	Library    string
	LibraryPos Pos
	// Prefix is put before every function's name (or its `as` symbol)
	// to form the C symbol; empty when not written.
	Prefix    string
	PrefixPos Pos
}

// Package is the checked model of one IDL package: what every emitter reads.
type Package struct {
	Name string
	Pos  Pos
	Doc  Doc
	// Files holds the base names of the source files, sorted; emitters use
	// them in the generated-file header, never full paths.
	Files []string
	// Decls holds every declaration in source order (files in the order
	// given). The typed slices below hold the same declarations by kind.
	Decls   []Decl
	Consts  []*Const
	Enums   []*Enum // enums and errors, in source order
	Structs []*Struct
	Unions  []*Union
	Funcs   []*Func
	Objects []*Object
	// Callbacks holds the callback declarations, in source order.
	Callbacks []*Callback
	// Lookup maps a declaration name to its declaration.
	Lookup map[string]Decl
	// Extern is set when the package binds an existing C library: its
	// functions call the user's symbols, declared by the user's header.
	Extern *Extern
}

// Symbol is the C symbol that top-level function f of an extern package
// calls: the extern prefix, then f's `as` symbol or its name. It is ""
// for a package that is not extern, whose symbols internal/cabi names.
func (p *Package) Symbol(f *Func) string {
	if p.Extern == nil || f.Object != nil {
		return ""
	}
	if f.Symbol != "" {
		return p.Extern.Prefix + f.Symbol
	}
	return p.Extern.Prefix + f.Name
}

// Const is `const NAME: type = value;`. Only scalar and string constants
// exist.
type Const struct {
	Name  string
	Pos   Pos
	Doc   Doc
	Type  *Type
	Value *Literal
}

// LiteralKind tells which field of a Literal holds its value.
type LiteralKind int

// Literal kinds.
const (
	LitInt LiteralKind = iota
	LitFloat
	LitString
	LitBool
)

// Literal is a constant value as written. Text keeps the source spelling
// so that emitters and fmt reproduce it exactly.
type Literal struct {
	Kind LiteralKind
	Pos  Pos
	Text string // source spelling, e.g. "0x10", "1e-9", `"hi\n"`
	// Int holds an integer literal; Neg is set when it is negative, and
	// Uint is its magnitude, so that every u64 and i64 value fits.
	Neg  bool
	Uint uint64
	// Float holds a float literal (and an int literal converted to float).
	Float float64
	// Str holds a string literal's decoded value.
	Str  string
	Bool bool
}

// Int64 returns an integer literal's value; ok is false when it does not
// fit in int64.
func (l *Literal) Int64() (v int64, ok bool) {
	if l.Neg {
		if l.Uint > 1<<63 {
			return 0, false
		}
		return -int64(l.Uint), true
	}
	if l.Uint > 1<<63-1 {
		return 0, false
	}
	return int64(l.Uint), true
}

// Enum is an `enum` or, with IsError set, an `error` declaration. Both
// cross every boundary as an int32.
type Enum struct {
	Name     string
	Pos      Pos
	Doc      Doc
	IsError  bool
	Members  []*EnumMember
	Reserved []*Reserved
}

// EnumMember is `NAME = value;` inside an enum or error.
type EnumMember struct {
	Name  string
	Pos   Pos
	Doc   Doc
	Value int64 // fits in int32 once checked
}

// Reserved is `reserved 3, 5 to 7, "old_name";` in a struct, union or enum:
// tags (or enum values) and names that must never be used again.
type Reserved struct {
	Pos    Pos
	Ranges []TagRange
	Names  []string
}

// TagRange is an inclusive range of tags or values; Lo == Hi for one.
type TagRange struct {
	Lo, Hi int64
}

// Struct is a `struct` declaration.
type Struct struct {
	Name     string
	Pos      Pos
	Doc      Doc
	Fields   []*Field
	Reserved []*Reserved
	// CName is the C type of the user's header that an extern package's
	// struct describes (`struct Point as "struct point"`): "struct point"
	// or a typedef name. Its fields have no tags, and its layout is the
	// header's (C's rules over the fields in order). Empty for a struct
	// of a header bindgen writes.
	CName    string
	CNamePos Pos
	// HoldsObject is set by Check when a field holds an object handle at
	// some depth (directly, or in a list, map, optional, struct or union).
	HoldsObject bool
}

// Union is a `union` declaration: exactly one of its cases holds a value.
type Union struct {
	Name     string
	Pos      Pos
	Doc      Doc
	Cases    []*Field
	Reserved []*Reserved
	// HoldsObject is set by Check when a case holds an object handle at
	// some depth.
	HoldsObject bool
}

// Field is a struct field or a union case: `name: type @tag;`.
type Field struct {
	Name   string
	Pos    Pos
	Doc    Doc
	Type   *Type
	Tag    int64
	TagPos Pos
}

// Param is a function, method or constructor parameter.
type Param struct {
	Name string
	Pos  Pos
	Type *Type
	// Len is the C type of the length of a bytes parameter of an extern
	// function (`buf: bytes len c_uint`), which crosses as a pointer and
	// a length; nil when not written (c_size_t then).
	Len *Type
	// Out marks `out name: type` (extern functions only): not an
	// argument but a result, which C writes through a pointer. An out
	// bytes parameter is a buffer the binding allocates and C fills: its
	// capacity is an argument (CapName) and C writes the length it
	// filled through the pointer that carried the capacity in.
	Out bool
	// Keep marks `keep name: Callback`: the library keeps the callback
	// after the call and releases it when it is done (docs/abi.md,
	// "Callbacks"). Without it a callback is borrowed for the call.
	Keep bool
	// Ref marks `ref name: Point` (extern functions only): a C struct
	// passed as a const pointer to the binding's copy of the argument.
	Ref bool
}

// IsOutBuffer reports whether p is `out name: bytes`, a buffer of an
// extern function that C fills.
func (p *Param) IsOutBuffer() bool { return p.Out && p.Type.Kind == KindBytes }

// CapName is the IDL name of the capacity argument of an out buffer:
// `dest_cap` for `out dest: bytes`.
func (p *Param) CapName() string { return p.Name + "_cap" }

// Func is a top-level `fn` or, inside an object, a method.
type Func struct {
	Name   string
	Pos    Pos
	Doc    Doc
	Params []*Param
	// Result is nil for a function that returns nothing.
	Result *Type
	// Raises is the error type the function may raise, or nil.
	Raises *Type
	// Object is the object a method belongs to; nil for a top-level fn.
	Object *Object
	// Callback is the callback a callback method belongs to; nil
	// otherwise.
	Callback *Callback
	// Symbol is the C name written after `as` (extern packages only);
	// empty when the function's own name is its symbol.
	Symbol    string
	SymbolPos Pos
	// Free is the C function, written after `free`, that releases a
	// cstring result the caller owns (extern packages only); empty for a
	// result that stays the library's.
	Free    string
	FreePos Pos
	// Ok is the value, written after `ok` (extern packages only), that
	// makes an integer result a status: equal to it the call succeeded,
	// any other value is the library's error code, which the bindings
	// report as an error instead of returning it. Empty when the result
	// is a plain value. The checker rewrites it in decimal.
	Ok    string
	OkPos Pos
}

// Ctor is an object constructor: `new(...)` (Name empty) or
// `new NAME(...)`.
type Ctor struct {
	Name   string
	Pos    Pos
	Doc    Doc
	Params []*Param
	Raises *Type
	Object *Object
}

// Object is an `object` declaration: an opaque handle with constructors and
// methods.
type Object struct {
	Name    string
	Pos     Pos
	Doc     Doc
	Ctors   []*Ctor
	Methods []*Func
}

// Callback is a `callback` declaration: methods the caller implements and
// the library calls, through a C struct of function pointers.
type Callback struct {
	Name    string
	Pos     Pos
	Doc     Doc
	Methods []*Func
}

func (d *Callback) DeclName() string { return d.Name }
func (d *Callback) DeclPos() Pos     { return d.Pos }
func (d *Callback) DeclDoc() Doc     { return d.Doc }
func (d *Callback) DeclKind() string { return "callback" }

// HasCallbacks reports whether the package declares a callback.
func (p *Package) HasCallbacks() bool { return len(p.Callbacks) > 0 }

// HasCallbackParam reports whether a parameter list passes a callback.
func HasCallbackParam(params []*Param) bool {
	for _, p := range params {
		if p.Type != nil && p.Type.Kind == KindCallback {
			return true
		}
	}
	return false
}

func (d *Const) DeclName() string  { return d.Name }
func (d *Enum) DeclName() string   { return d.Name }
func (d *Struct) DeclName() string { return d.Name }
func (d *Union) DeclName() string  { return d.Name }
func (d *Func) DeclName() string   { return d.Name }
func (d *Object) DeclName() string { return d.Name }

func (d *Const) DeclPos() Pos  { return d.Pos }
func (d *Enum) DeclPos() Pos   { return d.Pos }
func (d *Struct) DeclPos() Pos { return d.Pos }
func (d *Union) DeclPos() Pos  { return d.Pos }
func (d *Func) DeclPos() Pos   { return d.Pos }
func (d *Object) DeclPos() Pos { return d.Pos }

func (d *Const) DeclDoc() Doc  { return d.Doc }
func (d *Enum) DeclDoc() Doc   { return d.Doc }
func (d *Struct) DeclDoc() Doc { return d.Doc }
func (d *Union) DeclDoc() Doc  { return d.Doc }
func (d *Func) DeclDoc() Doc   { return d.Doc }
func (d *Object) DeclDoc() Doc { return d.Doc }

func (d *Const) DeclKind() string  { return "const" }
func (d *Struct) DeclKind() string { return "struct" }
func (d *Union) DeclKind() string  { return "union" }
func (d *Func) DeclKind() string   { return "fn" }
func (d *Object) DeclKind() string { return "object" }
func (d *Enum) DeclKind() string {
	if d.IsError {
		return "error"
	}
	return "enum"
}

// RefuseCallbacks returns a diagnostic at every callback of pkg for a
// backend that cannot carry one (why says what it would need), so that
// the backend refuses the package instead of generating code that drops
// or breaks its callbacks; nil when pkg declares none.
func RefuseCallbacks(pkg *Package, backend, why string) ErrorList {
	var errs ErrorList
	for _, cb := range pkg.Callbacks {
		errs.Add(cb.Pos, "callback %q is not supported by the %s backend: %s", cb.Name, backend, why)
	}
	return errs
}
