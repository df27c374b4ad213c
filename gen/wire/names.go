package genwire

import (
	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// Names lists the identifiers the three codecs declare where an IDL name
// can reach them (gen.Name), spelled by the renderers' own helpers: the
// Go codec's package-scope names and the methods it adds to each struct,
// the Python codec module's names (with the types it imports from
// <pkg>.py), and the C codec header's names.
func Names(pkg *idl.Package) []gen.Name {
	if pkg.Extern != nil || idl.RefuseCallbacks(pkg, "wire", "") != nil {
		return nil // Generate writes nothing
	}
	l := layoutOf(pkg)
	out := make([]gen.Name, 0, 64+8*len(l.Messages)+len(l.Enums))
	add := func(lang, scope, file, ident, what string, pos idl.Pos) {
		out = append(out, gen.Name{Lang: lang, Scope: scope, File: file, Ident: ident, What: what, Pos: pos})
	}

	goFile := pkg.Name + "_wire.go"
	rt := func(ident, what string) { add("Go", "", goFile, ident, what, idl.Pos{}) }
	rt("WireKind", "the wire codec's error kind type")
	rt("WireError", "the wire codec's error type")
	rt("WireOptions", "the wire codec's decoder limits type")
	rt("WireMessage", "the wire codec's message interface")
	for _, k := range ErrorKinds {
		rt("WireKind"+k.Name, "the wire codec's error kind "+k.Text)
		rt("ErrWire"+k.Name, "the wire codec's error sentinel "+k.Text)
	}
	for _, m := range l.Messages {
		what, pos := gen.Decl(m.Decl), m.Decl.DeclPos()
		name := goName(m.Decl)
		if m.IsUnion {
			add("Go", "", goFile, "Append"+name+"Wire", what+"'s wire encoder", pos)
			add("Go", "", goFile, name+"WireSize", what+"'s wire size function", pos)
			add("Go", "", goFile, "Decode"+name+"Wire", what+"'s wire decoder", pos)
			continue
		}
		for _, meth := range goStructMethods {
			add("Go", "type "+name, goFile, meth, "the wire codec's method "+meth+" of "+what, idl.Pos{})
		}
	}

	pyFile := pkg.Name + "_wire.py"
	for _, n := range []string{"WireError", "WireErrorKind", "DEFAULT_MAX_SIZE", "DEFAULT_MAX_DEPTH", "DEFAULT_MAX_COUNT"} {
		add("Python", "", pyFile, n, "the wire codec's "+pyRuntimeWhat[n], idl.Pos{})
	}
	// The codec module imports the classes it encodes from <pkg>.py: they
	// share its namespace.
	for _, e := range l.Enums {
		add("Python", "", pyFile, pyClass(e), gen.Decl(e), e.Pos)
	}
	for _, m := range l.Messages {
		what, pos := gen.Decl(m.Decl), m.Decl.DeclPos()
		add("Python", "", pyFile, pyClass(m.Decl), what, pos)
		if m.IsUnion {
			for _, f := range m.Fields {
				add("Python", "", pyFile, pyCase(m.Decl, f), what+"'s case "+f.Name, pos)
			}
			add("Python", "", pyFile, pyClass(m.Decl)+"Unknown", what+"'s unknown case", pos)
		}
		add("Python", "", pyFile, "encode_"+pyFunc(m.Decl), what+"'s wire encoder", pos)
		add("Python", "", pyFile, "decode_"+pyFunc(m.Decl), what+"'s wire decoder", pos)
	}

	hFile := pkg.Name + "_wire.h"
	r := &cRenderer{l: l, pkg: pkg, pre: cabi.Prefix(pkg), up: cabi.MacroPrefix(pkg)}
	crt := func(ident, what string) { add("C", "", hFile, ident, "the wire codec's "+what, idl.Pos{}) }
	crt(naming.CUpper(pkg.Name, "wire", "h"), "include guard")
	crt(r.pre+"wire_status", "status type")
	crt(r.pre+"wire_limits", "limits type")
	crt(r.pre+"wire_error", "error type")
	crt(r.pre+"wire_status_text", "status text function")
	for _, s := range []string{"OK", "ShortBuffer", "DefaultMaxSize", "DefaultMaxDepth", "DefaultMaxCount"} {
		crt(r.status(s), "status or limit macro")
	}
	for _, k := range ErrorKinds {
		crt(r.status(k.Name), "status macro")
	}
	for _, m := range l.Messages {
		what, pos := gen.Decl(m.Decl), m.Decl.DeclPos()
		for _, f := range []string{"size", "encode", "decode"} {
			add("C", "", hFile, r.api(m, f), what+"'s wire "+f+" function", pos)
		}
	}
	return out
}

// goStructMethods are the exported methods the Go codec gives every
// struct; a field of the same name would not compile.
var goStructMethods = []string{"AppendWire", "WireSize", "MarshalBinary", "UnmarshalWire", "UnmarshalBinary"}

var pyRuntimeWhat = map[string]string{
	"WireError":         "error type",
	"WireErrorKind":     "error kind type",
	"DEFAULT_MAX_SIZE":  "default size limit",
	"DEFAULT_MAX_DEPTH": "default depth limit",
	"DEFAULT_MAX_COUNT": "default count limit",
}
