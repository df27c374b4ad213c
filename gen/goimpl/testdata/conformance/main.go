// Command conformance is testdata/conformance.idl implemented in Go: the
// same behaviour as testdata/c/conformance_impl.c (whose header comment is
// the specification), built with -buildmode=c-shared or c-archive behind
// the generated conformance.h. gen/goimpl's tests run the Python
// conformance suite and the C conformance driver against it unchanged.
//
// Go needs no copies where C does: every input arrives as a fresh Go value
// and every output is copied into C memory by the generated code, so the
// echoes return their argument.
package main

import (
	"strconv"
	"strings"
	"sync"

	"goimpltest/conformance"
)

func init() { conformance.Register(impl{}) }

func main() {}

type impl struct{}

func (impl) EchoBool(v bool) bool                            { return v }
func (impl) EchoI8(v int8) int8                              { return v }
func (impl) EchoI16(v int16) int16                           { return v }
func (impl) EchoI32(v int32) int32                           { return v }
func (impl) EchoI64(v int64) int64                           { return v }
func (impl) EchoU8(v uint8) uint8                            { return v }
func (impl) EchoU16(v uint16) uint16                         { return v }
func (impl) EchoU32(v uint32) uint32                         { return v }
func (impl) EchoU64(v uint64) uint64                         { return v }
func (impl) EchoF32(v float32) float32                       { return v }
func (impl) EchoF64(v float64) float64                       { return v }
func (impl) EchoColor(v conformance.Color) conformance.Color { return v }
func (impl) EchoString(v string) string                      { return v }
func (impl) EchoBytes(v []byte) []byte                       { return v }
func (impl) EchoScalars(v conformance.Scalars) conformance.Scalars {
	return v
}
func (impl) EchoBlob(v conformance.Blob) conformance.Blob             { return v }
func (impl) EchoKeywords(v conformance.Keywords) conformance.Keywords { return v }
func (impl) EchoLists(v conformance.Lists) conformance.Lists          { return v }
func (impl) EchoMaps(v conformance.Maps) conformance.Maps             { return v }
func (impl) EchoOptionals(v conformance.Optionals) conformance.Optionals {
	return v
}
func (impl) EchoValue(v conformance.Value) conformance.Value { return v }
func (impl) EchoTree(v conformance.Tree) conformance.Tree    { return v }
func (impl) EchoExpr(v conformance.Expr) conformance.Expr    { return v }
func (impl) EchoEverything(v conformance.Everything) conformance.Everything {
	return v
}
func (impl) EchoListF64(v []float64) []float64                             { return v }
func (impl) EchoListString(v []string) []string                            { return v }
func (impl) EchoListScalars(v []conformance.Scalars) []conformance.Scalars { return v }
func (impl) EchoMap(v conformance.Map[conformance.Color, []string]) conformance.Map[conformance.Color, []string] {
	return v
}
func (impl) EchoOptI32(v *int32) *int32                                  { return v }
func (impl) EchoOptString(v *string) *string                             { return v }
func (impl) EchoOptBlob(v *conformance.Blob) *conformance.Blob           { return v }
func (impl) EchoOptValue(v conformance.Value) conformance.Value          { return v }
func (impl) EchoOptList(v *[]conformance.Scalars) *[]conformance.Scalars { return v }
func (impl) EchoEmpty(v conformance.Void) conformance.Void               { return v }
func (impl) EchoSignal(v conformance.Signal) conformance.Signal          { return v }
func (impl) EchoToggle(v conformance.Toggle) conformance.Toggle          { return v }
func (impl) EchoHollow(v conformance.Hollow) conformance.Hollow          { return v }
func (impl) EchoEmpties(v []conformance.Void) []conformance.Void         { return v }
func (impl) EchoOptEmpty(v *conformance.Void) *conformance.Void          { return v }

