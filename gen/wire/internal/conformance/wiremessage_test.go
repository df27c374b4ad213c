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
