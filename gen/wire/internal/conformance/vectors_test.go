package conformance

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	genwire "github.com/bindgen-dev/bindgen/gen/wire"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/golden"
	"github.com/bindgen-dev/bindgen/internal/naming"
)

// The shared test vectors (testdata/wire/README.md): every encoder must
// produce exactly Hex from Value, and every decoder must return Value from
// Hex. Decode-only vectors (canonical: false) hold non-canonical input that
// decoders accept.
type vector struct {
	Name      string          `json:"name"`
	Type      string          `json:"type"`
	Hex       string          `json:"hex"`
	Value     json.RawMessage `json:"value"`
	Canonical *bool           `json:"canonical,omitempty"`
	Doc       string          `json:"doc,omitempty"`
}

func (v *vector) canonical() bool { return v.Canonical == nil || *v.Canonical }

// An errVector is input every decoder must reject with Kind.
type errVector struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Hex  string `json:"hex"`
	Kind string `json:"kind"`
	Doc  string `json:"doc,omitempty"`
}

var vectorsDir = filepath.Join("..", "..", "..", "..", "testdata", "wire")

func readJSON(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(vectorsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// codec is one decoder entry point of the generated package.
type codec struct {
	typ    reflect.Type // the Go type; values are handled as pointers to it
	decode func(b []byte, o *WireOptions) (any, error)
	encode func(v any) []byte
	size   func(v any) int
}

type wireMsg interface {
	AppendWire([]byte) []byte
	WireSize() int
	UnmarshalWire([]byte, *WireOptions) error
}

func structCodec[T any, P interface {
	*T
	wireMsg
}]() codec {
	return codec{
		typ: reflect.TypeFor[T](),
		decode: func(b []byte, o *WireOptions) (any, error) {
			v := new(T)
			err := P(v).UnmarshalWire(b, o)
			return v, err
		},
		encode: func(v any) []byte { return P(v.(*T)).AppendWire(nil) },
		size:   func(v any) int { return P(v.(*T)).WireSize() },
	}
}

var codecs = map[string]codec{
	"Scalars":    structCodec[Scalars](),
	"Inner":      structCodec[Inner](),
	"Everything": structCodec[Everything](),
	"Node":       structCodec[Node](),
	"Void":       structCodec[Void](),
	"Signal": {
		typ: reflect.TypeFor[Signal](),
		decode: func(b []byte, o *WireOptions) (any, error) {
			v, err := DecodeSignalWire(b, o)
			return &v, err
		},
		encode: func(v any) []byte { return AppendSignalWire(nil, *v.(*Signal)) },
		size:   func(v any) int { return SignalWireSize(*v.(*Signal)) },
	},
	"Choice": {
		typ: reflect.TypeFor[Choice](),
		decode: func(b []byte, o *WireOptions) (any, error) {
			v, err := DecodeChoiceWire(b, o)
			return &v, err
		},
		encode: func(v any) []byte { return AppendChoiceWire(nil, *v.(*Choice)) },
		size:   func(v any) int { return ChoiceWireSize(*v.(*Choice)) },
	},
}

// caseTypes maps a union case's Go type name to its type, for building
// union values from JSON.
var caseTypes = map[string]reflect.Type{}

func init() {
	for _, v := range []any{ChoiceNum{}, ChoiceText{}, ChoiceInner{}, ChoiceMaybe{}, ChoiceFlag{},
		SignalNone{}, SignalEmpty{}, SignalCode{}, SignalStop{}, ToggleOff{}, ToggleOn{}} {
		caseTypes[reflect.TypeOf(v).Name()] = reflect.TypeOf(v)
	}
}

var kindSentinels = map[string]error{
	"truncated":  ErrWireTruncated,
	"bad tag":    ErrWireBadTag,
	"wire type":  ErrWireType,
	"bad length": ErrWireBadLength,
	"bad utf8":   ErrWireBadUTF8,
	"depth":      ErrWireDepth,
	"size":       ErrWireSize,
	"count":      ErrWireCount,
	"bad value":  ErrWireBadValue,
}

// jsonValue parses v's JSON with numbers kept exact.
func jsonValue(t testing.TB, raw json.RawMessage) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var j any
	if err := d.Decode(&j); err != nil {
		t.Fatal(err)
	}
	return j
}

// declType is the IDL type that names the declaration called name.
func declType(pkg *idl.Package, name string) *idl.Type {
	d := pkg.Lookup[name]
	t := &idl.Type{Name: name, Decl: d}
	switch d.(type) {
	case *idl.Struct:
		t.Kind = idl.KindStruct
	case *idl.Union:
		t.Kind = idl.KindUnion
	}
	return t
}

// fromJSON stores the JSON form j of a value of IDL type t into rv (see
// testdata/wire/README.md for the JSON conventions).
func fromJSON(rv reflect.Value, t *idl.Type, j any) error {
	if j == nil && (t.Kind == idl.KindOptional || t.Kind == idl.KindUnion) {
		rv.Set(reflect.Zero(rv.Type()))
		return nil
	}
	switch t.Kind {
	case idl.KindBool:
		b, ok := j.(bool)
		if !ok {
			return fmt.Errorf("want bool, got %v", j)
		}
		rv.SetBool(b)
	case idl.KindI8, idl.KindI16, idl.KindI32, idl.KindI64, idl.KindEnum:
		n, err := strconv.ParseInt(fmt.Sprint(j), 10, 64)
		if err != nil {
			return err
		}
		rv.SetInt(n)
	case idl.KindU8, idl.KindU16, idl.KindU32, idl.KindU64:
		n, err := strconv.ParseUint(fmt.Sprint(j), 10, 64)
		if err != nil {
			return err
		}
		rv.SetUint(n)
	case idl.KindF32, idl.KindF64:
		f, err := parseFloat(j, t.Kind.Bits())
		if err != nil {
			return err
		}
		rv.SetFloat(f)
	case idl.KindString:
		s, ok := j.(string)
		if !ok {
			return fmt.Errorf("want string, got %v", j)
		}
		rv.SetString(s)
	case idl.KindBytes:
		b, err := hex.DecodeString(j.(string))
		if err != nil {
			return err
		}
		rv.SetBytes(b)
	case idl.KindList:
		a := j.([]any)
		s := reflect.MakeSlice(rv.Type(), len(a), len(a))
		for i, e := range a {
			if err := fromJSON(s.Index(i), t.Elem, e); err != nil {
				return err
			}
		}
		rv.Set(s)
	case idl.KindMap:
		a := j.([]any)
		m := reflect.MakeMapWithSize(rv.Type(), len(a))
		for _, e := range a {
			kv := e.([]any)
			k := reflect.New(rv.Type().Key()).Elem()
			v := reflect.New(rv.Type().Elem()).Elem()
			if err := fromJSON(k, t.Key, kv[0]); err != nil {
				return err
			}
			if err := fromJSON(v, t.Elem, kv[1]); err != nil {
				return err
			}
			m.SetMapIndex(k, v)
		}
		rv.Set(m)
	case idl.KindOptional:
		if rv.Kind() == reflect.Pointer {
			p := reflect.New(rv.Type().Elem())
			if err := fromJSON(p.Elem(), t.Elem, j); err != nil {
				return err
			}
			rv.Set(p)
			return nil
		}
		return fromJSON(rv, t.Elem, j) // an optional union is the interface
	case idl.KindStruct:
		obj := j.(map[string]any)
		s := t.Struct()
		known := map[string]bool{}
		for _, f := range s.Fields {
			known[f.Name] = true
			fj, ok := obj[f.Name]
			if !ok {
				continue
			}
			if err := fromJSON(rv.FieldByName(naming.GoExported(f.Name)), f.Type, fj); err != nil {
				return fmt.Errorf("%s.%s: %w", s.Name, f.Name, err)
			}
		}
		for k := range obj {
			if !known[k] {
				return fmt.Errorf("struct %s has no field %q", s.Name, k)
			}
		}
	case idl.KindUnion:
		obj := j.(map[string]any)
		u := t.Union()
		uname := naming.GoExported(u.Name)
		if tag, ok := obj["?"]; ok {
			n, err := strconv.ParseUint(fmt.Sprint(tag), 10, 32)
			if err != nil {
				return err
			}
			cv := reflect.New(caseTypes[uname+"Unknown"]).Elem()
			cv.FieldByName("Tag").SetUint(n)
			rv.Set(cv)
			return nil
		}
		for _, c := range u.Cases {
			cj, ok := obj[c.Name]
			if !ok {
				continue
			}
			ct, ok := caseTypes[uname+naming.GoExported(c.Name)]
			if !ok {
				return fmt.Errorf("no Go type for case %s", c.Name)
			}
			cv := reflect.New(ct).Elem()
			if c.Type == nil {
				// A payload-free case is written {"case": null}.
				if cj != nil {
					return fmt.Errorf("case %s has no payload, got %v", c.Name, cj)
				}
				rv.Set(cv)
				return nil
			}
			if err := fromJSON(cv.Field(0), c.Type, cj); err != nil {
				return err
			}
			rv.Set(cv)
			return nil
		}
		return fmt.Errorf("union %s: no case in %v", u.Name, obj)
	default:
		return fmt.Errorf("unexpected type %s", t)
	}
	return nil
}

func init() {
	caseTypes["ChoiceUnknown"] = reflect.TypeFor[ChoiceUnknown]()
	caseTypes["SignalUnknown"] = reflect.TypeFor[SignalUnknown]()
	caseTypes["ToggleUnknown"] = reflect.TypeFor[ToggleUnknown]()
}

func parseFloat(j any, bits int) (float64, error) {
	s := fmt.Sprint(j)
	switch s {
	case "inf":
		return math.Inf(1), nil
	case "-inf":
		return math.Inf(-1), nil
	case "nan":
		return math.NaN(), nil
	}
	return strconv.ParseFloat(s, bits)
}

// cmpOpts compare decoded values: nil and empty slices and maps are the
// same value on the wire.
var cmpOpts = []cmp.Option{cmpopts.EquateEmpty()}

func loadVectors(t testing.TB) ([]vector, []errVector) {
	var vs []vector
	var es []errVector
	readJSON(t, "vectors.json", &vs)
	readJSON(t, "errors.json", &es)
	return vs, es
}

// TestVectors checks the Go codec against every vector. With -update it
// rewrites the hex of canonical vectors from the Go encoder (review the
// diff: the Python encoder must agree, TestPython checks it).
func TestVectors(t *testing.T) {
	pkg := load(t)
	vs, es := loadVectors(t)
	changed := false
	for i := range vs {
		v := &vs[i]
		t.Run(v.Name, func(t *testing.T) {
			c, ok := codecs[v.Type]
			if !ok {
				t.Fatalf("no codec for %s", v.Type)
			}
			want := reflect.New(c.typ)
			if err := fromJSON(want.Elem(), declType(pkg, v.Type), jsonValue(t, v.Value)); err != nil {
				t.Fatal(err)
			}
			if v.canonical() {
				enc := c.encode(want.Interface())
				if got := hex.EncodeToString(enc); got != strings.ReplaceAll(v.Hex, " ", "") {
					if *golden.Update {
						v.Hex = got
						changed = true
					} else {
						t.Errorf("encode:\n got %s\nwant %s", got, v.Hex)
					}
				}
				if n := c.size(want.Interface()); n != len(enc) {
					t.Errorf("WireSize %d, encoded %d bytes", n, len(enc))
				}
			}
			got, err := c.decode(unhex(t, v.Hex), nil)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if diff := cmp.Diff(want.Interface(), got, cmpOpts...); diff != "" {
				t.Errorf("decode (-want +got):\n%s", diff)
			}
			got, err = c.decode(unhex(t, v.Hex), &WireOptions{Alias: true})
			if err != nil {
				t.Fatalf("decode with Alias: %v", err)
			}
			if diff := cmp.Diff(want.Interface(), got, cmpOpts...); diff != "" {
				t.Errorf("decode with Alias (-want +got):\n%s", diff)
			}
		})
	}
	if changed {
		b, err := json.MarshalIndent(vs, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.ReplaceAll(b, []byte(`\u003c`), []byte("<"))
		if err := os.WriteFile(filepath.Join(vectorsDir, "vectors.json"), append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range es {
		t.Run("error/"+e.Name, func(t *testing.T) {
			c := codecs[e.Type]
			want, ok := kindSentinels[e.Kind]
			if !ok {
				t.Fatalf("unknown kind %q", e.Kind)
			}
			_, err := c.decode(unhex(t, e.Hex), nil)
			if !errors.Is(err, want) {
				t.Fatalf("got %v, want %s", err, e.Kind)
			}
			if _, aerr := c.decode(unhex(t, e.Hex), &WireOptions{Alias: true}); aerr == nil || aerr.Error() != err.Error() {
				t.Errorf("with Alias: got %v, want %v", aerr, err)
			}
			var we *WireError
			if !errors.As(err, &we) || we.Offset < 0 || we.Offset > len(unhex(t, e.Hex)) {
				t.Errorf("error %v has a bad offset", err)
			}
		})
	}
}

// TestAlias checks what WireOptions.Alias promises: decoded strings and
// bytes share the input (a later write to it shows through, the hazard
// the option documents), nothing is allocated for them, and without the
// option the decoded value is independent of the input.
func TestAlias(t *testing.T) {
	x := Scalars{Raw: []byte{1, 2, 3}, S: "hello", Color: 1}
	data := x.AppendWire(nil)
	var copied, aliased Scalars
	if err := copied.UnmarshalWire(data, nil); err != nil {
		t.Fatal(err)
	}
	if err := aliased.UnmarshalWire(data, &WireOptions{Alias: true}); err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte("hello"))
	j := bytes.Index(data, []byte{1, 2, 3})
	if i < 0 || j < 0 {
		t.Fatalf("encoding %x holds neither field", data)
	}
	data[i] = 'j'
	data[j] = 9
	if aliased.S != "jello" || aliased.Raw[0] != 9 {
		t.Errorf("aliased value did not follow the input: %q %v", aliased.S, aliased.Raw)
	}
	if copied.S != "hello" || copied.Raw[0] != 1 {
		t.Errorf("copied value changed with the input: %q %v", copied.S, copied.Raw)
	}
	// Appending to an aliased []byte must not write into the input: its
	// capacity ends where its bytes do.
	if j+3 >= len(data) {
		t.Fatalf("raw bytes are last in %x; the append check needs a byte after them", data)
	}
	next := data[j+3]
	_ = append(aliased.Raw, next+1)
	if data[j+3] != next {
		t.Errorf("append to an aliased []byte wrote into the input")
	}
	in := Inner{Name: "a string of some length", ID: 7}
	b := in.AppendWire(nil)
	var y Inner
	if n := testing.AllocsPerRun(100, func() {
		if err := y.UnmarshalWire(b, &WireOptions{Alias: true}); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("decoding with Alias allocates %v times", n)
	}
}

// TestLimits checks the limits and their options.
func TestLimits(t *testing.T) {
	x := Everything{Ints: []int32{1, 2, 3}, Inners: []Inner{{ID: 1}}}
	b := x.AppendWire(nil)
	var y Everything
	if err := y.UnmarshalWire(b, &WireOptions{MaxSize: len(b) - 1}); !errors.Is(err, ErrWireSize) {
		t.Errorf("MaxSize: got %v", err)
	}
	if err := y.UnmarshalWire(b, &WireOptions{MaxSize: len(b)}); err != nil {
		t.Errorf("MaxSize exact: %v", err)
	}
	if err := y.UnmarshalWire(b, &WireOptions{MaxCount: 2}); !errors.Is(err, ErrWireCount) {
		t.Errorf("MaxCount: got %v", err)
	}
	if err := y.UnmarshalWire(b, &WireOptions{MaxCount: 3}); err != nil {
		t.Errorf("MaxCount exact: %v", err)
	}
	// Everything (1) > inners list (2) > Inner (3).
	if err := y.UnmarshalWire(b, &WireOptions{MaxDepth: 2}); !errors.Is(err, ErrWireDepth) {
		t.Errorf("MaxDepth: got %v", err)
	}
	if err := y.UnmarshalWire(b, &WireOptions{MaxDepth: 3}); err != nil {
		t.Errorf("MaxDepth exact: %v", err)
	}
	// A Node chain past the depth limit is rejected with a depth error
	// before the decoder recurses any further (four times the limit is as
	// good as any length: nothing past depth 101 is ever read).
	deep := []byte{}
	for range 4 * genwire.DefaultMaxDepth {
		deep = append(append([]byte{0x1a}, genwire.AppendUvarint(nil, uint64(len(deep)))...), deep...)
	}
	var n Node
	if err := n.UnmarshalWire(deep, nil); !errors.Is(err, ErrWireDepth) {
		t.Errorf("deep chain: got %v", err)
	}
}

// TestEncodeAllocs: encoding into a buffer with room allocates nothing.
func TestEncodeAllocs(t *testing.T) {
	var x Everything
	fromVector(t, "everything", &x)
	buf := make([]byte, 0, x.WireSize())
	if n := testing.AllocsPerRun(100, func() { buf = x.AppendWire(buf[:0]) }); n != 0 {
		t.Errorf("AppendWire allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = x.WireSize() }); n != 0 {
		t.Errorf("WireSize allocates %v times", n)
	}
	var c Choice = ChoiceInner{Value: Inner{ID: 1, Name: "x"}}
	if n := testing.AllocsPerRun(100, func() { buf = AppendChoiceWire(buf[:0], c) }); n != 0 {
		t.Errorf("AppendChoiceWire allocates %v times", n)
	}
}

// TestBinaryMarshaler checks the encoding.Binary(Un)Marshaler methods.
func TestBinaryMarshaler(t *testing.T) {
	var x Everything
	fromVector(t, "everything", &x)
	b, err := x.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var y Everything
	if err := y.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(x, y, cmpOpts...); diff != "" {
		t.Error(diff)
	}
	// An unknown case is encoded as no case; in an optional, as absent.
	u := Everything{OptChoices: []Choice{ChoiceUnknown{Tag: 9}}, OptChoice: ChoiceUnknown{Tag: 9}, Choice: ChoiceUnknown{Tag: 9}}
	n := Everything{OptChoices: []Choice{nil}}
	if a, b := u.AppendWire(nil), n.AppendWire(nil); !bytes.Equal(a, b) {
		t.Errorf("unknown cases: %x, want %x", a, b)
	}
	cb, _ := ChoiceText{Value: "hi"}.MarshalBinary()
	if got, _ := DecodeChoiceWire(cb, nil); got != (ChoiceText{Value: "hi"}) {
		t.Errorf("choice round trip: %v", got)
	}
}

// fromVector fills v (a pointer) with the value of the named vector.
func fromVector(t testing.TB, name string, v any) {
	t.Helper()
	pkg := load(t)
	vs, _ := loadVectors(t)
	for _, vec := range vs {
		if vec.Name == name {
			if err := fromJSON(reflect.ValueOf(v).Elem(), declType(pkg, vec.Type), jsonValue(t, vec.Value)); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no vector %q", name)
}

// ---- Python ----

// pyLit spells the JSON value j of IDL type t as a Python expression over
// the conformance module.
func pyLit(t *idl.Type, j any) string {
	if j == nil && (t.Kind == idl.KindOptional || t.Kind == idl.KindUnion) {
		return "None"
	}
	switch t.Kind {
	case idl.KindBool:
		if j.(bool) {
			return "True"
		}
		return "False"
	case idl.KindEnum:
		n, _ := strconv.ParseInt(fmt.Sprint(j), 10, 64)
		for _, m := range t.Enum().Members {
			if m.Value == n {
				return naming.PyClass(t.Enum().Name) + "." + naming.PyConst(m.Name)
			}
		}
		return fmt.Sprint(n)
	case idl.KindF32, idl.KindF64:
		f, _ := parseFloat(j, t.Kind.Bits())
		return fmt.Sprintf("_f(%q)", strconv.FormatUint(math.Float64bits(f), 16))
	case idl.KindString:
		return strconv.Quote(j.(string))
	case idl.KindBytes:
		return fmt.Sprintf("bytes.fromhex(%q)", j.(string))
	case idl.KindList:
		var parts []string
		for _, e := range j.([]any) {
			parts = append(parts, pyLit(t.Elem, e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case idl.KindMap:
		var parts []string
		for _, e := range j.([]any) {
			kv := e.([]any)
			parts = append(parts, pyLit(t.Key, kv[0])+": "+pyLit(t.Elem, kv[1]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case idl.KindOptional:
		return pyLit(t.Elem, j)
	case idl.KindStruct:
		obj := j.(map[string]any)
		s := t.Struct()
		var parts []string
		for _, f := range s.Fields {
			if fj, ok := obj[f.Name]; ok {
				parts = append(parts, naming.PyName(f.Name)+"="+pyLit(f.Type, fj))
			} else if f.Type.Kind == idl.KindUnion {
				// An absent union decodes to None (no case), not to the
				// dataclass default.
				parts = append(parts, naming.PyName(f.Name)+"=None")
			}
		}
		return naming.PyClass(s.Name) + "(" + strings.Join(parts, ", ") + ")"
	case idl.KindUnion:
		obj := j.(map[string]any)
		u := t.Union()
		if tag, ok := obj["?"]; ok {
			// "data" documents the skipped bytes; no decoder keeps them
			// (docs/wire.md: an unknown case is dropped to its tag).
			return fmt.Sprintf("%sUnknown(tag=%v)", naming.PyClass(u.Name), tag)
		}
		for _, c := range u.Cases {
			if cj, ok := obj[c.Name]; ok {
				if c.Type == nil {
					return naming.PyClass(u.Name) + naming.PyClass(c.Name) + "()"
				}
				return naming.PyClass(u.Name) + naming.PyClass(c.Name) + "(" + pyLit(c.Type, cj) + ")"
			}
		}
	}
	if t.Kind.IsInteger() {
		return fmt.Sprint(j)
	}
	panic("pyLit: " + t.String())
}

// pySetup writes the generated Python modules, the vectors as Python
// values and the checker into a temporary directory.
func pySetup(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range generateAll(t) {
		if strings.HasSuffix(name, ".py") {
			if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	pkg := load(t)
	vs, es := loadVectors(t)
	var b strings.Builder
	b.WriteString("# Generated by vectors_test.go.\nfrom conformance import *\nimport struct\n\n")
	b.WriteString("def _f(h: str) -> float:\n    return float(struct.unpack('<d', int(h, 16).to_bytes(8, 'little'))[0])\n\n")
	b.WriteString("VECTORS = [\n")
	for _, v := range vs {
		fmt.Fprintf(&b, "    (%q, %q, %q, %v, lambda: %s),\n", v.Name, naming.PyName(v.Type), strings.ReplaceAll(v.Hex, " ", ""),
			map[bool]string{true: "True", false: "False"}[v.canonical()], pyLit(declType(pkg, v.Type), jsonValue(t, v.Value)))
	}
	b.WriteString("]\n\nERRORS = [\n")
	for _, e := range es {
		code := 0
		for _, k := range genwire.ErrorKinds {
			if k.Text == e.Kind {
				code = k.Code
			}
		}
		fmt.Fprintf(&b, "    (%q, %q, %q, %d),\n", e.Name, naming.PyName(e.Type), strings.ReplaceAll(e.Hex, " ", ""), code)
	}
	b.WriteString("]\n")
	if err := os.WriteFile(filepath.Join(dir, "vectors_gen.py"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"check.py"} {
		src, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runPython(t *testing.T, dir string, args ...string) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Fatalf("python3 is required: %v", err)
	}
	cmd := exec.Command(py, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python3 %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestPython runs the Python codec over the same vectors, then over random
// values encoded by Go (decode, re-encode: the same bytes), then over the
// fuzz corpus and mutations of it (only WireError may escape).
func TestPython(t *testing.T) {
	dir := pySetup(t)
	// Random values encoded by Go.
	var rnd bytes.Buffer
	for i, b := range randomEncodings(t, 2000, 1) {
		fmt.Fprintf(&rnd, "%s %x\n", []string{"everything", "node", "choice", "scalars"}[i%4], b)
	}
	if err := os.WriteFile(filepath.Join(dir, "random.txt"), rnd.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// Fuzz inputs: every vector and mutations of it.
	var fz bytes.Buffer
	for _, in := range fuzzInputs(t, 20000, 1) {
		fmt.Fprintf(&fz, "%s %x\n", naming.PyName(in.typ), in.data)
	}
	if err := os.WriteFile(filepath.Join(dir, "fuzz.txt"), fz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := runPython(t, dir, "check.py", "random.txt", "fuzz.txt")
	t.Log(out)
}

// TestPythonMypy: the generated Python passes mypy --strict.
func TestPythonMypy(t *testing.T) {
	dir := pySetup(t)
	out := runPython(t, dir, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", filepath.Join(dir, ".mypy"), "conformance_wire.py")
	t.Log(out)
}

type fuzzInput struct {
	typ  string
	data []byte
}

// fuzzInputs returns every vector's bytes under every decoder, and n
// random mutations of them (seeded, reproducible).
func fuzzInputs(t testing.TB, n int, seed uint64) []fuzzInput {
	vs, es := loadVectors(t)
	var seeds [][]byte
	for _, v := range vs {
		seeds = append(seeds, unhex(t, v.Hex))
	}
	for _, e := range es {
		seeds = append(seeds, unhex(t, e.Hex))
	}
	types := make([]string, 0, len(codecs))
	for name := range codecs {
		types = append(types, name)
	}
	sort.Strings(types)
	var out []fuzzInput
	for _, s := range seeds {
		for _, ty := range types {
			out = append(out, fuzzInput{ty, s})
		}
	}
	r := newRand(seed)
	for i := 0; i < n; i++ {
		s := append([]byte(nil), seeds[r.IntN(len(seeds))]...)
		for k := 1 + r.IntN(4); k > 0; k-- {
			s = mutate(r, s)
		}
		out = append(out, fuzzInput{types[r.IntN(len(types))], s})
	}
	return out
}

// TestHostileCountAllocation: a list count backed by bytes that do not
// decode reserves at most a few bytes of memory per input byte.
func TestHostileCountAllocation(t *testing.T) {
	const n = 1 << 20
	payload := append(genwire.AppendUvarint(nil, n), bytes.Repeat([]byte{0xff}, n)...)
	in := append([]byte{0x52}, genwire.AppendUvarint(nil, uint64(len(payload)))...) // @10 inners
	in = append(in, payload...)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var x Everything
	err := x.UnmarshalWire(in, nil)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("hostile input decoded")
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 10*uint64(len(in)) {
		t.Errorf("decoding %d hostile bytes allocated %d bytes", len(in), got)
	}
}
