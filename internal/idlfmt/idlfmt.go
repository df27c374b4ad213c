// Package idlfmt prints an IDL file in its canonical form, keeping every
// comment: `///` doc comments, `//` line comments and `/* */` blocks.
//
// The canonical form indents by four spaces, puts one declaration, member,
// field or method per line, writes `name: type @tag;` with single spaces,
// keeps at most one blank line wherever the source had any, and always
// separates the package clause from the declarations by one. Ordinary
// comments stay where they were relative to the lines around them: a
// comment on its own line stays on its own line, a comment after a
// declaration on the same line stays there; a comment inside a one-line
// construct (between the parameters of a function, say) moves to its own
// line just before it. Formatting is idempotent.
package idlfmt

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/parser"
)

// Source formats one IDL file. It fails with diagnostics when src does not
// parse.
func Source(filename string, src []byte) ([]byte, idl.ErrorList) {
	ast, comments, errs := parser.ParseAST(filename, src)
	if len(errs) > 0 {
		return nil, errs
	}
	p := newPrinter(src, comments)
	p.file(ast)
	out := p.out.Bytes()
	// A formatter that loses a token or a comment is worse than none:
	// refuse to return output that does not parse back.
	if _, _, errs := parser.ParseAST(filename, out); len(errs) > 0 {
		return nil, idl.ErrorList{{Pos: idl.Pos{File: filename}, Msg: fmt.Sprintf("internal error: formatted output does not parse: %s", errs[0].Msg)}}
	}
	return out, nil
}

type comment struct {
	start, end int
	text       string
}

type printer struct {
	src        []byte
	comments   []comment // sorted by start
	byStart    map[int]int
	byEnd      map[int]int
	next       int // first comment not printed yet
	lineStarts []int
	out        bytes.Buffer
	indent     int
	// lastLine is the source line where the last printed element ended;
	// 0 suppresses the blank line before the next one.
	lastLine  int
	wantBlank bool // print one blank line before the next element
}

func newPrinter(src []byte, cs []parser.Comment) *printer {
	p := &printer{src: src, byStart: map[int]int{}, byEnd: map[int]int{}, lineStarts: []int{0}}
	for _, c := range cs {
		p.comments = append(p.comments, comment{start: c.Pos.Offset, end: c.Pos.Offset + len(c.Text), text: c.Text})
	}
	sort.Slice(p.comments, func(i, j int) bool { return p.comments[i].start < p.comments[j].start })
	for i, c := range p.comments {
		p.byStart[c.start] = i
		p.byEnd[c.end] = i
	}
	for i, b := range src {
		if b == '\n' {
			p.lineStarts = append(p.lineStarts, i+1)
		}
	}
	return p
}

// lineOf returns the 1-based line of byte offset off.
func (p *printer) lineOf(off int) int {
	return sort.Search(len(p.lineStarts), func(i int) bool { return p.lineStarts[i] > off })
}

func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v'
}

// nextSig returns the offset of the first byte at or after off that is
// neither white space nor inside a comment.
func (p *printer) nextSig(off int) int {
	for off < len(p.src) {
		if isSpace(p.src[off]) {
			off++
			continue
		}
		if i, ok := p.byStart[off]; ok {
			off = p.comments[i].end
			continue
		}
		break
	}
	return off
}

// prevEnd returns the end of the last significant token before off.
func (p *printer) prevEnd(off int) int {
	for off > 0 {
		// A line comment's text may end in white space ("\r"), so look
		// for a comment ending here first.
		if i, ok := p.byEnd[off]; ok {
			off = p.comments[i].start
			continue
		}
		if isSpace(p.src[off-1]) {
			off--
			continue
		}
		break
	}
	return off
}

func (p *printer) sep(line int) {
	if p.wantBlank || (p.lastLine > 0 && line > p.lastLine+1) {
		p.out.WriteByte('\n')
	}
	p.wantBlank = false
}

func (p *printer) writeIndented(s string) {
	p.out.WriteString(strings.Repeat("    ", p.indent))
	p.out.WriteString(s)
}

func commentText(s string) string {
	if strings.HasPrefix(s, "//") {
		return strings.TrimRight(s, " \t\r\f\v")
	}
	return s
}

