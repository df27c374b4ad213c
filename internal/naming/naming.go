// Package naming splits IDL identifiers into words once and renders them in
// each target language's conventions, with one keyword-escaping rule for
// all of them: a name that is reserved in the target language gets a
// trailing underscore (`type` → `type_`, `from` → `from_`).
//
// Every backend and the checker's collision detection read names from here,
// so that what the checker proves unique is exactly what the backends emit.
package naming

import (
	"strings"
	"unicode"
)

// Words splits an identifier into words: at underscores, at a lower-to-upper
// change (`userId` → user, Id), at the end of an upper-case run followed by
// a lower-case letter (`HTTPServer` → HTTP, Server), and between letters and
// digits only when a digit run is followed by a letter after an underscore.
// Digits stay attached to the word before them (`point3d` → point3d,
// `vec_3` → vec, 3). A name of underscores alone is the one word "x".
func Words(name string) []string {
	if w, ok := asciiWords(name); ok {
		return w
	}
	var words []string
	for _, part := range strings.Split(name, "_") {
		if part == "" {
			continue
		}
		rs := []rune(part)
		start := 0
		for i := 1; i < len(rs); i++ {
			prev, cur := rs[i-1], rs[i]
			split := false
			switch {
			case unicode.IsLower(prev) && unicode.IsUpper(cur):
				split = true
			case unicode.IsDigit(prev) && unicode.IsUpper(cur):
				split = true
			case unicode.IsUpper(prev) && unicode.IsUpper(cur) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
				split = true
			}
			if split {
				words = append(words, string(rs[start:i]))
				start = i
			}
		}
		words = append(words, string(rs[start:]))
	}
	if len(words) == 0 {
		// A name of underscores alone has no words; "x" stands in, and the
		// checker's collision detection catches a clash with a real "x".
		words = []string{"x"}
	}
	return words
}

// asciiWords is Words for ASCII names, without converting to runes; the
// checker names every field and parameter in three languages, so this is
// on the hot path of a large file.
func asciiWords(name string) ([]string, bool) {
	for i := 0; i < len(name); i++ {
		if name[i] >= 0x80 {
			return nil, false
		}
	}
	isLower := func(c byte) bool { return c >= 'a' && c <= 'z' }
	isUpper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	words := make([]string, 0, 4)
	start := -1
	for i := 0; i <= len(name); i++ {
		if i == len(name) || name[i] == '_' {
			if start >= 0 {
				words = append(words, name[start:i])
			}
			start = -1
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev, cur := name[i-1], name[i]
		if (isLower(prev) && isUpper(cur)) || (isDigit(prev) && isUpper(cur)) ||
			(isUpper(prev) && isUpper(cur) && i+1 < len(name) && isLower(name[i+1])) {
			words = append(words, name[start:i])
			start = i
		}
	}
	if len(words) == 0 {
		words = append(words, "x")
	}
	return words, true
}

// initialisms are rendered all upper-case in Go names (`user_id` → UserID),
// following the Go style guide. The table is conservative on purpose: a
// word missing here is merely capitalized.
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true,
	"EOF": true, "GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true,
	"IP": true, "JSON": true, "LHS": true, "QPS": true, "RAM": true, "RHS": true,
	"RPC": true, "SLA": true, "SMTP": true, "SQL": true, "SSH": true, "TCP": true,
	"TLS": true, "TTL": true, "UDP": true, "UI": true, "UID": true, "UUID": true,
	"URI": true, "URL": true, "UTF8": true, "VM": true, "XML": true, "XMPP": true,
	"XSRF": true, "XSS": true,
}

func capitalize(w string) string {
	if w == "" {
		return w
	}
	rs := []rune(strings.ToLower(w))
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}

func goWord(w string) string {
	if up := strings.ToUpper(w); initialisms[up] {
		return up
	}
	return capitalize(w)
}

// GoExported renders name as an exported Go identifier: `user_id` →
// UserID, `DIVIDE_BY_ZERO` → DivideByZero, `Point` → Point. Exported names
// never collide with Go keywords.
func GoExported(name string) string {
	var b strings.Builder
	for _, w := range Words(name) {
		b.WriteString(goWord(w))
	}
	s := b.String()
	if s == "" || !unicode.IsLetter([]rune(s)[0]) {
		s = "X" + s
	}
	return s
}

