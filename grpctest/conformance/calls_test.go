package conformance_test

import (
	"context"
	"errors"
	"fmt"
	"math"

	. "github.com/bindgen-dev/bindgen/grpctest/conformance"
)

// The calls of gen/rpc's conformance test (gen/rpc/testdata/conformance),
// copied: every type, every error and the objects, each of whose result
// and error must be the same in process and over gRPC.

// A call is one use of the Service, whose result and error must be the
// same in process and over RPC.
type call struct {
	name string
	do   func(ctx context.Context, s Service) (any, error)
}

func calls() []call {
	var cs []call
	add := func(name string, do func(ctx context.Context, s Service) (any, error)) {
		cs = append(cs, call{name, do})
	}
	add("bool", func(ctx context.Context, s Service) (any, error) { return s.EchoBool(ctx, true) })
	add("i8", func(ctx context.Context, s Service) (any, error) { return s.EchoI8(ctx, math.MinInt8) })
	add("i16", func(ctx context.Context, s Service) (any, error) { return s.EchoI16(ctx, math.MinInt16) })
	add("i32", func(ctx context.Context, s Service) (any, error) { return s.EchoI32(ctx, math.MinInt32) })
	add("i64", func(ctx context.Context, s Service) (any, error) { return s.EchoI64(ctx, math.MinInt64) })
	add("u8", func(ctx context.Context, s Service) (any, error) { return s.EchoU8(ctx, math.MaxUint8) })
	add("u16", func(ctx context.Context, s Service) (any, error) { return s.EchoU16(ctx, math.MaxUint16) })
	add("u32", func(ctx context.Context, s Service) (any, error) { return s.EchoU32(ctx, math.MaxUint32) })
	add("u64", func(ctx context.Context, s Service) (any, error) { return s.EchoU64(ctx, math.MaxUint64) })
	add("f32", func(ctx context.Context, s Service) (any, error) { return s.EchoF32(ctx, -math.MaxFloat32) })
	add("f64 nan", func(ctx context.Context, s Service) (any, error) {
		v, err := s.EchoF64(ctx, math.Float64frombits(0x7ff8dead00000001))
		return math.Float64bits(v), err // bit for bit
	})
	add("color", func(ctx context.Context, s Service) (any, error) { return s.EchoColor(ctx, Color(77)) })
	for i, v := range strs[:7] {
		add(fmt.Sprint("string ", i), func(ctx context.Context, s Service) (any, error) { return s.EchoString(ctx, v) })
		add(fmt.Sprint("bytes ", i), func(ctx context.Context, s Service) (any, error) { return s.EchoBytes(ctx, []byte(v)) })
	}
	for i, v := range allScalars() {
		add(fmt.Sprint("scalars ", i), func(ctx context.Context, s Service) (any, error) { return s.EchoScalars(ctx, v) })
	}
	add("blob", func(ctx context.Context, s Service) (any, error) {
		return s.EchoBlob(ctx, Blob{Text: "t", Data: []byte{0}})
	})
	add("keywords", func(ctx context.Context, s Service) (any, error) {
		return s.EchoKeywords(ctx, Keywords{From: -1, Class: "c", Default: true, Type: ptr(uint8(0))})
	})
	add("lists", func(ctx context.Context, s Service) (any, error) { return s.EchoLists(ctx, lists()) })
	add("maps", func(ctx context.Context, s Service) (any, error) { return s.EchoMaps(ctx, maps()) })
	add("optionals", func(ctx context.Context, s Service) (any, error) { return s.EchoOptionals(ctx, optionals()) })
	add("optionals empty", func(ctx context.Context, s Service) (any, error) { return s.EchoOptionals(ctx, Optionals{}) })
	for i, v := range values() {
		add(fmt.Sprint("value ", i), func(ctx context.Context, s Service) (any, error) { return s.EchoValue(ctx, v) })
	}
	add("tree", func(ctx context.Context, s Service) (any, error) { return s.EchoTree(ctx, tree("t", 4)) })
	add("expr", func(ctx context.Context, s Service) (any, error) { return s.EchoExpr(ctx, expr()) })
	add("everything", func(ctx context.Context, s Service) (any, error) { return s.EchoEverything(ctx, everything()) })
	add("list f64", func(ctx context.Context, s Service) (any, error) {
		return s.EchoListF64(ctx, []float64{1, math.Inf(-1)})
	})
	add("list string", func(ctx context.Context, s Service) (any, error) { return s.EchoListString(ctx, strs[:7]) })
	add("list scalars", func(ctx context.Context, s Service) (any, error) { return s.EchoListScalars(ctx, allScalars()) })
	add("map", func(ctx context.Context, s Service) (any, error) {
		return s.EchoMap(ctx, map[Color][]string{ColorRed: {"a"}, ColorInfrared: nil})
	})
	add("opt i32", func(ctx context.Context, s Service) (any, error) { return s.EchoOptI32(ctx, ptr(int32(0))) })
	add("opt i32 absent", func(ctx context.Context, s Service) (any, error) { return s.EchoOptI32(ctx, nil) })
	add("opt string", func(ctx context.Context, s Service) (any, error) { return s.EchoOptString(ctx, ptr("")) })
	add("opt blob", func(ctx context.Context, s Service) (any, error) { return s.EchoOptBlob(ctx, &Blob{}) })
	add("opt value", func(ctx context.Context, s Service) (any, error) { return s.EchoOptValue(ctx, ValueFlag{}) })
	add("opt list", func(ctx context.Context, s Service) (any, error) { return s.EchoOptList(ctx, ptr([]Scalars{})) })
	add("scalars_from", func(ctx context.Context, s Service) (any, error) {
		return s.ScalarsFrom(ctx, true, -1, -2, -3, -4, 5, 6, 7, 8, 9.5, -10.25, ColorBlue)
	})
	add("make_keywords", func(ctx context.Context, s Service) (any, error) { return s.MakeKeywords(ctx, 1, "k", true, nil) })
	add("concat", func(ctx context.Context, s Service) (any, error) { return s.Concat(ctx, []string{"a", "b", "c"}, ", ") })
	add("split", func(ctx context.Context, s Service) (any, error) { return s.Split(ctx, "a,b,,c", ',') })
	add("iota", func(ctx context.Context, s Service) (any, error) { return s.Iota(ctx, 100) })
	add("sum", func(ctx context.Context, s Service) (any, error) { return s.Sum(ctx, []int64{1, 2, math.MaxInt64}) })
	add("reverse_bytes", func(ctx context.Context, s Service) (any, error) { return s.ReverseBytes(ctx, []byte("abc")) })
	add("lengths", func(ctx context.Context, s Service) (any, error) {
		return s.Lengths(ctx, map[string][]byte{"a": nil, "bb": {1, 2}})
	})
	add("or_default", func(ctx context.Context, s Service) (any, error) { return s.OrDefault(ctx, nil, 2.5) })
	add("or_default present", func(ctx context.Context, s Service) (any, error) { return s.OrDefault(ctx, ptr(1.0), 2.5) })
	add("describe", func(ctx context.Context, s Service) (any, error) { return s.Describe(ctx, values()[17]) })
	add("make_tree", func(ctx context.Context, s Service) (any, error) { return s.MakeTree(ctx, 3, 2) })
	add("tree_size", func(ctx context.Context, s Service) (any, error) { return s.TreeSize(ctx, tree("x", 3)) })
	add("eval", func(ctx context.Context, s Service) (any, error) { return s.Eval(ctx, expr()) })
	add("eval not found", func(ctx context.Context, s Service) (any, error) { return s.Eval(ctx, ExprName{Value: "nope"}) })
	add("eval invalid", func(ctx context.Context, s Service) (any, error) {
		return s.Eval(ctx, ExprNegate{Value: Negate{}})
	})
	add("parse_color", func(ctx context.Context, s Service) (any, error) { return s.ParseColor(ctx, "INFRARED") })
	add("parse_color not found", func(ctx context.Context, s Service) (any, error) { return s.ParseColor(ctx, "PURPLE") })
	add("check", func(ctx context.Context, s Service) (any, error) { return nil, s.Check(ctx, true) })
	add("check requested", func(ctx context.Context, s Service) (any, error) { return nil, s.Check(ctx, false) })
	add("echo_or_fail", func(ctx context.Context, s Service) (any, error) { return s.EchoOrFail(ctx, everything(), false) })
	add("echo_or_fail fail", func(ctx context.Context, s Service) (any, error) { return s.EchoOrFail(ctx, everything(), true) })
	add("noop", func(ctx context.Context, s Service) (any, error) { return nil, s.Noop(ctx) })
	// Empty structs and payload-free union cases as parameters, results,
	// optionals, list elements, map values and fields.
	add("echo_empty", func(ctx context.Context, s Service) (any, error) { return s.EchoEmpty(ctx, Void{}) })
	add("echo_opt_empty", func(ctx context.Context, s Service) (any, error) { return s.EchoOptEmpty(ctx, &Void{}) })
	add("echo_opt_empty absent", func(ctx context.Context, s Service) (any, error) { return s.EchoOptEmpty(ctx, nil) })
	add("echo_empties", func(ctx context.Context, s Service) (any, error) {
		return s.EchoEmpties(ctx, []Void{{}, {}, {}})
	})
	add("echo_empties none", func(ctx context.Context, s Service) (any, error) { return s.EchoEmpties(ctx, nil) })
	add("count_empty", func(ctx context.Context, s Service) (any, error) { return s.CountEmpty(ctx, Void{}, nil) })
	add("count_empty present", func(ctx context.Context, s Service) (any, error) { return s.CountEmpty(ctx, Void{}, &Void{}) })
	for i, v := range signals() {
		add(fmt.Sprint("echo_signal ", i), func(ctx context.Context, s Service) (any, error) { return s.EchoSignal(ctx, v) })
		add(fmt.Sprint("signal_tag ", i), func(ctx context.Context, s Service) (any, error) { return s.SignalTag(ctx, v) })
	}
	add("signal_tag absent", func(ctx context.Context, s Service) (any, error) { return s.SignalTag(ctx, nil) })
	for i, v := range []Toggle{ToggleOff{}, ToggleOn{}} {
		add(fmt.Sprint("echo_toggle ", i), func(ctx context.Context, s Service) (any, error) { return s.EchoToggle(ctx, v) })
	}
	add("echo_hollow", func(ctx context.Context, s Service) (any, error) { return s.EchoHollow(ctx, hollow()) })
	add("echo_hollow sparse", func(ctx context.Context, s Service) (any, error) {
		return s.EchoHollow(ctx, Hollow{Signal: SignalNone{}, Toggle: ToggleOff{}})
	})
	add("store", func(ctx context.Context, s Service) (any, error) { return storeScript(ctx, s) })
	add("store capacity", func(ctx context.Context, s Service) (any, error) {
		if _, err := s.NewStoreWithCapacity(ctx, 0); !errors.Is(err, ConfErrorInvalid) {
			return nil, fmt.Errorf("capacity 0: %v", err)
		}
		st, err := s.NewStoreWithCapacity(ctx, 1)
		if err != nil {
			return nil, err
		}
		defer st.Close()
		if err := st.Put(ctx, "a", ValueFlag{}); err != nil {
			return nil, err
		}
		return nil, st.Put(ctx, "b", ValueFlag{}) // FULL
	})
	return cs
}

