package parser

import (
	"fmt"
	"io"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// Token types of the IDL. They are the symbols of Lexer, so the grammar's
// @Ident, @Number, ... refer to them by name.
const (
	tokEOF         lexer.TokenType = lexer.EOF
	tokQuadComment lexer.TokenType = -(iota + 2)
	tokDocComment
	tokComment
	tokString
	tokNumber
	tokIdent
	tokPunct
	tokWhitespace
)

// idlLexer is a hand-written lexer for the IDL. It replaces participle's
// regexp-driven lexer, which spent most of the time of a parse: this one
// scans each byte once. Its token set is:
//
//	QuadComment  ////...          (ordinary comment)
//	DocComment   ///...           (doc comment, kept by the grammar)
//	Comment      //... and /* */  (ordinary comment)
//	String       "..." with Go escapes, on one line
//	Number       -?(0x hex | digits [.digits] [e[+-]digits])
//	Ident        [A-Za-z_][A-Za-z0-9_]*
//	Punct        -> { } ( ) ; : , < > = @
//	Whitespace
type idlLexer struct{}

// Lexer is the IDL's lexer definition.
var Lexer lexer.Definition = idlLexer{}

var symbols = map[string]lexer.TokenType{
	"EOF":         tokEOF,
	"QuadComment": tokQuadComment,
	"DocComment":  tokDocComment,
	"Comment":     tokComment,
	"String":      tokString,
	"Number":      tokNumber,
	"Ident":       tokIdent,
	"Punct":       tokPunct,
	"Whitespace":  tokWhitespace,
}

func (idlLexer) Symbols() map[string]lexer.TokenType { return symbols }

func (d idlLexer) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexString(filename, string(b))
}

// LexString lexes s completely up front; a lexical error is returned by
// the Next call that reaches it, with its position.
func (idlLexer) LexString(filename string, s string) (lexer.Lexer, error) {
	toks, err := tokenize(filename, s)
	return &sliceLexer{toks: toks, err: err}, nil
}

type sliceLexer struct {
	toks []lexer.Token
	i    int
	err  error
}

func (l *sliceLexer) Next() (lexer.Token, error) {
	if l.i < len(l.toks) {
		l.i++
		return l.toks[l.i-1], nil
	}
	if l.err != nil {
		return lexer.Token{}, l.err
	}
	return l.toks[len(l.toks)-1], nil
}

// tokenize splits s into tokens, ending with an EOF token. On a lexical
// error it returns the tokens before it and the error.
func tokenize(filename, s string) ([]lexer.Token, error) {
	toks := make([]lexer.Token, 0, len(s)/3+1)
	pos := lexer.Position{Filename: filename, Line: 1, Column: 1}
	i := 0
	emit := func(t lexer.TokenType, n int) {
		v := s[i : i+n]
		if t != tokWhitespace {
			toks = append(toks, lexer.Token{Type: t, Value: v, Pos: pos})
		}
		// Advance the position over v.
		for j := 0; j < len(v); j++ {
			if v[j] == '\n' {
				pos.Line++
				pos.Column = 1
			} else if v[j] < 0x80 || v[j] >= 0xC0 {
				pos.Column++
			}
		}
		pos.Offset += n
		i += n
	}
	if strings.HasPrefix(s, "\ufeff") {
		// A byte order mark that some editors write first is whitespace.
		i = 3
		pos.Offset = 3
	}
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			j := i + 1
			for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r' || s[j] == '\f' || s[j] == '\v') {
				j++
			}
			emit(tokWhitespace, j-i)
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			j := i
			for j < len(s) && s[j] != '\n' {
				j++
			}
			switch {
			case strings.HasPrefix(s[i:], "////"):
				emit(tokQuadComment, j-i)
			case strings.HasPrefix(s[i:], "///"):
				emit(tokDocComment, j-i)
			default:
				emit(tokComment, j-i)
			}
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return append(toks, lexer.EOFToken(pos)), lexErr(pos, "comment is not terminated: missing */")
			}
			emit(tokComment, end+4)
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' && s[j] != '\n' {
				if s[j] == '\\' && j+1 < len(s) && s[j+1] != '\n' {
					j++
				}
				j++
			}
			if j >= len(s) || s[j] != '"' {
				return append(toks, lexer.EOFToken(pos)), lexErr(pos, "string literal is not terminated")
			}
			emit(tokString, j+1-i)
		case isDigit(c) || (c == '-' && i+1 < len(s) && isDigit(s[i+1])):
			emit(tokNumber, scanNumber(s, i)-i)
		case isIdentStart(c):
			j := i + 1
			for j < len(s) && (isIdentStart(s[j]) || isDigit(s[j])) {
				j++
			}
			emit(tokIdent, j-i)
		case c == '-' && i+1 < len(s) && s[i+1] == '>':
			emit(tokPunct, 2)
		case strings.IndexByte("{}();:,<>=@", c) >= 0:
			emit(tokPunct, 1)
		default:
			r := []rune(s[i:min(len(s), i+4)])[0]
			return append(toks, lexer.EOFToken(pos)), lexErr(pos, fmt.Sprintf("unexpected character %q", r))
		}
	}
	return append(toks, lexer.EOFToken(pos)), nil
}

func lexErr(pos lexer.Position, msg string) error {
	return &lexError{pos: pos, msg: msg}
}

// lexError implements participle.Error so positions reach diagnostics.
type lexError struct {
	pos lexer.Position
	msg string
}

func (e *lexError) Error() string            { return e.pos.String() + ": " + e.msg }
func (e *lexError) Message() string          { return e.msg }
func (e *lexError) Position() lexer.Position { return e.pos }

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isHex(c byte) bool        { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
func isIdentStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }

// scanNumber returns the end of the number starting at i.
func scanNumber(s string, i int) int {
	j := i
	if s[j] == '-' {
		j++
	}
	if s[j] == '0' && j+2 < len(s)+1 && j+1 < len(s) && (s[j+1] == 'x' || s[j+1] == 'X') && j+2 < len(s) && isHex(s[j+2]) {
		j += 2
		for j < len(s) && isHex(s[j]) {
			j++
		}
		return j
	}
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
		j++
		for j < len(s) && isDigit(s[j]) {
			j++
		}
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < len(s) && isDigit(s[k]) {
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			j = k
		}
	}
	return j
}
