package config

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
)

// The parser reads the documented subset of YAML (docs/cli.md): block
// mappings, block lists, one-line flow lists of scalars, plain and quoted
// scalars, comments. It works line by line, on the indentation of each
// line, and reports everything outside the subset at its position instead
// of guessing what a full YAML parser would have made of it.

type kind int

const (
	scalarNode kind = iota
	listNode
	mapNode
)

// node is one value of the document.
type node struct {
	kind kind
	pos  idl.Pos
	// value is a scalar's text, unquoted; null is a key without a value.
	value  string
	quoted bool
	null   bool
	items  []*node // a list's items
	keys   []*node // a mapping's keys (scalars), in order
	vals   []*node // a mapping's values, parallel to keys
}

// line is one line that holds something: its number, the column of its
// first character (1-based) and its text without indentation or comment.
type line struct {
	no     int
	indent int // 0-based column of text
	text   string
}

type parser struct {
	file  string
	lines []line
	i     int
	errs  idl.ErrorList
}

func (p *parser) pos(l line, off int) idl.Pos {
	return idl.Pos{File: p.file, Line: l.no, Col: l.indent + off + 1}
}

// parseYAML parses src. It returns the root node (nil for an empty
// document) and every error found.
func parseYAML(file string, src []byte) (*node, idl.ErrorList) {
	p := &parser{file: file}
	// Some editors start a UTF-8 file with a byte order mark.
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	for n, raw := range strings.Split(string(src), "\n") {
		raw = strings.TrimRight(raw, "\r")
		indent := len(raw) - len(strings.TrimLeft(raw, " "))
		rest := raw[indent:]
		if strings.HasPrefix(rest, "\t") && strings.TrimSpace(rest) != "" {
			p.errs.AddHint(idl.Pos{File: file, Line: n + 1, Col: indent + 1}, "indent with spaces",
				"tab in indentation")
			continue
		}
		text := strings.TrimRight(stripComment(rest), " \t")
		if text == "" {
			continue
		}
		l := line{no: n + 1, indent: indent, text: text}
		if indent == 0 && (text == "---" || text == "..." || strings.HasPrefix(text, "--- ") || strings.HasPrefix(text, "%")) {
			p.errs.AddHint(p.pos(l, 0), "bindgen.yaml is one document; remove the marker",
				"document markers and directives (---, ..., %%) are not supported")
			continue
		}
		p.lines = append(p.lines, l)
	}
	if len(p.lines) == 0 {
		return nil, p.errs
	}
	root := p.block(p.lines[0].indent)
	for p.i < len(p.lines) {
		// Only a line indented less than the first one is left over.
		p.errs.Add(p.pos(p.lines[p.i], 0), "unexpected indentation")
		p.i++
	}
	return root, p.errs
}

// stripComment cuts a # comment off s: a # that starts s or follows a
// space, outside a quoted scalar.
func stripComment(s string) string {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == '"' && c == '\\':
			i++
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			// A quote opens a scalar only where a scalar starts: "it's"
			// in a plain scalar is an apostrophe.
			if startsScalar(s[:i]) {
				quote = c
			}
		case c == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t'):
			return s[:i]
		}
	}
	return s
}

// startsScalar reports whether a scalar may start after prefix.
func startsScalar(prefix string) bool {
	t := strings.TrimRight(prefix, " ")
	if t == "" {
		return true
	}
	switch t[len(t)-1] {
	case ':', '-', '[', ',':
		return len(t) < len(prefix) || t[len(t)-1] == '[' || t[len(t)-1] == ','
	}
	return false
}

func isItem(text string) bool { return text == "-" || strings.HasPrefix(text, "- ") }

var keyRE = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

// splitKey splits "key: value" (or "key:") at its colon; ok is false when
// text is not a mapping entry.
func splitKey(text string) (key, rest string, restOff int, ok bool) {
	if text[0] == '"' || text[0] == '\'' || text[0] == '[' || text[0] == '{' {
		return "", "", 0, false
	}
	for i := 0; i < len(text); i++ {
		if text[i] == ':' && (i+1 == len(text) || text[i+1] == ' ') {
			rest = strings.TrimLeft(text[i+1:], " ")
			return text[:i], rest, len(text) - len(rest), true
		}
	}
	return "", "", 0, false
}

