package gengo

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// This file writes the extern functions that return an error of the
// call itself: those with a status result (`-> c_int ok 0`) and those
// with an out buffer (`out dest: bytes`), which the library fills and
// could claim to have overfilled. Their Go function always returns an
// error last, after the result (when it is not a status) and the out
// parameters in order.

// externRich reports whether f is written by externStatusFunc.
func externRich(f *idl.Func) bool {
	if f.Ok != "" {
		return true
	}
	for _, p := range f.Params {
		if p.IsOutBuffer() {
			return true
		}
	}
	return false
}

// externStatusFunc writes the Go function of f, whose C wrapper the
// caller has written into the preamble.
func (c *cgoGen) externStatusFunc(f *idl.Func, sym string) {
	p := c.p
	goName := naming.GoExported(f.Name)

	p.doc("", f.Doc, fmt.Sprintf("%s calls %s.", goName, sym))
	var notes []string
	for _, prm := range f.Params {
		v := naming.GoLocal(prm.Name)
		switch {
		case prm.IsOutBuffer():
			cp := naming.GoLocal(prm.CapName())
			bad := "a negative " + cp
			if prm.Len.Kind.Bits() < 64 {
				bad = fmt.Sprintf("a %s outside [0, %d]", cp, capMax(prm))
			}
			notes = append(notes, fmt.Sprintf("%s is what %s wrote into a new buffer of %s bytes, as long as the length it wrote back says; %s is a *CapacityError and C is not called, a length beyond the capacity an *OverrunError.",
				v, sym, cp, bad))
		case prm.Type.IsCString():
			notes = append(notes, fmt.Sprintf("%s is passed as a NUL-terminated copy; one holding a NUL byte is a *NULError and C is not called.", v))
		case externArray(prm) && prm.Len.Kind.Bits() < 64:
			notes = append(notes, fmt.Sprintf("A %s that is longer than %s holds is a *LengthError and C is not called.", v, prm.Len))
		}
	}
	if f.Ok != "" {
		notes = append(notes, fmt.Sprintf("A status other than %s is a *StatusError holding it, and the other results are then zero.", f.Ok))
	}
	p.P("//")
	for _, line := range wrap(strings.Join(notes, " ")) {
		p.P("// ", line)
	}

	var sig, results, named []string
	if f.Result != nil && f.Ok == "" {
		results = append(results, "res "+goType(f.Result))
		named = append(named, "res")
	}
	for _, prm := range f.Params {
		v := naming.GoLocal(prm.Name)
		switch {
		case prm.IsOutBuffer():
			sig = append(sig, naming.GoLocal(prm.CapName())+" int")
			results = append(results, v+" []byte")
			named = append(named, v)
		case prm.Out:
			results = append(results, v+" "+goType(prm.Type))
			named = append(named, v)
		default:
			sig = append(sig, v+" "+goType(prm.Type))
		}
	}
	results = append(results, "err error")
	fail := "return " + strings.Join(append(append([]string(nil), named...), "err"), ", ")
	p.P("func ", goName, "(", strings.Join(sig, ", "), ") (", strings.Join(results, ", "), ") {")

	// The checks that keep C from being called.
	for _, prm := range f.Params {
		if !prm.IsOutBuffer() {
			continue
		}
		cp := naming.GoLocal(prm.CapName())
		cond := cp + " < 0"
		if prm.Len.Kind.Bits() < 64 {
			cond += " || uint64(" + cp + ") > " + strconv.FormatUint(capMax(prm), 10)
		}
		p.P("\tif ", cond, " {")
		p.P("\t\terr = &CapacityError{Param: ", strconv.Quote(prm.Name), ", Cap: ", cp, ", Max: ", strconv.FormatUint(capMax(prm), 10), "}")
		p.P("\t\t", fail)
		p.P("\t}")
	}
	args := c.externArgs(f.Params, fail)
	cl := c.call(externName(sym)) + "(" + strings.Join(args, ", ") + ")"
	switch {
	case f.Ok != "":
		p.P("\tif c_r := ", cl, "; c_r != ", f.Ok, " {")
		p.P("\t\terr = &StatusError{Func: ", strconv.Quote(sym), ", Code: int64(c_r)}")
		p.P("\t\t", fail)
		p.P("\t}")
	case f.Result.IsCStruct():
		p.P("\tc_r := ", cl)
		p.P("\tres = ", fromC(f.Result, "c_r"))
	case f.Result != nil:
		p.P("\tres = ", goType(f.Result), "(", cl, ")")
	default:
		p.P("\t", cl)
	}
	// What C wrote: a buffer's length is checked against its capacity
	// before the slice is cut, so a library that claims more cannot make
	// the wrapper read past the buffer.
	for _, prm := range f.Params {
		if v := naming.GoLocal(prm.Name); prm.IsOutBuffer() {
			p.P("\tif uint64(n_", v, ") > uint64(len(o_", v, ")) {")
			p.P("\t\terr = &OverrunError{Func: ", strconv.Quote(sym), ", Param: ", strconv.Quote(prm.Name), ", Len: uint64(n_", v, "), Cap: len(o_", v, ")}")
			p.P("\t\t", fail)
			p.P("\t}")
		}
	}
	for _, prm := range f.Params {
		v := naming.GoLocal(prm.Name)
		switch {
		case prm.IsOutBuffer():
			p.P("\t", v, " = o_", v, "[:n_", v, "]")
		case prm.Out:
			p.P("\t", v, " = ", fromC(prm.Type, "o_"+v))
		}
	}
	p.P("\t", fail)
	p.P("}")
	p.P()
}

