package conformance

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
)

// Objects inside values: Shelf and Slot, lists and maps of stores. Inputs
// lend their stores for the call; outputs hold new stores that the test
// owns. Every test starts with noLeaks, so every store made here or
// returned by C must be destroyed by the time the test ends.

// entry is one key -> value of a store, in the store's order.
type entry struct {
	Key   string
	Value Value
}

// storeView is what a comparison sees of a store: its entries, read through
// its methods, or Closed when they cannot be read.
type storeView struct {
	Closed  bool
	Entries []entry
}

// byContents makes go-cmp compare stores by what they hold, not by handle.
var byContents = cmp.Transformer("contents", func(s *Store) *storeView {
	if s == nil {
		return nil
	}
	keys, err := s.Keys()
	if err != nil {
		return &storeView{Closed: true}
	}
	v := &storeView{}
	for _, k := range keys {
		val, err := s.Get(k)
		if err != nil {
			return &storeView{Closed: true}
		}
		v.Entries = append(v.Entries, entry{k, val})
	}
	return v
})

// checkHeld compares values that hold stores, by the stores' contents.
func checkHeld[T any](t *testing.T, want, got T) {
	t.Helper()
	if diff := cmp.Diff(want, got, append(equal, byContents)...); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

// kv is an integer entry.
type kv struct {
	k string
	v int64
}

// storeOf is a new store holding the integer entries in order, closed when
// the test ends (before noLeaks looks).
func storeOf(t *testing.T, entries ...kv) *Store {
	t.Helper()
	s := NewStore()
	for _, e := range entries {
		if err := s.Put(e.k, ValueInteger{Value: e.v}); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// own closes every store when the test ends (before noLeaks looks).
func own(t *testing.T, stores []*Store) {
	t.Cleanup(func() { closeAll(stores) })
}

func closeAll(stores []*Store) {
	for _, s := range stores {
		s.Close() // nil is fine
	}
}

// shelfStores lists every store place of sh, nil ones included, below too.
func shelfStores(sh Shelf) []*Store {
	out := []*Store{sh.Main, sh.Spare}
	out = append(out, sh.Stores...)
	out = append(out, sh.Gaps...)
	for _, s := range sh.Named {
		out = append(out, s)
	}
	if sh.Below != nil {
		out = append(out, shelfStores(*sh.Below)...)
	}
	return out
}

func slotStores(v Slot) []*Store {
	switch v := v.(type) {
	case SlotStore:
		return []*Store{v.Value}
	case SlotShelf:
		return shelfStores(v.Value)
	}
	return nil
}

// distinct fails t if a store appears twice in a or in both a and b: every
// handle C returns is a new object.
func distinct(t *testing.T, a, b []*Store) {
	t.Helper()
	seen := map[*Store]bool{}
	for _, s := range append(append([]*Store(nil), a...), b...) {
		if s == nil {
			continue
		}
		if seen[s] {
			t.Errorf("store %p appears twice", s)
		}
		seen[s] = true
	}
}

// wantShelf builds in Go, with stores made here, what make_shelf(label, n)
// returns (see conformance.idl).
func wantShelf(t *testing.T, label string, n uint32) Shelf {
	sh := Shelf{Label: label, Main: storeOf(t, kv{"main", int64(n)})}
	if n%2 == 1 {
		sh.Spare = storeOf(t)
	}
	for i := uint32(0); i < n; i++ {
		var es []kv
		for j := uint32(0); j < i; j++ {
			es = append(es, kv{fmt.Sprint("k", j), int64(j)})
		}
		sh.Stores = append(sh.Stores, storeOf(t, es...))
		if sh.Named == nil {
			sh.Named = map[string]*Store{}
		}
		sh.Named[fmt.Sprint("s", i)] = storeOf(t, kv{fmt.Sprint(i), int64(i)})
	}
	sh.Gaps = []*Store{nil, storeOf(t, kv{"g", 1})}
	if n > 0 {
		below := wantShelf(t, label, n-1)
		sh.Below = &below
	}
	return sh
}

func TestMakeShelf(t *testing.T) {
	noLeaks(t)
	for n := uint32(0); n <= 4; n++ {
		got := MakeShelf("shelf\x00ü", n)
		own(t, shelfStores(got))
		checkHeld(t, wantShelf(t, "shelf\x00ü", n), got)
		distinct(t, shelfStores(got), nil)
		if got.Gaps[0] != nil || (got.Spare == nil) != (n%2 == 0) {
			t.Errorf("n=%d: gaps[0] = %v, spare = %v", n, got.Gaps[0], got.Spare)
		}
		// The stores are live objects: their methods work, and they can be
		// lent back to C.
		if err := got.Main.Put("extra", ValueFlag{Value: true}); err != nil {
			t.Fatal(err)
		}
		if size, err := ShelfSize(got); err != nil || size != wantSize(n)+1 {
			t.Errorf("ShelfSize(MakeShelf(%d)) = %d, %v; want %d", n, size, err, wantSize(n)+1)
		}
	}
}

// wantSize is shelf_size(make_shelf(_, n)).
func wantSize(n uint32) uint64 {
	size := uint64(1 + 1) // main, gaps[1]
	for i := uint32(0); i < n; i++ {
		size += uint64(i) + 1 // stores[i], named["s<i>"]
	}
	if n > 0 {
		size += wantSize(n - 1)
	}
	return size
}

func TestShelfSize(t *testing.T) {
	noLeaks(t)
	a := storeOf(t, kv{"a", 1}, kv{"b", 2}, kv{"c", 3})
	b := storeOf(t, kv{"x", 0})
	empty := storeOf(t)
	// a held many times, in every kind of place; absent stores add 0.
	sh := Shelf{
		Label:  "many",
		Main:   a,
		Stores: []*Store{a, a, b, a, empty},
		Gaps:   []*Store{nil, a, nil, b},
		Named:  map[string]*Store{"a": a, "b": b, "again": a},
		Below: &Shelf{
			Main:  a,
			Spare: a,
			Below: &Shelf{Main: b, Gaps: []*Store{nil}},
		},
	}
	// main, stores, gaps, named, below (main, spare), below.below.
	want := uint64(3 + (3 + 3 + 1 + 3 + 0) + (3 + 1) + (3 + 1 + 3) + (3 + 3) + 1)
	if n, err := ShelfSize(sh); err != nil || n != want {
		t.Errorf("ShelfSize = %d, %v; want %d", n, err, want)
	}
	if n, err := ShelfSize(Shelf{Main: empty}); err != nil || n != 0 {
		t.Errorf("ShelfSize(empty) = %d, %v", n, err)
	}
	// A pointer to the same store many times in one list.
	many := make([]*Store, 1000)
	for i := range many {
		many[i] = b
	}
	if n, err := ShelfSize(Shelf{Main: b, Stores: many}); err != nil || n != 1001 {
		t.Errorf("ShelfSize(1000 x b) = %d, %v", n, err)
	}
	// The stores were lent, not taken: they still work and are unchanged.
	checkHeld(t, storeOf(t, kv{"a", 1}, kv{"b", 2}, kv{"c", 3}), a)
}

func TestCloneShelf(t *testing.T) {
	noLeaks(t)
	for n := uint32(0); n <= 3; n++ {
		in := MakeShelf("in", n)
		got, err := CloneShelf(in)
		if err != nil {
			t.Fatal(err)
		}
		own(t, shelfStores(got))
		distinct(t, shelfStores(in), shelfStores(got))
		// The clones are independent: closing the originals leaves them
		// whole, and changing one leaves the original alone.
		closeAll(shelfStores(in))
		checkHeld(t, wantShelf(t, "in", n), got)
		if _, err := in.Main.Size(); !errors.Is(err, ErrClosed) {
			t.Errorf("closed original: %v", err)
		}
	}
	// Stores made in Go, an absent spare, a store held twice.
	a := storeOf(t, kv{"a", 1})
	in := Shelf{Label: "go", Main: a, Stores: []*Store{a, a}, Named: map[string]*Store{"k": a}}
	got, err := CloneShelf(in)
	if err != nil {
		t.Fatal(err)
	}
	own(t, shelfStores(got))
	checkHeld(t, in, got)
	distinct(t, shelfStores(got), []*Store{a})
	if got.Spare != nil || got.Below != nil || got.Gaps != nil {
		t.Errorf("absent parts came back present: %+v", got)
	}
}

func TestCloneShelfOrFail(t *testing.T) {
	noLeaks(t)
	in := wantShelf(t, "f", 2)
	got, err := CloneShelfOrFail(in, false)
	if err != nil {
		t.Fatal(err)
	}
	own(t, shelfStores(got))
	checkHeld(t, in, got)
	distinct(t, shelfStores(in), shelfStores(got))
	// On an error nothing is owned: no store came back, none was made.
	before := liveAllocations()
	got, err = CloneShelfOrFail(in, true)
	if !errors.Is(err, ConfErrorInvalid) {
		t.Errorf("CloneShelfOrFail(fail) = %v", err)
	}
	checkHeld(t, Shelf{}, got)
	if n := liveAllocations(); n != before {
		t.Errorf("a failed call left %d allocations", n-before)
	}
}

func TestCloneSlot(t *testing.T) {
	noLeaks(t)
	a := storeOf(t, kv{"slot", 7})
	sh := wantShelf(t, "slot", 2)
	for _, c := range []struct {
		in, want Slot
	}{
		{SlotStore{Value: a}, SlotStore{Value: a}},
		{&SlotStore{Value: a}, SlotStore{Value: a}},
		{SlotShelf{Value: sh}, SlotShelf{Value: sh}},
		{SlotShelf{Value: Shelf{Main: a}}, SlotShelf{Value: Shelf{Main: a}}},
		{SlotNone{Value: true}, SlotNone{Value: true}},
		{SlotNone{}, SlotNone{}},
		{SlotVacant{}, SlotVacant{}},
		{&SlotVacant{}, SlotVacant{}},
		{SlotUnknown{Tag: 99}, SlotUnknown{Tag: 99}},
	} {
		got, err := CloneSlot(c.in)
		if err != nil {
			t.Fatalf("CloneSlot(%T) = %v", c.in, err)
		}
		own(t, slotStores(got))
		checkHeld(t, c.want, got)
		distinct(t, slotStores(c.want), slotStores(got))
	}
	// A clone outlives the original.
	b := NewStore()
	b.Put("b", ValueText{Value: "kept"})
	got, err := CloneSlot(SlotStore{Value: b})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	own(t, slotStores(got))
	if v, err := got.(SlotStore).Value.Get("b"); err != nil || !cmp.Equal(v, Value(ValueText{Value: "kept"})) {
		t.Errorf("clone after closing the original: %v, %v", v, err)
	}
}

func TestCloneStoresAndNamed(t *testing.T) {
	noLeaks(t)
	a := NewStore()
	a.Put("a", ValueInteger{Value: 1})
	b := NewStore()
	b.Put("b", ValueText{Value: "two"})
	in := []*Store{a, b, a}
	want := []*Store{storeOf(t, kv{"a", 1}), storeOf(t), storeOf(t, kv{"a", 1})}
	want[1].Put("b", ValueText{Value: "two"})
	got, err := CloneStores(in)
	if err != nil {
		t.Fatal(err)
	}
	own(t, got)
	distinct(t, got, []*Store{a, b})
	named, err := CloneNamed(map[string]*Store{"a": a, "b": b, "": a})
	if err != nil {
		t.Fatal(err)
	}
	own(t, mapStores(named))
	distinct(t, mapStores(named), []*Store{a, b})
	a.Close()
	b.Close()
	checkHeld(t, want, got)
	checkHeld(t, map[string]*Store{"a": want[0], "b": want[1], "": want[2]}, named)
	// Empty and nil inputs.
	for _, v := range [][]*Store{nil, {}} {
		if got, err := CloneStores(v); err != nil || got != nil {
			t.Errorf("CloneStores(%v) = %v, %v", v, got, err)
		}
	}
	if got, err := CloneNamed(nil); err != nil || got != nil {
		t.Errorf("CloneNamed(nil) = %v, %v", got, err)
	}
}

func mapStores(m map[string]*Store) []*Store {
	var out []*Store
	for _, s := range m {
		out = append(out, s)
	}
	return out
}

func TestSizes(t *testing.T) {
	noLeaks(t)
	a := storeOf(t, kv{"a", 1}, kv{"b", 2})
	b := storeOf(t)
	got, err := Sizes([]*Store{nil, a, b, nil, a})
	if err != nil {
		t.Fatal(err)
	}
	check(t, []*uint32{nil, ptr(uint32(2)), ptr(uint32(0)), nil, ptr(uint32(2))}, got)
	for _, v := range [][]*Store{nil, {}} {
		if got, err := Sizes(v); err != nil || got != nil {
			t.Errorf("Sizes(%v) = %v, %v", v, got, err)
		}
	}
	if got, err := Sizes([]*Store{nil, nil}); err != nil || !cmp.Equal(got, []*uint32{nil, nil}) {
		t.Errorf("Sizes(nil, nil) = %v, %v", got, err)
	}
}

// TestClosedInside: a closed store anywhere inside an argument is
// ErrClosed before any C runs, and the other stores of the argument are
// not left locked (closing them afterwards would hang).
func TestClosedInside(t *testing.T) {
	noLeaks(t)
	for name, call := range map[string]func(open, closed *Store) error{
		"field": func(o, c *Store) error {
			_, err := CloneShelf(Shelf{Main: o, Stores: []*Store{o}, Spare: c})
			return err
		},
		"list": func(o, c *Store) error {
			_, err := CloneStores([]*Store{o, o, c, o})
			return err
		},
		"optional list": func(o, c *Store) error {
			_, err := Sizes([]*Store{nil, o, c})
			return err
		},
		"map": func(o, c *Store) error {
			_, err := CloneNamed(map[string]*Store{"o": o, "c": c})
			return err
		},
		"shelf list": func(o, c *Store) error {
			_, err := ShelfSize(Shelf{Main: o, Gaps: []*Store{nil, c}})
			return err
		},
		"shelf map": func(o, c *Store) error {
			_, err := CloneShelfOrFail(Shelf{Main: o, Named: map[string]*Store{"c": c}}, false)
			return err
		},
		"below": func(o, c *Store) error {
			_, err := CloneShelf(Shelf{Main: o, Below: &Shelf{Main: o, Below: &Shelf{Main: c}}})
			return err
		},
		"union": func(o, c *Store) error {
			_, err := CloneSlot(SlotStore{Value: c})
			return err
		},
		"union shelf": func(o, c *Store) error {
			_, err := CloneSlot(&SlotShelf{Value: Shelf{Main: o, Stores: []*Store{c}}})
			return err
		},
		"receiver": func(o, c *Store) error { return c.Merge(o) },
		"argument": func(o, c *Store) error { return o.Merge(c) },
	} {
		t.Run(name, func(t *testing.T) {
			noLeaks(t)
			open, closed := NewStore(), NewStore()
			open.Put("k", ValueFlag{})
			closed.Close()
			before := liveAllocations()
			if err := call(open, closed); !errors.Is(err, ErrClosed) {
				t.Errorf("err = %v, want ErrClosed", err)
			}
			if n := liveAllocations(); n != before {
				t.Errorf("C ran: %d allocations appeared", n-before)
			}
			done := make(chan struct{})
			go func() {
				open.Close()
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Close hangs: the failed call left the open store locked")
			}
		})
	}
}

// TestNilInside: a nil store where the IDL type is not optional is an
// error (an ErrClosed, as a nil object parameter is) that names the place,
// before any C runs; nil where it is optional means absent.
func TestNilInside(t *testing.T) {
	noLeaks(t)
	o := storeOf(t, kv{"k", 1})
	for _, c := range []struct {
		path string
		call func() error
	}{
		{"s.Main", func() error { _, err := ShelfSize(Shelf{}); return err }},
		{"s.Stores[1]", func() error { _, err := ShelfSize(Shelf{Main: o, Stores: []*Store{o, nil}}); return err }},
		{`s.Named["k\x00"]`, func() error {
			_, err := CloneShelf(Shelf{Main: o, Named: map[string]*Store{"k\x00": nil}})
			return err
		}},
		{"s.Below.Below.Main", func() error {
			_, err := CloneShelf(Shelf{Main: o, Below: &Shelf{Main: o, Below: &Shelf{}}})
			return err
		}},
		{"v.(SlotStore).Value", func() error { _, err := CloneSlot(SlotStore{}); return err }},
		{"v.(SlotShelf).Value.Stores[0]", func() error {
			_, err := CloneSlot(SlotShelf{Value: Shelf{Main: o, Stores: []*Store{nil}}})
			return err
		}},
		{"v[2]", func() error { _, err := CloneStores([]*Store{o, o, nil}); return err }},
		{`m["x"]`, func() error { _, err := CloneNamed(map[string]*Store{"x": nil}); return err }},
		{"other", func() error { return o.Merge(nil) }},
	} {
		before := liveAllocations()
		err := c.call()
		if !errors.Is(err, ErrClosed) || !strings.Contains(err.Error(), c.path+" is a nil *Store") {
			t.Errorf("%s: err = %v", c.path, err)
		}
		if n := liveAllocations(); n != before {
			t.Errorf("%s: C ran: %d allocations appeared", c.path, n-before)
		}
	}
	// Optional places take nil as absent.
	if n, err := ShelfSize(Shelf{Main: o, Gaps: []*Store{nil, nil}}); err != nil || n != 1 {
		t.Errorf("ShelfSize with nil gaps = %d, %v", n, err)
	}
	if p, err := o.Pick(nil); p != nil || err != nil {
		t.Errorf("Pick(nil) = %v, %v", p, err)
	}
	// o is still usable and unlocked.
	if err := o.Put("k2", ValueFlag{}); err != nil {
		t.Error(err)
	}
}

// TestHandlesCollected: stores inside returned values that nobody closes
// are destroyed by their cleanups once the garbage collector runs.
func TestHandlesCollected(t *testing.T) {
	before := liveAllocations()
	for i := 0; i < 200; i++ {
		MakeShelf("dropped", 3) // 17 stores each, never closed
		CloneSlot(SlotStore{Value: MaybeStore(true)})
	}
	if liveAllocations() <= before {
		t.Fatal("the dropped stores do not show in conformance_live_allocations")
	}
	deadline := time.Now().Add(10 * time.Second)
	for liveAllocations() > before && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := liveAllocations() - before; n != 0 {
		t.Fatalf("%d allocations not reclaimed by the stores' cleanups", n)
	}
}

// TestHandlesWhileClosing: calls that hold the same stores in different
// orders (and several times each), on several goroutines, while the stores
// are closed: every call runs or returns ErrClosed, and none deadlocks.
// Each call read-locks every store once and in one global order, so a
// Close queued on one store cannot leave two calls waiting on each other.
func TestHandlesWhileClosing(t *testing.T) {
	noLeaks(t)
	for i := 0; i < 100; i++ {
		a, b := StoreWith("a", ValueFlag{}), StoreWith("b", ValueFlag{})
		calls := []func() error{
			func() error { _, err := ShelfSize(Shelf{Main: a, Stores: []*Store{b, a, b}}); return err },
			func() error { _, err := ShelfSize(Shelf{Main: b, Stores: []*Store{a, b, a}}); return err },
			func() error { return a.Merge(b) },
			func() error { return b.Merge(a) },
			func() error { _, err := Sizes([]*Store{a, a, b}); return err },
			func() error {
				v, err := CloneStores([]*Store{b, a})
				closeAll(v)
				return err
			},
		}
		var wg sync.WaitGroup
		for _, call := range calls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < 20; j++ {
					if err := call(); err != nil && !errors.Is(err, ErrClosed) && !errors.Is(err, ConfErrorFull) {
						t.Error(err)
					}
				}
			}()
		}
		wg.Add(2)
		go func() { defer wg.Done(); a.Close() }()
		go func() { defer wg.Done(); b.Close() }()
		done := make(chan struct{})
		go func() {
			wg.Wait()
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatal("deadlock: calls holding a and b did not finish")
		}
	}
}

// TestSameStoreWhileClosing: one store held a thousand times by one call
// is read-locked once, so a Close queued while the call gathers its locks
// cannot deadlock it (a second RLock by the same goroutine would wait for
// that Close, which waits for the first).
func TestSameStoreWhileClosing(t *testing.T) {
	noLeaks(t)
	for i := 0; i < 50; i++ {
		s := StoreWith("k", ValueFlag{})
		many := make([]*Store, 1000)
		for j := range many {
			many[j] = s
		}
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < 20; j++ {
					n, err := ShelfSize(Shelf{Main: s, Stores: many})
					if err != nil && !errors.Is(err, ErrClosed) || err == nil && n != 1001 {
						t.Errorf("ShelfSize = %d, %v", n, err)
					}
				}
			}()
		}
		wg.Add(1)
		go func() { defer wg.Done(); s.Close() }()
		done := make(chan struct{})
		go func() {
			wg.Wait()
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatal("deadlock: a call holding one store many times")
		}
	}
}

