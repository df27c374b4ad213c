package genc

import "testing"

// TestCommentSafe: no doc text can end a C block comment or open one
// inside it, whatever '/' and '*' it holds.
func TestCommentSafe(t *testing.T) {
	for in, want := range map[string]string{
		"plain":        "plain",
		"a */ b":       "a * / b",
		"a /* b":       "a / * b",
		"/*/":          "/ * /",
		"*/*":          "* / *",
		"//*":          "// *",
		"**//":         "** //",
		"x*/*/*/y":     "x* / * / * /y",
		"a / * b ** c": "a / * b ** c",
	} {
		if got := commentSafe(in); got != want {
			t.Errorf("commentSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
