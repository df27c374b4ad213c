package parser

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/bindgen-dev/bindgen/idl"
)

var grammar = participle.MustBuild[AST](
	participle.Lexer(Lexer),
	participle.Elide("Whitespace", "Comment", "QuadComment"),
	participle.UseLookahead(4),
)

// Comment is an ordinary (non-doc) comment with its position; `bindgen fmt`
// re-attaches these to the tree.
type Comment struct {
	Pos  lexer.Position
	Text string
}

// ParseAST parses src into its syntax tree and returns, beside it, every
// ordinary comment in source order. Errors carry positions.
func ParseAST(filename string, src []byte) (*AST, []Comment, idl.ErrorList) {
	sig, comments, errs := significant(filename, src)
	if errs != nil {
		return nil, nil, errs
	}
	ast, err := parseTokens(sig)
	if err != nil {
		errs = append(errs, toError(filename, err))
		return nil, nil, errs
	}
	return ast, comments, nil
}

// significant lexes src and returns the tokens the grammar reads, and
// beside them the ordinary comments.
func significant(filename string, src []byte) ([]lexer.Token, []Comment, idl.ErrorList) {
	var errs idl.ErrorList
	if !utf8.Valid(src) {
		errs = append(errs, &idl.Error{Pos: invalidUTF8(filename, src), Msg: "source is not valid UTF-8"})
		return nil, nil, errs
	}
	if p, r, ok := controlChar(filename, src); ok {
		errs = append(errs, &idl.Error{Pos: p, Msg: fmt.Sprintf("control character %U is not allowed in source (in a string, write it as an escape)", r)})
		return nil, nil, errs
	}
	toks, lerr := tokenize(filename, string(src))
	if lerr != nil {
		e := toError(filename, lerr)
		if e.Msg == "unexpected character '*'" {
			// A C declaration pasted into the IDL: say what a pointer becomes.
			e.Hint = "the IDL has no pointers: text is string (cstring for a C library's NUL-terminated char *), a buffer bytes or list<T>, an object handle an object"
		}
		errs = append(errs, e)
		return nil, nil, errs
	}
	var comments []Comment
	for _, tok := range toks {
		if tok.Type == tokComment || tok.Type == tokQuadComment {
			comments = append(comments, Comment{Pos: tok.Pos, Text: tok.Value})
		}
	}
	if len(comments) == 0 {
		return toks, nil, nil
	}
	sig := make([]lexer.Token, 0, len(toks)-len(comments))
	for _, tok := range toks {
		if tok.Type != tokComment && tok.Type != tokQuadComment {
			sig = append(sig, tok)
		}
	}
	return sig, comments, nil
}

// parseTokens runs the grammar over the significant tokens.
func parseTokens(sig []lexer.Token) (*AST, error) {
	peek, err := lexer.Upgrade(&sliceLexer{toks: sig})
	if err != nil {
		return nil, err
	}
	return grammar.ParseFromLexer(peek)
}

// declChunk is a run of top-level declarations without the package clause:
// the part of a large file after its first piece (see parseChunked).
type declChunk struct {
	Decls []*Decl `parser:"@@*"`
}

var chunkGrammar = participle.MustBuild[declChunk](
	participle.Lexer(Lexer),
	participle.Elide("Whitespace", "Comment", "QuadComment"),
	participle.UseLookahead(4),
)

// chunkMin is the number of significant tokens from which Parse splits a
// file into pieces parsed at once (about 80 KB of IDL).
var chunkMin = 20000

// chunkTokens is the size a large file's pieces aim at.
var chunkTokens = 4096

