package idl

import (
	"strconv"
	"strings"

	"github.com/bindgen-dev/bindgen/internal/naming"
)

// A scope holds the target-language names given out in one namespace (a Go
// package, a Python module, a struct's fields, ...). Two IDL names that map
// to one target name are an error, never a silent overwrite.
type scope struct {
	c     *checker
	lang  string
	names map[string]owner
}

type owner struct {
	what string
	pos  Pos
}

func (c *checker) scope(lang string) *scope {
	return &scope{c: c, lang: lang, names: map[string]owner{}}
}

// scopeSized is a scope with room for n names.
func (c *checker) scopeSized(lang string, n int) *scope {
	return &scope{c: c, lang: lang, names: make(map[string]owner, n)}
}

// reserve claims names that generated code defines itself.
func (s *scope) reserve(what string, names ...string) {
	for _, n := range names {
		s.names[n] = owner{what: what}
	}
}

func (s *scope) add(target, what string, pos Pos) {
	if prev, ok := s.names[target]; ok {
		if prev.what == what {
			// The same IDL name declared twice: reported once, as a
			// duplicate, by the checker's own rules.
			return
		}
		if prev.pos.IsValid() {
			s.c.errs.Add(pos, "%s and %s (%s) both map to the %s name %q", what, prev.what, prev.pos, s.lang, target)
		} else {
			s.c.errs.Add(pos, "%s maps to the %s name %q, which %s", what, s.lang, target, prev.what)
		}
		return
	}
	s.names[target] = owner{what: what, pos: pos}
}

func q(kind, name string) string { return kind + " " + strconv.Quote(name) }

