// Command libcalc is testdata/calc.idl written in Go, with the semantics
// of testdata/c/calc_impl.c (stated in its header comment). It is built as
// a C library, not run:
//
//	go build -buildmode=c-shared -o libcalc.so ./examples/goimpl/libcalc
//	go build -buildmode=c-archive -o libcalc.a ./examples/goimpl/libcalc
package main

import (
	"hash/crc32"
	"math"
	"sync/atomic"

	"github.com/bindgen-dev/bindgen/examples/goimpl/calc"
)

func init() { calc.Register(library{}) }

func main() {}

type library struct{}

func (library) Add(a, b int32) int32 { return a + b }

func (library) Divide(a, b int64, mode calc.Rounding) (int64, error) {
	if b == 0 {
		return 0, calc.CalcErrorDivideByZero
	}
	if a == math.MinInt64 && b == -1 {
		return 0, calc.CalcErrorOverflow
	}
	q, r := a/b, a%b // Go truncates toward zero, as C does
	if r == 0 {
		return q, nil
	}
	negative := (a < 0) != (b < 0)
	switch mode {
	case calc.RoundingDown:
		if negative {
			q--
		}
	case calc.RoundingUp:
		if !negative {
			q++
		}
	default: // NEAREST, and any value that is not a member: ties away from zero
		ur, ub := abs(r), abs(b)
		if ur >= ub-ur {
			if negative {
				q--
			} else {
				q++
			}
		}
	}
	return q, nil
}

func abs(v int64) uint64 {
	if v < 0 {
		return -uint64(v)
	}
	return uint64(v)
}

func (library) Midpoint(s calc.Segment) calc.Point {
	return calc.Point{X: (s.From.X + s.To.X) / 2, Y: (s.From.Y + s.To.Y) / 2}
}

func (library) Greet(name string) string { return "hello, " + name }

func (library) Checksum(data []byte) uint32 { return crc32.ChecksumIEEE(data) }

func (library) Reset() {}

// accumulator is safe for concurrent use, as the C one is.
type accumulator struct {
	total    atomic.Int64
	capacity uint32
}

func (library) NewAccumulator(start int64) calc.Accumulator {
	a := &accumulator{}
	a.total.Store(start)
	return a
}

func (l library) NewAccumulatorWithCapacity(start int64, capacity uint32) (calc.Accumulator, error) {
	if capacity > calc.MaxBatch {
		return nil, calc.CalcErrorOverflow
	}
	a := l.NewAccumulator(start).(*accumulator)
	a.capacity = capacity
	return a, nil
}

func (a *accumulator) Add(x int64)  { a.total.Add(x) }
func (a *accumulator) Total() int64 { return a.total.Load() }
