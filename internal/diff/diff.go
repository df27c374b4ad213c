// Package diff renders the difference between two texts as a unified diff,
// the form `bindgen check` prints when generated files are stale.
package diff

import (
	"fmt"
	"strings"
)

// context is how many unchanged lines surround each change.
const context = 3

type edit struct {
	op   byte // ' ', '-' or '+'
	line string
}

// Unified returns the unified diff that turns old into new, with headers
// naming oldName and newName; "" when the texts are equal.
func Unified(oldName, newName string, old, new []byte) string {
	if string(old) == string(new) {
		return ""
	}
	a, b := splitLines(string(old)), splitLines(string(new))
	edits := lines(a, b)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	// Walk the edit script, cutting it into hunks of changes separated by
	// more than 2*context unchanged lines.
	i := 0
	aLine, bLine := 0, 0 // lines of a and b before edits[i]
	for i < len(edits) {
		// Skip to the next change.
		for i < len(edits) && edits[i].op == ' ' {
			i, aLine, bLine = i+1, aLine+1, bLine+1
		}
		if i == len(edits) {
			break
		}
		start := max(i-context, 0)
		for j := start; j < i; j++ {
			aLine, bLine = aLine-1, bLine-1
		}
		// Extend the hunk until a run of more than 2*context equal lines.
		end := i
		for end < len(edits) {
			if edits[end].op != ' ' {
				end++
				continue
			}
			run := end
			for run < len(edits) && edits[run].op == ' ' {
				run++
			}
			if run == len(edits) || run-end > 2*context {
				end = min(end+context, run)
				break
			}
			end = run
		}
		na, nb := 0, 0
		for _, e := range edits[start:end] {
			if e.op != '+' {
				na++
			}
			if e.op != '-' {
				nb++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", span(aLine, na), span(bLine, nb))
		for _, e := range edits[start:end] {
			out.WriteByte(e.op)
			out.WriteString(e.line)
			if !strings.HasSuffix(e.line, "\n") {
				out.WriteString("\n\\ No newline at end of file\n")
			}
			if e.op != '+' {
				aLine++
			}
			if e.op != '-' {
				bLine++
			}
		}
		i = end
	}
	return out.String()
}

// span formats a hunk range: start is the 0-based index of its first line.
func span(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// splitLines splits s after every newline; the last line lacks one only
// when s does not end with a newline.
func splitLines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// lines computes a shortest edit script from a to b with Myers' O(ND)
// algorithm, after trimming the common prefix and suffix (generated files
// usually change in a few places).
func lines(a, b []string) []edit {
	var pre, suf []edit
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		pre = append(pre, edit{' ', a[0]})
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		suf = append(suf, edit{' ', a[len(a)-1]})
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	mid := myers(a, b)
	out := append(pre, mid...)
	for i := len(suf) - 1; i >= 0; i-- {
		out = append(out, suf[i])
	}
	return out
}

// maxEdits bounds the edit distance Myers' search explores; beyond it the
// differing middle is shown as deleted and re-added.
var maxEdits = 2000

func replaceAll(a, b []string) []edit {
	out := make([]edit, 0, len(a)+len(b))
	for _, l := range a {
		out = append(out, edit{'-', l})
	}
	for _, l := range b {
		out = append(out, edit{'+', l})
	}
	return out
}

func myers(a, b []string) []edit {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return replaceAll(a, b)
	}
	maxD := n + m
	if maxD > maxEdits {
		maxD = maxEdits
	}
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	// trace[d] holds v[-d..d] after round d, for backtracking.
	var trace [][]int
	for d := 0; d <= maxD; d++ {
		done := false
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				done = true
				break
			}
		}
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
		if done {
			break
		}
		if d == maxD {
			// Too different to be worth a minimal script (memory grows
			// with the square of the edit count): replace the whole
			// middle, which is still a correct diff.
			return replaceAll(a, b)
		}
	}
	// Backtrack from (n, m) to (0, 0), collecting edits in reverse.
	var rev []edit
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		prev := trace[d-1]
		at := func(k int) int { return prev[k+d-1] }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		for x > px && y > py {
			rev = append(rev, edit{' ', a[x-1]})
			x, y = x-1, y-1
		}
		if x == px {
			rev = append(rev, edit{'+', b[y-1]})
			y--
		} else {
			rev = append(rev, edit{'-', a[x-1]})
			x--
		}
	}
	for x > 0 && y > 0 {
		rev = append(rev, edit{' ', a[x-1]})
		x, y = x-1, y-1
	}
	out := make([]edit, len(rev))
	for i, e := range rev {
		out[len(rev)-1-i] = e
	}
	return out
}