// storeScript uses every constructor, method and store function and
// returns what it saw; every store it makes is closed.
func storeScript(ctx context.Context, s Service) (any, error) {
	var seen []any
	note := func(v any, err error) {
		seen = append(seen, v, fmt.Sprint(err))
	}
	st, err := s.NewStore(ctx)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	for i, v := range values()[:6] {
		note(nil, st.Put(ctx, fmt.Sprint("k", i), v))
	}
	note(st.Get(ctx, "k2"))
	note(st.Get(ctx, "missing"))
	note(st.Fetch(ctx, "k3"))
	note(st.Fetch(ctx, "missing"))
	note(st.Keys(ctx))
	note(st.Size(ctx))
	note(s.StoreSize(ctx, st))
	cl, err := st.Clone(ctx)
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	note(nil, cl.Put(ctx, "extra", ValueInteger{Value: 1}))
	note(nil, st.Merge(ctx, cl))
	note(st.Keys(ctx))
	p, err := st.Pick(ctx, cl)
	note(p == nil, err)
	if p != nil {
		note(p.Keys(ctx))
		p.Close()
	}
	p, err = st.Pick(ctx, nil)
	note(p == nil, err)
	w, err := s.StoreWith(ctx, "one", ValueText{Value: "1"})
	if err != nil {
		return nil, err
	}
	note(w.Keys(ctx))
	note(s.SizeOrZero(ctx, w))
	note(s.SizeOrZero(ctx, nil))
	w.Close()
	note(nil, w.Close()) // twice: a no-op
	note(st.EchoEmpty(ctx, Void{}))
	m, err := s.MaybeStore(ctx, false)
	note(m == nil, err)
	m, err = s.MaybeStore(ctx, true)
	note(m == nil, err)
	if m != nil {
		note(s.SizeOrZero(ctx, m))
		m.Close()
	}
	return seen, nil
}
