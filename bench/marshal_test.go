package bench

import "testing"

// BenchmarkMarshalBinary measures the Go codec's MarshalBinary (a new
// buffer of the exact length) and WireSize on Order and SmallStruct.
func BenchmarkMarshalBinary(b *testing.B) {
	o := newOrder()
	s := newSmall()
	for _, c := range []struct {
		name string
		m    interface {
			MarshalBinary() ([]byte, error)
			WireSize() int
		}
	}{{"order", o}, {"small", &s}} {
		b.Run(c.name+"/marshal", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.m.MarshalBinary(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/size", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if c.m.WireSize() == 0 {
					b.Fatal("empty")
				}
			}
		})
	}
}
