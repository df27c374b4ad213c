package gengo

import (
	"sort"

	"github.com/bindgen-dev/bindgen/idl"
)

// vocabAssertions proves at compile time that each of C's own types an
// extern package uses (c_int, c_long, ...) has the size of the Go type
// the wrapper gives it: the Go API is the same on every platform, and a
// platform where C disagrees (a 32-bit long) fails to build here instead
// of truncating values.
func (c *cgoGen) vocabAssertions() {
	if c.pkg.Extern == nil {
		return
	}
	seen := map[string]*idl.Type{}
	for _, f := range c.pkg.Funcs {
		ts := []*idl.Type{f.Result}
		for _, p := range f.Params {
			ts = append(ts, p.Type)
		}
		for _, t := range ts {
			if t != nil && t.C != nil {
				seen[t.C.Name] = t
			}
		}
	}
	if len(seen) == 0 {
		return
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	p := c.p
	p.P("// The Go type of each C type assumes its size; these declarations fail")
	p.P("// to compile on a platform where C's size differs.")
	p.P("var (")
	width := 0
	for _, n := range names {
		width = max(width, len(goType(seen[n])))
	}
	for _, n := range names {
		t := seen[n]
		gt := goType(t)
		p.P("\t_ [unsafe.Sizeof(", gt, "(0))]byte", pad(width-len(gt)), " = [unsafe.Sizeof(", c.cgoType(t), "(0))]byte{}")
	}
	p.P(")")
	p.P()
}

func pad(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = ' '
	}
	return string(b)
}
