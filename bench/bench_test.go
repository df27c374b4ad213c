// Package bench compares the bindgen wire codec with protobuf, msgpack,
// encoding/json and encoding/gob on the same message (order.idl and its
// twin order.proto). It is its own module so the main module does not
// depend on any of them.
//
//	cd bench && go test -bench . -benchmem -count 5
package bench

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/vmihailenco/msgpack/v5"
	"google.golang.org/protobuf/proto"

	"github.com/bindgen-dev/bindgen/bench/benchmsg"
	"github.com/bindgen-dev/bindgen/bench/pb"
)

// newOrder is the benchmark message: realistic sizes, every field set.
func newOrder() *benchmsg.Order {
	prio := uint32(3)
	o := &benchmsg.Order{
		ID:        1234567890123,
		Customer:  "Ada Lovelace",
		Email:     "ada@example.com",
		Status:    benchmsg.StatusSuspended,
		CreatedMs: 1764072000123,
		Total:     1234.56,
		Shipping:  benchmsg.Address{Street: "12 Analytical Engine Road", City: "London", Zip: 10115},
		Tags:      []string{"priority", "gift", "fragile", "express"},
		Attrs:     map[string]string{"channel": "web", "coupon": "WINTER25", "locale": "en-GB"},
		Scores:    []int32{98, -3, 1500, 42, 7, 0, 65000, -120},
		Priority:  &prio,
		Verified:  true,
	}
	for i := 0; i < 8; i++ {
		o.Items = append(o.Items, benchmsg.LineItem{
			Sku:      fmt.Sprintf("SKU-%06d", 1000+i*37),
			Quantity: uint32(1 + i%4),
			Price:    9.99 + float64(i)*3.5,
		})
	}
	return o
}

// toProto builds the same message as a protobuf value.
func toProto(o *benchmsg.Order) *pb.Order {
	p := &pb.Order{
		Id:        o.ID,
		Customer:  o.Customer,
		Email:     o.Email,
		Status:    pb.Status(o.Status),
		CreatedMs: o.CreatedMs,
		Total:     o.Total,
		Shipping:  &pb.Address{Street: o.Shipping.Street, City: o.Shipping.City, Zip: o.Shipping.Zip},
		Tags:      o.Tags,
		Attrs:     o.Attrs,
		Scores:    o.Scores,
		Priority:  o.Priority,
		Verified:  o.Verified,
	}
	for _, it := range o.Items {
		p.Items = append(p.Items, &pb.LineItem{Sku: it.Sku, Quantity: it.Quantity, Price: it.Price})
	}
	return p
}

type codec struct {
	name   string
	encode func() []byte
	decode func([]byte)
}

func codecs(tb testing.TB) []codec {
	o := newOrder()
	po := toProto(o)
	buf := make([]byte, 0, 4096)
	var gbuf bytes.Buffer
	return []codec{
		{"bindgen", func() []byte {
			buf = o.AppendWire(buf[:0])
			return buf
		}, func(b []byte) {
			var x benchmsg.Order
			if err := x.UnmarshalWire(b, nil); err != nil {
				tb.Fatal(err)
			}
		}},
		{"protobuf", func() []byte {
			b, err := proto.MarshalOptions{}.MarshalAppend(buf[:0], po)
			if err != nil {
				tb.Fatal(err)
			}
			buf = b
			return b
		}, func(b []byte) {
			var x pb.Order
			if err := proto.Unmarshal(b, &x); err != nil {
				tb.Fatal(err)
			}
		}},
		{"msgpack", func() []byte {
			b, err := msgpack.Marshal(o)
			if err != nil {
				tb.Fatal(err)
			}
			return b
		}, func(b []byte) {
			var x benchmsg.Order
			if err := msgpack.Unmarshal(b, &x); err != nil {
				tb.Fatal(err)
			}
		}},
		{"json", func() []byte {
			b, err := json.Marshal(o)
			if err != nil {
				tb.Fatal(err)
			}
			return b
		}, func(b []byte) {
			var x benchmsg.Order
			if err := json.Unmarshal(b, &x); err != nil {
				tb.Fatal(err)
			}
		}},
		// gob: one encoder per message, so the type description is part
		// of every message (a stream of many values amortizes it).
		{"gob", func() []byte {
			gbuf.Reset()
			if err := gob.NewEncoder(&gbuf).Encode(o); err != nil {
				tb.Fatal(err)
			}
			return gbuf.Bytes()
		}, func(b []byte) {
			var x benchmsg.Order
			if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&x); err != nil {
				tb.Fatal(err)
			}
		}},
	}
}

func BenchmarkEncode(b *testing.B) {
	for _, c := range codecs(b) {
		b.Run(c.name, func(b *testing.B) {
			n := len(c.encode())
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				c.encode()
			}
			b.ReportMetric(float64(n), "msg-bytes")
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	for _, c := range codecs(b) {
		b.Run(c.name, func(b *testing.B) {
			data := append([]byte(nil), c.encode()...)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				c.decode(data)
			}
			b.ReportMetric(float64(len(data)), "msg-bytes")
		})
	}
}

// TestSameMessage checks that every codec round-trips the message and
// prints the encoded sizes.
func TestSameMessage(t *testing.T) {
	o := newOrder()
	b := o.AppendWire(nil)
	var back benchmsg.Order
	if err := back.UnmarshalWire(b, nil); err != nil {
		t.Fatal(err)
	}
	pbBytes, err := proto.Marshal(toProto(o))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codecs(t) {
		data := c.encode()
		c.decode(append([]byte(nil), data...))
		t.Logf("%-9s %4d bytes (%.2fx protobuf)", c.name, len(data), float64(len(data))/float64(len(pbBytes)))
	}
	if r := float64(len(b)) / float64(len(pbBytes)); r > 1.10 {
		t.Errorf("bindgen message is %.2fx protobuf's size", r)
	}
	buf := make([]byte, 0, 4096)
	if n := testing.AllocsPerRun(100, func() { buf = o.AppendWire(buf[:0]) }); n != 0 {
		t.Errorf("AppendWire allocates %v times", n)
	}
}
