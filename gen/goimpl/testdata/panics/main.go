// Command panics implements gen/goimpl/testdata/panics/panics.idl with
// Go code that panics and returns foreign errors, for the tests that show
// what C and Python see then.
package main

import (
	"errors"
	"fmt"
	"sync/atomic"

	"goimpltest/panics"
)

func init() { panics.Register(impl{}) }

func main() {}

type impl struct{}

func (impl) NewBomb() panics.Bomb { return &bomb{} }

func (impl) Boom(message string) uint32 { panic(message) }

type bomb struct{ ticks atomic.Uint32 }

func (b *bomb) Explode(message string) (uint32, error) {
	b.ticks.Add(1)
	panic(message)
}

func (b *bomb) Fail(code int32) error {
	b.ticks.Add(1)
	switch f := panics.Failure(code); f {
	case 0:
		return nil
	case panics.FailureBad, panics.FailureWorse:
		return fmt.Errorf("failing on request: %w", f)
	}
	return errors.New("not a Failure")
}

func (b *bomb) Half(n uint32) ([]panics.Bomb, error) {
	b.ticks.Add(1)
	out := make([]panics.Bomb, n+1)
	for i := range n {
		out[i] = &bomb{}
	}
	return out, nil
}

func (b *bomb) Ticks() uint32 { return b.ticks.Add(1) }
