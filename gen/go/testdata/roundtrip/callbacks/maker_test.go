package cbt

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
)

// maker implements Maker: every method returns a copy of its argument,
// which the C library compares with what it passed. wrong names a method
// that returns a different value instead, panicIn one that panics, and
// halfway makes Events panic while its list result is being converted
// (a nil Event after a good one).
type maker struct {
	wrong, panicIn string
	halfway        bool
	foreign        bool // Checked fails with an error that is not a CbError
}

func (m *maker) hook(method string) bool {
	if m.panicIn == method {
		panic("maker panics in " + method)
	}
	return m.wrong == method
}

func copyItem(v Item) Item {
	return Item{Name: strings.Clone(v.Name), Weight: v.Weight, Tags: slices.Clone(v.Tags)}
}

func copyEvent(v Event) Event {
	if e, ok := v.(EventItem); ok {
		return EventItem{Value: copyItem(e.Value)}
	}
	return v
}

func (m *maker) Item(v Item) Item {
	r := copyItem(v)
	if m.hook("item") {
		r.Name += "x"
	}
	return r
}

func (m *maker) Pt(v Pt) Pt {
	if m.hook("pt") {
		v.X++
	}
	return v
}

func (m *maker) Event(v Event) Event {
	if m.hook("event") {
		if _, ok := v.(EventTick); ok {
			return EventNote{Value: "x"}
		}
		return EventTick{}
	}
	return copyEvent(v)
}

func (m *maker) Nums(v []uint32) []uint32 {
	r := slices.Clone(v)
	if m.hook("nums") {
		r = append(r, 1)
	}
	return r
}

func (m *maker) Names(v []string) []string {
	r := slices.Clone(v)
	if m.hook("names") {
		r = append(r, "x")
	}
	return r
}

func (m *maker) Items(v []Item) []Item {
	var r []Item
	for _, it := range v {
		r = append(r, copyItem(it))
	}
	if m.hook("items") {
		r = append(r, Item{})
	}
	return r
}

func (m *maker) Events(v []Event) []Event {
	var r []Event
	for _, e := range v {
		r = append(r, copyEvent(e))
	}
	if m.halfway {
		return []Event{EventNote{Value: "converted first"}, nil}
	}
	if m.hook("events") {
		r = append(r, EventTick{})
	}
	return r
}

func (m *maker) Counts(v map[string]int32) map[string]int32 {
	r := maps.Clone(v)
	if m.hook("counts") {
		if r == nil {
			r = map[string]int32{}
		}
		r["zz"] = 1
	}
	return r
}

func (m *maker) ByID(v map[uint32]Item) map[uint32]Item {
	r := map[uint32]Item{}
	for k, it := range v {
		r[k] = copyItem(it)
	}
	if m.hook("by_id") {
		r[99] = Item{}
	}
	return r
}

func flip[T any](v *T, zero T) *T {
	if v == nil {
		return &zero
	}
	return nil
}

func (m *maker) Maybe(v *int64) *int64 {
	if m.hook("maybe") {
		return flip(v, 1)
	}
	if v == nil {
		return nil
	}
	r := *v
	return &r
}

func (m *maker) MaybeName(v *string) *string {
	if m.hook("maybe_name") {
		return flip(v, "")
	}
	if v == nil {
		return nil
	}
	r := strings.Clone(*v)
	return &r
}

func (m *maker) MaybeItem(v *Item) *Item {
	if m.hook("maybe_item") {
		return flip(v, Item{})
	}
	if v == nil {
		return nil
	}
	r := copyItem(*v)
	return &r
}

func (m *maker) Checked(v []string) ([]string, error) {
	if len(v) == 0 {
		if m.foreign {
			return []string{"unused"}, errors.New("not a CbError")
		}
		return []string{"unused"}, CbErrorRefused
	}
	r := slices.Clone(v)
	if m.hook("checked") {
		r = append(r, "x")
	}
	return r, nil
}

func (m *maker) CheckedItem(v *Item) (*Item, error) {
	if v == nil {
		return &Item{Name: "unused"}, CbErrorRefused
	}
	r := copyItem(*v)
	if m.hook("checked_item") {
		r.Weight++
	}
	return &r, nil
}

// makerMethods are the methods of Maker as run_maker names them, in its
// order.
var makerMethods = []string{"item", "pt", "event", "nums", "names", "items", "events", "counts", "by_id", "maybe", "maybe_name", "maybe_item", "checked", "checked_item"}

// makerSeeds cover every list and map length run_maker makes (0, 1, 2),
// each union case of event, and present and absent optionals.
var makerSeeds = []int32{0, 1, 2, 3, 4, 5, 7}

