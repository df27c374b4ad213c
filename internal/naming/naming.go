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
	if !isASCII(name) {
		return nil, false
	}
	return asciiSplit(name, make([]string, 0, 4)), true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// asciiSplit appends the words of an ASCII name to words: Words without
// an allocation when words has room (the renderers below pass an array on
// their stack).
func asciiSplit(name string, words []string) []string {
	isLower := func(c byte) bool { return c >= 'a' && c <= 'z' }
	isUpper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
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
	return words
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

// goExportedRunes is GoExported for any name, rune by rune.
func goExportedRunes(name string) string {
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

// goLocalRunes is GoLocal for any name, rune by rune.
func goLocalRunes(name string) string {
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

// pyNameRunes is PyName for any name, rune by rune.
func pyNameRunes(name string) string {
	ws := Words(name)
	for i := range ws {
		ws[i] = strings.ToLower(ws[i])
	}
	return Escape(strings.Join(ws, "_"), PyReserved)
}

// pyClassRunes is PyClass for any name, rune by rune.
func pyClassRunes(name string) string {
	if isPascal(name) {
		return Escape(name, PyReserved)
	}
	var b strings.Builder
	for _, w := range Words(name) {
		b.WriteString(capitalize(w))
	}
	return Escape(b.String(), PyReserved)
}

// pyConstRunes is PyConst for any name, rune by rune.
func pyConstRunes(name string) string {
	ws := Words(name)
	for i := range ws {
		ws[i] = strings.ToUpper(ws[i])
	}
	return Escape(strings.Join(ws, "_"), PyReserved)
}

// The renderers below take an ASCII fast path: the words are split into
// an array on the stack and written into one buffer of the result's
// size, where the general path (the *Runes functions, for names with
// other letters) allocates a slice of words and a string or two per
// word. The checker and every backend render each field and parameter
// name, so this is on the hot path of a large file; a test holds the two
// paths to the same results.

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c - 'A' + 'a'
	}
	return c
}

func appendUpper(b []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		b = append(b, upper(w[i]))
	}
	return b
}

func appendLower(b []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		b = append(b, lower(w[i]))
	}
	return b
}

// appendCapitalized is capitalize for an ASCII word.
func appendCapitalized(b []byte, w string) []byte {
	if w == "" {
		return b
	}
	return appendLower(append(b, upper(w[0])), w[1:])
}

// appendGoWord is goWord for an ASCII word.
func appendGoWord(b []byte, w string) []byte {
	if len(w) <= maxInitialism {
		n := len(b)
		b = appendUpper(b, w)
		if initialisms[string(b[n:])] {
			return b
		}
		b = b[:n]
	}
	return appendCapitalized(b, w)
}

// maxInitialism is the length of the longest word in initialisms.
var maxInitialism = func() int {
	n := 0
	for w := range initialisms {
		n = max(n, len(w))
	}
	return n
}()

// GoExported renders name as an exported Go identifier: `user_id` →
// UserID, `DIVIDE_BY_ZERO` → DivideByZero, `Point` → Point. Exported names
// never collide with Go keywords.
func GoExported(name string) string {
	if !isASCII(name) {
		return goExportedRunes(name)
	}
	var arr [8]string
	b := make([]byte, 1, len(name)+2)
	for _, w := range asciiSplit(name, arr[:0]) {
		b = appendGoWord(b, w)
	}
	if c := b[1]; 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
		return string(b[1:])
	}
	b[0] = 'X'
	return string(b)
}

// GoLocal renders name as an unexported Go identifier for parameters and
// locals: `user_id` → userID, `ID` → id; escaped with a trailing underscore
// when it is a Go keyword, a predeclared identifier, or a name the
// generated code itself uses.
func GoLocal(name string) string {
	if !isASCII(name) {
		return goLocalRunes(name)
	}
	var arr [8]string
	b := make([]byte, 0, len(name)+1)
	for i, w := range asciiSplit(name, arr[:0]) {
		if i == 0 {
			b = appendLower(b, w)
			continue
		}
		b = appendGoWord(b, w)
	}
	return escapeBytes(b, GoReserved)
}

// PyName renders a function, method, parameter or field name in Python's
// snake_case: `userId` → user_id. Reserved words are escaped.
func PyName(name string) string {
	if !isASCII(name) {
		return pyNameRunes(name)
	}
	if isSnake(name) {
		return Escape(name, PyReserved) // already snake_case: no copy
	}
	return snake(name, appendLower)
}

// isSnake reports whether an ASCII name is its own snake_case: lower-case
// letters and digits in words joined by single underscores.
func isSnake(name string) bool {
	if name == "" || name[0] == '_' || name[len(name)-1] == '_' {
		return false
	}
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '_' && name[i-1] != '_':
		default:
			return false
		}
	}
	return true
}

// snake joins an ASCII name's words with underscores, each written by
// word, and escapes the result for Python.
func snake(name string, word func([]byte, string) []byte) string {
	var arr [8]string
	b := make([]byte, 0, 2*len(name))
	for i, w := range asciiSplit(name, arr[:0]) {
		if i > 0 {
			b = append(b, '_')
		}
		b = word(b, w)
	}
	return escapeBytes(b, PyReserved)
}

// PyClass renders a type name as a Python class name: `point` → Point,
// `http_server` → HttpServer. A name written in PascalCase is kept as is.
func PyClass(name string) string {
	if !isASCII(name) {
		return pyClassRunes(name)
	}
	if isPascal(name) {
		return Escape(name, PyReserved)
	}
	var arr [8]string
	b := make([]byte, 0, len(name)+1)
	for _, w := range asciiSplit(name, arr[:0]) {
		b = appendCapitalized(b, w)
	}
	return escapeBytes(b, PyReserved)
}

// PyConst renders an enum member or constant name in UPPER_SNAKE_CASE.
func PyConst(name string) string {
	if !isASCII(name) {
		return pyConstRunes(name)
	}
	return snake(name, appendUpper)
}

// CUpper renders words in UPPER_SNAKE_CASE for C macros and constants:
// (`calc`, `Rounding`, `UP`) → CALC_ROUNDING_UP.
func CUpper(parts ...string) string {
	n := 0
	for _, p := range parts {
		if !isASCII(p) {
			return cUpperRunes(parts...)
		}
		n += 2 * len(p)
	}
	var arr [8]string
	b := make([]byte, 0, n)
	for _, p := range parts {
		for _, w := range asciiSplit(p, arr[:0]) {
			if len(b) > 0 {
				b = append(b, '_')
			}
			b = appendUpper(b, w)
		}
	}
	return string(b)
}

// escapeBytes is Escape of string(b).
func escapeBytes(b []byte, reserved map[string]bool) string {
	if reserved[string(b)] {
		return Escape(string(b), reserved)
	}
	return string(b)
}

// CName renders an identifier that appears unprefixed in C (struct fields,
// parameters): the IDL spelling, escaped when it is a C or C++ keyword,
// because the header must also compile as C++.
func CName(name string) string { return Escape(name, CReserved) }

// cUpperRunes is CUpper for any name, rune by rune.
func cUpperRunes(parts ...string) string {
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
