// Package genpython writes the Python binding of an IDL package: one
// stdlib-only module with dataclasses, IntEnums, exception classes and
// lazily bound ctypes wrappers that check every argument before it reaches
// C and copy every result out of C memory before releasing it.
package genpython

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
	"github.com/bindgen-dev/bindgen/internal/linefmt"
	"github.com/bindgen-dev/bindgen/internal/naming"
	"github.com/bindgen-dev/bindgen/internal/pyimport"
)

// Options configure the Python backend.
type Options struct {
	// Module is the module (and file) name without ".py"; the package
	// name when empty.
	Module string
}

// Generate returns the module <package>.py for pkg.
func Generate(pkg *idl.Package, opts Options) ([]gen.File, error) {
	mod := opts.Module
	if mod == "" {
		mod = pkg.Name
	}
	g := &generator{pkg: pkg, seen: map[string]bool{}, elems: map[string]bool{}, nested: map[string]bool{}}
	g.lent, g.given = cabi.CallbackObjects(pkg)
	g.collect()
	g.buf = gen.SizedBuffer(len(pkg.Decls) * 1500) // a little over the output's usual size: no copy as it grows
	g.file()
	return []gen.File{{Path: mod + ".py", Content: pyimport.FillBytes(g.buf.Bytes(), stdImports)}}, nil
}

// stdImports is every standard-library name the module may use; those it
// does not use are left out.
var stdImports = []pyimport.Import{
	{Module: "array", Alias: "_array"},
	{Module: "ctypes", Alias: "_ct"},
	{Module: "ctypes.util", Alias: "_ctu"},
	{Module: "enum", Alias: "_enum"},
	{Module: "itertools", Alias: "_it"},
	{Module: "math", Alias: "_math"},
	{Module: "os", Alias: "_os"},
	{Module: "struct", Alias: "_struct"},
	{Module: "threading", Alias: "_threading"},
	{Module: "traceback", Alias: "_traceback"},
	{Module: "weakref", Alias: "_weakref"},
	{Module: "collections.abc", Name: "Callable", Alias: "_Callable"},
	{Module: "dataclasses", Name: "dataclass", Alias: "_dataclass"},
	{Module: "dataclasses", Name: "field", Alias: "_field"},
	{Module: "typing", Name: "Any", Alias: "_Any"},
	{Module: "typing", Name: "Final", Alias: "_Final"},
	{Module: "typing", Name: "Protocol", Alias: "_Protocol"},
	{Module: "typing", Name: "TypeAlias", Alias: "_TypeAlias"},
	{Module: "typing", Name: "TypeVar", Alias: "_TypeVar"},
}

type generator struct {
	pkg *idl.Package
	buf bytes.Buffer
	ind int

	// types holds every type used anywhere, dependencies first, unique by
	// mangled name; elems holds the mangled names of list elements and
	// map keys/values (they need array helpers); nested holds the mangled
	// names of the objects and optional objects held inside a struct,
	// union, list or map (they need converters of their own, where a
	// parameter or result handle is converted inline).
	types  []*idl.Type
	seen   map[string]bool
	elems  map[string]bool
	nested map[string]bool
	all    []string // __all__
	sigs   []sig
	// lent and given are the objects callback methods take and return
	// (cabi.CallbackObjects): a lent one can be a borrowed instance, a
	// given one can give its handle to the library.
	lent, given map[*idl.Object]bool
}

// p writes one line at the current indentation; an empty call writes a
// blank line.
func (g *generator) p(format string, args ...any) {
	if format == "" {
		g.buf.WriteByte('\n')
		return
	}
	g.buf.WriteString(strings.Repeat("    ", g.ind))
	linefmt.Fprintf(&g.buf, format, args...)
	g.buf.WriteByte('\n')
}

func (g *generator) in()  { g.ind++ }
func (g *generator) out() { g.ind-- }