// block parses the node that starts at the current line, whose
// indentation is indent.
func (p *parser) block(indent int) *node {
	l := p.lines[p.i]
	if isItem(l.text) {
		return p.list(indent)
	}
	if _, _, _, ok := splitKey(l.text); ok {
		return p.mapping(indent)
	}
	p.i++
	n := p.value(l, 0, l.text)
	p.skipDeeper(indent)
	return n
}

// skipDeeper reports lines indented more than indent that no node took
// (the continuation of a multi-line plain scalar, a key indented too far).
func (p *parser) skipDeeper(indent int) {
	reported := false
	for p.i < len(p.lines) && p.lines[p.i].indent > indent {
		if !reported {
			p.errs.AddHint(p.pos(p.lines[p.i], 0), "line keys up with the other keys of their mapping; a value is one line",
				"unexpected indentation")
			reported = true
		}
		p.i++
	}
}

func (p *parser) list(indent int) *node {
	n := &node{kind: listNode, pos: p.pos(p.lines[p.i], 0)}
	for p.i < len(p.lines) && p.lines[p.i].indent == indent && isItem(p.lines[p.i].text) {
		l := p.lines[p.i]
		rest := strings.TrimLeft(l.text[1:], " ")
		if rest == "" {
			p.i++
			if p.i < len(p.lines) && p.lines[p.i].indent > indent {
				n.items = append(n.items, p.block(p.lines[p.i].indent))
			} else {
				n.items = append(n.items, &node{kind: scalarNode, pos: p.pos(l, 0), null: true})
			}
			continue
		}
		// "- key: value" starts a mapping whose keys line up with "key":
		// read the rest of the line as a line of its own, indented so.
		off := len(l.text) - len(rest)
		p.lines[p.i] = line{no: l.no, indent: indent + off, text: rest}
		n.items = append(n.items, p.block(indent+off))
		p.skipDeeper(indent)
	}
	return n
}

func (p *parser) mapping(indent int) *node {
	n := &node{kind: mapNode, pos: p.pos(p.lines[p.i], 0)}
	seen := map[string]int{}
	for p.i < len(p.lines) && p.lines[p.i].indent == indent {
		l := p.lines[p.i]
		key, rest, off, ok := splitKey(l.text)
		if !ok {
			if isItem(l.text) {
				p.errs.Add(p.pos(l, 0), "list item where a key was expected")
			} else {
				p.errs.AddHint(p.pos(l, 0), "write key: value", "expected a key")
			}
			p.i++
			p.skipDeeper(indent)
			continue
		}
		k := &node{kind: scalarNode, pos: p.pos(l, 0), value: key}
		if !keyRE.MatchString(key) {
			p.errs.AddHint(k.pos, "keys are plain words of letters, digits, -, _ and .", "key %q is not a plain word", key)
		} else if first, dup := seen[key]; dup {
			p.errs.AddHint(k.pos, "first given on line "+strconv.Itoa(first), "duplicate key %q", key)
		} else {
			seen[key] = l.no
		}
		p.i++
		var v *node
		switch {
		case rest != "":
			v = p.value(l, off, rest)
			p.skipDeeper(indent)
		case p.i < len(p.lines) && p.lines[p.i].indent > indent:
			v = p.block(p.lines[p.i].indent)
		case p.i < len(p.lines) && p.lines[p.i].indent == indent && isItem(p.lines[p.i].text):
			// key:\n- a\n- b: a list may line up with its key.
			v = p.list(indent)
		default:
			v = &node{kind: scalarNode, pos: p.pos(l, len(l.text)), null: true}
		}
		n.keys = append(n.keys, k)
		n.vals = append(n.vals, v)
	}
	return n
}

// value parses a one-line value: a scalar or a flow list of scalars. off
// is the column of text within l.text.
func (p *parser) value(l line, off int, text string) *node {
	pos := p.pos(l, off)
	if text[0] == '[' {
		return p.flowList(l, off, text)
	}
	v, ok := p.scalar(l, off, text, false)
	if !ok {
		return &node{kind: scalarNode, pos: pos, null: true}
	}
	return v
}