// TestObjectSetLocksOnce looks inside the generated c_objects: a call that
// holds an object several times read-locks it once, writes its handle into
// every place, and takes its locks in one order whatever order it met them.
func TestObjectSetLocksOnce(t *testing.T) {
	noLeaks(t)
	a, b := StoreWith("a", ValueFlag{}), StoreWith("b", ValueFlag{})
	held := []*Store{a, b, a, a, b}
	slots := make([]unsafe.Pointer, len(held))
	var o c_objects
	for i, s := range held {
		o.add(&s.mu, &s.handle, unsafe.Pointer(&slots[i]))
	}
	if err := o.lock(); err != nil {
		t.Fatal(err)
	}
	for i, s := range held {
		if slots[i] != s.handle {
			t.Errorf("place %d did not get its handle", i)
		}
	}
	for i := 1; i < len(o.refs); i++ {
		if uintptr(unsafe.Pointer(o.refs[i-1].mu)) > uintptr(unsafe.Pointer(o.refs[i].mu)) {
			t.Errorf("places not in lock address order: the locks are not taken in one global order")
		}
	}
	// One RUnlock each must leave both free for a writer.
	a.mu.RUnlock()
	b.mu.RUnlock()
	if !a.mu.TryLock() || !b.mu.TryLock() {
		t.Fatal("an object was read-locked more than once") // (and its Close would hang)
	}
	a.mu.Unlock()
	b.mu.Unlock()
	a.Close()
	b.Close()
}

// TestObjectSetAllocs bounds what locking several objects through c_objects
// costs a call: the set and the two handle slots whose addresses it keeps
// live on the heap (Go's escape analysis cannot prove they stay local), 3
// allocations; nothing grows with the number of objects up to four, whose
// places live in the set itself.
func TestObjectSetAllocs(t *testing.T) {
	if os.Getenv("GENGO_NOESCAPE_STRIPPED") != "" {
		t.Skip("allocation counts need the #cgo noescape lines this run removed")
	}
	noLeaks(t)
	a, b := NewStore(), StoreWith("k", ValueFlag{Value: true})
	defer a.Close()
	defer b.Close()
	if n := testing.AllocsPerRun(100, func() {
		if err := a.Merge(b); err != nil {
			t.Fatal(err)
		}
	}); n > 3 {
		t.Errorf("Store.Merge: %v allocations per call, want at most 3", n)
	}
}