// checkNames proves that every generated name is unique in its namespace,
// in Go, Python and C, using the same naming rules the backends use.
func (c *checker) checkNames() {
	p := c.pkg
	if p.Name == "" {
		return
	}
	// Size the package-wide scopes once: growing them was most of the
	// checker's allocation on large packages.
	n := 16
	for _, d := range p.Decls {
		switch d := d.(type) {
		case *Enum:
			n += len(d.Members)
		case *Union:
			n += len(d.Cases)
		case *Object:
			n += len(d.Ctors)
		}
	}
	// The names generated code declares by itself (ErrClosed, demo_String,
	// ...) are not predicted here: each backend lists what its files
	// declare, and gen.CheckNames compares them with the IDL's names for
	// the languages of a run.
	goPkg := c.scopeSized("Go", n+2*len(p.Decls))
	py := c.scopeSized("Python", n+2*len(p.Decls))
	cSyms := c.scopeSized("C", n+3*len(p.Decls))
	cMacros := c.scopeSized("C", n)
	prefix := p.Name + "_"

	for _, d := range p.Decls {
		name := d.DeclName()
		what := q(d.DeclKind(), name)
		pos := d.DeclPos()
		c.checkIdent(name, pos)
		for _, pre := range []string{"List_", "Map_", "Opt_"} {
			// The C header names list, map and optional types
			// <pkg>_List_<T>, <pkg>_Map_<K>_<V> and <pkg>_Opt_<T>.
			if strings.HasPrefix(name, pre) {
				c.errs.Add(pos, "%s may clash with the C name of a generated type: names may not start with %q", what, pre)
			}
		}
		switch d := d.(type) {
		case *Const:
			goPkg.add(naming.GoExported(name), what, pos)
			py.add(naming.PyConst(name), what, pos)
			cMacros.add(naming.CUpper(p.Name, name), what, pos)
		case *Enum:
			tn := naming.GoExported(name)
			goPkg.add(tn, what, pos)
			py.add(naming.PyClass(name), what, pos)
			cSyms.add(prefix+name, what, pos)
			members := c.scope("Python")
			for _, m := range d.Members {
				mw := q("member", name+"."+m.Name)
				goPkg.add(tn+naming.GoExported(m.Name), mw, m.Pos)
				members.add(naming.PyConst(m.Name), mw, m.Pos)
				cMacros.add(naming.CUpper(p.Name, name, m.Name), mw, m.Pos)
			}
		case *Struct:
			goPkg.add(naming.GoExported(name), what, pos)
			py.add(naming.PyClass(name), what, pos)
			cSyms.add(prefix+name, what, pos)
			cSyms.add(prefix+name+"_release", what+"'s release function", pos)
			cSyms.add(prefix+name+"_copy", what+"'s copy function", pos)
			c.fieldNames(d.Name, "field", d.Fields)
		case *Union:
			tn := naming.GoExported(name)
			goPkg.add(tn, what, pos)
			goPkg.add(tn+"Unknown", what+"'s unknown case", pos)
			pn := naming.PyClass(name)
			py.add(pn, what, pos)
			py.add(pn+"Unknown", what+"'s unknown case", pos)
			cSyms.add(prefix+name, what, pos)
			cSyms.add(prefix+name+"_release", what+"'s release function", pos)
			cSyms.add(prefix+name+"_copy", what+"'s copy function", pos)
			for _, f := range d.Cases {
				cw := q("case", name+"."+f.Name)
				goPkg.add(tn+naming.GoExported(f.Name), cw, f.Pos)
				py.add(pn+naming.PyClass(f.Name), cw, f.Pos)
				cMacros.add(naming.CUpper(p.Name, name, f.Name), cw, f.Pos)
			}
			c.fieldNames(d.Name, "case", d.Cases)
		case *Func:
			goPkg.add(naming.GoExported(name), what, pos)
			py.add(naming.PyName(name), what, pos)
			if p.Extern == nil { // checkExtern proves an extern package's symbols unique
				cSyms.add(prefix+name, what, pos)
			}
			c.paramNames(name, d.Params)
		case *Object:
			tn := naming.GoExported(name)
			goPkg.add(tn, what, pos)
			py.add(naming.PyClass(name), what, pos)
			cSyms.add(prefix+name, what, pos)
			cSyms.add(prefix+name+"_destroy", what+"'s destroy function", pos)
			goMethods := c.scope("Go")
			pyMethods := c.scope("Python")
			for _, ct := range d.Ctors {
				cw := "constructor new"
				if ct.Name != "" {
					cw += " " + ct.Name
				}
				cw += " of " + strconv.Quote(name)
				goName := "New" + tn
				if ct.Name != "" {
					goName += naming.GoExported(ct.Name)
				}
				goPkg.add(goName, cw, ct.Pos)
				cSym := prefix + name + "_new"
				if ct.Name != "" {
					cSym += "_" + ct.Name
					pyMethods.add(naming.PyName(ct.Name), cw, ct.Pos)
				}
				cSyms.add(cSym, cw, ct.Pos)
				c.paramNames("new "+ct.Name, ct.Params)
			}
			for _, m := range d.Methods {
				mw := q("method", name+"."+m.Name)
				goMethods.add(naming.GoExported(m.Name), mw, m.Pos)
				pyMethods.add(naming.PyName(m.Name), mw, m.Pos)
				cSyms.add(prefix+name+"_"+m.Name, mw, m.Pos)
				c.paramNames(m.Name, m.Params)
			}
		case *Callback:
			goPkg.add(naming.GoExported(name), what, pos)
			py.add(naming.PyClass(name), what, pos)
			cSyms.add(prefix+name, what, pos)
			goMethods := c.scope("Go")
			pyMethods := c.scope("Python")
			cMembers := c.scope("C")
			cMembers.reserve("every callback's C struct has", "ctx", "release")
			for _, m := range d.Methods {
				mw := q("method", name+"."+m.Name)
				goMethods.add(naming.GoExported(m.Name), mw, m.Pos)
				pyMethods.add(naming.PyName(m.Name), mw, m.Pos)
				if m.Name != "ctx" && m.Name != "release" { // reported as reserved
					cMembers.add(naming.CName(m.Name), mw, m.Pos)
				}
				c.paramNames(m.Name, m.Params)
			}
		}
	}
}

