// Command libadd is the add library of ../../add/add.idl written in Go.
// It is built as a C library, not run:
//
//	go build -buildmode=c-shared -o libadd.so ./examples/goimpl/libadd
//	go build -buildmode=c-archive -o libadd.a ./examples/goimpl/libadd
package main

import (
	"math"

	"github.com/bindgen-dev/bindgen/examples/goimpl/add"
)

// A c-shared or c-archive library runs init functions when it loads, but
// never main: Register belongs here.
func init() { add.Register(library{}) }

func main() {}

type library struct{}

// Add wraps around on overflow, as Go's (and C's unsigned) arithmetic does.
func (library) Add(a, b int32) int32 { return a + b }

func (library) AddChecked(a, b int32) (int32, error) {
	sum := int64(a) + int64(b)
	if sum > math.MaxInt32 || sum < math.MinInt32 {
		return 0, add.AddErrorOverflow
	}
	return int32(sum), nil
}