// parseChunked parses a large file in pieces at once, on one worker per
// CPU (up to 8), split between top-level declarations: participle's
// parser is most of the front end's time, and declarations parse
// independently. The
// first piece holds the package clause and is parsed by the full grammar,
// the others by declChunk. It returns nil for a small file, on one CPU, or
// when any piece fails to parse: the caller then parses the file whole,
// which reports the errors exactly as always. The declarations' EndPos
// at the seams may differ from a whole parse; only `bindgen fmt` reads
// EndPos, and it uses ParseAST, which never splits.
func parseChunked(sig []lexer.Token) *AST {
	workers := min(runtime.GOMAXPROCS(0), 8)
	if len(sig) < chunkMin || workers < 2 {
		return nil
	}
	// Pieces of about chunkTokens each, handed to the workers in turn:
	// a piece's token copy (participle's PeekingLexer) and its syntax
	// tree stay small enough to be cache-resident, where one piece per
	// CPU grows a copy of a whole share of the file.
	n := max(workers, len(sig)/chunkTokens)
	cuts := declBoundaries(sig, n)
	if len(cuts) == 0 {
		return nil
	}
	bounds := append(append([]int{0}, cuts...), len(sig))
	var head *AST
	tails := make([]*declChunk, len(bounds)-1)
	failed := make([]bool, len(bounds)-1)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(bounds)-1) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(bounds)-1 {
					return
				}
				lo, hi := bounds[i], bounds[i+1]
				lex := &chunkLexer{toks: sig[lo:hi]}
				if hi < len(sig) {
					lex.eof = lexer.EOFToken(sig[hi].Pos)
				} else {
					lex.toks = sig[lo : hi-1] // the file's own EOF token ends it
					lex.eof = sig[hi-1]
				}
				peek, err := lexer.Upgrade(lex)
				if err != nil {
					failed[i] = true
					continue
				}
				if i == 0 {
					head, err = grammar.ParseFromLexer(peek)
				} else {
					tails[i], err = chunkGrammar.ParseFromLexer(peek)
				}
				failed[i] = err != nil
			}
		})
	}
	wg.Wait()
	for _, f := range failed {
		if f {
			return nil
		}
	}
	total := len(head.Decls)
	for _, t := range tails[1:] {
		total += len(t.Decls)
	}
	decls := make([]*Decl, 0, total)
	decls = append(decls, head.Decls...)
	for _, t := range tails[1:] {
		decls = append(decls, t.Decls...)
	}
	head.Decls = decls
	return head
}

// declBoundaries returns up to n-1 token indexes, near the n-1 even
// splits of sig, at which a top-level declaration (or its doc comment)
// starts: each follows a ";" or a "}" outside braces. It returns nil when
// it finds none.
func declBoundaries(sig []lexer.Token, n int) []int {
	var cuts []int
	depth := 0
	next := 1
	for i := 0; i < len(sig)-1 && next < n; i++ {
		t := &sig[i]
		if t.Type != tokPunct || len(t.Value) != 1 {
			continue
		}
		switch t.Value[0] {
		case '{':
			depth++
		case '}':
			depth--
		case ';':
		default:
			continue
		}
		if depth == 0 && i+1 >= next*len(sig)/n && sig[i+1].Type != tokEOF {
			cuts = append(cuts, i+1)
			next++
		}
		if depth < 0 {
			return nil // unbalanced: let the whole parse report it
		}
	}
	return cuts
}

// chunkLexer yields toks and then eof.
type chunkLexer struct {
	toks []lexer.Token
	i    int
	eof  lexer.Token
}

func (l *chunkLexer) Next() (lexer.Token, error) {
	if l.i < len(l.toks) {
		l.i++
		return l.toks[l.i-1], nil
	}
	return l.eof, nil
}

// Parse parses one IDL file and lowers it to the model. Names are left
// unresolved; idl.Check resolves and checks them. When the syntax is right
// but a value is not (an integer out of range, a bad escape), Parse returns
// the file beside the errors, so that the checker can still report the
// file's other problems in the same run.
func Parse(filename string, src []byte) (*idl.File, idl.ErrorList) {
	sig, _, errs := significant(filename, src)
	if errs != nil {
		return nil, errs
	}
	ast := parseChunked(sig)
	if ast == nil {
		var err error
		ast, err = parseTokens(sig)
		if err != nil {
			return nil, idl.ErrorList{toError(filename, err)}
		}
	}
	l := &lowerer{file: filename}
	f := l.file_(ast)
	if len(l.errs) > 0 {
		l.errs.Sort()
		return f, l.errs
	}
	return f, nil
}