// runMakerWays runs m with seed in each way the library can call it: borrowed on
// the calling thread, borrowed from a thread the library starts, kept by
// a Workshop and called later, from the calling thread and from one the
// library starts.
func runMakerWays(t *testing.T, m Maker, seed int32) map[string]string {
	t.Helper()
	got := map[string]string{}
	r, err := RunMaker(m, seed)
	if err != nil {
		t.Fatalf("RunMaker(%d): %v", seed, err)
	}
	got["borrowed"] = r
	if r, err = RunMakerInThread(m, seed); err != nil {
		t.Fatalf("RunMakerInThread(%d): %v", seed, err)
	}
	got["thread"] = r
	w, err := NewWorkshop(m)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if r, err = w.Run(seed); err != nil {
		t.Fatalf("Workshop.Run(%d): %v", seed, err)
	}
	got["kept"] = r
	if r, err = w.RunInThread(seed); err != nil {
		t.Fatalf("Workshop.RunInThread(%d): %v", seed, err)
	}
	got["kept thread"] = r
	return got
}

// TestEveryResultThroughACallback: every compound result type comes back
// from Go equal to what C passed (C compares them: "" is no difference),
// borrowed and kept, on the calling thread and on one C starts, and every
// result C released was allocated with cbt_alloc (noLeaks).
func TestEveryResultThroughACallback(t *testing.T) {
	for _, seed := range makerSeeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			noLeaks(t)
			for way, r := range runMakerWays(t, &maker{}, seed) {
				if r != "" {
					t.Errorf("%s: C found results that differ from their arguments: %q", way, r)
				}
			}
		})
	}
}

// TestWrongResultIsSeen: the comparison above can fail. A maker that
// changes the result of one method is caught by C for exactly that
// method, whatever the value's shape.
func TestWrongResultIsSeen(t *testing.T) {
	for _, method := range makerMethods {
		t.Run(method, func(t *testing.T) {
			noLeaks(t)
			for _, seed := range []int32{1, 2} {
				for way, r := range runMakerWays(t, &maker{wrong: method}, seed) {
					if r != method {
						t.Errorf("seed %d, %s: C reports %q, want %q", seed, way, r, method)
					}
				}
			}
		})
	}
}

// TestResultErrors: a fallible method with a compound result fails with
// its code and writes nothing (C releases nothing then, so a written
// result would leak); an error that is not a CbError is the outer call's
// error and CALLBACK_FAILED for C.
func TestResultErrors(t *testing.T) {
	noLeaks(t)
	_, err := RunMaker(&maker{}, -1)
	if !errors.Is(err, CbErrorRefused) {
		t.Errorf("RunMaker(-1): %v, want REFUSED", err)
	}
	_, err = RunMakerInThread(&maker{}, -2)
	if !errors.Is(err, CbErrorRefused) {
		t.Errorf("RunMakerInThread(-2): %v, want REFUSED", err)
	}
	w, err := NewWorkshop(&maker{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Run(-1); !errors.Is(err, CbErrorRefused) {
		t.Errorf("Workshop.Run(-1): %v, want REFUSED", err)
	}
	if _, err := w.RunInThread(-1); !errors.Is(err, CbErrorRefused) {
		t.Errorf("Workshop.RunInThread(-1): %v, want REFUSED", err)
	}
	w.Close()
	_, err = RunMaker(&maker{foreign: true}, -1)
	if err == nil || !strings.Contains(err.Error(), "not a CbError") {
		t.Errorf("RunMaker with a foreign error: %v", err)
	}
}

// TestResultPanics: a panic in any method with a compound result, or
// while its result is converted into C memory (a nil union halfway
// through a list), is the outer call's *CallbackPanicError; C sees a
// zeroed result or CALLBACK_FAILED, and nothing leaks.
func TestResultPanics(t *testing.T) {
	cases := []struct {
		name   string
		m      *maker
		method string
	}{{"halfway", &maker{halfway: true}, "events"}}
	for _, method := range makerMethods {
		cases = append(cases, struct {
			name   string
			m      *maker
			method string
		}{method, &maker{panicIn: method}, method})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			noLeaks(t)
			for _, run := range []func(Maker, int32) (string, error){RunMaker, RunMakerInThread} {
				_, err := run(c.m, 2)
				var pe *CallbackPanicError
				if !errors.As(err, &pe) || pe.Callback != "Maker" || pe.Method != c.method {
					t.Errorf("got %v, want a panic of Maker.%s", err, c.method)
				}
			}
		})
	}
}

// TestKeptResultPanicReported: a kept maker that panics while C calls it
// after the call that passed it returned goes to ReportCallbackPanic; C
// sees the zero result (a difference) and nothing leaks.
func TestKeptResultPanicReported(t *testing.T) {
	noLeaks(t)
	var mu sync.Mutex
	var reported []error
	ReportCallbackPanic = func(err error) {
		mu.Lock()
		reported = append(reported, err)
		mu.Unlock()
	}
	defer func() { ReportCallbackPanic = nil }()
	w, err := NewWorkshop(&maker{halfway: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, run := range []func(int32) (string, error){w.Run, w.RunInThread} {
		r, err := run(2)
		if err != nil || r != "events" {
			t.Errorf("got %q, %v; want C to see the zeroed events result", r, err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	var pe *CallbackPanicError
	if len(reported) != 2 || !errors.As(reported[0], &pe) || pe.Method != "events" {
		t.Errorf("reported %v, want two panics of Maker.events", reported)
	}
}
