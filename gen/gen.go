// Package gen is the contract between the backends and the CLI: a backend
// returns Files, and Write puts them on disk safely.
package gen

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// File is one generated file: a path relative to the output directory and its content.
type File struct {
	Path    string
	Content []byte
}

// Wrap breaks the words of text into lines of at most width bytes (a
// longer word stands alone), for prose the backends write as comments.
// A line whose words are separated by single spaces in text is a
// substring of it; only the others are copied.
func Wrap(text string, width int) []string {
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			return wrapFields(text, width) // Unicode spaces separate words too
		}
	}
	lines := make([]string, 0, len(text)/(width+1)+1)
	var b []byte       // the current line, when it is not a substring
	start, end := 0, 0 // otherwise text[start:end]
	copied := false
	n := 0 // the current line's length
	flush := func() {
		if copied {
			lines = append(lines, string(b))
		} else {
			lines = append(lines, text[start:end])
		}
	}
	for i := 0; ; {
		for i < len(text) && asciiSpace(text[i]) {
			i++
		}
		if i == len(text) {
			break
		}
		j := i
		for j < len(text) && !asciiSpace(text[j]) {
			j++
		}
		switch w := j - i; {
		case n > 0 && n+1+w <= width:
			if !copied && i == end+1 && text[end] == ' ' {
				end = j
			} else {
				if !copied {
					b = append(b[:0], text[start:end]...)
					copied = true
				}
				b = append(append(b, ' '), text[i:j]...)
			}
			n += 1 + w
		default:
			if n > 0 {
				flush()
			}
			start, end, n, copied = i, j, w, false
		}
		i = j
	}
	flush()
	return lines
}

// asciiSpace reports whether c is a space as unicode.IsSpace has it.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// wrapFields is Wrap for any text, splitting it with strings.Fields.
func wrapFields(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}

// Numbered returns src with line numbers, to show where generated code
// that does not compile went wrong.
func Numbered(src []byte) string {
	var b strings.Builder
	for i, line := range strings.Split(string(src), "\n") {
		fmt.Fprintf(&b, "%5d\t%s\n", i+1, line)
	}
	return b.String()
}

// SizedBuffer returns an empty buffer with room for n bytes. Unlike
// Grow, which clears the room it adds, it leaves fresh memory untouched
// until it is written: a large package's buffers are tens of megabytes,
// and clearing them touched every page of a generous estimate first.
func SizedBuffer(n int) bytes.Buffer { return *bytes.NewBuffer(make([]byte, 0, n)) }