func (p *parser) flowList(l line, off int, text string) *node {
	n := &node{kind: listNode, pos: p.pos(l, off)}
	if !strings.HasSuffix(text, "]") {
		p.errs.AddHint(p.pos(l, off), "a flow list is one line: [a, b]", "unterminated flow list")
		return n
	}
	body := text[1 : len(text)-1]
	if strings.TrimSpace(body) == "" {
		return n
	}
	start := 0
	for start <= len(body) {
		// Split at the next comma outside quotes.
		end, quote := start, byte(0)
		for ; end < len(body); end++ {
			c := body[end]
			if quote == '"' && c == '\\' {
				end++
				continue
			}
			if quote != 0 {
				if c == quote {
					quote = 0
				}
				continue
			}
			if (c == '"' || c == '\'') && strings.TrimSpace(body[start:end]) == "" {
				quote = c
			}
			if c == ',' {
				break
			}
		}
		item := body[start:min(end, len(body))]
		lead := len(item) - len(strings.TrimLeft(item, " "))
		item = strings.TrimSpace(item)
		itemOff := off + 1 + start + lead
		if item == "" {
			p.errs.Add(p.pos(l, itemOff), "empty item in flow list")
		} else if v, ok := p.scalar(l, itemOff, item, true); ok {
			n.items = append(n.items, v)
		}
		start = end + 1
	}
	return n
}

// scalar parses a plain or quoted scalar; inFlow forbids the characters
// that structure a flow list.
func (p *parser) scalar(l line, off int, text string, inFlow bool) (*node, bool) {
	pos := p.pos(l, off)
	switch c := text[0]; c {
	case '"', '\'':
		v, n, ok := unquote(text)
		if !ok {
			p.errs.AddHint(pos, `close the quote on the same line; the escapes are \\, \", \n and \t`, "unterminated quoted scalar or unknown escape")
			return nil, false
		}
		if rest := strings.TrimLeft(text[n:], " "); rest != "" {
			p.errs.Add(p.pos(l, off+len(text)-len(rest)), "unexpected text after a quoted scalar")
			return nil, false
		}
		return &node{kind: scalarNode, pos: pos, value: v, quoted: true}, true
	case '{':
		p.errs.AddHint(pos, "write the mapping as indented key: value lines", "flow mappings {...} are not supported")
		return nil, false
	case '[':
		p.errs.Add(pos, "nested flow lists are not supported")
		return nil, false
	case '&', '*':
		p.errs.AddHint(pos, "repeat the value instead", "anchors and aliases (&, *) are not supported")
		return nil, false
	case '!':
		p.errs.Add(pos, "tags (!) are not supported")
		return nil, false
	case '|', '>':
		p.errs.AddHint(pos, "write the value on one line", "block scalars (|, >) are not supported")
		return nil, false
	case '@', '`', '%':
		p.errs.AddHint(pos, "quote the value", "%q cannot start a plain scalar", string(c))
		return nil, false
	}
	if isItem(text) {
		p.errs.AddHint(pos, "a list goes on the lines after its key, or in brackets: [a, b]", "a list cannot start on the line of its key")
		return nil, false
	}
	if i := strings.Index(text, ": "); i >= 0 || strings.HasSuffix(text, ":") {
		if i < 0 {
			i = len(text) - 1
		}
		p.errs.AddHint(p.pos(l, off+i), "a nested mapping goes on the lines after its key; quote the value if the colon belongs to it",
			"mapping inside a one-line value")
		return nil, false
	}
	if inFlow {
		if i := strings.IndexAny(text, "[]{}"); i >= 0 {
			p.errs.Add(p.pos(l, off+i), "%q in a flow list item; quote the item", string(text[i]))
			return nil, false
		}
	}
	return &node{kind: scalarNode, pos: pos, value: text}, true
}

// unquote reads the quoted scalar at the start of s and returns its value
// and its length in s.
func unquote(s string) (string, int, bool) {
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case q == '\'' && c == '\'':
			if i+1 < len(s) && s[i+1] == '\'' {
				b.WriteByte('\'')
				i++
				continue
			}
			return b.String(), i + 1, true
		case q == '"' && c == '"':
			return b.String(), i + 1, true
		case q == '"' && c == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case '"', '\\':
				b.WriteByte(s[i])
			default:
				return "", 0, false
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, false
}
