package cbt

import (
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"weak"

	"github.com/google/go-cmp/cmp"
)

// noLeaks fails t if C memory or callback contexts are still live once t
// ends.
func noLeaks(t *testing.T) {
	t.Helper()
	before := liveAllocations()
	t.Cleanup(func() {
		if n := liveAllocations(); n != before {
			t.Errorf("C allocations went from %d to %d during the test", before, n)
		}
		if n := liveCallbacks(); n != 0 {
			t.Errorf("%d callback contexts still live", n)
		}
	})
}

func TestMain(m *testing.M) {
	code := m.Run()
	if n := liveAllocations(); n != 0 && code == 0 {
		println("C allocations live at exit:", n)
		code = 1
	}
	if n := liveCallbacks(); n != 0 && code == 0 {
		println("callback contexts live at exit:", n)
		code = 1
	}
	os.Exit(code)
}

// probe implements Probe, checking every argument C passes exactly and
// recording a mismatch in errs.
type probe struct {
	mu       sync.Mutex
	errs     []string
	notes    atomic.Int64
	panicIn  string // the method that panics, if any
	lastNote string
}

func (p *probe) bad(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.errs = append(p.errs, fmt.Sprintf(format, args...))
}

func (p *probe) maybePanic(method string) {
	if p.panicIn == method {
		panic("boom in " + method)
	}
}

func (p *probe) Inc(x int32) int32 {
	p.maybePanic("inc")
	return x + 1
}

func (p *probe) Scalars(a bool, b int8, c int16, d int64, e uint8, f uint16, g uint32, h uint64, i float32, j float64) float64 {
	if !a || b != -8 || c != -16 || d != -64 || e != 8 || f != 16 || g != 32 || h != math.MaxUint64 || i != 1.5 || j != 2.25 {
		p.bad("scalars got %v %v %v %v %v %v %v %v %v %v", a, b, c, d, e, f, g, h, i, j)
		return -1
	}
	return 7.25
}

func (p *probe) Color(c Color) Color {
	if c != ColorGreen {
		p.bad("color got %v", c)
	}
	return ColorRed
}

