package conformance

import (
	"bytes"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5eed)) }

// mutate changes s in one of the ways that find decoder bugs: flip, set,
// insert or delete bytes, truncate, or splice in a large varint.
func mutate(r *rand.Rand, s []byte) []byte {
	if len(s) == 0 {
		return append(s, byte(r.IntN(256)))
	}
	i := r.IntN(len(s))
	switch r.IntN(7) {
	case 0:
		s[i] ^= 1 << r.IntN(8)
	case 1:
		s[i] = []byte{0, 1, 0x7f, 0x80, 0xff}[r.IntN(5)]
	case 2:
		s = append(s[:i], append([]byte{byte(r.IntN(256))}, s[i:]...)...)
	case 3:
		s = append(s[:i], s[i+1:]...)
	case 4:
		s = s[:i]
	case 5:
		big := []byte{0xff, 0xff, 0xff, 0xff, 0x0f}
		s = append(s[:i], append(big, s[i:]...)...)
	case 6:
		j := r.IntN(len(s))
		s = append(s[:i], s[j:]...)
	}
	return s
}

// checkDecoder is what every fuzz target asserts: decoding never panics
// (the fuzzer catches that), and whatever decodes re-encodes to bytes that
// decode to the same value and re-encode identically (canonical form).
func checkDecoder(t *testing.T, c codec, data []byte) {
	v, err := c.decode(data, nil)
	if err != nil {
		if _, ok := err.(*WireError); !ok {
			t.Fatalf("error %T is not a *WireError: %v", err, err)
		}
		return
	}
	b1 := c.encode(v)
	if n := c.size(v); n != len(b1) {
		t.Fatalf("WireSize %d, encoded %d", n, len(b1))
	}
	v2, err := c.decode(b1, nil)
	if err != nil {
		t.Fatalf("re-decoding %x: %v", b1, err)
	}
	b2 := c.encode(v2)
	if !bytes.Equal(b1, b2) {
		t.Fatalf("not canonical:\n%x\n%x", b1, b2)
	}
}

func fuzzSeeds(f *testing.F) {
	vs, es := loadVectors(f)
	for _, v := range vs {
		f.Add(unhex(f, v.Hex))
	}
	for _, e := range es {
		f.Add(unhex(f, e.Hex))
	}
}

// One fuzz target per decoder entry point, each seeded with every vector.
// `go test` runs the seeds; `go test -fuzz=FuzzEverything` explores.

func FuzzScalars(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { checkDecoder(t, codecs["Scalars"], data) })
}

func FuzzInner(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { checkDecoder(t, codecs["Inner"], data) })
}

func FuzzChoice(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { checkDecoder(t, codecs["Choice"], data) })
}

func FuzzEverything(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { checkDecoder(t, codecs["Everything"], data) })
}

func FuzzNode(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { checkDecoder(t, codecs["Node"], data) })
}

// TestMutations runs the same checks over seeded random mutations, so
// plain `go test` covers more than the seeds.
func TestMutations(t *testing.T) {
	for _, in := range fuzzInputs(t, 50000, 2) {
		checkDecoder(t, codecs[in.typ], in.data)
	}
}

// TestRandomRoundTrip encodes random values, decodes them and compares.
func TestRandomRoundTrip(t *testing.T) {
	pkg := load(t)
	r := newRand(7)
	for i := 0; i < 3000; i++ {
		name := []string{"Everything", "Node", "Choice", "Scalars"}[i%4]
		c := codecs[name]
		v := reflect.New(c.typ)
		randValue(r, v.Elem(), declType(pkg, name), 0)
		b := c.encode(v.Interface())
		got, err := c.decode(b, nil)
		if err != nil {
			t.Fatalf("%s %x: %v", name, b, err)
		}
		if diff := cmp.Diff(v.Interface(), got, cmpOpts...); diff != "" {
			t.Fatalf("%s %x (-want +got):\n%s", name, b, diff)
		}
		if c.size(got) != len(b) {
			t.Fatalf("size")
		}
	}
}

// randomEncodings returns n encodings of random values of Everything,
// Node, Choice and Scalars in turn.
func randomEncodings(t testing.TB, n int, seed uint64) [][]byte {
	pkg := load(t)
	r := newRand(seed)
	var out [][]byte
	for i := 0; i < n; i++ {
		name := []string{"Everything", "Node", "Choice", "Scalars"}[i%4]
		c := codecs[name]
		v := reflect.New(c.typ)
		randValue(r, v.Elem(), declType(pkg, name), 0)
		out = append(out, c.encode(v.Interface()))
	}
	return out
}

