package cbt

import (
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// visitor implements Visitor. Visit and VisitMaybe check the hub the
// library lends (hub i fires x + 10*i) and keep it, to be used after the
// loan ended; mk and mkMaybe decide what Make and MakeMaybe return.
type visitor struct {
	mu      sync.Mutex
	fired   []int64 // what Fire(5) returned on each lent hub
	kept    []*Hub  // every hub lent, kept past the loan
	errs    []string
	during  func(h *Hub) // run inside Visit, while the loan lasts
	mk      func(seed int64) (*Hub, error)
	mkMaybe func(seed int64) *Hub
}

func (v *visitor) bad(s string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.errs = append(v.errs, s)
}

func (v *visitor) Visit(h *Hub) bool {
	got, err := h.Fire(5)
	if err != nil {
		v.bad("Fire on a lent hub: " + err.Error())
		return false
	}
	v.mu.Lock()
	v.fired = append(v.fired, got)
	v.kept = append(v.kept, h)
	v.mu.Unlock()
	if v.during != nil {
		v.during(h)
	}
	return true
}

func (v *visitor) VisitMaybe(h *Hub) bool {
	if h == nil {
		return true // the library passes none for an odd hub
	}
	if has, err := h.HasSink(); err != nil || !has {
		v.bad("HasSink on a lent hub")
		return false
	}
	// Close ends the loan early and must not destroy the library's hub:
	// visit_hubs fires every hub afterwards.
	if err := h.Close(); err != nil {
		v.bad("Close of a lent hub: " + err.Error())
	}
	if _, err := h.HasSink(); !errors.Is(err, ErrClosed) {
		v.bad("a lent hub after Close: want ErrClosed")
	}
	v.mu.Lock()
	v.kept = append(v.kept, h)
	v.mu.Unlock()
	return true
}

func (v *visitor) Make(seed int64) (*Hub, error) {
	if v.mk == nil {
		return nil, CbErrorNoSink
	}
	return v.mk(seed)
}

func (v *visitor) MakeMaybe(seed int64) *Hub {
	if v.mkMaybe == nil {
		return nil
	}
	return v.mkMaybe(seed)
}

func (v *visitor) check(t *testing.T) {
	t.Helper()
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, e := range v.errs {
		t.Error(e)
	}
}

// TestLentObjects: the library's hubs reach Go as *Hub that work during
// the call (Fire reaches the library's own sink of that hub), and are
// closed after it, also when kept; a Close by Go ends the loan and
// destroys nothing (the library fires every hub afterwards, which ASan
// and the live counter watch).
func TestLentObjects(t *testing.T) {
	noLeaks(t)
	v := &visitor{}
	got, err := VisitHubs(v, 4)
	if err != nil {
		t.Fatal(err)
	}
	if got != 8 {
		t.Errorf("VisitHubs(4) = %d, want 8 (4 visits and 4 visit_maybe, all true; 4294967295: a hub broke)", got)
	}
	v.check(t)
	sort.Slice(v.fired, func(i, j int) bool { return v.fired[i] < v.fired[j] })
	if want := []int64{5, 15, 25, 35}; !equal(v.fired, want) {
		t.Errorf("Fire(5) on the lent hubs = %v, want %v", v.fired, want)
	}
	if len(v.kept) != 6 {
		t.Fatalf("kept %d hubs, want 6", len(v.kept))
	}
	for i, h := range v.kept {
		if _, err := h.Fire(1); !errors.Is(err, ErrClosed) {
			t.Errorf("kept hub %d: Fire after the loan = %v, want ErrClosed", i, err)
		}
		if _, err := h.HasSink(); !errors.Is(err, ErrClosed) {
			t.Errorf("kept hub %d: HasSink after the loan = %v, want ErrClosed", i, err)
		}
		if err := h.Close(); err != nil {
			t.Errorf("kept hub %d: Close = %v", i, err)
		}
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestLentObjectUsedByAGoroutine: a goroutine that Visit starts keeps
// firing the lent hub; the loan ends when Visit returns, after the call
// in flight (if any) finished, and from then on the goroutine gets
// ErrClosed, never a hub the library destroyed.
func TestLentObjectUsedByAGoroutine(t *testing.T) {
	noLeaks(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var results []error
	v := &visitor{during: func(h *Hub) {
		started := make(chan struct{})
		wg.Add(1)
		go func() {
			defer wg.Done()
			first := true
			for {
				_, err := h.Fire(1)
				if first {
					close(started)
					first = false
				}
				if err != nil {
					mu.Lock()
					results = append(results, err)
					mu.Unlock()
					return
				}
			}
		}()
		<-started
		time.Sleep(time.Millisecond)
	}}
	if got, err := VisitHubs(v, 3); err != nil || got != 6 {
		t.Fatalf("VisitHubs(3) = %d, %v; want 6", got, err)
	}
	wg.Wait()
	v.check(t)
	if len(results) != 3 {
		t.Fatalf("%d goroutines ended, want 3", len(results))
	}
	for _, err := range results {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("a goroutine's Fire after the loan: %v, want ErrClosed", err)
		}
	}
}

// TestGivenObjects: a *Hub that Make returns moves to the library, which
// fires it (reaching the Go sink the hub keeps) and destroys it (which
// releases that sink): the Go value is closed afterwards, and nothing
// stays live.
func TestGivenObjects(t *testing.T) {
	noLeaks(t)
	var made []*Hub
	v := &visitor{
		mk: func(seed int64) (*Hub, error) {
			if seed < 0 {
				return nil, CbErrorRefused
			}
			if seed == 0 {
				h := NewHub()
				made = append(made, h)
				return h, nil
			}
			h, err := NewHubWithSink(&sink{add: 100})
			if err != nil {
				return nil, err
			}
			made = append(made, h)
			return h, nil
		},
		mkMaybe: func(seed int64) *Hub {
			if seed%2 == 1 {
				return nil
			}
			h, err := NewHubWithSink(&sink{add: 1000})
			if err != nil {
				panic(err)
			}
			made = append(made, h)
			return h
		},
	}
	if got, err := Adopt(v, 7); err != nil || got != 107 {
		t.Errorf("Adopt(7) = %d, %v; want 107", got, err)
	}
	if got, err := Adopt(v, 0); err != nil || got != -1 {
		t.Errorf("Adopt(0) (a hub without a sink) = %d, %v; want -1", got, err)
	}
	if _, err := Adopt(v, -1); !errors.Is(err, CbErrorRefused) {
		t.Errorf("Adopt(-1): %v, want REFUSED", err)
	}
	if got, err := AdoptMaybe(v, 4); err != nil || got != 1004 {
		t.Errorf("AdoptMaybe(4) = %d, %v; want 1004", got, err)
	}
	if got, err := AdoptMaybe(v, 3); err != nil || got != -2 {
		t.Errorf("AdoptMaybe(3) (none) = %d, %v; want -2", got, err)
	}
	if len(made) != 3 {
		t.Fatalf("made %d hubs, want 3", len(made))
	}
	for i, h := range made {
		if _, err := h.HasSink(); !errors.Is(err, ErrClosed) {
			t.Errorf("hub %d after it moved to the library: HasSink = %v, want ErrClosed", i, err)
		}
		if err := h.Close(); err != nil {
			t.Errorf("hub %d: Close = %v", i, err)
		}
	}
	if n := liveCallbacks(); n != 0 {
		t.Errorf("%d callback contexts live: the library did not destroy a hub it was given", n)
	}
}

// TestGivenObjectFailures: a nil *Hub where the result is not optional, a
// closed one and one lent to a callback method cannot move to the
// library: the method fails (CALLBACK_FAILED, or NULL for make_maybe),
// the outer call returns an error wrapping ErrClosed, and nothing leaks.
func TestGivenObjectFailures(t *testing.T) {
	noLeaks(t)
	closed := func() *Hub {
		h := NewHub()
		h.Close()
		return h
	}
	v := &visitor{
		mk:      func(int64) (*Hub, error) { return nil, nil },
		mkMaybe: func(int64) *Hub { return closed() },
	}
	_, err := Adopt(v, 1)
	if !errors.Is(err, ErrClosed) || !strings.Contains(err.Error(), "Visitor.make returned a nil *Hub") {
		t.Errorf("make returning nil: %v", err)
	}
	v.mk = func(int64) (*Hub, error) { return closed(), nil }
	_, err = Adopt(v, 1)
	if !errors.Is(err, ErrClosed) || !strings.Contains(err.Error(), "Visitor.make returned a closed *Hub") {
		t.Errorf("make returning a closed hub: %v", err)
	}
	got, err := AdoptMaybe(v, 2)
	if got != -2 || !errors.Is(err, ErrClosed) || !strings.Contains(err.Error(), "Visitor.make_maybe returned a closed *Hub") {
		t.Errorf("make_maybe returning a closed hub = %d, %v; want -2 (NULL) and the failure", got, err)
	}

	// A lent hub, given back while its loan lasts: the library owns it,
	// so it cannot move, and the library still uses it afterwards.
	var inner error
	outer := &visitor{during: func(h *Hub) {
		giver := &visitor{mk: func(int64) (*Hub, error) { return h, nil }}
		_, inner = Adopt(giver, 1)
	}}
	if got, err := VisitHubs(outer, 1); err != nil || got != 2 {
		t.Errorf("VisitHubs(1) = %d, %v; want 2", got, err)
	}
	outer.check(t)
	if !errors.Is(inner, ErrClosed) || !strings.Contains(inner.Error(), "Visitor.make returned a *Hub lent to a callback method") {
		t.Errorf("make returning a lent hub: %v", inner)
	}
}

// TestLentObjectAfterPanic: a panic inside Visit still ends the loan, and
// the failure reaches the outer call.
func TestLentObjectAfterPanic(t *testing.T) {
	noLeaks(t)
	v := &visitor{during: func(*Hub) { panic("visit panics") }}
	_, err := VisitHubs(v, 2)
	var pe *CallbackPanicError
	if !errors.As(err, &pe) || pe.Method != "visit" {
		t.Fatalf("VisitHubs with a panicking visit: %v", err)
	}
	for i, h := range v.kept {
		if _, err := h.Fire(1); !errors.Is(err, ErrClosed) {
			t.Errorf("hub %d kept by a visit that panicked: Fire = %v, want ErrClosed", i, err)
		}
	}
}
