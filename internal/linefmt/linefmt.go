// Package linefmt formats generated code's lines into a buffer: fmt's
// Fprintf, with the verbs the generators print almost every line with
// (%s of a string, %d of a built-in integer, %%) written directly. A
// large package's codec is millions of lines, and fmt's general
// machinery (a printer from a pool, reflection on every argument) was a
// tenth of the generators' time. Anything else goes to fmt unchanged.
package linefmt

import (
	"bytes"
	"fmt"
	"strconv"
)

// Fprintf writes format with args into b exactly as fmt.Fprintf does.
func Fprintf(b *bytes.Buffer, format string, args ...any) {
	if !simple(format, args) {
		fmt.Fprintf(b, format, args...)
		return
	}
	n := 0
	var num [24]byte
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			// Copy the run up to the next verb at once.
			j := i + 1
			for j < len(format) && format[j] != '%' {
				j++
			}
			b.WriteString(format[i:j])
			i = j - 1
			continue
		}
		i++
		if format[i] == '%' {
			b.WriteByte('%')
			continue
		}
		if a, ok := args[n].(string); ok {
			b.WriteString(a)
		} else if v, signed, _ := integer(args[n]); signed {
			b.Write(strconv.AppendInt(num[:0], int64(v), 10))
		} else {
			b.Write(strconv.AppendUint(num[:0], v, 10))
		}
		n++
	}
}

// simple reports whether every verb of format is %%, or %s with a string
// or %d with a built-in integer, one argument each, with no argument
// left over.
func simple(format string, args []any) bool {
	n := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		if i == len(format) {
			return false
		}
		switch format[i] {
		case '%':
			continue
		case 's':
			if n >= len(args) {
				return false
			}
			if _, ok := args[n].(string); !ok {
				return false
			}
		case 'd':
			if n >= len(args) {
				return false
			}
			if _, _, ok := integer(args[n]); !ok {
				return false
			}
		default:
			return false
		}
		n++
	}
	return n == len(args)
}

// integer returns a built-in integer's bits, and whether it is signed
// (then v holds its two's complement); ok is false for anything else.
func integer(a any) (v uint64, signed, ok bool) {
	switch a := a.(type) {
	case int:
		return uint64(a), true, true
	case int64:
		return uint64(a), true, true
	case int32:
		return uint64(a), true, true
	case int16:
		return uint64(a), true, true
	case int8:
		return uint64(a), true, true
	case uint:
		return uint64(a), false, true
	case uint64:
		return a, false, true
	case uint32:
		return uint64(a), false, true
	case uint16:
		return uint64(a), false, true
	case uint8:
		return uint64(a), false, true
	}
	return 0, false, false
}