// GoLocal renders name as an unexported Go identifier for parameters and
// locals: `user_id` → userID, `ID` → id; escaped with a trailing underscore
// when it is a Go keyword, a predeclared identifier, or a name the
// generated code itself uses.
func GoLocal(name string) string {
	ws := Words(name)
	var b strings.Builder
	for i, w := range ws {
		if i == 0 {
			b.WriteString(strings.ToLower(w))
			continue
		}
		b.WriteString(goWord(w))
	}
	return Escape(b.String(), GoReserved)
}

// PyName renders a function, method, parameter or field name in Python's
// snake_case: `userId` → user_id. Reserved words are escaped.
func PyName(name string) string {
	ws := Words(name)
	for i := range ws {
		ws[i] = strings.ToLower(ws[i])
	}
	return Escape(strings.Join(ws, "_"), PyReserved)
}

// PyClass renders a type name as a Python class name: `point` → Point,
// `http_server` → HttpServer. A name written in PascalCase is kept as is.
func PyClass(name string) string {
	if isPascal(name) {
		return Escape(name, PyReserved)
	}
	var b strings.Builder
	for _, w := range Words(name) {
		b.WriteString(capitalize(w))
	}
	return Escape(b.String(), PyReserved)
}

// PyConst renders an enum member or constant name in UPPER_SNAKE_CASE.
func PyConst(name string) string {
	ws := Words(name)
	for i := range ws {
		ws[i] = strings.ToUpper(ws[i])
	}
	return Escape(strings.Join(ws, "_"), PyReserved)
}

// CName renders an identifier that appears unprefixed in C (struct fields,
// parameters): the IDL spelling, escaped when it is a C or C++ keyword,
// because the header must also compile as C++.
func CName(name string) string { return Escape(name, CReserved) }

// CUpper renders words in UPPER_SNAKE_CASE for C macros and constants:
// (`calc`, `Rounding`, `UP`) → CALC_ROUNDING_UP.
func CUpper(parts ...string) string {
	var ws []string
	for _, p := range parts {
		for _, w := range Words(p) {
			ws = append(ws, strings.ToUpper(w))
		}
	}
	return strings.Join(ws, "_")
}

// Escape appends an underscore to name while it is in reserved.
func Escape(name string, reserved map[string]bool) string {
	for reserved[name] {
		name += "_"
	}
	return name
}

func isPascal(name string) bool {
	if name == "" || strings.Contains(name, "_") {
		return false
	}
	return unicode.IsUpper([]rune(name)[0])
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// GoReserved holds Go keywords, predeclared identifiers and the package
// and helper names that generated Go code refers to, so that a parameter
// never shadows something the generated body uses.
var GoReserved = set(`
break case chan const continue default defer else fallthrough for func go goto if
import interface map package range return select struct switch type var
any append bool byte cap clear close complex complex128 complex64 copy delete error
false float32 float64 imag int int16 int32 int64 int8 iota len make max min new nil
panic print println real recover rune string true uint uint16 uint32 uint64 uint8 uintptr
C unsafe runtime errors fmt math strconv sync utf8 binary bits io
err res self obj
`)

// PyReserved holds Python keywords, soft keywords, and builtins that
// generated code refers to (int, str, bytes, ...), so that a parameter never
// shadows a name used in the generated body or annotations.
var PyReserved = set(`
False None True and as assert async await break class continue def del elif else
except finally for from global if import in is lambda nonlocal not or pass raise
return try while with yield match case type _
int float str bytes bool list dict tuple object len range isinstance memoryview
bytearray type super property self cls ctypes struct typing math enum dataclasses
Optional Union Any
`)

// CReserved holds C99 and C++17 keywords and the standard names the
// generated header relies on.
var CReserved = set(`
auto break case char const continue default do double else enum extern float for
goto if inline int long register restrict return short signed sizeof static struct
switch typedef union unsigned void volatile while _Bool _Complex _Imaginary
alignas alignof and and_eq asm bitand bitor bool catch char16_t char32_t class compl
constexpr const_cast decltype delete dynamic_cast explicit export false friend
mutable namespace new noexcept not not_eq nullptr operator or or_eq private
protected public reinterpret_cast static_assert static_cast template this
thread_local throw true try typeid typename using virtual wchar_t xor xor_eq
NULL size_t int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t
errno assert self out
`)