// capMax is the largest capacity an out buffer may be given: what its
// C length type holds, and at most what a Go int holds.
func capMax(p *idl.Param) uint64 {
	_, hi := p.Len.Kind.IntRange()
	return min(hi, 1<<63-1)
}

// externStatusHelpers writes the errors of the functions externRich
// selects.
func (c *cgoGen) externStatusHelpers() {
	n := externNeeds(c.pkg)
	status, buf := n.status, n.buf
	p := c.p
	pkg := c.pkg.Name
	if status {
		p.P("// StatusError is the error of a C function whose status result says")
		p.P("// the call failed: Code is the library's own error code.")
		p.P("type StatusError struct {")
		p.P("\tFunc string // the C function")
		p.P("\tCode int64  // the status it returned")
		p.P("}")
		p.P()
		p.P("func (e *StatusError) Error() string {")
		p.P("\treturn ", strconv.Quote(pkg+": "), " + e.Func + \" failed with status \" + strconv.FormatInt(e.Code, 10)")
		p.P("}")
		p.P()
	}
	if buf {
		p.P("// CapacityError is the error of an out buffer's capacity that is")
		p.P("// negative or more than the C type of its length holds; the call is")
		p.P("// not made.")
		p.P("type CapacityError struct {")
		p.P("\tParam string // the IDL out parameter")
		p.P("\tCap   int    // the capacity asked for")
		p.P("\tMax   uint64 // the largest capacity C can be given")
		p.P("}")
		p.P()
		p.P("func (e *CapacityError) Error() string {")
		p.P("\treturn ", strconv.Quote(pkg+": capacity "), " + strconv.Itoa(e.Cap) + \" of \" + e.Param + \" is not in [0, \" + strconv.FormatUint(e.Max, 10) + \"]\"")
		p.P("}")
		p.P()
		p.P("// OverrunError is the error of a C function that says it wrote more")
		p.P("// into an out buffer than the buffer holds: the wrapper returns none")
		p.P("// of it. The library broke its contract, and may have written past")
		p.P("// the buffer.")
		p.P("type OverrunError struct {")
		p.P("\tFunc  string // the C function")
		p.P("\tParam string // the IDL out parameter")
		p.P("\tLen   uint64 // the length C reported")
		p.P("\tCap   int    // the buffer's capacity")
		p.P("}")
		p.P()
		p.P("func (e *OverrunError) Error() string {")
		p.P("\treturn ", strconv.Quote(pkg+": "), " + e.Func + \" reported \" + strconv.FormatUint(e.Len, 10) + \" bytes written into \" + e.Param + \", which holds \" + strconv.Itoa(e.Cap)")
		p.P("}")
		p.P()
	}
}