// grammarWords turns the first element of participle's "expected" list
// into words a user knows.
var grammarWords = map[string]string{
	"TypeRef": "a type", "Number": "a number", "<ident>": "a name", "<number>": "a number",
	"<string>": "a string", "Decl*": "a declaration", "Decl": "a declaration",
	"Value": "a value", "Param": "a parameter", "StructItem*": "a field", "EnumItem*": "a member",
	"ObjectItem*": "a constructor or method", "ReservedRange": "a tag, range or name",
	"CallbackItem*": "a method",
}

// friendly rewrites participle's messages, which name grammar nodes
// ("expected ":" TypeRef "@" Number ";""), to say what one token should
// have been ("expected ":"").
func friendly(msg string) string {
	msg = strings.ReplaceAll(msg, `unexpected token "<EOF>"`, "unexpected end of file")
	i := strings.Index(msg, " (expected ")
	if i < 0 {
		if strings.HasPrefix(msg, "unexpected token") {
			msg += " (expected a declaration: const, enum, error, struct, union, fn, object, callback or extern)"
		}
		return msg
	}
	exp := strings.TrimSuffix(msg[i+len(" (expected "):], ")")
	first := exp
	if strings.HasPrefix(exp, `"`) {
		if j := strings.Index(exp[1:], `"`); j >= 0 {
			first = exp[:j+2]
		}
	} else if j := strings.IndexAny(exp, " |"); j >= 0 {
		first = exp[:j]
	}
	first = strings.Trim(first, "()?")
	if w, ok := grammarWords[first]; ok {
		first = w
	}
	return msg[:i] + " (expected " + first + ")"
}

// controlChar finds the first control character other than the white
// space the lexer knows (tab, line feed, carriage return, form feed,
// vertical tab), or a byte order mark after the
// start: comments are copied into generated Go, C and Python, and none of
// them can hold a NUL (Go rejects it outright).
func controlChar(filename string, src []byte) (idl.Pos, rune, bool) {
	p := idl.Pos{File: filename, Line: 1, Col: 1}
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		bad := (r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v') || r == 0x7f || (r == 0xFEFF && i > 0)
		if bad {
			p.Offset = i
			return p, r, true
		}
		if r == '\n' {
			p.Line++
			p.Col = 1
		} else {
			p.Col++
		}
		i += n
	}
	return idl.Pos{}, 0, false
}

// invalidUTF8 returns the position of the first byte that is not part of
// valid UTF-8.
func invalidUTF8(filename string, src []byte) idl.Pos {
	p := idl.Pos{File: filename, Line: 1, Col: 1}
	for len(src) > 0 {
		r, n := utf8.DecodeRune(src)
		if r == utf8.RuneError && n <= 1 {
			return p
		}
		p.Offset += n
		if r == '\n' {
			p.Line++
			p.Col = 1
		} else {
			p.Col++
		}
		src = src[n:]
	}
	return p
}

func toError(filename string, err error) *idl.Error {
	var perr participle.Error
	if errors.As(err, &perr) {
		return &idl.Error{Pos: pos(perr.Position()), Msg: friendly(perr.Message())}
	}
	return &idl.Error{Pos: idl.Pos{File: filename}, Msg: err.Error()}
}

func pos(p lexer.Position) idl.Pos {
	return idl.Pos{File: p.Filename, Offset: p.Offset, Line: p.Line, Col: p.Column}
}

type lowerer struct {
	file string
	errs idl.ErrorList
}

func doc(lines []string) idl.Doc {
	if len(lines) == 0 {
		return nil
	}
	out := make(idl.Doc, len(lines))
	for i, l := range lines {
		l = strings.TrimPrefix(l, "///")
		l = strings.TrimPrefix(l, " ")
		out[i] = strings.TrimRight(l, " \t\r")
	}
	return out
}