func (impl) ScalarsFrom(flag bool, tiny int8, small int16, medium int32, large int64, byte_ uint8, word uint16, dword uint32, qword uint64, single float32, double float64, color conformance.Color) conformance.Scalars {
	return conformance.Scalars{Flag: flag, Tiny: tiny, Small: small, Medium: medium, Large: large, Byte: byte_, Word: word, Dword: dword, Qword: qword, Single: single, Double: double, Color: color}
}

func (impl) MakeKeywords(from int32, class string, default_ bool, type_ *uint8) conformance.Keywords {
	return conformance.Keywords{From: from, Class: class, Default: default_, Type: type_}
}

func (impl) Concat(parts []string, sep string) string { return strings.Join(parts, sep) }

func (impl) Split(text string, sep uint8) []string { return strings.Split(text, string([]byte{sep})) }

func (impl) Iota(n uint32) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i)
	}
	return out
}

func (impl) Sum(values []int64) int64 {
	var s int64
	for _, v := range values {
		s += v // wraps, as in C's unsigned arithmetic
	}
	return s
}

func (impl) ReverseBytes(data []byte) []byte {
	for i, j := 0, len(data)-1; i < j; i, j = i+1, j-1 {
		data[i], data[j] = data[j], data[i]
	}
	return data
}

func (impl) Lengths(m conformance.Map[string, []byte]) conformance.Map[string, uint64] {
	out := conformance.Map[string, uint64]{Keys: m.Keys, Values: make([]uint64, len(m.Keys))}
	for i, v := range m.Values {
		out.Values[i] = uint64(len(v))
	}
	return out
}

func (impl) OrDefault(v *float64, fallback float64) float64 {
	if v != nil {
		return *v
	}
	return fallback
}

func (impl) Describe(v conformance.Value) string {
	switch v.(type) {
	case conformance.ValueFlag:
		return "flag"
	case conformance.ValueInteger:
		return "integer"
	case conformance.ValueReal:
		return "real"
	case conformance.ValueText:
		return "text"
	case conformance.ValueData:
		return "data"
	case conformance.ValueColor:
		return "color"
	case conformance.ValueScalars:
		return "scalars"
	case conformance.ValueBlob:
		return "blob"
	case conformance.ValueItems:
		return "items"
	case conformance.ValueTable:
		return "table"
	case conformance.ValueMaybe:
		return "maybe"
	case conformance.ValueTree:
		return "tree"
	case conformance.ValueNested:
		return "nested"
	case conformance.ValueEmptyList:
		return "empty_list"
	}
	return "unknown"
}

func tree(label string, depth, fanout uint8) conformance.Tree {
	t := conformance.Tree{Label: label}
	if depth > 0 && fanout > 0 {
		t.Children = make([]conformance.Tree, fanout)
		for i := range t.Children {
			t.Children[i] = tree(label+"."+strconv.Itoa(i), depth-1, fanout)
		}
	}
	return t
}

func (impl) MakeTree(depth uint8, fanout uint8) conformance.Tree { return tree("t", depth, fanout) }

func (i impl) TreeSize(t conformance.Tree) uint64 {
	n := uint64(1)
	for _, c := range t.Children {
		n += i.TreeSize(c)
	}
	if t.Next != nil {
		n += i.TreeSize(*t.Next)
	}
	return n
}

func (i impl) Eval(e conformance.Expr) (int64, error) {
	switch e := e.(type) {
	case conformance.ExprLiteral:
		return e.Value, nil
	case conformance.ExprName:
		switch e.Value {
		case "zero":
			return 0, nil
		case "one":
			return 1, nil
		case "answer":
			return 42, nil
		}
		return 0, conformance.ConfErrorNotFound
	case conformance.ExprSum:
		var s int64
		for _, t := range e.Value {
			x, err := i.Eval(t)
			if err != nil {
				return 0, err
			}
			s += x
		}
		return s, nil
	case conformance.ExprNegate:
		if e.Value.Operand == nil {
			return 0, conformance.ConfErrorInvalid
		}
		x, err := i.Eval(e.Value.Operand)
		if err != nil {
			return 0, err
		}
		return -x, nil
	}
	return 0, conformance.ConfErrorInvalid
}