// randValue fills rv with a random value of IDL type t: edge values often,
// empty containers often, depth bounded.
func randValue(r *rand.Rand, rv reflect.Value, t *idl.Type, depth int) {
	small := func() int {
		if depth > 3 {
			return 0
		}
		return r.IntN(4)
	}
	switch t.Kind {
	case idl.KindBool:
		rv.SetBool(r.IntN(2) == 1)
	case idl.KindI8, idl.KindI16, idl.KindI32, idl.KindI64, idl.KindEnum:
		bits := t.Kind.Bits()
		if t.Kind == idl.KindEnum {
			bits = 32
		}
		lo, hi := int64(-1)<<(bits-1), int64(1)<<(bits-1)-1
		switch r.IntN(5) {
		case 0:
			rv.SetInt(lo)
		case 1:
			rv.SetInt(hi)
		case 2:
			rv.SetInt(0)
		default:
			rv.SetInt(int64(r.Uint64()) >> (64 - bits + r.IntN(bits)))
		}
	case idl.KindU8, idl.KindU16, idl.KindU32, idl.KindU64:
		bits := t.Kind.Bits()
		switch r.IntN(4) {
		case 0:
			rv.SetUint(math.MaxUint64 >> (64 - bits))
		case 1:
			rv.SetUint(0)
		default:
			rv.SetUint(r.Uint64() >> (64 - bits + r.IntN(bits)))
		}
	case idl.KindF32:
		vals := []float32{0, float32(math.Copysign(0, -1)), 1.5, -3.25e10, float32(math.Inf(1)), math.MaxFloat32, math.SmallestNonzeroFloat32}
		if r.IntN(2) == 0 {
			rv.SetFloat(float64(vals[r.IntN(len(vals))]))
		} else {
			f := math.Float32frombits(r.Uint32())
			if f != f {
				f = 1 // NaN never equals itself; the vectors cover NaN bits
			}
			rv.SetFloat(float64(f))
		}
	case idl.KindF64:
		vals := []float64{0, math.Copysign(0, -1), 1.5, -1e300, math.Inf(-1), math.MaxFloat64, math.SmallestNonzeroFloat64}
		if r.IntN(2) == 0 {
			rv.SetFloat(vals[r.IntN(len(vals))])
		} else {
			rv.SetFloat(r.NormFloat64() * 1e6)
		}
	case idl.KindString:
		parts := []string{"", "a", "é", "日本", "\U0001F600", "\x00", "zz", strings.Repeat("x", 130)}
		var s string
		for k := r.IntN(3); k > 0; k-- {
			s += parts[r.IntN(len(parts))]
		}
		rv.SetString(s)
	case idl.KindBytes:
		b := make([]byte, r.IntN(5))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		if len(b) > 0 {
			rv.SetBytes(b)
		}
	case idl.KindList:
		n := small()
		if n == 0 {
			return
		}
		s := reflect.MakeSlice(rv.Type(), n, n)
		for i := 0; i < n; i++ {
			randValue(r, s.Index(i), t.Elem, depth+1)
		}
		rv.Set(s)
	case idl.KindMap:
		n := small()
		if n == 0 {
			return
		}
		m := reflect.MakeMap(rv.Type())
		for i := 0; i < n; i++ {
			k := reflect.New(rv.Type().Key()).Elem()
			v := reflect.New(rv.Type().Elem()).Elem()
			randValue(r, k, t.Key, depth+1)
			randValue(r, v, t.Elem, depth+1)
			m.SetMapIndex(k, v)
		}
		rv.Set(m)
	case idl.KindOptional:
		if r.IntN(3) == 0 || depth > 4 {
			return
		}
		if rv.Kind() == reflect.Pointer {
			p := reflect.New(rv.Type().Elem())
			randValue(r, p.Elem(), t.Elem, depth+1)
			rv.Set(p)
			return
		}
		randValue(r, rv, t.Elem, depth+1)
		if rv.IsNil() {
			randValue(r, rv, t.Elem, depth+1)
		}
	case idl.KindStruct:
		for _, f := range t.Struct().Fields {
			if r.IntN(3) == 0 {
				continue
			}
			randValue(r, rv.FieldByName(naming.GoExported(f.Name)), f.Type, depth+1)
		}
	case idl.KindUnion:
		u := t.Union()
		if r.IntN(8) == 0 {
			return // no case
		}
		c := u.Cases[r.IntN(len(u.Cases))]
		cv := reflect.New(caseTypes[naming.GoExported(u.Name)+naming.GoExported(c.Name)]).Elem()
		if c.Type != nil { // a payload-free case has no Value
			randValue(r, cv.Field(0), c.Type, depth+1)
		}
		rv.Set(cv)
	}
}