func (l *lowerer) file_(a *AST) *idl.File {
	f := &idl.File{Name: l.file, Package: a.Package, PkgPos: pos(a.Pos), Doc: doc(a.Doc)}
	n := min(runtime.GOMAXPROCS(0), 8)
	if len(a.Decls) < lowerMin || n < 2 {
		l.decls(f, a.Decls)
		return f
	}
	// A large file's declarations lower independently: in n runs at once,
	// each with its own lowerer, joined in order (so the diagnostics are
	// in the order one lowerer would have found them).
	parts := make([]*idl.File, n)
	subs := make([]*lowerer, n)
	var wg sync.WaitGroup
	for i := range n {
		lo, hi := i*len(a.Decls)/n, (i+1)*len(a.Decls)/n
		parts[i], subs[i] = &idl.File{}, &lowerer{file: l.file}
		wg.Go(func() { subs[i].decls(parts[i], a.Decls[lo:hi]) })
	}
	wg.Wait()
	nd := 0
	for _, p := range parts {
		nd += len(p.Decls)
	}
	f.Decls = make([]idl.Decl, 0, nd)
	for i, p := range parts {
		f.Decls = append(f.Decls, p.Decls...)
		f.Externs = append(f.Externs, p.Externs...)
		l.errs = append(l.errs, subs[i].errs...)
	}
	return f
}

// lowerMin is the number of declarations from which a file is lowered in
// pieces at once.
var lowerMin = 2000

// decls lowers ds into f's declarations and externs.
func (l *lowerer) decls(f *idl.File, ds []*Decl) {
	for _, d := range ds {
		if d.Extern != nil {
			f.Externs = append(f.Externs, l.extern(d.Extern))
			continue
		}
		if dd := l.decl(d); dd != nil {
			f.Decls = append(f.Decls, dd)
		}
	}
}

func (l *lowerer) decl(d *Decl) idl.Decl {
	dc := doc(d.Doc)
	switch {
	case d.Const != nil:
		c := d.Const
		return &idl.Const{Name: c.Name, Pos: pos(c.Pos), Doc: dc, Type: l.typ(c.Type), Value: l.value(c.Value)}
	case d.Enum != nil:
		e := d.Enum
		out := &idl.Enum{Name: e.Name, Pos: pos(e.Pos), Doc: dc, IsError: e.Keyword == "error"}
		for _, it := range e.Items {
			if it.Reserved != nil {
				out.Reserved = append(out.Reserved, l.reserved(it.Reserved))
				continue
			}
			v, ok := l.int64(it.Value.Value, pos(it.Value.Pos), "enum value")
			if !ok {
				// Keep the member, so the checker reports no follow-on
				// errors ("has no members"); the error above stands.
				v = 1
				if n := len(out.Members); n > 0 {
					v = out.Members[n-1].Value + 1
				}
			}
			out.Members = append(out.Members, &idl.EnumMember{Name: it.Name, Pos: pos(it.Pos), Doc: doc(it.Doc), Value: v})
		}
		return out
	case d.Struct != nil:
		s := d.Struct
		fields, res := l.fields(s.Items)
		if s.Keyword == "union" {
			return &idl.Union{Name: s.Name, Pos: pos(s.Pos), Doc: dc, Cases: fields, Reserved: res}
		}
		out := &idl.Struct{Name: s.Name, Pos: pos(s.Pos), Doc: dc, Fields: fields, Reserved: res}
		if s.CName != nil {
			out.CName, out.CNamePos = l.str(s.CName), pos(s.CName.Pos)
		}
		return out
	case d.Fn != nil:
		return l.fn(d.Fn, dc)
	case d.Object != nil:
		o := d.Object
		out := &idl.Object{Name: o.Name, Pos: pos(o.Pos), Doc: dc}
		for _, it := range o.Items {
			if it.Ctor != nil {
				c := it.Ctor
				out.Ctors = append(out.Ctors, &idl.Ctor{Name: c.Name, Pos: pos(c.Pos), Doc: doc(it.Doc), Params: l.params(c.Params), Raises: l.optTyp(c.Raises), Object: out})
				continue
			}
			m := l.fn(it.Method, doc(it.Doc))
			m.Object = out
			out.Methods = append(out.Methods, m)
		}
		return out
	case d.Callback != nil:
		cb := d.Callback
		out := &idl.Callback{Name: cb.Name, Pos: pos(cb.Pos), Doc: dc}
		for _, it := range cb.Items {
			m := l.fn(it.Method, doc(it.Doc))
			m.Callback = out
			out.Methods = append(out.Methods, m)
		}
		return out
	}
	return nil
}