func (impl) ParseColor(name string) (conformance.Color, error) {
	for _, c := range []conformance.Color{conformance.ColorRed, conformance.ColorGreen, conformance.ColorBlue, conformance.ColorInfrared} {
		if c.String() == name {
			return c, nil
		}
	}
	return 0, conformance.ConfErrorNotFound
}

func (impl) Check(ok bool) error {
	if !ok {
		return conformance.ConfErrorRequested
	}
	return nil
}

func (impl) EchoOrFail(v conformance.Everything, fail bool) (conformance.Everything, error) {
	if fail {
		return conformance.Everything{}, conformance.ConfErrorRequested
	}
	return v, nil
}

func (impl) Noop() {}

func (impl) CountEmpty(a conformance.Void, e *conformance.Void) uint32 {
	if e != nil {
		return 2
	}
	return 1
}

// SignalTag is the tag of s as C sees it: the Go form of a union has no
// tag field, so each case names its own.
func (impl) SignalTag(s conformance.Signal) uint32 {
	switch s := s.(type) {
	case conformance.SignalNone:
		return 1
	case conformance.SignalEmpty:
		return 2
	case conformance.SignalCode:
		return 3
	case conformance.SignalStop:
		return 5
	case conformance.SignalUnknown:
		return s.Tag
	}
	return 0 // absent
}

// store is the Store: an ordered map under a mutex, holding the Go values
// it was given (they are its own: the generated code lifted them).
type store struct {
	mu       sync.Mutex
	capacity uint32 // 0: no limit
	keys     []string
	values   []conformance.Value
}

func (impl) NewStore() conformance.Store { return &store{} }

func (impl) NewStoreWithCapacity(capacity uint32) (conformance.Store, error) {
	if capacity == 0 {
		return nil, conformance.ConfErrorInvalid
	}
	return &store{capacity: capacity}, nil
}

// put is Put with s.mu held.
func (s *store) put(key string, value conformance.Value) error {
	for i, k := range s.keys {
		if k == key {
			s.values[i] = value
			return nil
		}
	}
	if s.capacity != 0 && uint32(len(s.keys)) >= s.capacity {
		return conformance.ConfErrorFull
	}
	s.keys = append(s.keys, key)
	s.values = append(s.values, value)
	return nil
}

func (s *store) Put(key string, value conformance.Value) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.put(key, value)
}

func (s *store) get(key string) (conformance.Value, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, k := range s.keys {
		if k == key {
			return s.values[i], true
		}
	}
	return nil, false
}

func (s *store) Get(key string) conformance.Value {
	v, _ := s.get(key)
	return v
}

func (s *store) Fetch(key string) (conformance.Value, error) {
	v, ok := s.get(key)
	if !ok {
		return nil, conformance.ConfErrorNotFound
	}
	return v, nil
}

func (s *store) Keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.keys...)
}

func (s *store) Size() uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return uint32(len(s.keys))
}

// clone copies the entries. Values are never changed in place (put
// replaces them), so sharing them is a copy.
func (s *store) clone() *store {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &store{capacity: s.capacity, keys: append([]string(nil), s.keys...), values: append([]conformance.Value(nil), s.values...)}
}

func (s *store) Clone() conformance.Store { return s.clone() }

func (s *store) Merge(other conformance.Store) error {
	// Snapshot other under its lock, then put under ours: never two locks
	// at once, and merging a store into itself works.
	snap := other.(*store).clone()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, k := range snap.keys {
		if err := s.put(k, snap.values[i]); err != nil {
			return err
		}
	}
	return nil
}

func (s *store) Pick(other conformance.Store) conformance.Store {
	if other == nil || other.Size() == 0 {
		return nil
	}
	return other.Clone()
}

func (*store) EchoEmpty(e conformance.Void) conformance.Void { return e }

func (impl) StoreSize(st conformance.Store) uint32 { return st.Size() }

func (impl) StoreWith(key string, value conformance.Value) conformance.Store {
	s := &store{}
	s.put(key, value)
	return s
}

