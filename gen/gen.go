// Package gen is the contract between the backends and the CLI: a backend
// returns Files, and Write puts them on disk safely.
package gen

import (
	"bytes"
	"fmt"
	"strings"
)

// File is one generated file: a path relative to the output directory and its content.
type File struct {
	Path    string
	Content []byte
}

// Wrap breaks the words of text into lines of at most width bytes (a
// longer word stands alone), for prose the backends write as comments.
func Wrap(text string, width int) []string {
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
