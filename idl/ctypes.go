package idl

// CType is one type of C's own vocabulary, which an extern package uses
// to describe a C function as its header declares it.
type CType struct {
	// Name is the IDL spelling: "c_int".
	Name string
	// Spelling is the C spelling: "int", "unsigned long", "size_t".
	Spelling string
	// Kind is the fixed-width kind of the value in every binding: the C
	// type's size on the platforms bindgen supports (LP64: 64-bit Linux,
	// macOS and BSDs), which each binding asserts (docs/abi.md).
	Kind Kind
}

// CTypes lists C's vocabulary by IDL name: the scalars, and cstring, a
// NUL-terminated `const char *` (Kind KindString). char, whose signedness
// is the platform's, and _Bool are absent: a byte is c_uchar or c_schar.
var CTypes = map[string]*CType{}

func init() {
	for _, c := range []*CType{
		{"c_schar", "signed char", KindI8},
		{"c_uchar", "unsigned char", KindU8},
		{"c_short", "short", KindI16},
		{"c_ushort", "unsigned short", KindU16},
		{"c_int", "int", KindI32},
		{"c_uint", "unsigned int", KindU32},
		{"c_long", "long", KindI64},
		{"c_ulong", "unsigned long", KindU64},
		{"c_longlong", "long long", KindI64},
		{"c_ulonglong", "unsigned long long", KindU64},
		{"c_size_t", "size_t", KindU64},
		{"c_float", "float", KindF32},
		{"c_double", "double", KindF64},
		{"cstring", "const char *", KindString},
	} {
		CTypes[c.Name] = c
	}
}

// IsCString reports whether t is cstring.
func (t *Type) IsCString() bool { return t != nil && t.C != nil && t.Kind == KindString }
