package bench

// SmallStruct: the six-field struct of the Go serialization benchmarks
// (github.com/alecthomas/go_serialization_benchmarks), encoded by bindgen,
// mus-go (safe: strings copied; unsafe: strings alias the input and
// numbers are raw; bindgen-alias: WireOptions.Alias, strings alias the
// input), gogo/protobuf (protoc-gen-gogofaster) and
// protobuf-go, in one run:
//
//	cd bench && go test -run '^$' -bench Small -benchmem -count 10

import (
	"testing"

	"github.com/mus-format/mus-go/ord"
	"github.com/mus-format/mus-go/raw"
	musunsafe "github.com/mus-format/mus-go/unsafe"
	"github.com/mus-format/mus-go/varint"
	"google.golang.org/protobuf/proto"

	"github.com/bindgen-dev/bindgen/bench/gogosmall"
	"github.com/bindgen-dev/bindgen/bench/smallmsg"
	"github.com/bindgen-dev/bindgen/bench/smallpb"
)

func newSmall() smallmsg.SmallStruct {
	return smallmsg.SmallStruct{
		Name:     "Ada Lovelace",
		Birthday: -4807382400000000000, // 1815-12-10, Unix nanoseconds
		Phone:    "+44 20 7946 0958",
		Siblings: 2,
		Spouse:   true,
		Money:    1234.56,
	}
}

// musSafe is mus-go with the encodings closest to bindgen's: varint
// (zigzag) integers, length-prefixed strings copied out of the input.
type musSafe struct{}

func (musSafe) Size(v *smallmsg.SmallStruct) int {
	return ord.String.Size(v.Name) + varint.Int64.Size(v.Birthday) +
		ord.String.Size(v.Phone) + varint.Int64.Size(v.Siblings) +
		ord.Bool.Size(v.Spouse) + raw.Float64.Size(v.Money)
}

func (musSafe) Marshal(v *smallmsg.SmallStruct, bs []byte) int {
	n := ord.String.Marshal(v.Name, bs)
	n += varint.Int64.Marshal(v.Birthday, bs[n:])
	n += ord.String.Marshal(v.Phone, bs[n:])
	n += varint.Int64.Marshal(v.Siblings, bs[n:])
	n += ord.Bool.Marshal(v.Spouse, bs[n:])
	return n + raw.Float64.Marshal(v.Money, bs[n:])
}

func (musSafe) Unmarshal(bs []byte, v *smallmsg.SmallStruct) (n int, err error) {
	var n1 int
	if v.Name, n1, err = ord.String.Unmarshal(bs); err != nil {
		return
	}
	n += n1
	if v.Birthday, n1, err = varint.Int64.Unmarshal(bs[n:]); err != nil {
		return
	}
	n += n1
	if v.Phone, n1, err = ord.String.Unmarshal(bs[n:]); err != nil {
		return
	}
	n += n1
	if v.Siblings, n1, err = varint.Int64.Unmarshal(bs[n:]); err != nil {
		return
	}
	n += n1
	if v.Spouse, n1, err = ord.Bool.Unmarshal(bs[n:]); err != nil {
		return
	}
	n += n1
	v.Money, n1, err = raw.Float64.Unmarshal(bs[n:])
	return n + n1, err
}

// musUnsafe is mus-go's fastest form: its unsafe package (fixed-width
// numbers, strings that alias the input buffer).
type musUnsafe struct{}

func (musUnsafe) Size(v *smallmsg.SmallStruct) int {
	return musunsafe.String.Size(v.Name) + musunsafe.Int64.Size(v.Birthday) +
		musunsafe.String.Size(v.Phone) + musunsafe.Int64.Size(v.Siblings) +
		musunsafe.Bool.Size(v.Spouse) + musunsafe.Float64.Size(v.Money)
}

func (musUnsafe) Marshal(v *smallmsg.SmallStruct, bs []byte) int {
	n := musunsafe.String.Marshal(v.Name, bs)
	n += musunsafe.Int64.Marshal(v.Birthday, bs[n:])
	n += musunsafe.String.Marshal(v.Phone, bs[n:])
	n += musunsafe.Int64.Marshal(v.Siblings, bs[n:])
	n += musunsafe.Bool.Marshal(v.Spouse, bs[n:])
	return n + musunsafe.Float64.Marshal(v.Money, bs[n:])
}

func (musUnsafe) Unmarshal(bs []byte, v *smallmsg.SmallStruct) (n int, err error) {
	var n1 int
	if v.Name, n1, err = musunsafe.String.Unmarshal(bs); err != nil {
		return
	}
	n += n1
	if v.Birthday, n1, err = musunsafe.Int64.Unmarshal(bs[n:]); err != nil {
		return
	}
	n += n1
	if v.Phone, n1, err = musunsafe.String.Unmarshal(bs[n:]); err != nil {
		return
	}
	n += n1
	if v.Siblings, n1, err = musunsafe.Int64.Unmarshal(bs[n:]); err != nil {
		return
	}
	n += n1
	if v.Spouse, n1, err = musunsafe.Bool.Unmarshal(bs[n:]); err != nil {
		return
	}
	n += n1
	v.Money, n1, err = musunsafe.Float64.Unmarshal(bs[n:])
	return n + n1, err
}