// leading prints, each on its own line, every comment that starts before
// off.
func (p *printer) leading(off int) {
	for p.next < len(p.comments) && p.comments[p.next].start < off {
		c := p.comments[p.next]
		p.next++
		p.sep(p.lineOf(c.start))
		p.writeIndented(commentText(c.text))
		p.out.WriteByte('\n')
		p.lastLine = p.lineOf(c.end - 1)
	}
}

// begin starts an element (a declaration, member, field or method) whose
// source, doc comment included, starts at off: comments before it, the
// separating blank line, then its doc lines.
func (p *printer) begin(off int, doc []string) {
	p.leading(off)
	p.sep(p.lineOf(off))
	p.lastLine = 0
	for _, d := range doc {
		p.writeIndented(strings.TrimRight(d, " \t\r\f\v"))
		p.out.WriteByte('\n')
	}
}

// line prints text as the line of a construct whose last token ends at
// end, followed by the comments that share that source line.
func (p *printer) line(text string, end int) {
	p.writeIndented(text)
	last := p.lineOf(end - 1)
	sig := p.nextSig(end)
	for p.next < len(p.comments) {
		c := p.comments[p.next]
		if c.start < end || c.start >= sig || p.lineOf(c.start) != last {
			break
		}
		p.next++
		p.out.WriteByte(' ')
		p.out.WriteString(commentText(c.text))
		last = p.lineOf(c.end - 1)
	}
	p.out.WriteByte('\n')
	p.lastLine = last
}

// simple prints a one-line construct spanning [start, end) with doc.
// Comments inside it move to their own lines before it.
func (p *printer) simple(start, end int, doc []string, text string) {
	p.begin(start, doc)
	p.leading(end)
	p.line(text, end)
}

// open prints the header of a block construct up to and including its
// `{`, where kwOff is the offset of its keyword.
func (p *printer) open(start int, doc []string, header string, kwOff int, name string) {
	p.begin(start, doc)
	// The header is keyword, name and "{"; find the brace.
	nameOff := p.nextSig(kwOff + len(strings.Fields(header)[0]))
	brace := p.nextSig(nameOff + len(name))
	p.leading(brace)
	p.line(header+" {", brace+1)
	p.indent++
	p.lastLine = 0
}

// close prints the `}` of a block construct whose last token ends at end.
func (p *printer) close(end int) {
	p.leading(end - 1)
	p.indent--
	p.lastLine = 0
	p.line("}", end)
}

func (p *printer) file(a *parser.AST) {
	pkgEnd := p.prevEnd(a.EndPos.Offset)
	if len(a.Decls) > 0 {
		pkgEnd = p.prevEnd(a.Decls[0].Pos.Offset)
	}
	p.simple(a.Pos.Offset, pkgEnd, a.Doc, "package "+a.Package+";")
	p.wantBlank = true
	for _, d := range a.Decls {
		p.decl(d)
	}
	p.leading(len(p.src) + 1)
}