func (l *lowerer) fn(f *FnDecl, dc idl.Doc) *idl.Func {
	out := &idl.Func{Name: f.Name, Pos: pos(f.Pos), Doc: dc, Params: l.params(f.Params), Result: l.optTyp(f.Result), Raises: l.optTyp(f.Raises)}
	if f.Symbol != nil {
		out.Symbol, out.SymbolPos = l.str(f.Symbol), pos(f.Symbol.Pos)
	}
	if f.Free != nil {
		out.Free, out.FreePos = l.str(f.Free), pos(f.Free.Pos)
	}
	if f.Ok != nil {
		out.Ok, out.OkPos = f.Ok.Value, pos(f.Ok.Pos)
	}
	return out
}

func (l *lowerer) extern(e *ExternDecl) *idl.Extern {
	out := &idl.Extern{Pos: pos(e.Pos), Header: l.str(e.Header), HeaderPos: pos(e.Header.Pos)}
	if e.Library != nil {
		out.Library, out.LibraryPos = l.str(e.Library), pos(e.Library.Pos)
	}
	if e.Prefix != nil {
		out.Prefix, out.PrefixPos = l.str(e.Prefix), pos(e.Prefix.Pos)
	}
	return out
}

// str decodes a string token; the checker judges what it holds.
func (l *lowerer) str(s *Str) string {
	v, err := strconv.Unquote(s.Value)
	if err != nil {
		l.errs.Add(pos(s.Pos), "invalid string literal %s", s.Value)
		return ""
	}
	return v
}

func (l *lowerer) params(ps []*Param) []*idl.Param {
	var out []*idl.Param
	for _, p := range ps {
		out = append(out, &idl.Param{Name: p.Name, Pos: pos(p.Pos), Type: l.typ(p.Type), Len: l.optTyp(p.Len), Out: p.Out, Keep: p.Keep, Ref: p.Ref})
	}
	return out
}

func (l *lowerer) fields(items []*StructItem) ([]*idl.Field, []*idl.Reserved) {
	var fields []*idl.Field
	var res []*idl.Reserved
	for _, it := range items {
		if it.Reserved != nil {
			res = append(res, l.reserved(it.Reserved))
			continue
		}
		f := it.Field
		var t *idl.Type
		if f.Type != nil {
			t = l.typ(f.Type)
		}
		if f.Tag == nil {
			// A field of a C struct (extern): no tag, and an invalid TagPos.
			fields = append(fields, &idl.Field{Name: f.Name, Pos: pos(f.Pos), Doc: doc(it.Doc), Type: t})
			continue
		}
		tag, ok := l.int64(f.Tag.Value, pos(f.Tag.Pos), "tag")
		if !ok {
			tag = 0
		}
		fields = append(fields, &idl.Field{Name: f.Name, Pos: pos(f.Pos), Doc: doc(it.Doc), Type: t, Tag: tag, TagPos: pos(f.Tag.Pos)})
	}
	return fields, res
}

func (l *lowerer) reserved(r *ReservedDecl) *idl.Reserved {
	out := &idl.Reserved{Pos: pos(r.Pos)}
	for _, rr := range r.Ranges {
		if rr.Name != "" {
			s, err := strconv.Unquote(rr.Name)
			if err != nil {
				l.errs.Add(pos(rr.Pos), "invalid string literal %s", rr.Name)
				continue
			}
			out.Names = append(out.Names, s)
			continue
		}
		lo, ok1 := l.int64(rr.Lo, pos(rr.Pos), "reserved number")
		hi := lo
		ok2 := true
		if rr.Hi != "" {
			hi, ok2 = l.int64(rr.Hi, pos(rr.Pos), "reserved number")
		}
		if ok1 && ok2 {
			if hi < lo {
				l.errs.Add(pos(rr.Pos), "reserved range %d to %d is empty", lo, hi)
				continue
			}
			out.Ranges = append(out.Ranges, idl.TagRange{Lo: lo, Hi: hi})
		}
	}
	return out
}

