package idl

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one diagnostic: a position, a lowercase message, and an optional
// hint printed on its own line ("did you mean ...").
type Error struct {
	Pos  Pos
	Msg  string
	Hint string
}

// Error formats e as file:line:col: error: msg.
func (e *Error) Error() string {
	s := e.Pos.String() + ": error: " + e.Msg
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// ErrorList collects every diagnostic of a run, so that a user sees all of
// them at once. It implements error through Err.
type ErrorList []*Error

// Add appends a diagnostic at pos.
func (l *ErrorList) Add(pos Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// AddHint appends a diagnostic with a hint.
func (l *ErrorList) AddHint(pos Pos, hint string, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// Len is the number of diagnostics.
func (l ErrorList) Len() int { return len(l) }

// Sort orders diagnostics by file, line and column, and removes exact
// duplicates.
func (l *ErrorList) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i].Pos, s[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return s[i].Msg < s[j].Msg
	})
	out := s[:0]
	for i, e := range s {
		if i > 0 && *e == *s[i-1] {
			continue
		}
		out = append(out, e)
	}
	*l = out
}

// Error joins every diagnostic on its own line.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns nil for an empty list and the list otherwise.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Format renders diagnostics the way a compiler does: the position and
// message, then the source line and a caret under the column, then the
// hint. sources maps a Pos.File to that file's content; a file missing from
// it is printed without the source line.
func Format(l ErrorList, sources map[string][]byte) string {
	var b strings.Builder
	for _, e := range l {
		fmt.Fprintf(&b, "%s: error: %s\n", e.Pos, e.Msg)
		if src, ok := sources[e.Pos.File]; ok && e.Pos.IsValid() {
			if line, ok := sourceLine(src, e.Pos.Line); ok {
				fmt.Fprintf(&b, "    %s\n", expandTabs(line))
				col := e.Pos.Col - 1
				if col > len(line) {
					col = len(line)
				}
				fmt.Fprintf(&b, "    %s^\n", caretPad(line[:col]))
			}
		}
		if e.Hint != "" {
			fmt.Fprintf(&b, "    = help: %s\n", e.Hint)
		}
	}
	return b.String()
}

func sourceLine(src []byte, n int) (string, bool) {
	lines := strings.Split(string(src), "\n")
	if n < 1 || n > len(lines) {
		return "", false
	}
	return strings.TrimRight(lines[n-1], "\r"), true
}

func expandTabs(s string) string { return strings.ReplaceAll(s, "\t", "    ") }

// caretPad returns spaces as wide as prefix once tabs are expanded, counting
// each UTF-8 character as one column.
func caretPad(prefix string) string {
	n := 0
	for _, r := range prefix {
		if r == '\t' {
			n += 4
		} else {
			n++
		}
	}
	return strings.Repeat(" ", n)
}
