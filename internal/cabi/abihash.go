package cabi

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/naming"
	"github.com/bindgen-dev/bindgen/internal/pkgcache"
)

// ABIHashName is the function a library exports its contract hash from:
// "calc_abi_hash".
func ABIHashName(pkg *idl.Package) string { return Prefix(pkg) + "abi_hash" }

// ABIHashMacro is the macro holding the contract hash in the header:
// "CALC_ABI_HASH".
func ABIHashMacro(pkg *idl.Package) string { return naming.CUpper(pkg.Name, "ABI_HASH") }

// ABIHash is the contract hash of pkg: FNV-1a (64 bits) of ABIContract.
// The header defines it as <PKG>_ABI_HASH, the library exports it from
// <pkg>_abi_hash(), and the Go and Python bindings compare the two when
// they load, so that a library built from another version of the IDL is
// refused instead of misread.
//
// The C, Go and Python backends each print it, usually at once for one
// checked package (which does not change after idl.Check): the hash is
// computed once per package and kept while the package lives.
func ABIHash(pkg *idl.Package) uint64 {
	return abiHashes.Get(pkg, func() uint64 {
		f := fnv.New64a()
		f.Write([]byte(ABIContract(pkg)))
		return f.Sum64()
	})
}

var abiHashes pkgcache.Cache[uint64]

// ABIHashHex spells h as the bindings print it: 16 hex digits.
func ABIHashHex(h uint64) string { return fmt.Sprintf("%016x", h) }

// ABIContract is the part of pkg that the binary interface between a
// library and its callers depends on, one sorted line per declaration:
// the ABI revision, the C name of every type, the C type and name of every
// struct field in order, the tag, name and payload type of every union
// case, the name and value of every enum and error member, and the C
// prototype (return and parameter types) of every function, method,
// constructor and destroy function. Names of fields, cases and members
// are in it although a rename keeps the layout: code on both sides reads
// them by name, and two fields of one type that swap names would
// otherwise swap values silently. Left out, because the compiled code
// does not depend on them: doc comments, parameter names (C passes
// arguments by position), wire tags of struct fields, constants, and the
// order of declarations. docs/abi.md lists which changes keep the hash.
func ABIContract(pkg *idl.Package) string {
	var lines []string
	sig := func(kind string, s *Signature) string {
		var ps []string
		for _, p := range s.Params {
			ps = append(ps, p.CType)
		}
		return fmt.Sprintf("%s %s %s(%s)", kind, s.Return, s.Name, strings.Join(ps, ", "))
	}
	for _, d := range pkg.Decls {
		switch d := d.(type) {
		case *idl.Enum:
			var ms []string
			for _, m := range d.Members {
				ms = append(ms, fmt.Sprintf("%s = %d", EnumMemberName(pkg, d, m), m.Value))
			}
			sort.Strings(ms)
			lines = append(lines, fmt.Sprintf("%s %s {%s}", d.DeclKind(), TypeName(pkg, idl.TypeOf(d)), strings.Join(ms, "; ")))
		case *idl.Struct:
			var fs []string
			for _, f := range d.Fields {
				fs = append(fs, Decl(TypeName(pkg, f.Type), FieldName(f)))
			}
			lines = append(lines, fmt.Sprintf("struct %s {%s}", TypeName(pkg, idl.TypeOf(d)), strings.Join(fs, "; ")))
		case *idl.Union:
			cases := append([]*idl.Field(nil), d.Cases...)
			sort.Slice(cases, func(i, j int) bool { return cases[i].Tag < cases[j].Tag })
			var cs []string
			for _, c := range cases {
				t := "void"
				if c.Type != nil {
					t = TypeName(pkg, c.Type)
				}
				cs = append(cs, fmt.Sprintf("%d: %s", c.Tag, Decl(t, FieldName(c))))
			}
			lines = append(lines, fmt.Sprintf("union %s {%s}", TypeName(pkg, idl.TypeOf(d)), strings.Join(cs, "; ")))
		case *idl.Func:
			lines = append(lines, sig("fn", LowerFunc(pkg, d)))
		case *idl.Callback:
			ms := []string{"void *ctx"}
			for _, m := range d.Methods {
				ms = append(ms, LowerCallbackMethod(pkg, m).Pointer())
			}
			ms = append(ms, "void (*release)(void *ctx)")
			lines = append(lines, fmt.Sprintf("callback %s {%s}", TypeName(pkg, idl.TypeOf(d)), strings.Join(ms, "; ")))
		case *idl.Object:
			lines = append(lines, fmt.Sprintf("object %s %s", TypeName(pkg, idl.TypeOf(d)), DestroyName(pkg, d)))
			for _, c := range d.Ctors {
				lines = append(lines, sig("ctor", LowerCtor(pkg, c)))
			}
			for _, m := range d.Methods {
				lines = append(lines, sig("method", LowerFunc(pkg, m)))
			}
		}
	}
	sort.Strings(lines)
	return fmt.Sprintf("bindgen abi %d\n", Version) + strings.Join(lines, "\n") + "\n"
}
