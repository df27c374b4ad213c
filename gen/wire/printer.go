package genwire

import (
	"bytes"
	"fmt"
	"strings"
)

// printer collects generated source one line at a time.
type printer struct {
	buf    bytes.Buffer
	indent int
	tmp    int
	// unit is one level of indentation; a tab when empty.
	unit string
}

// P writes its arguments, formatted with fmt.Sprint semantics but without
// spaces, as one line at the current indentation.
func (p *printer) P(args ...any) {
	if len(args) == 1 {
		if s, ok := args[0].(string); ok {
			p.line(s)
			return
		}
	}
	var b strings.Builder
	for _, a := range args {
		fmt.Fprint(&b, a)
	}
	p.line(b.String())
}

// F writes one formatted line.
func (p *printer) F(format string, args ...any) { p.line(fmt.Sprintf(format, args...)) }

// line writes s at the current indentation (none for an empty line), then
// a newline.
func (p *printer) line(s string) {
	if s != "" {
		u := p.unit
		if u == "" {
			u = "\t"
		}
		for range p.indent {
			p.buf.WriteString(u)
		}
	}
	p.buf.WriteString(s)
	p.buf.WriteByte('\n')
}

// In and Out change the indentation.
func (p *printer) In()  { p.indent++ }
func (p *printer) Out() { p.indent-- }

// Tmp returns a fresh identifier with the given prefix.
func (p *printer) Tmp(prefix string) string {
	p.tmp++
	return fmt.Sprintf("%s%d", prefix, p.tmp)
}
