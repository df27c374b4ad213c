package geom

import (
	"errors"
	"math"
	"testing"
)

// The generated wrapper passes geom.h's own structs to geom.c by value
// and through pointers, reinterpreting Go's structs in place: the layout
// assertions of the cgo file are what make that sound.

func TestByValue(t *testing.T) {
	if got := Manhattan(Point{X: -3, Y: 4}); got != 7 {
		t.Errorf("Manhattan(-3, 4) = %d", got)
	}
	if got := Manhattan(Point{X: math.MinInt32, Y: math.MinInt32}); got != 2*-int64(math.MinInt32) {
		t.Errorf("Manhattan(min, min) = %d", got)
	}
	if got := Mid(Point{X: 2, Y: math.MaxInt32}, Point{X: 4, Y: math.MaxInt32}); got != (Point{X: 3, Y: math.MaxInt32}) {
		t.Errorf("Mid = %+v", got)
	}
	// Every field of a struct with padding in it survives both ways.
	in := Sample{Tag: 255, Value: 1.5, Count: math.MaxInt16 - 1, Ok: false}
	if got := Scale(in, -2); got != (Sample{Tag: 255, Value: -3, Count: math.MaxInt16, Ok: true}) {
		t.Errorf("Scale(%+v, -2) = %+v", in, got)
	}
}

func TestThroughPointer(t *testing.T) {
	if got := Make(math.MinInt32, math.MaxInt32); got != (Point{X: math.MinInt32, Y: math.MaxInt32}) {
		t.Errorf("Make = %+v", got)
	}
	s, err := Fill(9)
	if err != nil || s != (Sample{Tag: 9, Value: 4.5, Count: -9, Ok: true}) {
		t.Errorf("Fill(9) = %+v, %v", s, err)
	}
	var se *StatusError
	if s, err := Fill(0); !errors.As(err, &se) || se.Code != -1 || s != (Sample{}) {
		t.Errorf("Fill(0) = %+v, %v; want a *StatusError with code -1", s, err)
	}
}

func TestByConstPointer(t *testing.T) {
	a, b := Point{X: math.MinInt32, Y: 0}, Point{X: 0, Y: 3}
	if got := Dist2(a, b); got != 1<<62+9 {
		t.Errorf("Dist2 = %d", got)
	}
	if a != (Point{X: math.MinInt32, Y: 0}) {
		t.Errorf("Dist2 changed its argument: %+v", a)
	}
}
