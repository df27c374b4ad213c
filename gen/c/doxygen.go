package genc

import (
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
)

// A function's doc comment is a doxygen block: the IDL doc text, then
// @param for every C parameter (what it carries and who owns it),
// @return for the result and, for a fallible function, @retval for
// success and for every member of its error type. The IDL passes
// parameters undocumented, so the ownership rules of docs/abi.md are
// the parameters' whole text.

// funcDoc writes the doxygen block of a function, method or constructor
// lowered to s, with IDL doc d; nothing when there is nothing to say.
func (g *generator) funcDoc(d idl.Doc, s *cabi.Signature, ctor bool) {
	var tags []string
	for _, p := range s.Params {
		dir := "in"
		if p.Mode == cabi.Out {
			dir = "out"
		}
		tags = append(tags, "@param["+dir+"] "+p.Name+" "+g.paramText(p, s))
	}
	if r := g.returnText(s, ctor); r != "" {
		tags = append(tags, "@return "+r)
	}
	if s.Raises != nil {
		e := s.Raises.Decl.(*idl.Enum)
		tags = append(tags, "@retval 0 Success.")
		for _, m := range e.Members {
			text := strings.Join(m.Doc, " ")
			if text == "" {
				text = e.Name + "." + m.Name + "."
			}
			tags = append(tags, "@retval "+cabi.EnumMemberName(g.pkg, e, m)+" "+text)
		}
	}
	g.docBlock(d, tags)
}

// docBlock writes doc text d followed by doxygen tags, each of which
// wraps onto indented continuation lines; one line when it fits.
func (g *generator) docBlock(d idl.Doc, tags []string) {
	if len(tags) == 0 {
		g.doc("", d)
		return
	}
	var lines []string
	lines = append(lines, d...)
	if len(d) > 0 {
		lines = append(lines, "")
	}
	for _, t := range tags {
		lines = append(lines, wrap(t, 76)...)
	}
	g.doc("", lines)
}

// wrap breaks s at spaces into lines of at most width bytes (a longer
// word stays whole), indenting every line after the first by two
// spaces, as a doxygen paragraph continues.
func wrap(s string, width int) []string {
	var out []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) > width:
			out = append(out, line)
			line = "  " + w
		default:
			line += " " + w
		}
	}
	return append(out, line)
}

// owner says how the caller disposes of a value of t it was given, or ""
// when it owns nothing.
func (g *generator) owner(t *idl.Type) string {
	switch {
	case cabi.IsHandle(t):
		return "the caller destroys it with " + cabi.DestroyName(g.pkg, cabi.HandleObject(t))
	case cabi.NeedsRelease(t):
		return "the caller releases it with " + cabi.ReleaseName(g.pkg, t)
	}
	return ""
}

// keep says how a callee keeps a borrowed input of t beyond the call.
func (g *generator) keep(t *idl.Type) string {
	if !cabi.NeedsRelease(t) {
		return ""
	}
	if c := cabi.CopyName(g.pkg, t); c != "" {
		return "; to keep it, copy it with " + c
	}
	return "; it holds object handles and cannot be kept"
}

// paramText is what parameter p of s carries and who owns it.
func (g *generator) paramText(p cabi.Param, s *cabi.Signature) string {
	t := p.Type
	switch p.Mode {
	case cabi.Handle:
		if p.Receiver {
			return "The object, borrowed for the call."
		}
		what := "An object handle, never NULL"
		if t.Kind == idl.KindOptional {
			what = "An object handle, or NULL when absent"
		}
		return what + ", borrowed: the callee may call its methods during the call but must not destroy or keep it."
	case cabi.Callback:
		if p.IDL != nil && p.IDL.Keep {
			return "Kept: the library copies the struct, may call its methods after the call returns and from any thread, and calls its release exactly once, after the last call."
		}
		return "Borrowed for the call: the library calls its methods only until the call returns."
	case cabi.Out:
		text := "Written only on success, untouched on error"
		if t.Kind == idl.KindOptional {
			text += " (NULL when absent)"
		}
		if o := g.owner(t); o != "" {
			text += "; " + o
		}
		return text + "."
	case cabi.ByConstPtr:
		what := "Borrowed for the call, never NULL"
		if t.Kind == idl.KindOptional {
			what = "Borrowed for the call, NULL when absent"
		}
		return what + g.keep(t) + "."
	}
	switch t.Kind {
	case idl.KindString:
		return "Borrowed for the call: len bytes of UTF-8 at ptr, not NUL-terminated" + g.keep(t) + "."
	case idl.KindBytes:
		return "Borrowed for the call: len bytes at ptr" + g.keep(t) + "."
	case idl.KindList:
		return "Borrowed for the call: len elements at ptr" + g.keep(t) + "."
	case idl.KindMap:
		return "Borrowed for the call: len entries in keys and values" + g.keep(t) + "."
	case idl.KindEnum:
		return "By value: a " + cabi.BaseName(g.pkg, t) + "."
	}
	return "By value."
}

// returnText is the @return text of s, or "" when it returns nothing.
func (g *generator) returnText(s *cabi.Signature, ctor bool) string {
	if s.Raises != nil {
		return "0 on success, else a " + s.Status + " code."
	}
	t := s.Result
	if t == nil {
		return ""
	}
	var what string
	switch {
	case ctor:
		what = "A new handle, never NULL"
	case cabi.IsHandle(t) && t.Kind == idl.KindOptional:
		what = "A new handle, or NULL when absent"
	case cabi.IsHandle(t):
		what = "A new handle, never NULL"
	case t.Kind == idl.KindOptional:
		what = "The result, or NULL when absent"
	default:
		what = "The result"
	}
	if o := g.owner(t); o != "" {
		what += "; " + o
	}
	return what + "."
}
