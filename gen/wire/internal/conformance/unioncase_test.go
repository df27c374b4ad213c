package conformance

import (
	"bytes"
	"reflect"
	"testing"
)

// TestUnionPointerCases: a pointer to a union case encodes as the case it
// points to, with the same size, and a nil pointer to a case as the union
// with no case, for every case of Choice, alone and as a field.
func TestUnionPointerCases(t *testing.T) {
	u := uint32(300)
	cases := []struct{ val, ptr Choice }{
		{ChoiceNum{Value: -70}, &ChoiceNum{Value: -70}},
		{ChoiceText{Value: "naïve"}, &ChoiceText{Value: "naïve"}},
		{ChoiceInner{Value: Inner{ID: 2, Name: "in"}}, &ChoiceInner{Value: Inner{ID: 2, Name: "in"}}},
		{ChoiceMaybe{Value: &u}, &ChoiceMaybe{Value: &u}},
		{ChoiceFlag{Value: true}, &ChoiceFlag{Value: true}},
	}
	for _, c := range cases {
		want := AppendChoiceWire(nil, c.val)
		if len(want) == 0 {
			t.Fatalf("%T encodes to nothing", c.val)
		}
		if got := AppendChoiceWire(nil, c.ptr); !bytes.Equal(got, want) {
			t.Errorf("%T: pointer encodes to % x, the case to % x", c.ptr, got, want)
		}
		if got := ChoiceWireSize(c.ptr); got != len(want) {
			t.Errorf("%T: pointer's size %d, encoding %d bytes", c.ptr, got, len(want))
		}
		back, err := DecodeChoiceWire(want, nil)
		if err != nil || !reflect.DeepEqual(back, c.val) {
			t.Errorf("%T: decodes to %#v, %v", c.val, back, err)
		}
	}
	for _, nilCase := range []Choice{(*ChoiceNum)(nil), (*ChoiceText)(nil), (*ChoiceInner)(nil), (*ChoiceMaybe)(nil), (*ChoiceFlag)(nil)} {
		if got := AppendChoiceWire([]byte{7}, nilCase); !bytes.Equal(got, []byte{7}) || ChoiceWireSize(nilCase) != 0 {
			t.Errorf("nil %T encodes to % x (size %d), want nothing", nilCase, got[1:], ChoiceWireSize(nilCase))
		}
	}
}