func (c *checker) fieldNames(owner, what string, fields []*Field) {
	g, py, cc, seen := c.memberScopes()
	for _, f := range fields {
		// An exact duplicate is already reported as such.
		if seen[f.Name] {
			continue
		}
		seen[f.Name] = true
		c.checkIdent(f.Name, f.Pos)
		w := q(what, owner+"."+f.Name)
		g.add(naming.GoExported(f.Name), w, f.Pos)
		py.add(naming.PyName(f.Name), w, f.Pos)
		cc.add(naming.CName(f.Name), w, f.Pos)
	}
}

func (c *checker) paramNames(fn string, params []*Param) {
	g, py, cc, seen := c.memberScopes()
	for _, p := range params {
		if seen[p.Name] {
			continue
		}
		seen[p.Name] = true
		c.checkIdent(p.Name, p.Pos)
		w := "parameter " + strconv.Quote(p.Name) + " of " + strconv.Quote(fn)
		g.add(naming.GoLocal(p.Name), w, p.Pos)
		py.add(naming.PyName(p.Name), w, p.Pos)
		cc.add(naming.CName(p.Name), w, p.Pos)
	}
}

// memberScopes returns the checker's Go, Python and C scopes for the
// fields of one struct or the parameters of one function, emptied, and an
// empty set of the names seen; they are reused from one call to the next.
func (c *checker) memberScopes() (g, py, cc *scope, seen map[string]bool) {
	if c.members[0] == nil {
		c.members = [3]*scope{c.scope("Go"), c.scope("Python"), c.scope("C")}
		c.seen = map[string]bool{}
	}
	for _, s := range c.members {
		clear(s.names)
	}
	clear(c.seen)
	return c.members[0], c.members[1], c.members[2], c.seen
}

// checkIdent rejects identifiers that C reserves for the implementation:
// a leading double underscore, or an underscore and a capital letter.
func (c *checker) checkIdent(name string, pos Pos) {
	if strings.HasPrefix(name, "__") || (len(name) > 1 && name[0] == '_' && name[1] >= 'A' && name[1] <= 'Z') {
		c.errs.Add(pos, "name %q is reserved in C: names may not start with two underscores or an underscore and a capital letter", name)
	}
}

// pyStdlib holds the standard modules a generated Python module imports or
// that users import beside it; a package of that name would shadow them.
var pyStdlib = map[string]bool{
	"array": true, "ctypes": true, "enum": true, "itertools": true, "math": true, "os": true,
	"struct": true, "threading": true, "weakref": true, "dataclasses": true, "typing": true,
	"sys": true, "abc": true, "collections": true, "functools": true, "io": true, "json": true,
	"re": true, "socket": true, "string": true, "types": true, "time": true, "random": true,
	"codecs": true, "copy": true, "operator": true, "builtins": true, "gc": true,
}

// reservedBy says which target language keeps name from being a package
// name, and why ("Python (a standard library module, ...)"), or "" when
// none does.
func reservedBy(name string) string {
	switch {
	case goKeywords[name]:
		return "Go (a keyword, or main, the package of a program)"
	case pyStdlib[name]:
		return "Python (a standard library module, which the module would shadow)"
	case naming.PyReserved[name]:
		return "Python (a keyword, or a builtin the generated module uses)"
	case naming.CReserved[name]:
		return "C (a keyword, or a name the generated header uses)"
	}
	return ""
}

var goKeywords = map[string]bool{
	"break": true, "case": true, "chan": true, "const": true, "continue": true, "default": true,
	"defer": true, "else": true, "fallthrough": true, "for": true, "func": true, "go": true,
	"goto": true, "if": true, "import": true, "interface": true, "map": true, "package": true,
	"range": true, "return": true, "select": true, "struct": true, "switch": true, "type": true,
	"var": true, "main": true,
}
