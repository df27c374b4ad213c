// Package pyimport writes the standard-library import block of a generated
// Python module the way ruff's default rules want it (isort order, one
// aliased name per from-import, no unused import), shared by every backend
// that writes Python.
package pyimport

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
)

// Import is one imported name: `import Module as Alias` when Name is
// empty, else `from Module import Name as Alias`.
type Import struct {
	Module, Name, Alias string
}

// Placeholder is the line a generator writes where the import block goes;
// Fill replaces it once the rest of the module is known.
const Placeholder = "# @bindgen-imports@"

// Fill replaces the Placeholder line of src with the block of the imports
// that the rest of src uses (an alias that appears as a word), sorted as
// isort sorts them: plain imports by module, then from-imports by module
// and name, constants (TYPE_CHECKING, IO) before classes before the rest.
func Fill(src string, imps []Import) string { return string(FillBytes([]byte(src), imps)) }

// FillBytes is Fill on a module's bytes. When the placeholder line is
// followed by the room Slot reserves, it fills that room in place and
// returns a suffix of src (moving only the text before the placeholder):
// a large package's module is tens of megabytes, and copying it showed
// in the generator's time. Otherwise it builds the result in one
// allocation of its final size. src must not be used afterwards.
func FillBytes(src []byte, imps []Import) []byte {
	i := bytes.Index(src, []byte(Placeholder+"\n"))
	if i < 0 {
		panic("pyimport: no placeholder")
	}
	head, tail := src[:i], src[i+len(Placeholder)+1:]
	room := 0
	if pad := bytes.IndexFunc(tail, func(r rune) bool { return r != slotPad }); pad > 0 && tail[pad] == '\n' {
		room = pad + 1
		tail = tail[room:]
	}
	var used []Import
	under := underscoreWords(head, tail, imps)
	for _, im := range imps {
		if found, ok := under[im.Alias]; ok && found || !ok && containsWord(head, tail, im.Alias) {
			used = append(used, im)
		}
	}
	sort.SliceStable(used, func(a, b int) bool {
		x, y := used[a], used[b]
		if (x.Name == "") != (y.Name == "") {
			return x.Name == ""
		}
		if x.Module != y.Module {
			return moduleKey(x.Module) < moduleKey(y.Module)
		}
		kx, ky := memberClass(x.Name), memberClass(y.Name)
		if kx != ky {
			return kx < ky
		}
		return natural(strings.ToLower(x.Name), strings.ToLower(y.Name))
	})
	var b strings.Builder
	for _, im := range used {
		b.WriteString(im.line())
	}
	if free := len(Placeholder) + 1 + room - b.Len(); room > 0 && free >= 0 {
		copy(src[free:], head)
		copy(src[free+len(head):], b.String())
		return src[free:]
	}
	out := make([]byte, 0, len(head)+b.Len()+len(tail))
	return append(append(append(out, head...), b.String()...), tail...)
}

// line is im's import statement.
func (im Import) line() string {
	if im.Name == "" {
		return "import " + im.Module + " as " + im.Alias + "\n"
	}
	return "from " + im.Module + " import " + im.Name + " as " + im.Alias + "\n"
}

// slotPad fills the room Slot reserves; generated Python holds no NUL.
const slotPad = 0

// Slot is the Placeholder line followed by a line of room for the import
// block of every one of imps, which FillBytes fills in place. A printer
// writes it as one line: Slot does not end in a newline.
func Slot(imps []Import) string {
	n := 0
	for _, im := range imps {
		n += len(im.line())
	}
	return Placeholder + "\n" + strings.Repeat("\x00", n)
}

// underscoreWords reports, for every alias of imps that starts with "_"
// and is all word characters (every alias the backends use), whether it
// appears as a word in head+tail, from one pass over both: a word starts
// at an "_" that follows a non-word character. Asking containsWord alias
// by alias scanned a large module once per alias it does not use, and
// stopped at every place an alias occurs inside a longer word.
func underscoreWords(head, tail []byte, imps []Import) map[string]bool {
	want := map[string]bool{}
	for _, im := range imps {
		w := im.Alias
		if len(w) > 0 && w[0] == '_' && strings.IndexFunc(w, func(r rune) bool { return r > 127 || !isWord(byte(r)) }) < 0 {
			want[w] = false
		}
	}
	if len(want) == 0 {
		return want
	}
	// The placeholder line sat between head and tail: a word that runs
	// across the join is one word of the joined text.
	wordAt := func(s []byte, i int) bool { return i >= 0 && i < len(s) && isWord(s[i]) }
	scan := func(s []byte, before, after bool) {
		for off := 0; off < len(s); {
			k := bytes.IndexByte(s[off:], '_')
			if k < 0 {
				return
			}
			i := off + k
			j := i + 1
			for j < len(s) && isWord(s[j]) {
				j++
			}
			off = j
			if i > 0 && isWord(s[i-1]) || i == 0 && before || j == len(s) && after {
				continue
			}
			if _, ok := want[string(s[i:j])]; ok {
				want[string(s[i:j])] = true
			}
		}
	}
	scan(head, false, wordAt(tail, 0))
	scan(tail, wordAt(head, len(head)-1), false)
	for w, found := range want {
		if !found && joinedWord(head, tail, w) {
			want[w] = true
		}
	}
	return want
}

