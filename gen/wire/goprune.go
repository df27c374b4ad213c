package genwire

import (
	"bytes"
	"strings"
)

// goRuntimeDecl is one top-level declaration of the Go codec's runtime
// (a function, a method, a type, a constant or a block of them), with the
// comment above it.
type goRuntimeDecl struct {
	text  string
	names []string // the identifiers it declares; none for a section comment
	// fields holds, for a struct type, the field each line declares
	// (goStructFields).
	fields []string
}

// splitGoRuntime cuts runtime source, as the renderer holds it (gofmt's
// layout), into its top-level declarations: each starts, after a blank
// line, at a line that begins a comment or a declaration in column 0. A
// comment that stands alone before a blank line, a section's heading, is
// a declaration of no names.
func splitGoRuntime(src string) []goRuntimeDecl {
	var out []goRuntimeDecl
	start, blank := 0, true
	for at := 0; at < len(src); {
		end := strings.IndexByte(src[at:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += at + 1
		}
		line := src[at:end]
		if blank && at > start && goTopLevel(line) {
			out = append(out, goRuntimeDecl{text: src[start:at]})
			start = at
		}
		blank = strings.TrimSpace(line) == ""
		at = end
	}
	if start < len(src) {
		out = append(out, goRuntimeDecl{text: src[start:]})
	}
	for i := range out {
		out[i].names = goDeclNames(out[i].text)
		out[i].fields = goStructFields(out[i].text)
	}
	return out
}

// goStructFields returns, for each line of text, the name of the field
// the line declares when text is a struct type of one field a line, ""
// for the other lines; nil for any other declaration.
func goStructFields(text string) []string {
	var fields []string
	in, isStruct := false, false
	for line := range strings.Lines(text) {
		name := ""
		switch {
		case strings.HasPrefix(line, "type ") && strings.HasSuffix(line, " struct {\n"):
			in, isStruct = true, true
		case in && strings.HasPrefix(line, "}"):
			in = false
		case in:
			if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "//") {
				name = goIdentAt(t)
			}
		}
		fields = append(fields, name)
	}
	if !isStruct {
		return nil
	}
	return fields
}

func goTopLevel(line string) bool {
	for _, p := range []string{"//", "func ", "type ", "const ", "var "} {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

// goDeclNames returns the identifiers a top-level declaration declares.
func goDeclNames(text string) []string {
	var names []string
	group := false
	for line := range strings.Lines(text) {
		if group {
			if strings.HasPrefix(line, ")") {
				return names
			}
			if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "//") {
				names = append(names, goIdentAt(t))
			}
			continue
		}
		switch {
		case strings.HasPrefix(line, "func ("):
			// A method: its name follows the receiver.
			rest := line[strings.IndexByte(line, ')')+1:]
			return append(names, goIdentAt(strings.TrimSpace(rest)))
		case strings.HasPrefix(line, "func "):
			return append(names, goIdentAt(line[len("func "):]))
		case strings.HasPrefix(line, "type "), strings.HasPrefix(line, "const "), strings.HasPrefix(line, "var "):
			rest := line[strings.IndexByte(line, ' ')+1:]
			if strings.HasPrefix(rest, "(") {
				group = true
				continue
			}
			return append(names, goIdentAt(rest))
		}
	}
	return names
}

// goIdentAt returns the identifier at the start of s.
func goIdentAt(s string) string {
	i := 0
	for i < len(s) && isIdentByte(s[i]) {
		i++
	}
	return s[:i]
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// goIdents calls f with every identifier of Go source src outside its
// comments and its string and character literals, as a slice of src, and
// the byte after it (0 at the end of src).
func goIdents(src []byte, f func(id []byte, next byte)) {
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(src)
			}
		case c == '"' || c == '\'' || c == '`':
			i++
			for i < len(src) && src[i] != c {
				if src[i] == '\\' && c != '`' {
					i++
				}
				i++
			}
			i++
		case isIdentByte(c):
			j := i
			for j < len(src) && isIdentByte(src[j]) {
				j++
			}
			if c < '0' || c > '9' {
				var next byte
				if j < len(src) {
					next = src[j]
				}
				f(src[i:j], next)
			}
			i = j
		default:
			i++
		}
	}
}

// pruneGoRuntime returns the declarations of runtime that the rest of the
// file needs: those whose names rest uses, and what they use in turn. An
// exported declaration is the codec's API and always stays; a section
// comment stays with its section. The runtime is written for
// every file; most files use part of it (one without strings needs no
// UTF-8 check), and an unused helper would be dead code in the user's
// package (staticcheck's U1000 when the file is not marked generated).
func pruneGoRuntime(runtime string, rest ...[]byte) string {
	decls := splitGoRuntime(runtime)
	owner := map[string]int{}
	for i, d := range decls {
		for _, n := range d.names {
			owner[n] = i
		}
	}
	// uses counts the uses of the runtime's struct fields; a kept struct's
	// own declaration of a field is one.
	// (Pointers, so that counting a use is a lookup, which allocates no
	// key: d.pos alone is millions of uses in a large file.)
	uses := map[string]*int{}
	for _, d := range decls {
		for _, f := range d.fields {
			if f != "" {
				uses[f] = new(int)
			}
		}
	}
	keep := make([]bool, len(decls))
	var work []int
	use := func(id []byte, _ byte) {
		if i, ok := owner[string(id)]; ok && !keep[i] {
			keep[i] = true
			work = append(work, i)
		}
		if n := uses[string(id)]; n != nil {
			*n++
		}
	}
	for i, d := range decls {
		for _, n := range d.names {
			if n != "" && n[0] >= 'A' && n[0] <= 'Z' && !keep[i] {
				keep[i] = true
				work = append(work, i)
			}
		}
	}
	for _, r := range rest {
		goIdents(r, use)
	}
	for len(work) > 0 {
		i := work[len(work)-1]
		work = work[:len(work)-1]
		goIdents([]byte(decls[i].text), use)
	}
	// A section comment stays when a declaration of its section (up to
	// the next section comment) does.
	section := false
	for i := len(decls) - 1; i >= 0; i-- {
		if len(decls[i].names) == 0 {
			keep[i], section = section, false
		} else {
			section = section || keep[i]
		}
	}
	var b strings.Builder
	for i, d := range decls {
		switch {
		case !keep[i]:
		case len(d.fields) == 0:
			b.WriteString(d.text)
		default:
			// A field nothing else names goes (the decoder's string
			// arena in a file without strings).
			i := 0
			for line := range strings.Lines(d.text) {
				if f := d.fields[i]; f == "" || *uses[f] > 1 {
					b.WriteString(line)
				}
				i++
			}
		}
	}
	return b.String()
}

// goImports returns the packages among candidates (import paths) whose
// names srcs use as a qualifier (pkg.Name), in the order of candidates.
func goImports(candidates []string, srcs ...[]byte) []string {
	used := map[string]bool{}
	for _, c := range candidates {
		used[c[strings.LastIndexByte(c, '/')+1:]] = false
	}
	for _, src := range srcs {
		goIdents(src, func(id []byte, next byte) {
			if next != '.' {
				return
			}
			if u, ok := used[string(id)]; ok && !u {
				used[string(id)] = true
			}
		})
	}
	var out []string
	for _, c := range candidates {
		if used[c[strings.LastIndexByte(c, '/')+1:]] {
			out = append(out, c)
		}
	}
	return out
}
