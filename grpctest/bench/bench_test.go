package bench

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/bindgen-dev/bindgen/grpctest/bench/add"
	"github.com/bindgen-dev/bindgen/grpctest/bench/add/addgrpc"
	"github.com/bindgen-dev/bindgen/grpctest/bench/addpb"
)

// goAdd is add.Service in pure Go, so both benchmarks measure the
// transport and the codec, not the implementation.
type goAdd struct{}

func (goAdd) Add(_ context.Context, a, b int32) (int32, error) { return a + b, nil }

func (goAdd) AddChecked(_ context.Context, a, b int32) (int32, error) {
	s := int64(a) + int64(b)
	if s != int64(int32(s)) {
		return 0, add.AddErrorOverflow
	}
	return int32(s), nil
}

// pbAdd is the same function as the protobuf service.
type pbAdd struct {
	addpb.UnimplementedAddServer
}

func (pbAdd) Add(_ context.Context, r *addpb.AddRequest) (*addpb.AddResponse, error) {
	return &addpb.AddResponse{Result: r.A + r.B}, nil
}

// serve starts a gRPC server on a Unix socket with register and returns
// a channel to it.
func serve(tb testing.TB, register func(*grpc.Server)) *grpc.ClientConn {
	tb.Helper()
	d, err := os.MkdirTemp("", "grpcbench")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(d) })
	addr := filepath.Join(d, "s")
	ln, err := net.Listen("unix", addr)
	if err != nil {
		tb.Fatal(err)
	}
	s := grpc.NewServer()
	register(s)
	go s.Serve(ln)
	tb.Cleanup(s.Stop)
	cc, err := grpc.NewClient("unix:"+addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { cc.Close() })
	return cc
}

func bindgenClient(tb testing.TB) *addgrpc.GRPCClient {
	cc := serve(tb, func(s *grpc.Server) { addgrpc.RegisterGRPCService(s, goAdd{}) })
	c, err := addgrpc.NewGRPCClient(context.Background(), cc)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}

func protobufClient(tb testing.TB) addpb.AddClient {
	return addpb.NewAddClient(serve(tb, func(s *grpc.Server) { addpb.RegisterAddServer(s, pbAdd{}) }))
}

// TestAddBoth: both services answer add, and the bindgen one raises the
// IDL error as in process; the benchmarks measure working calls.
func TestAddBoth(t *testing.T) {
	ctx := context.Background()
	b := bindgenClient(t)
	if v, err := b.Add(ctx, 2, 3); err != nil || v != 5 {
		t.Fatalf("bindgen Add(2, 3) = %d, %v", v, err)
	}
	if _, err := b.AddChecked(ctx, 1<<31-1, 1); err != add.AddErrorOverflow {
		t.Fatalf("bindgen AddChecked overflow = %v", err)
	}
	p := protobufClient(t)
	if r, err := p.Add(ctx, &addpb.AddRequest{A: 2, B: 3}); err != nil || r.Result != 5 {
		t.Fatalf("protobuf Add(2, 3) = %v, %v", r, err)
	}
}

// BenchmarkAddGRPC is one add call at a time, Go client to Go server over
// a Unix socket: the bindgen codec (content subtype bindgen) against
// protobuf, on the same grpc-go.
func BenchmarkAddGRPC(b *testing.B) {
	ctx := context.Background()
	b.Run("bindgen", func(b *testing.B) {
		c := bindgenClient(b)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if v, err := c.Add(ctx, int32(i), 1); err != nil || v != int32(i)+1 {
				b.Fatal(v, err)
			}
		}
	})
	b.Run("protobuf", func(b *testing.B) {
		c := protobufClient(b)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if r, err := c.Add(ctx, &addpb.AddRequest{A: int32(i), B: 1}); err != nil || r.Result != int32(i)+1 {
				b.Fatal(r, err)
			}
		}
	})
}

// BenchmarkAddGRPCParallel is the same with calls from many goroutines
// on one channel.
func BenchmarkAddGRPCParallel(b *testing.B) {
	ctx := context.Background()
	b.Run("bindgen", func(b *testing.B) {
		c := bindgenClient(b)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if v, err := c.Add(ctx, 2, 3); err != nil || v != 5 {
					b.Fatal(v, err)
				}
			}
		})
	})
	b.Run("protobuf", func(b *testing.B) {
		c := protobufClient(b)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if r, err := c.Add(ctx, &addpb.AddRequest{A: 2, B: 3}); err != nil || r.Result != 5 {
					b.Fatal(r, err)
				}
			}
		})
	})
}
