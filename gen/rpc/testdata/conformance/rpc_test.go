package conformance

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The RPC of conformance.idl, tested end to end: a Go client against a Go
// server serving the cgo binding of testdata/c/conformance_impl.c, over
// Unix sockets and a child process's stdin/stdout.

func TestMain(m *testing.M) {
	if os.Getenv("CONFORMANCE_RPC_CHILD") != "" {
		serveChild()
		return
	}
	code := m.Run()
	if n := liveAllocations(); n != 0 && code == 0 {
		fmt.Println("C allocations live at exit:", n)
		code = 1
	}
	os.Exit(code)
}

// stdio is a child process's stdin and stdout as one stream.
type stdio struct {
	io.Reader
	io.WriteCloser
}

// serveChild serves the slow cgo binding on stdin/stdout until stdin
// ends, then reports the C library's live allocations on stderr.
func serveChild() {
	err := NewRPCServer(slow{InProcess()}, nil).ServeConn(stdio{os.Stdin, os.Stdout})
	fmt.Fprintf(os.Stderr, "live=%d err=%v\n", liveAllocations(), err)
	os.Exit(0)
}

// slow is the cgo binding with two methods that take time: EchoI64 sleeps
// |v| % 5 ms, EchoString("sleep:N") sleeps N ms or until its context ends.
type slow struct{ Service }

func (s slow) EchoI64(ctx context.Context, v int64) (int64, error) {
	d := v % 5
	if d < 0 {
		d = -d
	}
	time.Sleep(time.Duration(d) * time.Millisecond)
	return s.Service.EchoI64(ctx, v)
}

// cancelled counts slow calls that ended because their context did.
var cancelled atomic.Int64

func (s slow) EchoString(ctx context.Context, v string) (string, error) {
	var ms int
	if _, err := fmt.Sscanf(v, "sleep:%d", &ms); err == nil {
		select {
		case <-time.After(time.Duration(ms) * time.Millisecond):
		case <-ctx.Done():
			cancelled.Add(1)
			return "", ctx.Err()
		}
	}
	return s.Service.EchoString(ctx, v)
}

var equal = []cmp.Option{cmpopts.EquateNaNs(), cmpopts.EquateEmpty()}

// sockDir is a short directory for Unix sockets (their paths are limited
// to about 100 bytes).
func sockDir(t *testing.T) string {
	d, err := os.MkdirTemp("", "rpc")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}