// alias decodes strings that share the input, like mus's unsafe strings.
var alias = &smallmsg.WireOptions{Alias: true}

type smallCodec struct {
	name   string
	encode func() []byte               // into a reused buffer
	decode func([]byte) error          // into a fresh value
	back   func() smallmsg.SmallStruct // the last decoded value
}

func smallCodecs() []smallCodec {
	v := newSmall()
	buf := make([]byte, 0, 256)
	var out smallmsg.SmallStruct
	p := &smallpb.SmallStruct{Name: v.Name, Birthday: v.Birthday, Phone: v.Phone, Siblings: v.Siblings, Spouse: v.Spouse, Money: v.Money}
	g := &gogosmall.SmallStruct{Name: v.Name, Birthday: v.Birthday, Phone: v.Phone, Siblings: v.Siblings, Spouse: v.Spouse, Money: v.Money}
	var pout smallpb.SmallStruct
	var gout gogosmall.SmallStruct
	last := func() smallmsg.SmallStruct { return out }
	return []smallCodec{
		{"bindgen", func() []byte {
			buf = v.AppendWire(buf[:0])
			return buf
		}, func(b []byte) error {
			return out.UnmarshalWire(b, nil)
		}, last},
		{"bindgen-alias", func() []byte {
			buf = v.AppendWire(buf[:0])
			return buf
		}, func(b []byte) error {
			return out.UnmarshalWire(b, alias)
		}, last},
		{"mus", func() []byte {
			buf = buf[:musSafe{}.Size(&v)]
			musSafe{}.Marshal(&v, buf)
			return buf
		}, func(b []byte) error {
			out = smallmsg.SmallStruct{}
			_, err := musSafe{}.Unmarshal(b, &out)
			return err
		}, last},
		{"mus-unsafe", func() []byte {
			buf = buf[:musUnsafe{}.Size(&v)]
			musUnsafe{}.Marshal(&v, buf)
			return buf
		}, func(b []byte) error {
			out = smallmsg.SmallStruct{}
			_, err := musUnsafe{}.Unmarshal(b, &out)
			return err
		}, last},
		{"gogo", func() []byte {
			buf = buf[:g.Size()]
			if _, err := g.MarshalToSizedBuffer(buf); err != nil {
				panic(err)
			}
			return buf
		}, func(b []byte) error {
			gout = gogosmall.SmallStruct{}
			return gout.Unmarshal(b)
		}, func() smallmsg.SmallStruct {
			return smallmsg.SmallStruct{Name: gout.Name, Birthday: gout.Birthday, Phone: gout.Phone, Siblings: gout.Siblings, Spouse: gout.Spouse, Money: gout.Money}
		}},
		{"protobuf", func() []byte {
			b, err := proto.MarshalOptions{}.MarshalAppend(buf[:0], p)
			if err != nil {
				panic(err)
			}
			buf = b
			return b
		}, func(b []byte) error {
			pout.Reset()
			return proto.Unmarshal(b, &pout)
		}, func() smallmsg.SmallStruct {
			return smallmsg.SmallStruct{Name: pout.Name, Birthday: pout.Birthday, Phone: pout.Phone, Siblings: pout.Siblings, Spouse: pout.Spouse, Money: pout.Money}
		}},
	}
}

func BenchmarkSmallEncode(b *testing.B) {
	for _, c := range smallCodecs() {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.encode())))
			b.ReportAllocs()
			for b.Loop() {
				c.encode()
			}
		})
	}
}

func BenchmarkSmallDecode(b *testing.B) {
	for _, c := range smallCodecs() {
		b.Run(c.name, func(b *testing.B) {
			data := append([]byte(nil), c.encode()...)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := c.decode(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestSmallSame checks that every codec of the SmallStruct comparison
// decodes what it encoded, and that bindgen's encoder allocates nothing
// into a buffer with room.
func TestSmallSame(t *testing.T) {
	want := newSmall()
	for _, c := range smallCodecs() {
		data := append([]byte(nil), c.encode()...)
		if err := c.decode(data); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := c.back(); got != want {
			t.Errorf("%s: decoded %+v, want %+v", c.name, got, want)
		}
		t.Logf("%-10s %3d bytes", c.name, len(data))
	}
	v := newSmall()
	buf := make([]byte, 0, 256)
	if n := testing.AllocsPerRun(100, func() { buf = v.AppendWire(buf[:0]) }); n != 0 {
		t.Errorf("AppendWire allocates %v times", n)
	}
}