// doc writes a docstring from doc lines (or fallback when there are none)
// plus extra paragraphs.
func (g *generator) doc(d idl.Doc, fallback string, extra ...string) {
	var lines []string
	if len(d) > 0 {
		lines = append(lines, d...)
	} else {
		lines = append(lines, fallback)
	}
	for _, e := range extra {
		lines = append(lines, "")
		lines = append(lines, strings.Split(e, "\n")...)
	}
	for i, l := range lines {
		l = strings.ReplaceAll(l, `\`, `\\`)
		lines[i] = strings.ReplaceAll(l, `"""`, `\"\"\"`)
	}
	if len(lines) == 1 {
		g.p(`"""%s"""`, lines[0])
		return
	}
	g.p(`"""%s`, lines[0])
	for _, l := range lines[1:] {
		if l == "" {
			g.buf.WriteByte('\n')
			continue
		}
		g.p("%s", l)
	}
	g.p(`"""`)
}

// collect walks every type in the package, dependencies first.
func (g *generator) collect() {
	var visit func(t *idl.Type)
	var inner func(t *idl.Type)
	visit = func(t *idl.Type) {
		if t == nil {
			return
		}
		m := mangle(t)
		if g.seen[m] {
			return
		}
		g.seen[m] = true
		switch t.Kind {
		case idl.KindList:
			g.elems[mangle(t.Elem)] = true
			inner(t.Elem)
		case idl.KindMap:
			g.elems[mangle(t.Key)] = true
			g.elems[mangle(t.Elem)] = true
			inner(t.Key)
			inner(t.Elem)
		case idl.KindOptional:
			if t.Elem.Kind == idl.KindObject {
				visit(t.Elem) // the optional is the handle itself
			} else {
				inner(t.Elem)
			}
		case idl.KindStruct, idl.KindUnion:
			for _, f := range idl.Members(t.Decl) {
				if f.Type != nil {
					inner(f.Type)
				}
			}
		}
		g.types = append(g.types, t)
	}
	inner = func(t *idl.Type) {
		if cabi.IsHandle(t) {
			g.nested[mangle(t)] = true
			if t.Kind == idl.KindOptional {
				g.nested[mangle(t.Elem)] = true
			}
		}
		visit(t)
	}
	for _, d := range g.pkg.Decls {
		// Error types are not values: raising one is handled apart.
		if t := idl.TypeOf(d); t != nil && t.Kind != idl.KindError {
			visit(t)
		}
		switch d := d.(type) {
		case *idl.Func:
			g.visitFunc(visit, d.Params, d.Result)
		case *idl.Object:
			for _, c := range d.Ctors {
				g.visitFunc(visit, c.Params, nil)
			}
			for _, m := range d.Methods {
				g.visitFunc(visit, m.Params, m.Result)
			}
		case *idl.Callback:
			for _, m := range d.Methods {
				g.visitFunc(visit, m.Params, m.Result)
			}
		}
	}
}

func (g *generator) visitFunc(visit func(*idl.Type), params []*idl.Param, result *idl.Type) {
	for _, p := range params {
		if p.Type.Kind == idl.KindCallback {
			continue // not a value: callbacks.go writes its struct
		}
		visit(p.Type)
	}
	visit(result)
}

// libName is the library ctypes.util.find_library looks for: the
// extern declaration's library, else the package's own.
func libName(pkg *idl.Package) string {
	if pkg.Extern != nil {
		return pkg.Extern.Library
	}
	return pkg.Name
}

func (g *generator) file() {
	pkg := g.pkg
	env := naming.CUpper(pkg.Name, "LIBRARY")
	g.p("# Code generated by bindgen. DO NOT EDIT.")
	g.p("# source: %s", strings.Join(pkg.Files, ", "))
	// The search order of load() (prelude.go), said where a user reads first.
	lib := libName(pkg)
	where := fmt.Sprintf(`The native library is found on first use, in order: the path given to
load(); else the %s environment variable; else lib%s.so beside this
file (where a wheel puts it; lib%s.dylib, then lib%s.so, on macOS;
%s.dll, then lib%s.dll, on Windows); else
ctypes.util.find_library(%q).`, env, lib, lib, lib, lib, lib, lib)
	var head []string
	head = append(head, pkg.Doc...)
	if len(head) == 0 {
		head = append(head, fmt.Sprintf("Python bindings for the %s library.", pkg.Name))
	}
	extra := []string{fmt.Sprintf(`%s
Importing this module never needs the library.

Every argument is checked before it reaches C: a value of the wrong type
raises TypeError, an integer outside its IDL type's range raises
OverflowError, and both name the bad value's path (poly.vertices[3].x).
Results are copied into Python values and the native memory is released
before the call returns. Functions that raise an IDL error raise its
exception class, whose .code is a member of its Code IntEnum.`, where)}
	if pkg.Extern != nil {
		// An existing C library's own functions: no release functions and
		// no error codes; say what holds instead.
		extra[0] = fmt.Sprintf(`%s
Importing this module never needs the library.

It binds an existing C library (extern %q): each function calls the
library's own symbol with the argtypes and restype of the IDL, which
bindgen cannot check against the header. Every argument is checked
before it reaches C: a value of the wrong type raises TypeError, an
integer outside its C type's range raises OverflowError, a cstring
holding a NUL raises ValueError. Results are copied into Python values;
a cstring result stays the library's unless the IDL names its free
function.`, where, pkg.Extern.Header)
	}
	if len(g.nested) > 0 {
		extra = append(extra, `Objects inside values (fields, union cases, list elements, map values)
follow the rules of object parameters and results. An object inside an
argument is borrowed for the call: it must be open (else ClosedError,
naming its path) and cannot be destroyed until the call returns, even if
another thread closes it; None where an object is required raises
TypeError. Every object inside a result is a new object that owns its
handle, released by close() or by the garbage collector. A dataclass
field that requires an object (an object type, or a struct or union whose
default would need one) has no default, and neither has a field before
it.`)
	}
	g.doc(head, "", extra...)
	g.p("")
	g.p("from __future__ import annotations")
	g.p("")
	g.p("%s", pyimport.Slot(stdImports))
	g.p("")
	g.p(`_E = _TypeVar("_E", bound=_enum.IntEnum)`)

	g.all = append(g.all, "load", "LibraryNotLoadedError", "ClosedError")
	for _, c := range pkg.Consts {
		g.constDecl(c)
	}
	for _, e := range pkg.Enums {
		if e.IsError {
			g.errorDecl(e)
		} else {
			g.enumDecl(e)
		}
	}
	for _, t := range g.byValueOrder() {
		switch t.Kind {
		case idl.KindStruct:
			g.structDecl(t.Struct())
		case idl.KindUnion:
			g.unionDecl(t.Union())
		}
	}
	checkABI := "_check_abi(lib, path)"
	why := "when the library lacks a function this module needs, or when\n    it was built from a different version of the IDL (its contract hash,\n    " + cabi.ABIHashName(pkg) + "(), is not this module's)."
	if pkg.Extern != nil {
		checkABI = "# An extern library is the user's: it has no contract hash to check."
		why = "or when the library lacks a function this module needs."
	}
	g.buf.WriteString(strings.NewReplacer("@PKG@", pkg.Name, "@ENV@", env, "@LIBNAME@", libName(pkg),
		"@ABIHASHFN@", cabi.ABIHashName(pkg), "@ABIHASHMACRO@", cabi.ABIHashMacro(pkg), "@ABIHASH@", cabi.ABIHashHex(cabi.ABIHash(pkg)), "@CHECKABI@", checkABI, "@NOTLOADEDWHY@", why).Replace(prelude))
	g.ctypesDecls()
	g.externHelpers()
	for _, t := range g.types {
		g.helpers(t)
	}
	g.callbackDecls()
	for _, o := range pkg.Objects {
		g.objectDecl(o)
	}
	for _, f := range pkg.Funcs {
		g.funcDecl(f)
	}
	g.signatures()
	pyimport.SortAll(g.all)
	g.p("")
	g.p("__all__ = [")
	for _, n := range g.all {
		g.p("    %q,", n)
	}
	g.p("]")
}

func (g *generator) constDecl(c *idl.Const) {
	name := naming.PyConst(c.Name)
	g.all = append(g.all, name)
	g.p("")
	var val string
	l := c.Value
	switch c.Type.Kind {
	case idl.KindBool:
		val = "False"
		if l.Bool {
			val = "True"
		}
	case idl.KindString:
		val = pyQuote(l.Str)
	case idl.KindF32, idl.KindF64:
		val = pyFloat(l.Float) // an int literal's too
	default:
		val = strconv.FormatUint(l.Uint, 10)
		if l.Neg {
			val = "-" + val
		}
	}
	g.p("%s: _Final[%s] = %s", name, g.hint(c.Type), val)
	if len(c.Doc) > 0 {
		g.doc(c.Doc, "")
	}
}

func pyFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return `float("inf")`
	case math.IsInf(f, -1):
		return `float("-inf")`
	case math.IsNaN(f):
		return `float("nan")`
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return s
}

// pyQuote spells s as a Python string literal.
func pyQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r > 0x7f && !strconv.IsPrint(r):
			fmt.Fprintf(&b, `\U%08x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func (g *generator) enumDecl(e *idl.Enum) {
	name := className(e)
	g.all = append(g.all, name)
	g.p("")
	g.p("")
	g.p("class %s(_enum.IntEnum):", name)
	g.in()
	g.doc(e.Doc, fmt.Sprintf("The %s enum of %s.", e.Name, g.pkg.Name))
	g.enumMembers(e)
	g.out()
}

func (g *generator) enumMembers(e *idl.Enum) {
	g.p("")
	for _, m := range e.Members {
		g.p("%s = %d", naming.PyConst(m.Name), m.Value)
		if len(m.Doc) > 0 {
			g.doc(m.Doc, "")
		}
	}
}

func (g *generator) errorDecl(e *idl.Enum) {
	name := className(e)
	g.all = append(g.all, name)
	first := naming.PyConst(e.Members[0].Name)
	g.p("")
	g.p("")
	g.p("class %s(Exception):", name)
	g.in()
	g.doc(e.Doc, fmt.Sprintf("The %s error of %s.", e.Name, g.pkg.Name), fmt.Sprintf(`Raised by functions declared "raises %s". .code is the error's code, a
%s.Code member (an int; a plain int if the library returned a code this
module does not know), .name its name. Each code is also a class constant:

    try:
        ...
    except %s as e:
        if e.code == %s.%s:
            ...`, e.Name, name, name, name, first))
	g.p("")
	g.p("class Code(_enum.IntEnum):")
	g.in()
	g.doc(nil, fmt.Sprintf("The codes of %s.", name))
	g.enumMembers(e)
	g.out()
	g.p("")
	for _, m := range e.Members {
		n := naming.PyConst(m.Name)
		g.p("%s: _Final = Code.%s", n, n)
	}
	g.p("")
	g.p("_DOCS: _Final[dict[int, str]] = {")
	for _, m := range e.Members {
		g.p("    %d: %s,", m.Value, pyQuote(strings.Join(m.Doc, " ")))
	}
	g.p("}")
	g.p("")
	g.p("code: int")
	g.p("name: str")
	g.p("")
	g.p("def __init__(self, code: int) -> None:")
	g.in()
	g.p("super().__init__(code)")
	g.p("try:")
	g.p("    c = %s.Code(code)", name)
	g.p("    self.code, self.name = c, c.name")
	g.p("except ValueError:")
	g.p("    self.code = code")
	g.p(`    self.name = f"UNKNOWN_{code}"`)
	g.out()
	g.p("")
	g.p("def __str__(self) -> str:")
	g.in()
	g.p("d = self._DOCS.get(self.code)")
	g.p(`return f"{self.name} ({int(self.code)}): {d}" if d else f"{self.name} ({int(self.code)})"`)
	g.out()
	g.out()
}

func (g *generator) fieldsDoc(fields []*idl.Field) string {
	var b strings.Builder
	any := false
	for _, f := range fields {
		if len(f.Doc) > 0 {
			any = true
		}
	}
	if !any {
		return ""
	}
	b.WriteString("Attributes:")
	for _, f := range fields {
		if len(f.Doc) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n    %s: %s", naming.PyName(f.Name), strings.Join(f.Doc, " "))
	}
	return b.String()
}

func (g *generator) structDecl(s *idl.Struct) {
	name := className(s)
	g.all = append(g.all, name)
	g.p("")
	g.p("")
	g.p("@_dataclass(slots=True)")
	g.p("class %s:", name)
	g.in()
	var extra []string
	if d := g.fieldsDoc(s.Fields); d != "" {
		extra = append(extra, d)
	}
	g.doc(s.Doc, fmt.Sprintf("The %s struct of %s.", s.Name, g.pkg.Name), extra...)
	if len(s.Fields) > 0 {
		g.p("")
	}
	// A field without a zero value (an object) has no default, and neither
	// has any field before it: a dataclass's defaults come last.
	required := -1
	for i, f := range s.Fields {
		if !hasZero(f.Type) {
			required = i
		}
	}
	for i, f := range s.Fields {
		if i <= required {
			g.p("%s: %s", naming.PyName(f.Name), g.hint(f.Type))
			continue
		}
		g.p("%s: %s = %s", naming.PyName(f.Name), g.hint(f.Type), g.zero(f.Type))
	}
	g.out()
}

func (g *generator) unionDecl(u *idl.Union) {
	name := className(u)
	var cases []string
	for _, c := range u.Cases {
		cn := name + naming.PyClass(c.Name)
		cases = append(cases, cn)
		g.all = append(g.all, cn)
		g.p("")
		g.p("")
		g.p("@_dataclass(slots=True)")
		g.p("class %s:", cn)
		g.in()
		if c.Type == nil {
			// No payload: a dataclass without fields; its docstring is
			// its body.
			g.doc(c.Doc, fmt.Sprintf("The %s case of %s: it carries no payload.", c.Name, name))
			g.out()
			continue
		}
		g.doc(c.Doc, fmt.Sprintf("The %s case of %s: value is its payload.", c.Name, name))
		g.p("")
		if hasZero(c.Type) {
			g.p("value: %s = %s", g.hint(c.Type), g.zero(c.Type))
		} else {
			g.p("value: %s", g.hint(c.Type))
		}
		g.out()
	}
	unk := name + "Unknown"
	cases = append(cases, unk)
	g.all = append(g.all, unk, name)
	g.p("")
	g.p("")
	g.p("@_dataclass(slots=True)")
	g.p("class %s:", unk)
	g.in()
	g.doc(nil, fmt.Sprintf("A case of %s that this module does not know (from a newer peer).", name),
		"tag is the case's tag. data is always empty: every decoder drops an\nunknown case's payload (docs/wire.md); it stays for code written against\nearlier versions. It cannot be passed to the library.")
	g.p("")
	g.p("tag: int = 0")
	g.p(`data: bytes = b""`)
	g.out()
	g.p("")
	g.p("")
	g.p("%s: _TypeAlias = %s", name, strings.Join(cases, " | "))
	var extra []string
	extra = append(extra, "One of: "+strings.Join(cases[:len(cases)-1], ", ")+".")
	g.doc(u.Doc, fmt.Sprintf("The %s union of %s.", u.Name, g.pkg.Name), extra...)
}