// serve starts a server of impl on a Unix socket and returns its address.
func serve(t *testing.T, impl Service, o *RPCOptions) string {
	t.Helper()
	addr := filepath.Join(sockDir(t), "s")
	ln, err := net.Listen("unix", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go NewRPCServer(impl, o).Serve(ln)
	return addr
}

func dial(t *testing.T, addr string) *RPCClient {
	t.Helper()
	conn, err := net.Dial("unix", addr)
	if err != nil {
		t.Fatal(err)
	}
	c := NewRPCClient(conn, nil)
	t.Cleanup(func() { c.Close() })
	return c
}

// waitLive waits until the C library's live allocations are want: the
// server releases a closed connection's objects on its own goroutine.
func waitLive(t *testing.T, want int64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for liveAllocations() != want {
		if time.Now().After(deadline) {
			t.Fatalf("C allocations stay at %d, want %d", liveAllocations(), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

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

// TestGoClientGoServer runs every call in process and over RPC (the cgo
// binding served on a Unix socket) and compares results and errors.
func TestGoClientGoServer(t *testing.T) {
	before := liveAllocations()
	c := dial(t, serve(t, InProcess(), nil))
	ctx := context.Background()
	for _, cl := range calls() {
		t.Run(cl.name, func(t *testing.T) {
			want, werr := cl.do(ctx, InProcess())
			got, gerr := cl.do(ctx, c)
			if diff := cmp.Diff(want, got, equal...); diff != "" {
				t.Errorf("result (-in process +rpc):\n%s", diff)
			}
			if fmt.Sprint(werr) != fmt.Sprint(gerr) {
				t.Errorf("error: in process %v, rpc %v", werr, gerr)
			}
			var ce ConfError
			if errors.As(werr, &ce) && !errors.Is(gerr, ce) {
				t.Errorf("rpc error %v (%T) is not %v", gerr, gerr, ce)
			}
		})
	}
	c.Close()
	waitLive(t, before)
}

func TestTypedErrors(t *testing.T) {
	c := dial(t, serve(t, InProcess(), nil))
	err := c.Check(context.Background(), false)
	var ce ConfError
	if !errors.Is(err, ConfErrorRequested) || !errors.As(err, &ce) || ce.Code() != 2 {
		t.Fatalf("Check(false) over RPC = %v (%T)", err, err)
	}
	var re *RPCError
	var te *RPCTransportError
	if errors.As(err, &re) || errors.As(err, &te) {
		t.Fatal("an IDL error must not be a fault or a transport error")
	}
}

// TestPanicIsAFault: the cgo binding panics on a nil union argument; the
// server answers that call with an internal fault and goes on serving.
func TestPanicIsAFault(t *testing.T) {
	c := dial(t, serve(t, InProcess(), nil))
	if _, err := c.EchoValue(context.Background(), nil); !errors.Is(err, ErrRPCInternal) || !strings.Contains(err.Error(), "panic") {
		t.Fatalf("EchoValue(nil) = %v", err)
	}
	if v, err := c.EchoI32(context.Background(), 3); err != nil || v != 3 {
		t.Fatalf("after the panic: %d, %v", v, err)
	}
}

// rawConn is a connection on which a test writes frames by hand.
type rawConn struct {
	t *testing.T
	c net.Conn
	r *bufio.Reader
}

func rawDial(t *testing.T, addr string) *rawConn {
	c, err := net.Dial("unix", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &rawConn{t, c, bufio.NewReader(c)}
}

func frame(kind byte, id, method uint32, payload []byte) []byte {
	b := binary.LittleEndian.AppendUint32(nil, uint32(9+len(payload)))
	b = append(b, kind)
	b = binary.LittleEndian.AppendUint32(b, id)
	b = binary.LittleEndian.AppendUint32(b, method)
	return append(b, payload...)
}

func (r *rawConn) send(b []byte) {
	if _, err := r.c.Write(b); err != nil {
		r.t.Fatal(err)
	}
}

// read returns the next frame's kind, id and payload.
func (r *rawConn) read() (byte, uint32, []byte, error) {
	r.c.SetReadDeadline(time.Now().Add(5 * time.Second))
	var hdr [13]byte
	if _, err := io.ReadFull(r.r, hdr[:]); err != nil {
		return 0, 0, nil, err
	}
	p := make([]byte, binary.LittleEndian.Uint32(hdr[:])-9)
	_, err := io.ReadFull(r.r, p)
	return hdr[4], binary.LittleEndian.Uint32(hdr[5:]), p, err
}

// fault reads a frame that must be a FAULT with code and id.
func (r *rawConn) fault(id uint32, code RPCFaultCode) {
	r.t.Helper()
	kind, gotID, p, err := r.read()
	if err != nil || kind != 5 || gotID != id {
		r.t.Fatalf("frame kind %d id %d %x, %v; want FAULT id %d", kind, gotID, p, err, id)
	}
	if e := rpcParseFault(p); e.Code != code || e.Msg == "" {
		r.t.Fatalf("fault %v, want code %d", e, code)
	}
}

// echoI32 sends a good call on r and checks its answer.
func (r *rawConn) echoI32(id uint32) {
	r.t.Helper()
	req := EchoI32Request{V: -7}
	r.send(frame(1, id, RPCMethodEchoI32, req.AppendWire(nil)))
	kind, gotID, p, err := r.read()
	var resp EchoI32Response
	if err != nil || kind != 3 || gotID != id || resp.UnmarshalWire(p, nil) != nil || resp.Result != -7 {
		r.t.Fatalf("echo_i32: kind %d id %d %x %v", kind, gotID, p, err)
	}
}

// TestFaults sends bad frames by hand: each gets a clear fault, and the
// server keeps serving the connection (or, for frames it cannot read,
// its other connections).
func TestFaults(t *testing.T) {
	before := liveAllocations()
	addr := serve(t, InProcess(), nil)
	r := rawDial(t, addr)

	r.send(frame(1, 1, 0xdeadbeef, nil))
	r.fault(1, RPCFaultUnknownMethod)
	r.echoI32(2)

	r.send(frame(1, 3, RPCMethodEchoI32, []byte{0x08})) // truncated varint
	r.fault(3, RPCFaultBadRequest)
	r.send(frame(1, 4, RPCMethodEchoI32, []byte{0x0a, 0x01, 0x00})) // field 1 as LEN
	r.fault(4, RPCFaultBadRequest)
	// The empty request of noop: a field a newer client might send is
	// skipped, a truncated one is a bad request.
	r.send(frame(1, 10, RPCMethodNoop, []byte{0x08, 0x01}))
	if kind, id, p, err := r.read(); err != nil || kind != 3 || id != 10 || len(p) != 0 {
		t.Fatalf("noop with an unknown field: kind %d id %d %x %v", kind, id, p, err)
	}
	r.send(frame(1, 11, RPCMethodNoop, []byte{0x08}))
	r.fault(11, RPCFaultBadRequest)
	r.echoI32(5)

	req := StoreSizeMethodRequest{Self: 1 << 60}
	r.send(frame(1, 6, RPCMethodStoreSizeMethod, req.AppendWire(nil)))
	r.fault(6, RPCFaultBadHandle)

	// A handle made on another connection is not valid on this one.
	other := dial(t, addr)
	st, err := other.NewStore(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	req.Self = st.(*rpcClientStore).h
	r.send(frame(1, 7, RPCMethodStoreSizeMethod, req.AppendWire(nil)))
	r.fault(7, RPCFaultBadHandle)
	if n, err := other.StoreSize(context.Background(), st); err != nil || n != 0 {
		t.Fatalf("store_size on its own connection: %d, %v", n, err)
	}
	// The client refuses another client's object before sending anything.
	c2 := dial(t, addr)
	if _, err := c2.StoreSize(context.Background(), st); !errors.Is(err, ErrRPCBadHandle) {
		t.Fatalf("foreign object: %v", err)
	}
	st.Close()
	if _, err := st.Size(context.Background()); !errors.Is(err, ErrRPCBadHandle) {
		t.Fatalf("closed object: %v", err)
	}

	// An oversized frame: FAULT with id 0, then the connection closes
	// without the server reading (or allocating) the 4 GiB it announced.
	r.send([]byte{0xf0, 0xff, 0xff, 0xff, 1})
	r.fault(0, RPCFaultOversizedFrame)
	// (EOF, or a reset: the server closes with the client's bytes unread.)
	if _, _, _, err := r.read(); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("after an oversized frame: %v, want the connection closed", err)
	}
	// A frame whose length is below the header.
	r = rawDial(t, addr)
	r.send([]byte{3, 0, 0, 0})
	r.fault(0, RPCFaultBadFrame)
	// A kind a client may not send.
	r = rawDial(t, addr)
	r.send(frame(3, 1, RPCMethodEchoI32, nil))
	r.fault(0, RPCFaultBadFrame)
	// A truncated frame, then the end of the stream.
	r = rawDial(t, addr)
	r.send(frame(1, 1, RPCMethodEchoI32, []byte{0x08, 0x02})[:8])
	r.c.(*net.UnixConn).CloseWrite()
	if _, _, _, err := r.read(); err != io.EOF {
		t.Fatalf("after a truncated frame: %v, want EOF", err)
	}
	// The server still serves new connections.
	rawDial(t, addr).echoI32(9)
	waitLive(t, before)
}

// TestDisconnectReleasesObjects: a client that goes away with objects
// open leaves nothing allocated in the server.
func TestDisconnectReleasesObjects(t *testing.T) {
	before := liveAllocations()
	addr := serve(t, InProcess(), nil)
	c := dial(t, addr)
	ctx := context.Background()
	for i := 0; i < 20; i++ {
		st, err := c.NewStore(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Put(ctx, "k", values()[17]); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Clone(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if liveAllocations() <= before {
		t.Fatal("the stores allocated nothing: the test proves nothing")
	}
	c.Close()
	waitLive(t, before)
	if _, err := c.EchoI32(ctx, 1); !isTransport(err) {
		t.Fatalf("call on a closed client: %v", err)
	}
}

func isTransport(err error) bool {
	var te *RPCTransportError
	return errors.As(err, &te)
}

// TestConcurrentCalls: 1,000 calls from 1,000 goroutines on one
// connection, each delayed 0-4 ms by the server, complete out of order
// with the right results.
func TestConcurrentCalls(t *testing.T) {
	c := dial(t, serve(t, slow{InProcess()}, nil))
	var wg sync.WaitGroup
	var order []int64
	var mu sync.Mutex
	errs := make(chan error, 1000)
	for i := int64(0); i < 1000; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := i*7919 - 3000
			got, err := c.EchoI64(context.Background(), v)
			if err != nil || got != v {
				errs <- fmt.Errorf("EchoI64(%d) = %d, %v", v, got, err)
				return
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(order) != 1000 {
		t.Fatalf("%d calls completed", len(order))
	}
	inOrder := true
	for i := range order {
		inOrder = inOrder && order[i] == int64(i)
	}
	if inOrder {
		t.Error("1,000 delayed calls completed in order: nothing was multiplexed")
	}
}

// TestDeadline: a call whose context ends returns its error at once, and
// the server cancels the call's own context.
func TestDeadline(t *testing.T) {
	c := dial(t, serve(t, slow{InProcess()}, nil))
	before := cancelled.Load()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.EchoString(ctx, "sleep:10000")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Fatalf("after %v: %v", time.Since(start), err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for cancelled.Load() == before {
		if time.Now().After(deadline) {
			t.Fatal("the server never cancelled the call")
		}
		time.Sleep(time.Millisecond)
	}
	if v, err := c.EchoString(context.Background(), "after"); err != nil || v != "after" {
		t.Fatalf("the connection after a cancelled call: %q, %v", v, err)
	}
}

// blocking is the cgo binding whose EchoString("block") reports on
// entered that it runs and returns only once release is closed: calls
// that are in flight for as long as a test wants, with no timing.
type blocking struct {
	Service
	entered chan struct{}
	release chan struct{}
}

func (b *blocking) EchoString(ctx context.Context, v string) (string, error) {
	if v == "block" {
		b.entered <- struct{}{}
		<-b.release
	}
	return b.Service.EchoString(ctx, v)
}

// TestTooManyCalls: with MaxCalls calls in flight, one more call is
// refused at once with FAULT 4 while the others go on; once they have
// answered, the connection takes calls again.
func TestTooManyCalls(t *testing.T) {
	b := &blocking{Service: InProcess(), entered: make(chan struct{}), release: make(chan struct{})}
	c := dial(t, serve(t, b, &RPCOptions{MaxCalls: 2}))
	ctx := context.Background()
	var wg sync.WaitGroup
	got := make([]string, 2)
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); got[i], errs[i] = c.EchoString(ctx, "block") }()
	}
	// A call is in flight from its CALL frame until its answer is written,
	// so both are once both have entered the implementation. (The timeout
	// only keeps a broken server from hanging the test.)
	for range errs {
		select {
		case <-b.entered:
		case <-time.After(30 * time.Second):
			t.Fatal("the blocking calls never reached the implementation")
		}
	}
	if _, err := c.EchoI32(ctx, 1); !errors.Is(err, ErrRPCTooManyCalls) {
		t.Errorf("third call: %v, want %v", err, ErrRPCTooManyCalls)
	}
	close(b.release)
	wg.Wait()
	for i := range errs {
		if errs[i] != nil || got[i] != "block" {
			t.Errorf("blocked call %d: %q, %v", i, got[i], errs[i])
		}
	}
	// The server takes a call out of its count before it writes the
	// answer, so the limit is free again.
	if v, err := c.EchoI32(ctx, 1); err != nil || v != 1 {
		t.Errorf("after the calls ended: %d, %v", v, err)
	}
}

// rendezvous is the cgo binding whose EchoString("wait") returns only
// once EchoI32 has been called: a call that waits for another call of
// the same connection. It gives up after 20 s, so a server that stops
// reading while a call runs fails the test instead of hanging it.
type rendezvous struct {
	Service
	entered chan struct{}
	arrived chan struct{}
}

func (r *rendezvous) EchoString(ctx context.Context, v string) (string, error) {
	if v == "wait" {
		r.entered <- struct{}{}
		select {
		case <-r.arrived:
		case <-time.After(20 * time.Second):
			return "", errors.New("the other call never arrived")
		}
	}
	return r.Service.EchoString(ctx, v)
}

func (r *rendezvous) EchoI32(ctx context.Context, v int32) (int32, error) {
	close(r.arrived)
	return r.Service.EchoI32(ctx, v)
}

// TestCallWaitsForCall: a call that waits for a later call of its own
// connection returns once that call has been read and answered (the
// server answers quick calls on the goroutine that read them, and must
// read on elsewhere while such a call waits). Two rounds: the second
// runs after the server has answered calls inline again.
func TestCallWaitsForCall(t *testing.T) {
	for round := range 2 {
		r := &rendezvous{Service: InProcess(), entered: make(chan struct{}), arrived: make(chan struct{})}
		c := dial(t, serve(t, r, nil))
		ctx := context.Background()
		for i := range 100 { // quick calls first, answered inline
			if v, err := c.EchoI64(ctx, int64(i)); err != nil || v != int64(i) {
				t.Fatalf("round %d: EchoI64(%d) = %d, %v", round, i, v, err)
			}
		}
		done := make(chan error, 1)
		go func() {
			v, err := c.EchoString(ctx, "wait")
			if err == nil && v != "wait" {
				err = fmt.Errorf("got %q", v)
			}
			done <- err
		}()
		<-r.entered
		start := time.Now()
		if v, err := c.EchoI32(ctx, 7); err != nil || v != 7 {
			t.Fatalf("round %d: EchoI32(7) while a call waits = %d, %v", round, v, err)
		}
		if err := <-done; err != nil {
			t.Fatalf("round %d: the waiting call: %v", round, err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("round %d: the second call took %v", round, d)
		}
	}
}

// child starts the test binary as an RPC server on its stdin/stdout.
func child(t *testing.T) (*RPCClient, *exec.Cmd, *strings.Builder) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CONFORMANCE_RPC_CHILD=1")
	stderr := &strings.Builder{}
	cmd.Stderr = stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return NewRPCClient(stdio{out, in}, nil), cmd, stderr
}

// TestChildProcess: the C library in a child process, called over its
// stdin/stdout with the same results; closing the connection with
// objects open leaves no allocation in the child.
func TestChildProcess(t *testing.T) {
	c, cmd, stderr := child(t)
	ctx := context.Background()
	for _, cl := range calls() {
		want, werr := cl.do(ctx, InProcess())
		got, gerr := cl.do(ctx, c)
		if diff := cmp.Diff(want, got, equal...); diff != "" || fmt.Sprint(werr) != fmt.Sprint(gerr) {
			t.Errorf("%s: %v / %v (-in process +child):\n%s", cl.name, werr, gerr, diff)
		}
	}
	for i := 0; i < 5; i++ {
		if _, err := c.StoreWith(ctx, "k", ValueText{Value: "open"}); err != nil {
			t.Fatal(err)
		}
	}
	c.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stderr.String(), "live=0 err=<nil>") {
		t.Fatalf("child: %q", stderr.String())
	}
}

// TestServerKilled: the server process dies in the middle of a call; the
// call fails with a transport error long before its deadline.
func TestServerKilled(t *testing.T) {
	c, cmd, _ := child(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.EchoI32(ctx, 1); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(100 * time.Millisecond)
		cmd.Process.Kill()
	}()
	start := time.Now()
	_, err := c.EchoString(ctx, "sleep:20000")
	if !isTransport(err) || time.Since(start) > 5*time.Second {
		t.Fatalf("after %v: %v (%T), want a transport error", time.Since(start), err, err)
	}
	if _, err := c.EchoI32(context.Background(), 1); !isTransport(err) {
		t.Fatalf("later call: %v", err)
	}
}

// cServer starts the generated C dispatcher (built with ASan and UBSan by
// the test that lays out this package) as a child process.
func cServer(t *testing.T) (*RPCClient, *exec.Cmd, *strings.Builder, io.WriteCloser, io.Reader) {
	t.Helper()
	_, cmd, stderr, in, out := cServerRaw(t)
	return NewRPCClient(stdio{out, in}, nil), cmd, stderr, in, out
}

// TestGoClientCServer: the C library served by the generated C
// dispatcher answers every call as the in-process binding does; closing
// the connection with objects open releases them (live=0), with no
// sanitizer report.
func TestGoClientCServer(t *testing.T) {
	c, cmd, stderr, _, _ := cServer(t)
	ctx := context.Background()
	for _, cl := range calls() {
		want, werr := cl.do(ctx, InProcess())
		got, gerr := cl.do(ctx, c)
		if diff := cmp.Diff(want, got, equal...); diff != "" || fmt.Sprint(werr) != fmt.Sprint(gerr) {
			t.Errorf("%s: %v / %v (-in process +C server):\n%s", cl.name, werr, gerr, diff)
		}
		var ce ConfError
		if errors.As(werr, &ce) && !errors.Is(gerr, ce) {
			t.Errorf("%s: C server error %v (%T) is not %v", cl.name, gerr, gerr, ce)
		}
	}
	// Concurrent callers share the connection; the C loop answers in turn.
	var wg sync.WaitGroup
	for i := int64(0); i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := c.EchoI64(ctx, i<<40); err != nil || v != i<<40 {
				t.Errorf("EchoI64(%d) = %d, %v", i<<40, v, err)
			}
		}()
	}
	wg.Wait()
	st, err := c.NewStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Put(ctx, "k", values()[17]); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if _, err := st.Clone(ctx); err != nil {
			t.Fatal(err)
		}
	}
	c.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("C server: %v\n%s", err, stderr)
	}
	if stderr.String() != "live=0 rc=0\n" {
		t.Fatalf("C server stderr: %q", stderr.String())
	}
}

// TestCServerFaults: bad frames by hand against the C dispatcher.
func TestCServerFaults(t *testing.T) {
	_, cmd, stderr, in, out := cServerRaw(t)
	r := &rawConn{t: t, r: bufio.NewReader(out)}
	send := func(b []byte) {
		if _, err := in.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	read := func() (byte, uint32, []byte) {
		var hdr [13]byte
		if _, err := io.ReadFull(r.r, hdr[:]); err != nil {
			t.Fatal(err)
		}
		p := make([]byte, binary.LittleEndian.Uint32(hdr[:])-9)
		if _, err := io.ReadFull(r.r, p); err != nil {
			t.Fatal(err)
		}
		return hdr[4], binary.LittleEndian.Uint32(hdr[5:]), p
	}
	expectFault := func(id uint32, code RPCFaultCode) {
		t.Helper()
		kind, gotID, p := read()
		if kind != 5 || gotID != id || rpcParseFault(p).Code != code {
			t.Fatalf("kind %d id %d %v; want FAULT %d id %d", kind, gotID, rpcParseFault(p), code, id)
		}
	}
	send(frame(1, 1, 0xdeadbeef, nil))
	expectFault(1, RPCFaultUnknownMethod)
	send(frame(1, 2, RPCMethodEchoI32, []byte{0x08}))
	expectFault(2, RPCFaultBadRequest)
	req := StoreSizeMethodRequest{Self: 12345}
	send(frame(1, 3, RPCMethodStoreSizeMethod, req.AppendWire(nil)))
	expectFault(3, RPCFaultBadHandle)
	send(frame(1, 4, RPCMethodNoop, []byte{0x08, 0x01})) // a field a newer client might send
	if kind, id, p := read(); kind != 3 || id != 4 || len(p) != 0 {
		t.Fatalf("noop with an unknown field: kind %d id %d %x", kind, id, p)
	}
	ok := EchoI32Request{V: 9}
	send(frame(1, 5, RPCMethodEchoI32, ok.AppendWire(nil)))
	if kind, id, p := read(); kind != 3 || id != 5 || !bytesEqual(p, []byte{0x08, 0x12}) {
		t.Fatalf("echo_i32(9): kind %d id %d %x", kind, id, p)
	}
	send(frame(1, 6, RPCMethodNoop, []byte{0x08})) // an empty request, but truncated
	expectFault(6, RPCFaultBadRequest)
	send([]byte{0xf0, 0xff, 0xff, 0xff})
	expectFault(0, RPCFaultOversizedFrame)
	in.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("C server: %v\n%s", err, stderr)
	}
	if stderr.String() != "live=0 rc=-1\n" {
		t.Fatalf("C server stderr: %q", stderr.String())
	}
}

func cServerRaw(t *testing.T) (*RPCClient, *exec.Cmd, *strings.Builder, io.WriteCloser, io.Reader) {
	t.Helper()
	path := os.Getenv("CONFORMANCE_RPC_C_SERVER")
	if path == "" {
		t.Fatal("CONFORMANCE_RPC_C_SERVER is not set: run these tests through gen/rpc's TestGoConformance")
	}
	cmd := exec.Command(path)
	stderr := &strings.Builder{}
	cmd.Stderr = stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return nil, cmd, stderr, in, out
}

func bytesEqual(a, b []byte) bool { return string(a) == string(b) }
