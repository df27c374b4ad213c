package smallmsg

// A measurement, not a codec: SmallStruct's decoder and encoder written
// table-driven (one table of key, kind and field offset per struct, read
// by one loop for every struct) beside the generated code, which is one
// function per struct. A table is about a third of the bytes of the
// generated functions it would replace, so it is the form that would
// bring the Go codec to a third of its size on large schemas; these
// benchmarks measure what it costs per operation. The table loop calls
// the same runtime readers and writers as the generated code, so the
// difference is the loop itself: the kind switch and the field address
// computed from the table. docs/benchmarks.md ("Go: a table-driven codec,
// measured and left") has the figures.

import (
	"testing"
	"unsafe"
)

type tableKind uint8

const (
	tableStr tableKind = iota + 1
	tableI64
	tableBool
	tableF64
)

type tableField struct {
	key  uint8
	kind tableKind
	off  uintptr
}

// tableSmall holds SmallStruct's fields in tag order; a field's tag is
// its index + 1.
var tableSmall = []tableField{
	{0x0a, tableStr, unsafe.Offsetof(SmallStruct{}.Name)},
	{0x10, tableI64, unsafe.Offsetof(SmallStruct{}.Birthday)},
	{0x1a, tableStr, unsafe.Offsetof(SmallStruct{}.Phone)},
	{0x20, tableI64, unsafe.Offsetof(SmallStruct{}.Siblings)},
	{0x28, tableBool, unsafe.Offsetof(SmallStruct{}.Spouse)},
	{0x31, tableF64, unsafe.Offsetof(SmallStruct{}.Money)},
}

func tableDecode(t []tableField, p unsafe.Pointer, d *wireDecoder, end int) error {
	for d.pos < end {
		at := d.pos
		key := uint64(d.buf[at])
		d.pos++
		var err error
	again:
		if i := key>>3 - 1; i < uint64(len(t)) && uint64(t[i].key) == key {
			fp := unsafe.Add(p, t[i].off)
			switch t[i].kind {
			case tableStr:
				err = d.readStr(end, (*string)(fp))
			case tableI64:
				if !wireI1(d, end, (*int64)(fp)) {
					err = wireSlowInt(d, end, (*int64)(fp))
				}
			case tableBool:
				if !wireB1(d, end, (*bool)(fp)) {
					err = d.slowBool(end, (*bool)(fp))
				}
			case tableF64:
				err = d.readF64(end, (*float64)(fp))
			}
		} else if key, err = d.next(key, at, end, key>>3 <= uint64(len(t))); key != 0 {
			goto again
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func tableEncode(t []tableField, p unsafe.Pointer, b []byte) []byte {
	for i := range t {
		fp := unsafe.Add(p, t[i].off)
		switch t[i].kind {
		case tableStr:
			b = wireEncS(b, t[i].key, *(*string)(fp))
		case tableI64:
			b = wireEncV(b, t[i].key, wireZigzag(*(*int64)(fp)))
		case tableBool:
			b = wireEncB(b, t[i].key, *(*bool)(fp))
		case tableF64:
			b = wireEncF64(b, t[i].key, *(*float64)(fp))
		}
	}
	return b
}

func (x *SmallStruct) unmarshalTable(data []byte, o *WireOptions) error {
	*x = SmallStruct{}
	var d wireDecoder
	return d.close(tableDecode(tableSmall, unsafe.Pointer(x), &d, d.init(data, o)))
}

func (x *SmallStruct) appendTable(b []byte) []byte {
	return tableEncode(tableSmall, unsafe.Pointer(x), b)
}

func tableSample() SmallStruct {
	return SmallStruct{Name: "Ada Lovelace", Birthday: -4807382400000000000,
		Phone: "+44 20 7946 0958", Siblings: 2, Spouse: true, Money: 1234.56}
}

// TestTableSame checks that the table-driven experiment is the same codec
// as the generated one, so that its benchmarks compare like with like:
// the same bytes out, the same value back, and the same error for every
// truncation of the input and for unknown and repeated fields.
func TestTableSame(t *testing.T) {
	v := tableSample()
	enc := v.AppendWire(nil)
	if got := v.appendTable(nil); string(got) != string(enc) {
		t.Fatalf("table encoding % x, generated % x", got, enc)
	}
	if got := (&SmallStruct{}).appendTable(nil); len(got) != 0 {
		t.Fatalf("the zero value encodes to % x, want nothing", got)
	}
	inputs := [][]byte{enc, append(append([]byte{}, enc...), enc...),
		append([]byte{0x38, 0x05, 0x42, 0x01, 0x00}, enc...), {0x0a, 0x02, 0xff, 0xfe}, {0x08, 0x01}}
	for n := range enc {
		inputs = append(inputs, enc[:n])
	}
	for _, in := range inputs {
		var a, b SmallStruct
		errA, errB := a.UnmarshalWire(in, nil), b.unmarshalTable(in, nil)
		if a != b || (errA == nil) != (errB == nil) || (errA != nil && errA.Error() != errB.Error()) {
			t.Errorf("% x: generated %+v, %v; table %+v, %v", in, a, errA, b, errB)
		}
	}
}

func BenchmarkTable(b *testing.B) {
	v := tableSample()
	data := v.AppendWire(nil)
	buf := make([]byte, 0, 256)
	var out SmallStruct
	for _, c := range []struct {
		name string
		f    func() error
	}{
		{"encode/generated", func() error { buf = v.AppendWire(buf[:0]); return nil }},
		{"encode/table", func() error { buf = v.appendTable(buf[:0]); return nil }},
		{"decode/generated", func() error { return out.UnmarshalWire(data, nil) }},
		{"decode/table", func() error { return out.unmarshalTable(data, nil) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.f(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