func (l *lowerer) optTyp(t *TypeRef) *idl.Type {
	if t == nil {
		return nil
	}
	return l.typ(t)
}

func (l *lowerer) typ(t *TypeRef) *idl.Type {
	p := pos(t.Pos)
	switch {
	case t.List != nil:
		return &idl.Type{Kind: idl.KindList, Pos: p, Elem: l.typ(t.List)}
	case t.Map != nil:
		return &idl.Type{Kind: idl.KindMap, Pos: p, Key: l.typ(t.Map.Key), Elem: l.typ(t.Map.Value)}
	case t.Optional != nil:
		return &idl.Type{Kind: idl.KindOptional, Pos: p, Elem: l.typ(t.Optional)}
	}
	if k, ok := idl.Builtins[t.Name]; ok {
		return &idl.Type{Kind: k, Pos: p}
	}
	if c, ok := idl.CTypes[t.Name]; ok {
		return &idl.Type{Kind: c.Kind, Pos: p, C: c}
	}
	// Kind stays invalid until Check resolves the name.
	return &idl.Type{Kind: idl.KindInvalid, Pos: p, Name: t.Name}
}

// int64 parses an integer token (decimal or 0x hex, optionally negative)
// that must fit in int64.
func (l *lowerer) int64(text string, p idl.Pos, what string) (int64, bool) {
	if isFloatText(text) {
		l.errs.Add(p, "%s must be an integer, not %s", what, text)
		return 0, false
	}
	lit, ok := parseInt(text)
	if !ok {
		l.errs.Add(p, "%s %s is out of range", what, text)
		return 0, false
	}
	v, ok := lit.Int64()
	if !ok {
		l.errs.Add(p, "%s %s is out of range", what, text)
		return 0, false
	}
	return v, true
}

func isFloatText(s string) bool {
	if strings.HasPrefix(strings.TrimPrefix(s, "-"), "0x") || strings.HasPrefix(strings.TrimPrefix(s, "-"), "0X") {
		return false
	}
	return strings.ContainsAny(s, ".eE")
}

func parseInt(text string) (*idl.Literal, bool) {
	if isFloatText(text) {
		return nil, false
	}
	lit := &idl.Literal{Kind: idl.LitInt, Text: text}
	s := text
	if strings.HasPrefix(s, "-") {
		lit.Neg = true
		s = s[1:]
	}
	base := 10
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		base, s = 16, s[2:]
	}
	u, err := strconv.ParseUint(s, base, 64)
	if err != nil {
		return nil, false
	}
	lit.Uint = u
	if lit.Neg && u == 0 {
		lit.Neg = false
	}
	lit.Float = float64(u)
	if lit.Neg {
		lit.Float = -lit.Float
	}
	return lit, true
}

func (l *lowerer) value(v *Value) *idl.Literal {
	p := pos(v.Pos)
	switch {
	case v.String != nil:
		s, err := strconv.Unquote(*v.String)
		if err != nil {
			l.errs.Add(p, "invalid string literal %s", *v.String)
			s = ""
		} else if !utf8.ValidString(s) {
			l.errs.Add(p, "string literal %s is not valid UTF-8", *v.String)
		}
		return &idl.Literal{Kind: idl.LitString, Pos: p, Text: *v.String, Str: s}
	case v.Bool != nil:
		return &idl.Literal{Kind: idl.LitBool, Pos: p, Text: *v.Bool, Bool: *v.Bool == "true"}
	}
	text := *v.Number
	if !isFloatText(text) {
		lit, ok := parseInt(text)
		if !ok {
			l.errs.Add(p, "integer literal %s does not fit in 64 bits", text)
			return &idl.Literal{Kind: idl.LitInt, Pos: p, Text: text}
		}
		lit.Pos = p
		return lit
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(f, 0) {
		l.errs.Add(p, "float literal %s is out of range", text)
	}
	return &idl.Literal{Kind: idl.LitFloat, Pos: p, Text: text, Float: f}
}
