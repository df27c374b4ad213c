package gen

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"

	"github.com/bindgen-dev/bindgen/idl"
)

// Name is one identifier that generated code declares in a namespace an
// IDL name can reach. Each backend lists the names of its files
// (genwire.Names, gengo.Names, ...), spelled by the same functions its
// renderer prints with; CheckNames compares the lists of every language of
// one run, so that a name two files declare is an error before anything is
// written, not a failed build.
//
// Names a backend keeps out of reach of the IDL are not listed: Go's
// unexported helpers (every IDL name becomes an exported Go name), Python's
// underscore helpers, and C's file-static ones.
type Name struct {
	// Lang is the language of the namespace: "Go", "Python" or "C".
	Lang string
	// Scope narrows the namespace inside the file's: "" for a Go package,
	// a Python module or C's global scope; "type T" for the fields and
	// methods of Go type T.
	Scope string
	// Ident is the identifier as the generated code spells it.
	Ident string
	// What says what declares it: the IDL declaration (`struct "Point"`,
	// `struct "Point"'s wire size function`), or for the generated
	// runtime a description ("the wire codec's error type").
	What string
	// Pos is the position of the IDL declaration that causes the name;
	// zero for the generated runtime.
	Pos idl.Pos
	// Reserved marks a name the generated code only tests for (a macro the
	// header reads with #ifdef, such as PKG_BUILD) without declaring it:
	// an IDL declaration of it collides all the same.
	Reserved bool
	// File is the generated file that declares the name, as in File.Path.
	// A Go package is the directory of its files, a Python module is its
	// file, and C has one global scope for every file.
	File string
}

// Decl describes d as diagnostics name declarations: `struct "Point"`.
func Decl(d idl.Decl) string { return d.DeclKind() + " " + strconv.Quote(d.DeclName()) }

// nameKey is a name's namespace and identifier: names with different
// keys never collide. unit is the package directory of a Go file, the
// file of a Python module, and empty in C.
type nameKey struct{ lang, unit, scope, ident string }

// CheckNames reports every identifier that two declarations of names give
// out in one namespace: an IDL name that generated code of another file
// (or language) also declares, or two IDL declarations whose generated
// names meet. Each diagnostic is at the IDL declaration that should be
// renamed and gives the other's position. The same declaration listed
// twice (two backends writing the same file) is one.
func CheckNames(names []Name) idl.ErrorList {
	// first maps each key to the index of its first name; a large package
	// has hundreds of thousands of names and almost no collisions, so
	// only the keys that repeat get a group of their own.
	first := make(map[nameKey]int32, len(names))
	var groups map[nameKey][]Name
	var order []nameKey
	dirs := map[string]string{}
	for i, n := range names {
		k := nameKey{lang: n.Lang, scope: n.Scope, ident: n.Ident}
		switch n.Lang {
		case "Go":
			d, ok := dirs[n.File]
			if !ok {
				d = filepath.Dir(n.File)
				dirs[n.File] = d
			}
			k.unit = d
		case "C":
		default:
			k.unit = n.File
		}
		j, seen := first[k]
		if !seen {
			first[k] = int32(i)
			continue
		}
		if groups == nil {
			groups = map[nameKey][]Name{}
		}
		g, ok := groups[k]
		if !ok {
			g = []Name{names[j]}
			order = append(order, k)
		}
		dup := false
		for _, o := range g {
			if o.What == n.What && o.Pos == n.Pos {
				dup = true
				break
			}
		}
		if !dup {
			g = append(g, n)
		}
		groups[k] = g
	}
	var errs idl.ErrorList
	for _, k := range order {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		// The first declaration by position keeps the name (the generated
		// runtime before any IDL declaration); every later one is reported.
		sort.SliceStable(g, func(i, j int) bool { return before(g[i].Pos, g[j].Pos) })
		for _, n := range g[1:] {
			errs = append(errs, collision(g[0], n))
		}
	}
	errs.Sort()
	return errs
}

// collision is the diagnostic of n, which takes the name first has.
func collision(first, n Name) *idl.Error {
	where := ""
	if n.Lang != "C" || first.File != n.File {
		where = " in " + filepath.Base(first.File)
	}
	switch {
	case !n.Pos.IsValid():
		// Two names of the generated runtime: a bug in bindgen.
		return &idl.Error{Msg: fmt.Sprintf("%s: %s is declared by both %s (in %s) and %s (in %s); this is a bug in bindgen, please report it",
			n.Lang, n.Ident, first.What, filepath.Base(first.File), n.What, filepath.Base(n.File))}
	case !first.Pos.IsValid():
		return &idl.Error{Pos: n.Pos,
			Msg:  fmt.Sprintf("%s: %s (%s%s) is also %s", n.Lang, n.Ident, first.What, where, n.What),
			Hint: fmt.Sprintf("generated code declares %s itself; rename %s", n.Ident, owner(n.What))}
	default:
		return &idl.Error{Pos: n.Pos,
			Msg:  fmt.Sprintf("%s: %s (%s, at %s) is also %s", n.Lang, n.Ident, first.What, first.Pos, n.What),
			Hint: fmt.Sprintf("both generate the %s name %s; rename one of them", n.Lang, n.Ident)}
	}
}

// declRef finds the IDL declaration a Name's What is about: `struct "P"`
// in `struct "P"'s wire size function`.
var declRef = regexp.MustCompile(`\b(const|enum|error|struct|union|fn|object|callback|field|case|member|method|parameter) "[^"]*"`)

// owner is the declaration to rename for a name described as what.
func owner(what string) string {
	if m := declRef.FindString(what); m != "" {
		return m
	}
	return "the declaration"
}

func before(a, b idl.Pos) bool {
	if a.IsValid() != b.IsValid() {
		return !a.IsValid()
	}
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Col < b.Col
}
