package genwire

import "bytes"

// goIndent indents Go source printed one statement per line without
// indentation, as gofmt would: each line one tab deeper per earlier line
// that left brackets open (one tab for a line that opens several, as in
// `f(func() {`), a line that starts by closing brackets at the depth of
// the line that opened them, case and default clauses and labels one
// level out, runs of blank lines kept to one and the file ending in one
// newline.
//
// This replaces go/format for the Go codec, which was 42% of the CPU of
// `bindgen gen --lang=c,go,python,wire` on a large schema (parsing and
// printing 25 MB of Go). It is exact only for the code the Go renderer
// prints: lines are indented, not reflowed, so the renderer itself writes
// what gofmt would otherwise change within a line (alignment of a var
// block, no redundant parentheses). TestGoIndentIsGofmt checks that the
// result is what go/format prints, on the goldens and on random IDLs.
func goIndent(src []byte) []byte {
	out := make([]byte, 0, len(src)+len(src)/4)
	// open holds, per indentation level, the brackets still open of the
	// line that opened it.
	var open []int
	inRaw := false // inside a raw string literal that spans lines
	blank := false
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		var line []byte
		if i < 0 {
			line, src = src, nil
		} else {
			line, src = src[:i], src[i+1:]
		}
		if inRaw {
			// A raw string's lines are its value: copied as they are.
			out = append(out, line...)
			out = append(out, '\n')
			var delta int
			delta, inRaw = scanBrackets(line, 0, true)
			open = shiftBrackets(open, delta)
			continue
		}
		line = bytes.TrimLeft(line, " \t")
		if len(line) == 0 {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, '\n')
			blank = false
		}
		lead := 0
		for _, c := range line {
			if c != '}' && c != ')' && c != ']' {
				break
			}
			lead++
		}
		// Leading closers put the line at the level of the line whose
		// brackets they close, even when it left more of them open.
		ind := len(open)
		for n := lead; n > 0 && ind > 0; ind-- {
			n -= open[ind-1]
		}
		if bytes.HasPrefix(line, []byte("case ")) || bytes.HasPrefix(line, []byte("default:")) || isLabel(line) {
			ind--
		}
		for range ind {
			out = append(out, '\t')
		}
		out = append(out, line...)
		out = append(out, '\n')
		var delta int
		delta, inRaw = scanBrackets(line, 0, false)
		open = shiftBrackets(open, -lead)
		open = shiftBrackets(open, delta+lead)
	}
	return out
}

// shiftBrackets opens delta brackets at a new level when delta > 0, or
// closes -delta of the innermost ones, dropping the levels they empty.
func shiftBrackets(open []int, delta int) []int {
	if delta > 0 {
		return append(open, delta)
	}
	for delta < 0 && len(open) > 0 {
		top := &open[len(open)-1]
		if *top+delta > 0 {
			*top += delta
			return open
		}
		delta += *top
		open = open[:len(open)-1]
	}
	return open
}

// scanBrackets returns depth changed by the brackets of one line of Go
// outside strings, runes and comments, and whether the line ends inside a
// raw string literal (inRaw: it starts inside one).
func scanBrackets(line []byte, depth int, inRaw bool) (int, bool) {
	for i := 0; i < len(line); i++ {
		c := line[i]
		if inRaw {
			if c == '`' {
				inRaw = false
			}
			continue
		}
		switch c {
		case '`':
			inRaw = true
		case '"', '\'':
			// An interpreted string or a rune: skip to its closing quote.
			for i++; i < len(line) && line[i] != c; i++ {
				if line[i] == '\\' {
					i++
				}
			}
		case '/':
			if i+1 < len(line) && line[i+1] == '/' {
				return depth, false
			}
		case '{', '(', '[':
			depth++
		case '}', ')', ']':
			depth--
		}
	}
	return depth, inRaw
}

// isLabel reports whether line is a label alone: an identifier and a colon.
func isLabel(line []byte) bool {
	n := len(line) - 1
	if n < 1 || line[n] != ':' {
		return false
	}
	for i, c := range line[:n] {
		letter := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}
