// Command goclient calls a Python RPC server of conformance on the Unix
// socket named by its argument with the generated Go client, and checks
// every result and error against the same call through the cgo binding
// in this process. It prints "ok" and exits 0 when all agree.
package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"bindgen.test/conformance"
)

var failed bool

func check(what string, got, want any) {
	// Empty and nil slices and maps are the same value on the wire.
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
		failed = true
		fmt.Fprintf(os.Stderr, "%s (-want +got):\n%s\n", what, d)
	}
}

func must(what string, err error) {
	if err != nil {
		failed = true
		fmt.Fprintf(os.Stderr, "%s: %v\n", what, err)
	}
}

func main() {
	conn, err := net.Dial("unix", os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	c := conformance.NewRPCClient(conn, nil)
	local := conformance.InProcess()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var svc [2]conformance.Service = [2]conformance.Service{c, local}

	// Scalars and strings.
	for _, v := range []int64{math.MinInt64, -1, 0, 1, math.MaxInt64} {
		got, err := c.EchoI64(ctx, v)
		must("EchoI64", err)
		check("EchoI64", got, v)
	}
	for _, v := range []uint64{0, math.MaxUint64} {
		got, err := c.EchoU64(ctx, v)
		must("EchoU64", err)
		check("EchoU64", got, v)
	}
	for _, v := range []string{"", "héllo", "nul\x00", strings.Repeat("x", 100000)} {
		got, err := c.EchoString(ctx, v)
		must("EchoString", err)
		check("EchoString", got, v)
	}
	f, err := c.EchoF64(ctx, math.Inf(-1))
	must("EchoF64", err)
	check("EchoF64", f, math.Inf(-1))

	// Compound values: the results equal the in-process ones.
	k := uint8(7)
	ev := conformance.Everything{
		Scalars:  conformance.Scalars{Flag: true, Tiny: -128, Qword: math.MaxUint64, Single: 1.5, Color: conformance.ColorInfrared},
		Blob:     conformance.Blob{Text: "t", Data: []byte{0, 1}},
		Keywords: conformance.Keywords{From: -1, Class: "c", Default: true, Type: &k},
		Lists:    conformance.Lists{Ints: []int32{1, -2}, Strings: []string{"a", ""}, Matrix: [][]int16{{1}, {}}},
		Maps:     conformance.Maps{ByString: map[string]map[string]int32{"o": {"i": 1}}},
		Value:    conformance.ValueNested{Value: []conformance.Value{conformance.ValueText{Value: "x"}, conformance.ValueInteger{Value: -5}}},
		Tree:     conformance.Tree{Label: "r", Children: []conformance.Tree{{Label: "c"}}},
		Expr:     conformance.ExprSum{Value: []conformance.Expr{conformance.ExprLiteral{Value: 1}, conformance.ExprName{Value: "answer"}}},
	}
	var evs [2]conformance.Everything
	for i, s := range svc {
		evs[i], err = s.EchoEverything(ctx, ev)
		must("EchoEverything", err)
	}
	check("EchoEverything", evs[0], evs[1])
	var trees [2]conformance.Tree
	for i, s := range svc {
		trees[i], err = s.MakeTree(ctx, 3, 2)
		must("MakeTree", err)
	}
	check("MakeTree", trees[0], trees[1])

	// Empty structs and payload-free union cases in every position.
	h := conformance.Hollow{
		Signal:      conformance.SignalStop{},
		Toggle:      conformance.ToggleOn{},
		Empties:     []conformance.Void{{}, {}},
		Named:       map[string]conformance.Void{"a": {}, "": {}},
		Maybe:       &conformance.Void{},
		Signals:     []conformance.Signal{conformance.SignalNone{}, conformance.SignalEmpty{}, conformance.SignalCode{Value: -7}},
		MaybeToggle: conformance.ToggleOff{},
		ByKey:       map[uint8]conformance.Toggle{0: conformance.ToggleOn{}, 255: conformance.ToggleOff{}},
		Count:       7,
	}
	var hs [2]conformance.Hollow
	for i, s := range svc {
		hs[i], err = s.EchoHollow(ctx, h)
		must("EchoHollow", err)
	}
	check("EchoHollow", hs[0], hs[1])
	check("EchoHollow", hs[0], h)
	for _, sig := range []conformance.Signal{conformance.SignalNone{}, conformance.SignalEmpty{}, conformance.SignalStop{}} {
		got, err := c.EchoSignal(ctx, sig)
		must("EchoSignal", err)
		check("EchoSignal", got, sig)
	}
	for _, e := range []*conformance.Void{nil, {}} {
		var ns [2]uint32
		for i, s := range svc {
			ns[i], err = s.CountEmpty(ctx, conformance.Void{}, e)
			must("CountEmpty", err)
		}
		check("CountEmpty", ns[0], ns[1])
	}
	must("Noop", c.Noop(ctx))

	// IDL errors arrive as the same typed errors.
	for _, s := range svc {
		_, err := s.Eval(ctx, conformance.ExprName{Value: "nope"})
		check("Eval error", errors.Is(err, conformance.ConfErrorNotFound), true)
		err = s.Check(ctx, false)
		check("Check error", errors.Is(err, conformance.ConfErrorRequested), true)
		_, err = s.NewStoreWithCapacity(ctx, 0)
		check("NewStoreWithCapacity(0) error", errors.Is(err, conformance.ConfErrorInvalid), true)
	}

	// Objects.
	for i, s := range svc {
		st, err := s.NewStore(ctx)
		must("NewStore", err)
		must("Put", st.Put(ctx, "a", conformance.ValueInteger{Value: 1}))
		must("Put", st.Put(ctx, "b", conformance.ValueText{Value: "two"}))
		cl, err := st.Clone(ctx)
		must("Clone", err)
		must("Merge", cl.Merge(ctx, st))
		v, err := cl.EchoEmpty(ctx, conformance.Void{})
		must("EchoEmpty", err)
		check("EchoEmpty", v, conformance.Void{})
		n, err := s.StoreSize(ctx, cl)
		must("StoreSize", err)
		check(fmt.Sprint("StoreSize ", i), n, uint32(2))
		keys, err := cl.Keys(ctx)
		must("Keys", err)
		check("Keys", keys, []string{"a", "b"})
		_, err = st.Fetch(ctx, "zz")
		check("Fetch error", errors.Is(err, conformance.ConfErrorNotFound), true)
		must("Close", st.Close())
		must("Close", cl.Close())
	}

	// 1,000 concurrent calls on the one connection.
	var wg sync.WaitGroup
	var mu sync.Mutex
	bad := 0
	for g := 0; g < 1000; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			v := int64(g)*7919 - 1<<40
			got, err := c.EchoI64(ctx, v)
			if err != nil || got != v {
				mu.Lock()
				bad++
				mu.Unlock()
			}
		}(g)
	}
	wg.Wait()
	check("concurrent calls failed", bad, 0)

	// A store left open: the Python server releases it when the
	// connection closes (the Python side checks its live allocations).
	if _, err := c.StoreWith(ctx, "left", conformance.ValueFlag{Value: true}); err != nil {
		must("StoreWith", err)
	}
	must("Close client", c.Close())
	if failed {
		os.Exit(1)
	}
	fmt.Println("ok")
}