// containsWord reports whether w occurs in s as a word, as the regexp
// \bw\b would match. A module's text is megabytes for a large package
// and one regexp per import was most of the Python backends' time, so
// identifiers (word characters at both ends) are found with
// strings.Index instead.
func containsWord(head, tail []byte, w string) bool {
	if w == "" || !isWord(w[0]) || !isWord(w[len(w)-1]) {
		re := regexp.MustCompile(`\b` + regexp.QuoteMeta(w) + `\b`)
		if re.Match(head) || re.Match(tail) {
			return true
		}
		// The placeholder line was between head and tail: a word may
		// have been cut there only if it spans the join.
		return re.Match(append(append([]byte{}, head...), tail...))
	}
	wordAt := func(s []byte, i int) bool { return i >= 0 && i < len(s) && isWord(s[i]) }
	return hasWord(head, w, false, wordAt(tail, 0)) ||
		hasWord(tail, w, wordAt(head, len(head)-1), false) ||
		joinedWord(head, tail, w)
}

// hasWord reports whether w occurs in s with no word character on either
// side; before and after say whether s is preceded or followed by one.
func hasWord(s []byte, w string, before, after bool) bool {
	for off := 0; ; {
		i := bytes.Index(s[off:], []byte(w))
		if i < 0 {
			return false
		}
		i += off
		end := i + len(w)
		if (i > 0 && !isWord(s[i-1]) || i == 0 && !before) && (end < len(s) && !isWord(s[end]) || end == len(s) && !after) {
			return true
		}
		off = i + 1
	}
}

// joinedWord reports whether w occurs as a word in head+tail across the
// join, which neither half shows alone.
func joinedWord(head, tail []byte, w string) bool {
	n := len(w)
	if len(head) > n {
		head = head[len(head)-n-1:]
	}
	if len(tail) > n {
		tail = tail[:n+1]
	}
	j := append(append(make([]byte, 0, len(head)+len(tail)), head...), tail...)
	for off := max(0, len(head)-n+1); off < len(head) && off+n <= len(j); off++ {
		if string(j[off:off+n]) == w && (off == 0 || !isWord(j[off-1])) && (off+n == len(j) || !isWord(j[off+n])) {
			return true
		}
	}
	return false
}

// isWord is regexp's \w: an ASCII letter, digit or underscore.
func isWord(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// moduleKey orders dotted modules as isort does: a package before its
// submodules (ctypes before ctypes.util).
func moduleKey(m string) string { return strings.ReplaceAll(strings.ToLower(m), ".", "\x00") }

// memberClass is isort's order-by-type: 0 for a CONSTANT, 1 for a Class,
// 2 for anything else.
func memberClass(n string) int {
	switch {
	case len(n) > 1 && strings.ToUpper(n) == n:
		return 0
	case n != "" && n[0] >= 'A' && n[0] <= 'Z':
		return 1
	}
	return 2
}

// SortAll orders the names of __all__ (or __slots__) as ruff's RUF022 and
// RUF023 want: SCREAMING_CASE, then CamelCase, then the rest, each group
// in natural order.
func SortAll(names []string) {
	sort.SliceStable(names, func(a, b int) bool {
		x, y := names[a], names[b]
		kx, ky := allClass(x), allClass(y)
		if kx != ky {
			return kx < ky
		}
		return natural(x, y)
	})
}

func allClass(n string) int {
	t := strings.TrimLeft(n, "_")
	switch {
	case len(t) > 1 && strings.ToUpper(t) == t:
		return 0
	case t != "" && t[0] >= 'A' && t[0] <= 'Z':
		return 1
	}
	return 2
}

// natural compares with runs of digits compared by value.
func natural(x, y string) bool {
	for x != "" && y != "" {
		dx, dy := digits(x), digits(y)
		if dx > 0 && dy > 0 {
			nx, ny := strings.TrimLeft(x[:dx], "0"), strings.TrimLeft(y[:dy], "0")
			if len(nx) != len(ny) {
				return len(nx) < len(ny)
			}
			if nx != ny {
				return nx < ny
			}
			x, y = x[dx:], y[dy:]
			continue
		}
		if x[0] != y[0] {
			return x[0] < y[0]
		}
		x, y = x[1:], y[1:]
	}
	return len(x) < len(y)
}

func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// SortMembers orders the names of one from-import as isort does:
// CONSTANTS, then Classes, then the rest, each case-insensitively and
// with numbers in order (EchoI8 before EchoI16).
func SortMembers(names []string) {
	sort.SliceStable(names, func(a, b int) bool {
		kx, ky := memberClass(names[a]), memberClass(names[b])
		if kx != ky {
			return kx < ky
		}
		return natural(strings.ToLower(names[a]), strings.ToLower(names[b]))
	})
}
