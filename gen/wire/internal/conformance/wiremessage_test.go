package conformance

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWireMessage checks that every struct of the codec implements the
// WireMessage interface its methods are documented on, and that the
// interface alone is enough to encode and decode one.
func TestWireMessage(t *testing.T) {
	n := uint32(7)
	msgs := []WireMessage{
		&Scalars{I8v: -3, U64v: 1 << 40, F64v: 2.5, S: "s"},
		&Inner{ID: 9, Name: "nine"},
		&Pair{},
		&Void{},
		&Everything{OptU32: &n, Names: []string{"a"}},
		&Node{},
	}
	for _, m := range msgs {
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatalf("%T.MarshalBinary: %v", m, err)
		}
		if len(b) != m.WireSize() {
			t.Errorf("%T: MarshalBinary wrote %d bytes, WireSize says %d", m, len(b), m.WireSize())
		}
		if a := m.AppendWire([]byte{0xff}); !bytes.Equal(a[1:], b) || a[0] != 0xff {
			t.Errorf("%T: AppendWire % x, MarshalBinary % x", m, a, b)
		}
		got := reflect.New(reflect.TypeOf(m).Elem()).Interface().(WireMessage)
		if err := got.UnmarshalBinary(b); err != nil {
			t.Fatalf("%T.UnmarshalBinary: %v", m, err)
		}
		if diff := cmp.Diff(m, got); diff != "" {
			t.Errorf("%T round trip (-want +got):\n%s", m, diff)
		}
		if err := got.UnmarshalWire([]byte{0x00}, nil); err == nil {
			t.Errorf("%T.UnmarshalWire accepted tag 0", m)
		}
	}
}

// TestMarshalPooled checks what measuring an encoding by writing it into
// a pooled buffer must keep: MarshalBinary allocates once, exactly the
// encoding's length, and returns bytes no later call reuses; WireSize
// allocates nothing; a message larger than the pool keeps is measured
// right too.
func TestMarshalPooled(t *testing.T) {
	m := &Scalars{I8v: -3, U64v: 1 << 40, F64v: 2.5, S: "s"}
	first, _ := m.MarshalBinary()
	keep := bytes.Clone(first)
	if cap(first) != len(first) {
		t.Errorf("MarshalBinary: cap %d for %d bytes", cap(first), len(first))
	}
	other := &Scalars{S: "another string, longer than the first"}
	for i := 0; i < 10; i++ {
		if _, err := other.MarshalBinary(); err != nil {
			t.Fatal(err)
		}
		_ = other.WireSize()
	}
	if !bytes.Equal(first, keep) {
		t.Errorf("a later MarshalBinary changed an earlier result: % x, was % x", first, keep)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = m.MarshalBinary() }); n != 1 {
		t.Errorf("MarshalBinary allocates %v times, want 1", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = m.WireSize() }); n != 0 {
		t.Errorf("WireSize allocates %v times", n)
	}
	big := &Scalars{S: string(bytes.Repeat([]byte("x"), 100<<10))}
	for i := 0; i < 3; i++ {
		if got, want := big.WireSize(), len(big.AppendWire(nil)); got != want {
			t.Errorf("WireSize of a %d-byte message: %d", want, got)
		}
	}
	if got, want := ChoiceWireSize(ChoiceText{Value: "t"}), len(AppendChoiceWire(nil, ChoiceText{Value: "t"})); got != want {
		t.Errorf("ChoiceWireSize: %d, want %d", got, want)
	}
	if got := ChoiceWireSize(nil); got != 0 {
		t.Errorf("ChoiceWireSize(nil): %d, want 0", got)
	}
}