func (impl) MaybeStore(make_ bool) conformance.Store {
	if make_ {
		return &store{}
	}
	return nil
}

func sizeOrZero(st conformance.Store) uint32 {
	if st == nil {
		return 0
	}
	return st.Size()
}

func (impl) SizeOrZero(st conformance.Store) uint32 { return sizeOrZero(st) }

func (i impl) ShelfSize(s conformance.Shelf) uint64 {
	n := uint64(sizeOrZero(s.Main)) + uint64(sizeOrZero(s.Spare))
	for _, st := range s.Stores {
		n += uint64(sizeOrZero(st))
	}
	for _, st := range s.Gaps {
		n += uint64(sizeOrZero(st))
	}
	for _, st := range s.Named.Values {
		n += uint64(sizeOrZero(st))
	}
	if s.Below != nil {
		n += i.ShelfSize(*s.Below)
	}
	return n
}

func withInt(key string, v int64) *store {
	return &store{keys: []string{key}, values: []conformance.Value{conformance.ValueInteger{Value: v}}}
}

func (i impl) MakeShelf(label string, n uint32) conformance.Shelf {
	s := conformance.Shelf{Label: label, Main: withInt("main", int64(n))}
	if n%2 == 1 {
		s.Spare = &store{}
	}
	for k := uint32(0); k < n; k++ {
		st := &store{}
		for j := uint32(0); j < k; j++ {
			st.put("k"+strconv.Itoa(int(j)), conformance.ValueInteger{Value: int64(j)})
		}
		s.Stores = append(s.Stores, st)
		s.Named.Put("s"+strconv.Itoa(int(k)), withInt(strconv.Itoa(int(k)), int64(k)))
	}
	s.Gaps = []conformance.Store{nil, withInt("g", 1)}
	if n > 0 {
		below := i.MakeShelf(label, n-1)
		s.Below = &below
	}
	return s
}

func cloneOrNil(st conformance.Store) conformance.Store {
	if st == nil {
		return nil
	}
	return st.Clone()
}

func cloneAll(v []conformance.Store) []conformance.Store {
	out := make([]conformance.Store, len(v))
	for i, st := range v {
		out[i] = cloneOrNil(st)
	}
	return out
}

func (i impl) CloneShelf(s conformance.Shelf) conformance.Shelf {
	out := conformance.Shelf{
		Label:  s.Label,
		Main:   cloneOrNil(s.Main),
		Spare:  cloneOrNil(s.Spare),
		Stores: cloneAll(s.Stores),
		Gaps:   cloneAll(s.Gaps),
		Named:  i.CloneNamed(s.Named),
	}
	if s.Below != nil {
		below := i.CloneShelf(*s.Below)
		out.Below = &below
	}
	return out
}

func (i impl) CloneShelfOrFail(s conformance.Shelf, fail bool) (conformance.Shelf, error) {
	if fail {
		return conformance.Shelf{}, conformance.ConfErrorInvalid
	}
	return i.CloneShelf(s), nil
}

func (i impl) CloneSlot(v conformance.Slot) conformance.Slot {
	switch v := v.(type) {
	case conformance.SlotStore:
		return conformance.SlotStore{Value: cloneOrNil(v.Value)}
	case conformance.SlotShelf:
		return conformance.SlotShelf{Value: i.CloneShelf(v.Value)}
	}
	return v // none, vacant, unknown (its payload is not kept) and no case
}

func (impl) CloneStores(v []conformance.Store) []conformance.Store { return cloneAll(v) }

func (impl) CloneNamed(m conformance.Map[string, conformance.Store]) conformance.Map[string, conformance.Store] {
	return conformance.Map[string, conformance.Store]{Keys: m.Keys, Values: cloneAll(m.Values)}
}

func (impl) Sizes(v []conformance.Store) []*uint32 {
	out := make([]*uint32, len(v))
	for i, st := range v {
		if st != nil {
			n := st.Size()
			out[i] = &n
		}
	}
	return out
}