func (p *printer) decl(d *parser.Decl) {
	end := p.prevEnd(d.EndPos.Offset)
	switch {
	case d.Const != nil:
		c := d.Const
		p.simple(d.Pos.Offset, end, d.Doc, fmt.Sprintf("const %s: %s = %s;", c.Name, typeRef(c.Type), value(c.Value)))
	case d.Fn != nil:
		p.simple(d.Pos.Offset, end, d.Doc, fn(d.Fn))
	case d.Extern != nil:
		e := d.Extern
		text := "extern " + e.Header.Value
		if e.Library != nil {
			text += " library " + e.Library.Value
		}
		if e.Prefix != nil {
			text += " prefix " + e.Prefix.Value
		}
		p.simple(d.Pos.Offset, end, d.Doc, text+";")
	case d.Enum != nil:
		e := d.Enum
		p.open(d.Pos.Offset, d.Doc, e.Keyword+" "+e.Name, e.Pos.Offset, e.Name)
		for _, it := range e.Items {
			iend := p.prevEnd(it.EndPos.Offset)
			var text string
			if it.Reserved != nil {
				text = reserved(it.Reserved)
			} else {
				text = it.Name + " = " + it.Value.Value + ";"
			}
			p.simple(it.Pos.Offset, iend, it.Doc, text)
		}
		p.close(end)
	case d.Struct != nil:
		s := d.Struct
		head := s.Keyword + " " + s.Name
		if s.CName != nil {
			head += " as " + s.CName.Value
		}
		p.open(d.Pos.Offset, d.Doc, head, s.Pos.Offset, s.Name)
		for _, it := range s.Items {
			iend := p.prevEnd(it.EndPos.Offset)
			var text string
			if it.Reserved != nil {
				text = reserved(it.Reserved)
			} else {
				f := it.Field
				switch {
				case f.Tag == nil && f.Type != nil:
					text = fmt.Sprintf("%s: %s;", f.Name, typeRef(f.Type))
				case f.Tag == nil:
					text = f.Name + ";"
				case f.Type == nil:
					text = fmt.Sprintf("%s @%s;", f.Name, f.Tag.Value)
				default:
					text = fmt.Sprintf("%s: %s @%s;", f.Name, typeRef(f.Type), f.Tag.Value)
				}
			}
			p.simple(it.Pos.Offset, iend, it.Doc, text)
		}
		p.close(end)
	case d.Object != nil:
		o := d.Object
		p.open(d.Pos.Offset, d.Doc, "object "+o.Name, o.Pos.Offset, o.Name)
		for _, it := range o.Items {
			iend := p.prevEnd(it.EndPos.Offset)
			var text string
			if it.Ctor != nil {
				c := it.Ctor
				text = "new"
				if c.Name != "" {
					text += " " + c.Name
				}
				text += "(" + params(c.Params) + ")" + raises(c.Raises) + ";"
			} else {
				text = fn(it.Method)
			}
			p.simple(it.Pos.Offset, iend, it.Doc, text)
		}
		p.close(end)
	case d.Callback != nil:
		cb := d.Callback
		p.open(d.Pos.Offset, d.Doc, "callback "+cb.Name, cb.Pos.Offset, cb.Name)
		for _, it := range cb.Items {
			p.simple(it.Pos.Offset, p.prevEnd(it.EndPos.Offset), it.Doc, fn(it.Method))
		}
		p.close(end)
	}
}

func fn(f *parser.FnDecl) string {
	s := "fn " + f.Name + "(" + params(f.Params) + ")"
	if f.Result != nil {
		s += " -> " + typeRef(f.Result)
		if f.Free != nil {
			s += " free " + f.Free.Value
		}
		if f.Ok != nil {
			s += " ok " + f.Ok.Value
		}
	}
	s += raises(f.Raises)
	if f.Symbol != nil {
		s += " as " + f.Symbol.Value
	}
	return s + ";"
}

func raises(t *parser.TypeRef) string {
	if t == nil {
		return ""
	}
	return " raises " + typeRef(t)
}

func params(ps []*parser.Param) string {
	var parts []string
	for _, p := range ps {
		part := p.Name + ": " + typeRef(p.Type)
		if p.Ref {
			part = "ref " + part
		}
		if p.Out {
			part = "out " + part
		}
		if p.Keep {
			part = "keep " + part
		}
		if p.Len != nil {
			part += " len " + typeRef(p.Len)
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, ", ")
}

func typeRef(t *parser.TypeRef) string {
	switch {
	case t.List != nil:
		return "list<" + typeRef(t.List) + ">"
	case t.Map != nil:
		return "map<" + typeRef(t.Map.Key) + ", " + typeRef(t.Map.Value) + ">"
	case t.Optional != nil:
		return "optional<" + typeRef(t.Optional) + ">"
	}
	return t.Name
}

func value(v *parser.Value) string {
	switch {
	case v.Number != nil:
		return *v.Number
	case v.String != nil:
		return *v.String
	case v.Bool != nil:
		return *v.Bool
	}
	return ""
}

func reserved(r *parser.ReservedDecl) string {
	var parts []string
	for _, rr := range r.Ranges {
		switch {
		case rr.Name != "":
			parts = append(parts, rr.Name)
		case rr.Hi != "":
			parts = append(parts, rr.Lo+" to "+rr.Hi)
		default:
			parts = append(parts, rr.Lo)
		}
	}
	return "reserved " + strings.Join(parts, ", ") + ";"
}
