package conformance_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	. "github.com/bindgen-dev/bindgen/grpctest/conformance"
	"github.com/bindgen-dev/bindgen/grpctest/conformance/conformancegrpc"
)

// The gRPC transport of conformance.idl end to end: a Go client
// (conformancegrpc.NewGRPCClient) against a Go server
// (conformancegrpc.RegisterGRPCService of the cgo binding) over a Unix
// socket, compared with the in-process calls.

func TestMain(m *testing.M) {
	code := m.Run()
	if n := LiveAllocations(); n != 0 && code == 0 {
		fmt.Println("C allocations live at exit:", n)
		code = 1
	}
	os.Exit(code)
}

var equal = []cmp.Option{cmpopts.EquateNaNs(), cmpopts.EquateEmpty()}

// serveGRPC serves impl on a Unix socket and returns its address.
func serveGRPC(t *testing.T, impl Service, opts ...grpc.ServerOption) string {
	t.Helper()
	d, err := os.MkdirTemp("", "grpc")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	addr := filepath.Join(d, "s")
	ln, err := net.Listen("unix", addr)
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer(opts...)
	conformancegrpc.RegisterGRPCService(s, impl)
	go s.Serve(ln)
	t.Cleanup(s.Stop)
	return addr
}

func channel(t *testing.T, addr string) *grpc.ClientConn {
	t.Helper()
	cc, err := grpc.NewClient("unix:"+addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	return cc
}

func client(t *testing.T, cc *grpc.ClientConn) *conformancegrpc.GRPCClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := conformancegrpc.NewGRPCClient(ctx, cc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// waitLive waits until the C library's live allocations are want: the
// server releases an ended session's objects on the session's goroutine.
func waitLive(t *testing.T, want int64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for LiveAllocations() != want {
		if time.Now().After(deadline) {
			t.Fatalf("C allocations stay at %d, want %d", LiveAllocations(), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestGRPCGoClientGoServer runs every call in process and over gRPC and
// compares results and errors; closing the client releases everything.
func TestGRPCGoClientGoServer(t *testing.T) {
	before := LiveAllocations()
	c := client(t, channel(t, serveGRPC(t, InProcess())))
	ctx := context.Background()
	n := 0
	for _, cl := range calls() {
		t.Run(cl.name, func(t *testing.T) {
			want, werr := cl.do(ctx, InProcess())
			got, gerr := cl.do(ctx, c)
			if diff := cmp.Diff(want, got, equal...); diff != "" {
				t.Errorf("result (-in process +grpc):\n%s", diff)
			}
			if fmt.Sprint(werr) != fmt.Sprint(gerr) {
				t.Errorf("error: in process %v, grpc %v", werr, gerr)
			}
			var ce ConfError
			if errors.As(werr, &ce) {
				n++
				if !errors.Is(gerr, ce) {
					t.Errorf("grpc error %v (%T) is not %v", gerr, gerr, ce)
				}
			}
		})
	}
	if n < 5 {
		t.Errorf("only %d calls raised an IDL error; the comparison of errors tests little", n)
	}
	c.Close()
	waitLive(t, before)
}

func TestGRPCTypedErrors(t *testing.T) {
	c := client(t, channel(t, serveGRPC(t, InProcess())))
	err := c.Check(context.Background(), false)
	var ce ConfError
	if !errors.Is(err, ConfErrorRequested) || !errors.As(err, &ce) || ce.Code() != 2 {
		t.Fatalf("Check(false) over gRPC = %v (%T)", err, err)
	}
	var re *RPCError
	var te *RPCTransportError
	if errors.As(err, &re) || errors.As(err, &te) {
		t.Fatal("an IDL error must not be a fault or a transport error")
	}
}

// TestGRPCPanicIsAFault: the cgo binding panics on a nil union argument;
// the server answers with an internal fault and goes on serving.
func TestGRPCPanicIsAFault(t *testing.T) {
	c := client(t, channel(t, serveGRPC(t, InProcess())))
	if _, err := c.EchoValue(context.Background(), nil); !errors.Is(err, ErrRPCInternal) || !strings.Contains(err.Error(), "panic") {
		t.Fatalf("EchoValue(nil) = %v", err)
	}
	if v, err := c.EchoI32(context.Background(), 3); err != nil || v != 3 {
		t.Fatalf("after the panic: %d, %v", v, err)
	}
}

// TestGRPCSessionEndReleasesObjects: objects left open are released by
// the server when their client's session ends, and only then.
func TestGRPCSessionEndReleasesObjects(t *testing.T) {
	cc := channel(t, serveGRPC(t, InProcess()))
	before := LiveAllocations()
	ctx := context.Background()
	c := client(t, cc)
	other := client(t, cc)
	for i := 0; i < 3; i++ {
		st, err := c.NewStore(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Put(ctx, "k", ValueText{Value: strings.Repeat("v", 100)}); err != nil {
			t.Fatal(err)
		}
	}
	keep, err := other.StoreWith(ctx, "x", ValueFlag{})
	if err != nil {
		t.Fatal(err)
	}
	afterOther := LiveAllocations()
	if afterOther <= before {
		t.Fatalf("the stores allocate nothing in C (%d, %d): the test proves nothing", before, afterOther)
	}
	// An object of another client is refused before anything is sent.
	if _, err := c.StoreSize(ctx, keep); !errors.Is(err, ErrRPCBadHandle) {
		t.Fatalf("StoreSize(another client's store) = %v", err)
	}
	c.Close()
	if _, err := c.EchoI32(ctx, 1); !errors.As(err, new(*RPCTransportError)) {
		t.Fatalf("call after Close = %v", err)
	}
	// c's three stores are released; other's is alive and usable.
	deadline := time.Now().Add(5 * time.Second)
	for LiveAllocations() >= afterOther && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n, err := keep.Size(ctx); err != nil || n != 1 {
		t.Fatalf("the other session's store: %d, %v", n, err)
	}
	other.Close()
	waitLive(t, before)
}

// rawMessage is a message of the test's own, for calls a generated client
// would refuse to make.
type rawMessage struct {
	m interface {
		AppendWire(b []byte) []byte
		UnmarshalWire(b []byte, o *WireOptions) error
	}
}

func (x rawMessage) AppendWire(b []byte) []byte          { return x.m.AppendWire(b) }
func (x rawMessage) UnmarshalBindgenWire(b []byte) error { return x.m.UnmarshalWire(b, nil) }

// TestGRPCHandleScope: the server looks handles up in the calling
// session only: another session's handle, or a call without a session,
// is the fault bad handle.
func TestGRPCHandleScope(t *testing.T) {
	var mu sync.Mutex
	var handle uint64
	sessions := map[string]bool{}
	// The interceptor sees the session ids and the handle StoreNew made.
	spy := func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		resp, err := h(ctx, req)
		md, _ := metadata.FromIncomingContext(ctx)
		mu.Lock()
		defer mu.Unlock()
		for _, v := range md.Get("bindgen-session") {
			sessions[v] = true
		}
		if info.FullMethod == "/conformance.Conformance/StoreNew" && err == nil {
			var r StoreNewResponse
			if err := r.UnmarshalWire(resp.(interface{ AppendWire([]byte) []byte }).AppendWire(nil), nil); err != nil {
				t.Error(err)
			}
			handle = r.Result
		}
		return resp, err
	}
	cc := channel(t, serveGRPC(t, InProcess(), grpc.UnaryInterceptor(spy)))
	ctx := context.Background()
	a, b := client(t, cc), client(t, cc)
	st, err := a.NewStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// MaybeStore may return an object, so it names b's session.
	if _, err := b.MaybeStore(ctx, false); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if handle == 0 || len(sessions) != 2 {
		defer mu.Unlock()
		t.Fatalf("handle %d, sessions %v", handle, sessions)
	}
	ids := []string{}
	for s := range sessions {
		ids = append(ids, s)
	}
	mu.Unlock()
	call := func(md metadata.MD) (metadata.MD, error) {
		var tr metadata.MD
		req := StoreSizeMethodRequest{Self: handle}
		var resp StoreSizeMethodResponse
		ctx := metadata.NewOutgoingContext(ctx, md)
		err := cc.Invoke(ctx, "/conformance.Conformance/StoreSizeMethod", rawMessage{&req}, rawMessage{&resp},
			grpc.CallContentSubtype("bindgen"), grpc.Trailer(&tr))
		return tr, err
	}
	good := 0
	for _, id := range ids {
		tr, err := call(metadata.Pairs("bindgen-session", id))
		if err == nil {
			good++
			continue
		}
		if status.Code(err) != codes.FailedPrecondition || strings.Join(tr.Get("bindgen-fault"), ",") != "3" || !strings.Contains(status.Convert(err).Message(), "not a live object of this session") {
			t.Errorf("session %s: %v, trailer %v", id, err, tr)
		}
	}
	if good != 1 {
		t.Errorf("the handle worked in %d sessions, want exactly its own", good)
	}
	for _, md := range []metadata.MD{nil, metadata.Pairs("bindgen-session", "999999999")} {
		tr, err := call(md)
		if status.Code(err) != codes.FailedPrecondition || strings.Join(tr.Get("bindgen-fault"), ",") != "3" || !strings.Contains(status.Convert(err).Message(), "session") {
			t.Errorf("metadata %v: %v, trailer %v", md, err, tr)
		}
	}
}

// slowString makes EchoString("sleep:N") wait N ms or until its context
// ends, counting the calls that saw their deadline.
type slowString struct {
	Service
	deadlines atomic.Int64
}

func (s *slowString) EchoString(ctx context.Context, v string) (string, error) {
	if ms, err := strconv.Atoi(strings.TrimPrefix(v, "sleep:")); err == nil {
		if _, ok := ctx.Deadline(); ok {
			s.deadlines.Add(1)
		}
		select {
		case <-time.After(time.Duration(ms) * time.Millisecond):
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	return s.Service.EchoString(ctx, v)
}

// TestGRPCDeadline: the client's deadline ends the call with the
// context's error, and the server's implementation saw the deadline.
func TestGRPCDeadline(t *testing.T) {
	impl := &slowString{Service: InProcess()}
	c := client(t, channel(t, serveGRPC(t, impl)))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.EchoString(ctx, "sleep:5000")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("EchoString past its deadline = %v (%T)", err, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("the call took %v despite its 50ms deadline", d)
	}
	if impl.deadlines.Load() != 1 {
		t.Fatalf("the server saw %d deadlines, want 1", impl.deadlines.Load())
	}
	if v, err := c.EchoString(context.Background(), "sleep:1"); err != nil || v != "sleep:1" {
		t.Fatalf("after the deadline: %q, %v", v, err)
	}
}

// TestGRPCServerDown: calls to a server that is gone are transport
// errors wrapping the gRPC status.
func TestGRPCServerDown(t *testing.T) {
	d, err := os.MkdirTemp("", "grpc")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(d)
	addr := filepath.Join(d, "s")
	ln, err := net.Listen("unix", addr)
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer()
	conformancegrpc.RegisterGRPCService(s, InProcess())
	go s.Serve(ln)
	c := client(t, channel(t, addr))
	if v, err := c.EchoI32(context.Background(), 7); err != nil || v != 7 {
		t.Fatalf("EchoI32: %d, %v", v, err)
	}
	s.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err = c.EchoI32(ctx, 7)
	var te *RPCTransportError
	if !errors.As(err, &te) || status.Code(te.Err) != codes.Unavailable {
		t.Fatalf("EchoI32 with the server gone = %v (%T)", err, err)
	}
}

// TestGRPCServerDeadline: a call the server ends with DeadlineExceeded
// before the client's own timer fires (the server runs the deadline the
// client sent it, and either side's timer can fire first) fails with the
// context's error when the call had a deadline, and with a transport
// error when it had none.
func TestGRPCServerDeadline(t *testing.T) {
	early := grpc.UnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		if strings.HasSuffix(info.FullMethod, "/EchoString") {
			return nil, status.Error(codes.DeadlineExceeded, "context deadline exceeded")
		}
		return h(ctx, req)
	})
	c := client(t, channel(t, serveGRPC(t, InProcess(), early)))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := c.EchoString(ctx, "x"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("EchoString with a deadline, ended by the server = %v (%T), want context.DeadlineExceeded", err, err)
	}
	var te *RPCTransportError
	if _, err := c.EchoString(context.Background(), "x"); !errors.As(err, &te) {
		t.Fatalf("EchoString without a deadline, ended by the server = %v (%T), want *RPCTransportError", err, err)
	}
}
