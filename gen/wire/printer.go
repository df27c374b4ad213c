package genwire

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/linefmt"
)

// printer collects generated source one line at a time.
type printer struct {
	buf    bytes.Buffer
	indent int
	tmp    int
	// unit is one level of indentation; a tab when empty.
	unit string
}

// newPrinter returns a printer whose buffer has room for perDecl bytes
// for each declaration of pkg: a rough size of the output, so that the
// buffer of a large package is not copied a dozen times as it grows.
func newPrinter(unit string, pkg *idl.Package, perDecl int) *printer {
	p := &printer{unit: unit}
	p.buf = gen.SizedBuffer(len(pkg.Decls) * perDecl)
	return p
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

// F writes one formatted line, straight into the buffer (no string of
// its own: a large package's codec is millions of lines).
func (p *printer) F(format string, args ...any) {
	start := p.buf.Len()
	p.indentLine()
	at := p.buf.Len()
	linefmt.Fprintf(&p.buf, format, args...)
	if p.buf.Len() == at {
		p.buf.Truncate(start) // an empty line carries no indentation
	}
	p.buf.WriteByte('\n')
}

func (p *printer) indentLine() {
	u := p.unit
	if u == "" {
		u = "\t"
	}
	for range p.indent {
		p.buf.WriteString(u)
	}
}

// line writes s at the current indentation (none for an empty line), then
// a newline.
func (p *printer) line(s string) {
	if s != "" {
		p.indentLine()
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
