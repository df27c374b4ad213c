// Package cabi is the one place that knows how an IDL package is spelled in
// C: the names, types and calling convention of docs/abi.md. The C header
// generator (gen/c) declares what this package names; the Go (cgo) and
// Python (ctypes) generators call what this package names, so the three
// cannot drift apart.
package cabi

import (
	"fmt"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// Version is the ABI revision, CALC_ABI_VERSION in the header. Bump it when
// a rule of docs/abi.md changes what a header means for the same IDL.
const Version = 1

// Prefix is the prefix of every C function and type of pkg: "calc_".
func Prefix(pkg *idl.Package) string { return pkg.Name + "_" }

// MacroPrefix is the prefix of every macro and constant of pkg: "CALC_".
func MacroPrefix(pkg *idl.Package) string { return naming.CUpper(pkg.Name) + "_" }

// Mangle is a type's name inside generated C names: "U32", "String",
// "Point", "List_Point", "Map_String_Opt_U32".
func Mangle(t *idl.Type) string {
	switch t.Kind {
	case idl.KindList:
		return "List_" + Mangle(t.Elem)
	case idl.KindMap:
		return "Map_" + Mangle(t.Key) + "_" + Mangle(t.Elem)
	case idl.KindOptional:
		return "Opt_" + Mangle(t.Elem)
	case idl.KindEnum, idl.KindError, idl.KindStruct, idl.KindUnion, idl.KindObject, idl.KindCallback:
		if t.Decl != nil {
			return t.Decl.DeclName()
		}
		return t.Name
	case idl.KindString:
		return "String"
	case idl.KindBytes:
		return "Bytes"
	case idl.KindBool:
		return "Bool"
	}
	s := t.Kind.String() // i8 → I8, f64 → F64
	return string(s[0]-'a'+'A') + s[1:]
}

// Scalar is the C spelling of a scalar kind ("bool", "int32_t", "double"),
// or "" for any other kind.
func Scalar(k idl.Kind) string {
	switch k {
	case idl.KindBool:
		return "bool"
	case idl.KindF32:
		return "float"
	case idl.KindF64:
		return "double"
	case idl.KindI8, idl.KindI16, idl.KindI32, idl.KindI64:
		return "int" + k.String()[1:] + "_t"
	case idl.KindU8, idl.KindU16, idl.KindU32, idl.KindU64:
		return "uint" + k.String()[1:] + "_t"
	}
	return ""
}

// BaseName is the C name of t without any pointer: the scalar spelling,
// or the prefixed mangled name ("calc_String", "calc_Point",
// "calc_List_Point", "calc_Accumulator"). For an optional it is the base
// name of its payload.
func BaseName(pkg *idl.Package, t *idl.Type) string {
	if t.Kind == idl.KindOptional {
		return BaseName(pkg, t.Elem)
	}
	if t.C != nil {
		return t.C.Spelling // C's own type, in an extern package
	}
	if t.IsCStruct() {
		return t.Struct().CName // the user's header's struct, in an extern package
	}
	if s := Scalar(t.Kind); s != "" {
		return s
	}
	return Prefix(pkg) + Mangle(t)
}

// TypeName is the C type of a value of t as it is stored in a struct field,
// a list element or a result: "int32_t", "calc_String", "calc_Point",
// "calc_List_Point", "calc_Accumulator *" (an object is a handle),
// "uint32_t *" (an optional is a pointer, NULL when absent) and, for an
// optional object, the nullable handle "calc_Accumulator *".
func TypeName(pkg *idl.Package, t *idl.Type) string {
	switch t.Kind {
	case idl.KindObject:
		return BaseName(pkg, t) + " *"
	case idl.KindOptional:
		if t.Elem.Kind == idl.KindObject {
			return TypeName(pkg, t.Elem)
		}
		return Ptr(TypeName(pkg, t.Elem))
	}
	return BaseName(pkg, t)
}

// Ptr spells a pointer to C type typ: "int32_t" → "int32_t *",
// "calc_Accumulator *" → "calc_Accumulator **".
func Ptr(typ string) string {
	if len(typ) > 0 && typ[len(typ)-1] == '*' {
		return typ + "*"
	}
	return typ + " *"
}

// Decl declares name with C type typ: ("int32_t", "a") → "int32_t a",
// ("calc_Point *", "p") → "calc_Point *p".
func Decl(typ, name string) string {
	if len(typ) > 0 && typ[len(typ)-1] == '*' {
		return typ + name
	}
	return typ + " " + name
}

// NeedsRelease reports whether a C value of t owns something its owner
// must release: string, bytes, list, map, a non-object optional, and a
// struct or union with such a field or case or with a handle in one (the
// struct's release destroys the handle). Scalars, enums, structs of
// scalars and a handle on its own (an object or optional object, which is
// destroyed, not released) do not.
func NeedsRelease(t *idl.Type) bool {
	return needsRelease(t, map[idl.Decl]bool{})
}

func needsRelease(t *idl.Type, seen map[idl.Decl]bool) bool {
	switch t.Kind {
	case idl.KindString, idl.KindBytes, idl.KindList, idl.KindMap:
		return true
	case idl.KindOptional:
		return t.Elem.Kind != idl.KindObject
	case idl.KindStruct, idl.KindUnion:
		if seen[t.Decl] {
			return false // already looked at: a struct held twice, or through a list/map/optional
		}
		seen[t.Decl] = true
		for _, f := range idl.Members(t.Decl) {
			if f.Type == nil {
				continue // a union case without a payload
			}
			if IsHandle(f.Type) || needsRelease(f.Type, seen) {
				return true
			}
		}
	}
	return false
}

// IsHandle reports whether a C value of t is an object handle: an object,
// or an optional object (the same pointer, NULL when absent).
func IsHandle(t *idl.Type) bool {
	return t.Kind == idl.KindObject || t.Kind == idl.KindOptional && t.Elem.Kind == idl.KindObject
}

// IsPlain reports whether a C value of t is plain data: bool, an integer,
// a float, an enum, or a struct made only of these. It owns no memory and
// holds no handle, and its natural C layout can be mirrored exactly by a Go
// struct or a Python struct-module format, so plain values and arrays of
// them cross without conversion. An empty struct is not plain: its C form
// is the padding byte EmptyPad, which a Go struct{} (size 0) does not
// mirror, so it crosses by conversion like any other non-plain value.
func IsPlain(t *idl.Type) bool {
	switch {
	case t.Kind.IsScalar(), t.Kind == idl.KindEnum:
		return true
	case t.Kind == idl.KindStruct:
		if len(t.Struct().Fields) == 0 {
			return false
		}
		for _, f := range t.Struct().Fields {
			if !IsPlain(f.Type) {
				return false
			}
		}
		return true
	}
	return false
}

// EmptyPad is the one member of the C struct of an empty IDL struct: C99
// forbids a struct without members, and C++ gives an empty struct size 1,
// so a uint8_t member gives both languages the same size (1) and layout.
// It always holds 0 and carries no meaning: writers zero it, readers
// ignore it. No IDL field can meet it, because the struct has none.
const EmptyPad = "_unused"

// HasPayload reports whether some case of u carries a value. A union
// whose every case is payload-free (`name @tag;`) is the tag alone in C:
// it has no member u, because a C union without members is not C99.
func HasPayload(u *idl.Union) bool {
	for _, c := range u.Cases {
		if c.Type != nil {
			return true
		}
	}
	return false
}

// HandleObject is the object of a handle type (IsHandle): t's own object,
// or its payload's for an optional object.
func HandleObject(t *idl.Type) *idl.Object {
	if t.Kind == idl.KindOptional {
		t = t.Elem
	}
	return t.Object()
}

// HoldsObject reports whether a value of t is or contains an object handle,
// at any depth. Such a value cannot be deep-copied (a handle is not
// copyable, so the header declares no copy function for it) and cannot be
// written to the wire (a handle means nothing in another process). For a
// struct or union it reads the HoldsObject flag idl.Check sets.
func HoldsObject(t *idl.Type) bool {
	switch t.Kind {
	case idl.KindObject:
		return true
	case idl.KindList, idl.KindOptional:
		return HoldsObject(t.Elem)
	case idl.KindMap:
		return HoldsObject(t.Key) || HoldsObject(t.Elem)
	case idl.KindStruct:
		return t.Struct().HoldsObject
	case idl.KindUnion:
		return t.Union().HoldsObject
	}
	return false
}

// HasRelease reports whether the header declares a release function for
// t: every string, bytes, struct, union, list, map and non-object
// optional, whether or not it owns memory (releasing a struct of scalars
// only zeroes it). Objects have DestroyName instead.
func HasRelease(t *idl.Type) bool {
	switch t.Kind {
	case idl.KindString, idl.KindBytes, idl.KindStruct, idl.KindUnion, idl.KindList, idl.KindMap:
		return true
	case idl.KindOptional:
		return t.Elem.Kind != idl.KindObject
	}
	return false
}

// ReleaseName is the release function for a value of t that the caller
// owns ("calc_String_release", "calc_List_Point_release",
// "calc_Opt_U32_release"), or "" when t owns no memory (NeedsRelease is
// false). The function takes a pointer to the value: for an optional,
// `void calc_Opt_U32_release(uint32_t **v)`.
func ReleaseName(pkg *idl.Package, t *idl.Type) string {
	if !NeedsRelease(t) {
		return ""
	}
	return releaseName(pkg, t)
}

// AnyReleaseName is the release function the header declares for t
// (HasRelease), even when t owns no memory; "" when there is none.
func AnyReleaseName(pkg *idl.Package, t *idl.Type) string {
	if !HasRelease(t) {
		return ""
	}
	return releaseName(pkg, t)
}

// CopyName is the deep-copy helper the header defines for t wherever it
// defines a release function (HasRelease), except for a value that holds
// an object handle (HoldsObject), which cannot be copied; otherwise "".
// For implementers who keep an input or echo one: `calc_Polygon
// calc_Polygon_copy(const calc_Polygon *src)`, and for an optional
// `uint32_t *calc_Opt_U32_copy(const uint32_t *src)` (NULL stays NULL).
// Copies are allocated with calc_alloc.
func CopyName(pkg *idl.Package, t *idl.Type) string {
	if !HasRelease(t) || HoldsObject(t) {
		return ""
	}
	return Prefix(pkg) + Mangle(t) + "_copy"
}

func releaseName(pkg *idl.Package, t *idl.Type) string {
	return Prefix(pkg) + Mangle(t) + "_release"
}

// FuncName is the C function of a top-level fn ("calc_add") or method
// ("calc_Accumulator_add"); in an extern package, the user's symbol.
func FuncName(pkg *idl.Package, f *idl.Func) string {
	if f.Object != nil {
		return MethodName(pkg, f.Object, f)
	}
	if sym := pkg.Symbol(f); sym != "" {
		return sym // the user's function, in an extern package
	}
	return Prefix(pkg) + f.Name
}

// MethodName is the C function of method m of object o.
func MethodName(pkg *idl.Package, o *idl.Object, m *idl.Func) string {
	return Prefix(pkg) + o.Name + "_" + m.Name
}

// CtorName is the C function of a constructor: "calc_Accumulator_new",
// "calc_Accumulator_new_with_capacity".
func CtorName(pkg *idl.Package, c *idl.Ctor) string {
	s := Prefix(pkg) + c.Object.Name + "_new"
	if c.Name != "" {
		s += "_" + c.Name
	}
	return s
}

// DestroyName is the function that destroys a handle: "calc_Accumulator_destroy".
func DestroyName(pkg *idl.Package, o *idl.Object) string {
	return Prefix(pkg) + o.Name + "_destroy"
}

// ConstName is the macro of a const: "CALC_MAX_BATCH".
func ConstName(pkg *idl.Package, c *idl.Const) string { return naming.CUpper(pkg.Name, c.Name) }

// EnumMemberName is the macro of an enum or error member: "CALC_ROUNDING_UP".
func EnumMemberName(pkg *idl.Package, e *idl.Enum, m *idl.EnumMember) string {
	return naming.CUpper(pkg.Name, e.Name, m.Name)
}

// UnionTagName is the macro holding a union case's tag: "CALC_SHAPE_SEGMENT".
func UnionTagName(pkg *idl.Package, u *idl.Union, c *idl.Field) string {
	return naming.CUpper(pkg.Name, u.Name, c.Name)
}

// FieldName is the C member name of a struct field or union case, escaped
// for C and C++ ("default" → "default_"). A union's cases are members of
// its inner union `u`: `v.u.segment`.
func FieldName(f *idl.Field) string { return naming.CName(f.Name) }

// ParamName is the C name of a parameter.
func ParamName(p *idl.Param) string { return naming.CName(p.Name) }

// The fixed names every header defines.

// AbiVersionName is the ABI version macro: "CALC_ABI_VERSION".
func AbiVersionName(pkg *idl.Package) string { return naming.CUpper(pkg.Name, "ABI_VERSION") }

// ImplementationMacro is the macro one library file defines before
// including the header: "CALC_IMPLEMENTATION".
func ImplementationMacro(pkg *idl.Package) string { return naming.CUpper(pkg.Name, "IMPLEMENTATION") }

// ExportMacro is the macro in front of every function the header
// declares: "CALC_API". The header defines it unless the includer has
// (docs/abi.md, "Exported symbols").
func ExportMacro(pkg *idl.Package) string { return naming.CUpper(pkg.Name, "API") }

// BuildMacro is the macro every file of the library defines while it is
// built (on Windows, it makes ExportMacro __declspec(dllexport)):
// "CALC_BUILD".
func BuildMacro(pkg *idl.Package) string { return naming.CUpper(pkg.Name, "BUILD") }

// GuardName is the include guard: "CALC_H".
func GuardName(pkg *idl.Package) string { return naming.CUpper(pkg.Name, "H") }

// AllocName is the library's allocator: `void *calc_alloc(size_t size)`.
func AllocName(pkg *idl.Package) string { return Prefix(pkg) + "alloc" }

// FreeName is the library's deallocator: `void calc_free(void *ptr)`.
func FreeName(pkg *idl.Package) string { return Prefix(pkg) + "free" }

// LiveAllocationsName is `int64_t calc_live_allocations(void)`: calc_alloc
// calls minus calc_free calls of non-NULL pointers, for leak tests.
func LiveAllocationsName(pkg *idl.Package) string { return Prefix(pkg) + "live_allocations" }

// StringFromName is `calc_String calc_String_from(const char *ptr, size_t len)`,
// the copy helper for implementers; BytesFromName likewise for bytes.
func StringFromName(pkg *idl.Package) string { return Prefix(pkg) + "String_from" }

// BytesFromName is `calc_Bytes calc_Bytes_from(const uint8_t *ptr, size_t len)`.
func BytesFromName(pkg *idl.Package) string { return Prefix(pkg) + "Bytes_from" }

// Instances returns every distinct list, map and optional type used
// anywhere in pkg (fields, cases, parameters, results, and nested inside
// those), each once, inner types before the types built from them, in
// order of first use in declaration order. An optional object (a nullable
// handle) is not an instance: it has no release function.
func Instances(pkg *idl.Package) []*idl.Type {
	var out []*idl.Type
	seen := map[string]bool{}
	var visit func(t *idl.Type)
	visit = func(t *idl.Type) {
		if t == nil {
			return
		}
		switch t.Kind {
		case idl.KindList, idl.KindMap, idl.KindOptional:
		default:
			return
		}
		if IsHandle(t) {
			return
		}
		visit(t.Key)
		visit(t.Elem)
		m := Mangle(t)
		if !seen[m] {
			seen[m] = true
			out = append(out, t)
		}
	}
	params := func(ps []*idl.Param) {
		for _, p := range ps {
			visit(p.Type)
		}
	}
	for _, d := range pkg.Decls {
		switch d := d.(type) {
		case *idl.Struct:
			for _, f := range d.Fields {
				visit(f.Type)
			}
		case *idl.Union:
			for _, f := range d.Cases {
				visit(f.Type)
			}
		case *idl.Func:
			params(d.Params)
			visit(d.Result)
		case *idl.Object:
			for _, c := range d.Ctors {
				params(c.Params)
			}
			for _, m := range d.Methods {
				params(m.Params)
				visit(m.Result)
			}
		case *idl.Callback:
			for _, m := range d.Methods {
				params(m.Params)
				visit(m.Result)
			}
		}
	}
	return out
}

// Mode is how one C parameter carries its value.
type Mode int

// The parameter modes of docs/abi.md.
const (
	// ByValue: scalars, enums, string, bytes, lists and maps (`T name`).
	ByValue Mode = iota
	// ByConstPtr: structs and unions (`const T *name`, never NULL) and
	// optionals (`const T *name`, NULL when absent).
	ByConstPtr
	// Handle: an object (`calc_X *name`) or an optional object (NULL when
	// absent). The receiver of a method is a Handle named "self".
	Handle
	// Out: the result of a fallible function (`T *out`), written only on
	// success; the caller owns what it points to afterwards.
	Out
	// Callback: a callback struct (`const calc_Progress *name`, never
	// NULL), borrowed for the call or, for a keep parameter, copied and
	// kept until the library calls its release (docs/abi.md, "Callbacks").
	// The ctx parameter of a callback method is a Callback parameter too.
	Callback
)

func (m Mode) String() string {
	switch m {
	case ByValue:
		return "ByValue"
	case ByConstPtr:
		return "ByConstPtr"
	case Handle:
		return "Handle"
	case Out:
		return "Out"
	case Callback:
		return "Callback"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// Param is one C parameter of a lowered function.
type Param struct {
	// Name is the C parameter name: the escaped IDL name, or "self" for a
	// receiver and "out" for the result slot (an IDL parameter of either
	// name is escaped to self_ or out_).
	Name string
	// CType is the full C type: "int64_t", "const calc_Point *",
	// "calc_Accumulator *", "int64_t *".
	CType string
	Mode  Mode
	// Type is the IDL type of the value: the parameter's type, the
	// object's type for a receiver, the result type for Out.
	Type *idl.Type
	// IDL is the IDL parameter, nil for a receiver or Out.
	IDL *idl.Param
	// Receiver is set on the self parameter of a method.
	Receiver bool
}

// Signature is a function, method or constructor lowered to C.
type Signature struct {
	Name string // C function name
	// Return is the C return type: "void", the result's TypeName, or
	// "int32_t" (0 on success, else an error member) when Raises is set.
	// It is what the contract hash reads (ABIContract).
	Return string
	// Status is the error type's typedef that the header's prototype
	// spells instead of Return ("calc_CalcError") when Raises is set: a
	// typedef of int32_t, so the ABI, and the contract hash, are
	// Return's. Empty for a function that cannot fail, for a callback
	// method (which may return CallbackFailedName, not a member of its
	// error type) and in an extern package (whose prototypes are the
	// user's header's).
	Status string
	Params []Param // receiver first, Out last, IDL parameters in between
	// Result is the IDL result (for a constructor, the object type); nil
	// when there is none.
	Result *idl.Type
	// Raises is the error type, or nil.
	Raises *idl.Type
	// ResultOut is set when the result is written through the last
	// parameter (a fallible function with a result) instead of returned.
	ResultOut bool
	// ResultOwned is set when the caller must release the result with
	// ReleaseName(Result) (or destroy it, for an object).
	ResultOwned bool
}

// DeclReturn is the return type the prototype spells: Status when set,
// else Return.
func (s *Signature) DeclReturn() string {
	if s.Status != "" {
		return s.Status
	}
	return s.Return
}

// String is the C prototype without the semicolon:
// "calc_CalcError calc_divide(int64_t a, int64_t b, calc_Rounding mode, int64_t *out)".
func (s *Signature) String() string {
	b := Decl(s.DeclReturn(), s.Name) + "("
	if len(s.Params) == 0 {
		b += "void"
	}
	for i, p := range s.Params {
		if i > 0 {
			b += ", "
		}
		b += Decl(p.CType, p.Name)
	}
	return b + ")"
}

// InputType is the C type of an input parameter of type t and its mode.
func InputType(pkg *idl.Package, t *idl.Type) (string, Mode) {
	switch {
	case t.Kind == idl.KindCallback:
		return "const " + Ptr(TypeName(pkg, t)), Callback
	case IsHandle(t):
		return TypeName(pkg, t), Handle
	case t.Kind == idl.KindStruct, t.Kind == idl.KindUnion:
		return "const " + Ptr(TypeName(pkg, t)), ByConstPtr
	case t.Kind == idl.KindOptional:
		return "const " + TypeName(pkg, t), ByConstPtr
	}
	return TypeName(pkg, t), ByValue
}

// LowerFunc lowers a top-level function or a method.
func LowerFunc(pkg *idl.Package, f *idl.Func) *Signature {
	return lower(pkg, FuncName(pkg, f), f.Object, f.Params, f.Result, f.Raises)
}

// LowerCtor lowers a constructor: it returns the new handle, or, when it
// raises, an error code with the handle written through `calc_X **out`.
func LowerCtor(pkg *idl.Package, c *idl.Ctor) *Signature {
	ot := idl.TypeOf(c.Object)
	return lower(pkg, CtorName(pkg, c), nil, c.Params, ot, c.Raises)
}

// LowerCallbackMethod lowers a method of a callback to the function
// pointer member of its C struct: Name is the member's name, and the
// first parameter is `void *ctx` (Mode Callback, Receiver set), where a
// method of an object has self. Everything else is lowered as for a
// function: a fallible method returns the error code and writes its
// result through `T *out`. One difference: a string or bytes result is
// always written through `T *out` (the method returns void when it cannot
// fail), because ctypes callbacks cannot return a struct by value. An
// object or optional object result is a handle, returned like a scalar
// (NULL when absent, or when the method failed), whose ownership moves to
// the library.
func LowerCallbackMethod(pkg *idl.Package, m *idl.Func) *Signature {
	s := lower(pkg, CallbackMemberName(m), nil, m.Params, m.Result, m.Raises)
	s.Status = "" // CallbackFailedName is a code of no error type
	if r := m.Result; r != nil && !s.ResultOut && !(r.Kind.IsScalar() || r.Kind == idl.KindEnum || IsHandle(r)) {
		s.Return = "void"
		s.ResultOut = true
		s.Params = append(s.Params, Param{Name: "out", CType: Ptr(TypeName(pkg, r)), Mode: Out, Type: r})
	}
	for i := range s.Params {
		if s.Params[i].Name == "ctx" {
			s.Params[i].Name = "ctx_"
		}
	}
	s.Params = append([]Param{{Name: "ctx", CType: "void *", Mode: Callback, Receiver: true}}, s.Params...)
	return s
}

// CallbackMemberName is the member of a callback's C struct that points
// to method m.
func CallbackMemberName(m *idl.Func) string { return naming.CName(m.Name) }

// CallbackFailedName is the macro of the code a fallible callback method
// returns when it failed with something other than its error type (a Go
// panic, a Python exception): "CALC_CALLBACK_FAILED", INT32_MIN.
func CallbackFailedName(pkg *idl.Package) string { return naming.CUpper(pkg.Name, "CALLBACK_FAILED") }

// Pointer spells the member of a callback struct that points to s:
// "bool (*update)(void *ctx, uint64_t done, uint64_t total)".
func (s *Signature) Pointer() string {
	b := "(*" + s.Name + ")("
	for i, p := range s.Params {
		if i > 0 {
			b += ", "
		}
		b += Decl(p.CType, p.Name)
	}
	return Decl(s.Return, b+")")
}

func lower(pkg *idl.Package, name string, recv *idl.Object, params []*idl.Param, result, raises *idl.Type) *Signature {
	// "self" and "out" never meet a parameter: naming.CReserved holds both,
	// so ParamName escapes an IDL parameter of either name.
	s := &Signature{Name: name, Result: result, Raises: raises}
	if recv != nil {
		ot := idl.TypeOf(recv)
		s.Params = append(s.Params, Param{Name: "self", CType: TypeName(pkg, ot), Mode: Handle, Type: ot, Receiver: true})
	}
	for _, p := range params {
		if pkg.Extern != nil && p.IsOutBuffer() {
			// A buffer the extern function fills: its pointer, and the
			// pointer that carries its capacity in and its length out.
			s.Params = append(s.Params,
				Param{Name: ParamName(p), CType: "unsigned char *", Mode: ByValue, Type: p.Type, IDL: p},
				Param{Name: ParamName(p) + "_len", CType: Ptr(BaseName(pkg, p.Len)), Mode: Out, Type: p.Len, IDL: p})
			continue
		}
		if pkg.Extern != nil && p.Out {
			// A result the extern function writes through a pointer.
			s.Params = append(s.Params, Param{Name: ParamName(p), CType: Ptr(BaseName(pkg, p.Type)), Mode: Out, Type: p.Type, IDL: p})
			continue
		}
		if pkg.Extern != nil && p.Ref && p.Type.IsCStruct() {
			// A struct of the user's header that C reads through a pointer.
			s.Params = append(s.Params, Param{Name: ParamName(p), CType: "const " + Ptr(BaseName(pkg, p.Type)), Mode: ByConstPtr, Type: p.Type, IDL: p})
			continue
		}
		if pkg.Extern != nil && p.Type.IsCStruct() {
			// A struct of the user's header goes by value, as C passes it.
			s.Params = append(s.Params, Param{Name: ParamName(p), CType: BaseName(pkg, p.Type), Mode: ByValue, Type: p.Type, IDL: p})
			continue
		}
		if pkg.Extern != nil && p.Type.Kind == idl.KindList {
			// An extern function's array: a pointer to its first element
			// and a length.
			s.Params = append(s.Params,
				Param{Name: ParamName(p), CType: "const " + BaseName(pkg, p.Type.Elem) + " *", Mode: ByValue, Type: p.Type, IDL: p},
				Param{Name: ParamName(p) + "_len", CType: BaseName(pkg, p.Len), Mode: ByValue, Type: p.Len, IDL: p})
			continue
		}
		if pkg.Extern != nil && p.Type.Kind == idl.KindBytes {
			// An extern function's buffer: a pointer and a length.
			s.Params = append(s.Params,
				Param{Name: ParamName(p), CType: "const unsigned char *", Mode: ByValue, Type: p.Type, IDL: p},
				Param{Name: ParamName(p) + "_len", CType: BaseName(pkg, p.Len), Mode: ByValue, Type: p.Len, IDL: p})
			continue
		}
		ct, m := InputType(pkg, p.Type)
		s.Params = append(s.Params, Param{Name: ParamName(p), CType: ct, Mode: m, Type: p.Type, IDL: p})
	}
	if result != nil {
		s.ResultOwned = NeedsRelease(result) || IsHandle(result)
	}
	switch {
	case raises != nil:
		s.Return = "int32_t"
		if pkg.Extern == nil {
			s.Status = BaseName(pkg, raises)
		}
		if result != nil {
			s.ResultOut = true
			s.Params = append(s.Params, Param{Name: "out", CType: Ptr(TypeName(pkg, result)), Mode: Out, Type: result})
		}
	case result != nil:
		s.Return = TypeName(pkg, result)
	default:
		s.Return = "void"
	}
	return s
}

// CallbackObjects reports the objects that cross a callback method
// (docs/abi.md, "Callbacks"): lent holds those a method takes, as an
// object or optional object parameter, which the library lends for the
// call; given holds those a method returns, whose handle moves to the
// library. The Go and Python wrappers give these objects the code to
// borrow and to give up a handle.
func CallbackObjects(pkg *idl.Package) (lent, given map[*idl.Object]bool) {
	lent, given = map[*idl.Object]bool{}, map[*idl.Object]bool{}
	for _, cb := range pkg.Callbacks {
		for _, m := range cb.Methods {
			for _, p := range m.Params {
				if IsHandle(p.Type) {
					lent[HandleObject(p.Type)] = true
				}
			}
			if m.Result != nil && IsHandle(m.Result) {
				given[HandleObject(m.Result)] = true
			}
		}
	}
	return lent, given
}