func (p *probe) Echo(s string) string {
	if s != "abc\x00d\u00e9" {
		p.bad("echo got %q", s)
	}
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

func (p *probe) Blob(b []byte) []byte {
	if !cmp.Equal(b, []byte{0, 1, 2, 255}) {
		p.bad("blob got %v", b)
	}
	out := make([]byte, len(b))
	for i := range b {
		out[len(b)-1-i] = b[i]
	}
	return out
}

func (p *probe) Items(items []Item, counts map[string]int32, maybe *int64, ev Event) float64 {
	want := []Item{{Name: "first", Weight: 0.5, Tags: []uint32{1, 2}}, {Name: "second", Weight: 0.25, Tags: []uint32{40}}}
	if d := cmp.Diff(want, items); d != "" {
		p.bad("items (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]int32{"a": 100, "b": 200}, counts); d != "" {
		p.bad("counts (-want +got):\n%s", d)
	}
	if d := cmp.Diff(Event(EventItem{Value: want[1]}), ev); d != "" {
		p.bad("ev (-want +got):\n%s", d)
	}
	sum := 0.0
	for _, it := range items {
		sum += it.Weight
		for _, tag := range it.Tags {
			sum += float64(tag)
		}
	}
	for _, v := range counts {
		sum += float64(v)
	}
	if maybe != nil {
		sum += float64(*maybe)
	}
	if e, ok := ev.(EventItem); ok {
		sum += e.Value.Weight
	}
	return sum
}

func (p *probe) Check(x int64) (uint64, error) {
	p.maybePanic("check")
	switch {
	case x < 0:
		return 0, CbErrorRefused
	case x == 999:
		return 0, errors.New("not an IDL error")
	case x == 998:
		return 0, fmt.Errorf("wrapped: %w", CbErrorRefused)
	}
	return uint64(x) * 2, nil
}

func (p *probe) Note(s string) {
	p.maybePanic("note")
	p.mu.Lock()
	p.lastNote = s
	p.mu.Unlock()
	p.notes.Add(1)
}

func (p *probe) check(t *testing.T) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, e := range p.errs {
		t.Error(e)
	}
}

// TestEveryTypeThroughACallback has the C library call each method of a
// Probe once: every scalar, an enum, a string holding a NUL and a
// multi-byte character, bytes, a list of structs, a map, an optional
// present and absent, a union, a fallible method and a void one. The C
// library prints what came back, so a result that did not cross intact
// shows in the digest, and the Go side checks every argument.
func TestEveryTypeThroughACallback(t *testing.T) {
	noLeaks(t)
	for _, c := range []struct {
		seed int32
		want string
	}{
		{7, "inc=8 scalars=7.25 color=0 echo=a9c36400636261 blob=ff020100 items=344.00 check=14"},
		{8, "inc=9 scalars=7.25 color=0 echo=a9c36400636261 blob=ff020100 items=386.00 check=16"},
	} {
		p := &probe{}
		got, err := RunProbe(p, c.seed)
		if err != nil {
			t.Fatalf("RunProbe(%d): %v", c.seed, err)
		}
		if got != c.want {
			t.Errorf("RunProbe(%d) = %q, want %q", c.seed, got, c.want)
		}
		if p.notes.Load() != 1 || p.lastNote != "done" {
			t.Errorf("note called %d times, last with %q", p.notes.Load(), p.lastNote)
		}
		p.check(t)
	}
}

// TestCallbackErrors: an IDL error crosses as its code (also wrapped),
// any other error as CALLBACK_FAILED, which the outer call turns back
// into the callback's own error.
func TestCallbackErrors(t *testing.T) {
	noLeaks(t)
	p := &probe{}
	if got, err := CheckWith(p, 21); err != nil || got != 42 {
		t.Fatalf("CheckWith(21) = %d, %v", got, err)
	}
	for _, x := range []int64{-1, 998} {
		_, err := CheckWith(p, x)
		if !errors.Is(err, CbErrorRefused) {
			t.Errorf("CheckWith(%d) error %v, want CbErrorRefused", x, err)
		}
	}
	_, err := CheckWith(p, 999)
	if err == nil || !strings.Contains(err.Error(), "not an IDL error") || !strings.Contains(err.Error(), "is not a CbError") {
		t.Errorf("CheckWith(999) error %v, want the callback's own error", err)
	}
	var e CbError
	if errors.As(err, &e) {
		t.Errorf("CheckWith(999) error %v is a CbError (%d)", err, e)
	}
}

// TestCallbackPanics: a panic never crosses into C. A fallible method
// gives the library CALLBACK_FAILED, a void or infallible one its zero
// result, and the outer call returns a *CallbackPanicError either way,
// even when the function itself cannot raise.
func TestCallbackPanics(t *testing.T) {
	noLeaks(t)
	var pe *CallbackPanicError

	_, err := CheckWith(&probe{panicIn: "check"}, 1)
	if !errors.As(err, &pe) || pe.Callback != "Probe" || pe.Method != "check" || pe.Value != "boom in check" || len(pe.Stack) == 0 {
		t.Fatalf("CheckWith with a panicking check: %v (%#v)", err, pe)
	}
	if !strings.Contains(err.Error(), "callback Probe.check panicked: boom in check") {
		t.Errorf("error text %q", err)
	}

	err = Notes(&probe{panicIn: "note"}, "x", 3)
	if !errors.As(err, &pe) || pe.Method != "note" {
		t.Fatalf("Notes with a panicking note: %v", err)
	}

	// inc panics: C sees 0 and carries on; the outer call still fails.
	p := &probe{panicIn: "inc"}
	_, err = RunProbe(p, 7)
	if !errors.As(err, &pe) || pe.Method != "inc" {
		t.Fatalf("RunProbe with a panicking inc: %v", err)
	}
	if p.notes.Load() != 1 {
		t.Errorf("the library stopped after the panic: note called %d times", p.notes.Load())
	}
}

func TestNilCallback(t *testing.T) {
	noLeaks(t)
	if _, err := RunProbe(nil, 1); err == nil || !strings.Contains(err.Error(), "probe is a nil Probe") {
		t.Errorf("RunProbe(nil) error %v", err)
	}
	hub := NewHub()
	defer hub.Close()
	if err := hub.Set(nil); err == nil {
		t.Error("Set(nil) succeeded")
	}
}

// sink adds add to what it is given.
type sink struct {
	add   int64
	calls atomic.Int64
	panic bool
}

func (s *sink) Put(x int64) (int64, error) {
	s.calls.Add(1)
	if s.panic {
		panic(fmt.Sprintf("sink panics on %d", x))
	}
	if x < 0 {
		return 0, CbErrorRefused
	}
	return x + s.add, nil
}

// setDropped gives hub a sink and keeps no reference to it, returning
// only a weak pointer.
func setDropped(t *testing.T, hub *Hub, add int64) weak.Pointer[sink] {
	s := &sink{add: add}
	if err := hub.Set(s); err != nil {
		t.Fatal(err)
	}
	return weak.Make(s)
}

// TestKeptCallback: a sink the hub keeps is called by later calls, after
// the caller dropped every reference and the garbage collector ran, also
// from a thread C started; it lives exactly until the library releases
// it (the weak pointer dies after, never before).
func TestKeptCallback(t *testing.T) {
	noLeaks(t)
	hub := NewHub()
	defer hub.Close()
	if _, err := hub.Fire(1); !errors.Is(err, CbErrorNoSink) {
		t.Fatalf("Fire without a sink: %v", err)
	}
	w := setDropped(t, hub, 100)
	for range 3 {
		runtime.GC()
	}
	if w.Value() == nil {
		t.Fatal("the kept sink was collected while the library holds it")
	}
	if got, err := hub.Fire(5); err != nil || got != 105 {
		t.Fatalf("Fire(5) = %d, %v", got, err)
	}
	if _, err := hub.Fire(-1); !errors.Is(err, CbErrorRefused) {
		t.Fatalf("Fire(-1) error %v", err)
	}
	got, err := hub.FireInThread(10)
	if want := int64(45 + 10*100); err != nil || got != want {
		t.Fatalf("FireInThread(10) = %d, %v; want %d", got, err, want)
	}
	if n := liveCallbacks(); n != 1 {
		t.Fatalf("%d callback contexts live, want 1", n)
	}

	// Replacing the sink releases the first one.
	w2 := setDropped(t, hub, 1000)
	if n := liveCallbacks(); n != 1 {
		t.Fatalf("after replacing: %d callback contexts live, want 1", n)
	}
	if got, err := hub.Fire(5); err != nil || got != 1005 {
		t.Fatalf("Fire(5) after replacing = %d, %v", got, err)
	}
	collected(t, w)

	hub.Clear()
	if n := liveCallbacks(); n != 0 {
		t.Fatalf("after Clear: %d callback contexts live", n)
	}
	collected(t, w2)
	if has, err := hub.HasSink(); err != nil || has {
		t.Error("HasSink after Clear")
	}
}

// collected fails t unless the value behind w is collected soon.
func collected[T any](t *testing.T, w weak.Pointer[T]) {
	t.Helper()
	for range 10 {
		runtime.GC()
		if w.Value() == nil {
			return
		}
	}
	t.Error("a released callback's Go value is still alive: its handle leaked")
}

// TestKeptByConstructorReleasedByClose: Close destroys the hub, whose
// destroy function releases the sink.
func TestKeptByConstructorReleasedByClose(t *testing.T) {
	noLeaks(t)
	s := &sink{add: 1}
	hub, err := NewHubWithSink(s)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := hub.Fire(1); err != nil || got != 2 {
		t.Fatalf("Fire(1) = %d, %v", got, err)
	}
	hub.Close()
	if n := liveCallbacks(); n != 0 {
		t.Fatalf("after Close: %d callback contexts live", n)
	}
}

// TestForeignThread: C calls a borrowed callback from a pthread it
// created; a panic there still reaches the outer call.
func TestForeignThread(t *testing.T) {
	noLeaks(t)
	s := &sink{add: 2}
	got, err := PutInThread(s, 1000)
	if want := int64(999*1000/2 + 2*1000); err != nil || got != want {
		t.Fatalf("PutInThread = %d, %v; want %d", got, err, want)
	}
	if s.calls.Load() != 1000 {
		t.Errorf("%d calls, want 1000", s.calls.Load())
	}
	_, err = PutInThread(&sink{panic: true}, 3)
	var pe *CallbackPanicError
	if !errors.As(err, &pe) || pe.Value != "sink panics on 0" {
		t.Fatalf("PutInThread with a panicking sink: %v", err)
	}
}

// TestKeptPanicAfterTheCall: a kept callback that panics when no call
// that passed it is in flight reports to ReportCallbackPanic; the call
// that made the library call it fails with CALLBACK_FAILED.
func TestKeptPanicAfterTheCall(t *testing.T) {
	noLeaks(t)
	var mu sync.Mutex
	var reported []error
	ReportCallbackPanic = func(err error) {
		mu.Lock()
		reported = append(reported, err)
		mu.Unlock()
	}
	defer func() { ReportCallbackPanic = nil }()
	hub := NewHub()
	defer hub.Close()
	if err := hub.Set(&sink{panic: true}); err != nil {
		t.Fatal(err)
	}
	_, err := hub.Fire(4)
	if !errors.Is(err, CbError(math.MinInt32)) {
		t.Errorf("Fire with a panicking kept sink: %v, want code CALLBACK_FAILED", err)
	}
	_, err = hub.FireInThread(2)
	if !errors.Is(err, CbError(math.MinInt32)) {
		t.Errorf("FireInThread with a panicking kept sink: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(reported) != 2 {
		t.Fatalf("reported %d failures, want 2: %v", len(reported), reported)
	}
	var pe *CallbackPanicError
	if !errors.As(reported[0], &pe) || pe.Value != "sink panics on 4" {
		t.Errorf("reported %v", reported[0])
	}
}

// TestConcurrentCallbacks: many goroutines pass callbacks at once, and
// one kept sink is called from several threads.
func TestConcurrentCallbacks(t *testing.T) {
	noLeaks(t)
	hub := NewHub()
	defer hub.Close()
	if err := hub.Set(&sink{add: 1}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				p := &probe{}
				if _, err := RunProbe(p, int32(i*100+j)); err != nil {
					t.Error(err)
					return
				}
				p.check(t)
				if got, err := hub.FireInThread(3); err != nil || got != 6 {
					t.Errorf("FireInThread(3) = %d, %v", got, err)
					return
				}
			}
		})
	}
	wg.Wait()
}
