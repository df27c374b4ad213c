package genrpc

// grpcGoRuntime is the part of <pkg>_grpc.go that is the same for every
// package, with PKG. standing for the qualifier of the RPC package.
const grpcGoRuntime = `
// ContentSubtype is the gRPC content subtype of the bindgen wire codec:
// calls carry Content-Type application/grpc+bindgen.
const ContentSubtype = "bindgen"

// The metadata keys of docs/rpc.md, "gRPC".
const (
	grpcSessionKey = "bindgen-session"
	grpcRaiseKey   = "bindgen-raise"
	grpcFaultKey   = "bindgen-fault"
)

func init() {
	encoding.RegisterCodecV2(grpcCodec{})
	// grpcio cannot set a content subtype, so its calls arrive as plain
	// application/grpc, whose codec is protobuf's. Wrap that codec once
	// per program: a bindgen message (the method decides which type a
	// message has) goes to the wire codec, everything else to protobuf.
	if p := encoding.GetCodecV2("proto"); p != nil {
		if _, done := p.(grpcProtoOrWire); !done {
			encoding.RegisterCodecV2(grpcProtoOrWire{p})
		}
	}
}

// grpcProtoOrWire is protobuf's codec that hands bindgen messages to the
// bindgen codec.
type grpcProtoOrWire struct{ proto encoding.CodecV2 }

func (c grpcProtoOrWire) Name() string { return c.proto.Name() }

func (c grpcProtoOrWire) Marshal(v any) (mem.BufferSlice, error) {
	if m, ok := v.(grpcWireMarshaler); ok {
		return mem.BufferSlice{mem.SliceBuffer(m.AppendWire(nil))}, nil
	}
	return c.proto.Marshal(v)
}

func (c grpcProtoOrWire) Unmarshal(data mem.BufferSlice, v any) error {
	switch v.(type) {
	case grpcWireMessage, grpcWireUnmarshaler:
		return grpcCodec{}.Unmarshal(data, v)
	}
	return c.proto.Unmarshal(data, v)
}

// grpcCodec is the bindgen wire codec as a gRPC codec (encoding.CodecV2:
// grpc-go wraps a codec of the older interface in two adapters per call,
// which cost six allocations a call). It only calls the methods of
// grpcWireMarshaler and grpcWireUnmarshaler, whose signatures name no
// package, so every generated package registers the same codec.
type grpcCodec struct{}

type grpcWireMarshaler interface{ AppendWire(b []byte) []byte }

type grpcWireUnmarshaler interface{ UnmarshalBindgenWire(b []byte) error }

// grpcWireMessage is every message of the wire codec (UnmarshalBinary
// decodes with the default limits), passed to grpc-go as itself: a
// pointer in an interface costs no allocation, where a wrapper would.
type grpcWireMessage interface {
	AppendWire(b []byte) []byte
	UnmarshalBinary(b []byte) error
}

func (grpcCodec) Name() string { return ContentSubtype }

func (grpcCodec) Marshal(v any) (mem.BufferSlice, error) {
	m, ok := v.(grpcWireMarshaler)
	if !ok {
		return nil, fmt.Errorf("bindgen codec: cannot marshal %T", v)
	}
	return mem.BufferSlice{mem.SliceBuffer(m.AppendWire(nil))}, nil
}

// Unmarshal decodes in place when the message arrived in one buffer (the
// usual case; a decoded message keeps no reference to its input unless
// WireOptions.Alias asked for one, which gRPC calls do not use), else
// from one pooled copy.
func (grpcCodec) Unmarshal(data mem.BufferSlice, v any) error {
	buf := data.MaterializeToBuffer(mem.DefaultBufferPool())
	defer buf.Free()
	b := buf.ReadOnlyData()
	switch m := v.(type) {
	case grpcWireMessage:
		return m.UnmarshalBinary(b)
	case grpcWireUnmarshaler:
		return m.UnmarshalBindgenWire(b)
	}
	return fmt.Errorf("bindgen codec: cannot unmarshal into %T", v)
}

// grpcSubtype is the call option of every call: made once, as each
// call's own would be an allocation.
var grpcSubtype = grpc.CallContentSubtype(ContentSubtype)

// grpcCall is what a client call needs besides its messages: the
// trailer, read for IDL errors and faults, and the options that ask for
// it. Reused through grpcCalls, since a fresh trailer option per call
// costs three allocations (the option, the trailer it points to, the
// options' slice); grpc-go writes the trailer before Invoke returns.
type grpcCall struct {
	tr   metadata.MD
	opts [2]grpc.CallOption
}

var grpcCalls = sync.Pool{New: func() any {
	c := &grpcCall{}
	c.opts = [2]grpc.CallOption{grpcSubtype, grpc.Trailer(&c.tr)}
	return c
}}

// grpcSessionOpen is the request of Session: empty, and whatever bytes
// it has are ignored.
type grpcSessionOpen struct{}

func (*grpcSessionOpen) AppendWire(b []byte) []byte { return b }

func (*grpcSessionOpen) UnmarshalBindgenWire([]byte) error { return nil }

// grpcSessionID is the one message of Session: {id: u64 @1}.
type grpcSessionID struct{ id uint64 }

func (s *grpcSessionID) AppendWire(b []byte) []byte {
	return binary.AppendUvarint(append(b, 0x08), s.id)
}

func (s *grpcSessionID) UnmarshalBindgenWire(b []byte) error {
	if len(b) < 2 || b[0] != 0x08 {
		return errors.New("bindgen: the session message is not {id: u64 @1}")
	}
	v, n := binary.Uvarint(b[1:])
	if n <= 0 || 1+n != len(b) || v == 0 {
		return errors.New("bindgen: the session message is not {id: u64 @1}")
	}
	s.id = v
	return nil
}

var grpcSessionStream = grpc.StreamDesc{StreamName: "Session", ServerStreams: true}

// GRPCClient is a Service over a gRPC channel, with one session that
// scopes its objects (docs/rpc.md, "Objects and sessions").
type GRPCClient struct {
	cc     grpc.ClientConnInterface
	sid    string
	stop   context.CancelFunc
	closed atomic.Bool
}

// NewGRPCClient opens a session on cc (ctx bounds the opening only) and
// returns a client whose calls carry it. Close ends the session, which
// releases the client's objects in the server.
func NewGRPCClient(ctx context.Context, cc grpc.ClientConnInterface) (*GRPCClient, error) {
	sctx, stop := context.WithCancel(context.Background())
	undo := context.AfterFunc(ctx, stop)
	defer undo()
	st, err := cc.NewStream(sctx, &grpcSessionStream, "/"+GRPCServiceName+"/Session", grpcSubtype)
	if err == nil {
		err = st.SendMsg(&grpcSessionOpen{})
	}
	if err == nil {
		err = st.CloseSend()
	}
	var id grpcSessionID
	if err == nil {
		err = st.RecvMsg(&id)
	}
	if err != nil {
		stop()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &PKG.RPCTransportError{Err: err}
	}
	go func() {
		// The stream stays open until Close; drain it so that its end is read.
		for st.RecvMsg(&id) == nil {
		}
	}()
	return &GRPCClient{cc: cc, sid: strconv.FormatUint(id.id, 10), stop: stop}, nil
}

// Close ends the session: the server releases every object made through
// this client. Closing twice does nothing; the channel stays open.
func (c *GRPCClient) Close() error {
	if !c.closed.Swap(true) {
		c.stop()
	}
	return nil
}

// invoke makes one call; session tells whether it needs the session
// (it touches objects), which other calls do not send.
func (c *GRPCClient) invoke(ctx context.Context, method string, session bool, req, resp grpcWireMessage, raise func(int32) error) error {
	if c.closed.Load() {
		return &PKG.RPCTransportError{Err: errors.New("client closed")}
	}
	if session {
		ctx = metadata.AppendToOutgoingContext(ctx, grpcSessionKey, c.sid)
	}
	call := grpcCalls.Get().(*grpcCall)
	call.tr = nil
	err := c.cc.Invoke(ctx, method, req, resp, call.opts[:]...)
	tr := call.tr
	call.tr = nil
	grpcCalls.Put(call)
	if err == nil {
		return nil
	}
	st, _ := status.FromError(err)
	if v := tr.Get(grpcRaiseKey); len(v) == 1 {
		if code, perr := strconv.ParseInt(v[0], 10, 32); perr == nil {
			if raise == nil {
				return &PKG.RPCError{Code: PKG.RPCFaultInternal, Msg: fmt.Sprintf("server raised code %d for a method that raises nothing", code)}
			}
			return raise(int32(code))
		}
	}
	if v := tr.Get(grpcFaultKey); len(v) == 1 {
		if code, perr := strconv.ParseUint(v[0], 10, 32); perr == nil {
			return &PKG.RPCError{Code: PKG.RPCFaultCode(code), Msg: st.Message()}
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if st.Code() == codes.DeadlineExceeded {
		if _, ok := ctx.Deadline(); ok {
			// The server ended the call at the deadline this client sent
			// it, a moment before the client's own timer fired: the same
			// error as if it had fired first.
			return context.DeadlineExceeded
		}
	}
	return &PKG.RPCTransportError{Err: err}
}

// grpcHandle is the handle of an object of a client's session.
type grpcHandle struct {
	c      *GRPCClient
	h      uint64
	closed atomic.Bool
}

// of returns the handle for a call of client c.
func (o *grpcHandle) of(c *GRPCClient, what string) (uint64, error) {
	switch {
	case o.c != c:
		return 0, &PKG.RPCError{Code: PKG.RPCFaultBadHandle, Msg: what + " belongs to another client"}
	case o.closed.Load():
		return 0, &PKG.RPCError{Code: PKG.RPCFaultBadHandle, Msg: what + " is closed"}
	}
	return o.h, nil
}

// RegisterGRPCService registers the service of impl on s: every call runs
// impl's method on the call's goroutine, with the call's context (and
// deadline). Objects live in the sessions of their clients.
func RegisterGRPCService(s grpc.ServiceRegistrar, impl PKG.Service) {
	s.RegisterService(&grpcServiceDesc, &grpcServer{impl: impl, sessions: map[uint64]*grpcSession{}})
}

type grpcServer struct {
	impl     PKG.Service
	mu       sync.Mutex
	sessions map[uint64]*grpcSession
}

// grpcNext numbers sessions and handles, unique in the process.
var grpcNext atomic.Uint64

// grpcSession is the object table of one session; objs is nil once the
// session has ended.
type grpcSession struct {
	mu   sync.Mutex
	objs map[uint64]io.Closer
}

func grpcHandleSession(srv any, stream grpc.ServerStream) error {
	s := srv.(*grpcServer)
	var open grpcSessionOpen
	if err := stream.RecvMsg(&open); err != nil {
		return err
	}
	id := grpcNext.Add(1)
	sess := &grpcSession{objs: map[uint64]io.Closer{}}
	s.mu.Lock()
	s.sessions[id] = sess
	s.mu.Unlock()
	defer s.end(id, sess)
	if err := stream.SendMsg(&grpcSessionID{id}); err != nil {
		return err
	}
	<-stream.Context().Done()
	return nil
}

// end forgets the session and releases its objects, in handle order.
func (s *grpcServer) end(id uint64, sess *grpcSession) {
	s.mu.Lock()
	delete(s.sessions, id)
	s.mu.Unlock()
	sess.mu.Lock()
	objs := sess.objs
	sess.objs = nil
	sess.mu.Unlock()
	hs := make([]uint64, 0, len(objs))
	for h := range objs {
		hs = append(hs, h)
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i] < hs[j] })
	for _, h := range hs {
		objs[h].Close()
	}
}

// session returns the session the call names.
func (s *grpcServer) session(ctx context.Context) (*grpcSession, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	v := md.Get(grpcSessionKey)
	if len(v) != 1 {
		return nil, grpcFault(ctx, PKG.RPCFaultBadHandle, "the call uses objects but names no session")
	}
	id, err := strconv.ParseUint(v[0], 10, 64)
	s.mu.Lock()
	sess := s.sessions[id]
	s.mu.Unlock()
	if err != nil || sess == nil {
		return nil, grpcFault(ctx, PKG.RPCFaultBadHandle, fmt.Sprintf("session %q is not open on this server", v[0]))
	}
	return sess, nil
}

// put adds o to the session under a fresh handle; a session that has
// ended releases o at once.
func (sess *grpcSession) put(ctx context.Context, o io.Closer) (uint64, error) {
	h := grpcNext.Add(1)
	sess.mu.Lock()
	if sess.objs == nil {
		sess.mu.Unlock()
		o.Close()
		return 0, grpcFault(ctx, PKG.RPCFaultBadHandle, "the session ended during the call")
	}
	sess.objs[h] = o
	sess.mu.Unlock()
	return h, nil
}

func (sess *grpcSession) get(h uint64) any {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	return sess.objs[h]
}

func (sess *grpcSession) remove(h uint64) any {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	o, ok := sess.objs[h]
	if !ok {
		return nil
	}
	delete(sess.objs, h)
	return o
}

// grpcCodes maps fault codes to status codes (docs/rpc.md, "Errors").
var grpcCodes = map[PKG.RPCFaultCode]codes.Code{
	PKG.RPCFaultBadRequest: codes.InvalidArgument,
	PKG.RPCFaultBadHandle:  codes.FailedPrecondition,
	PKG.RPCFaultCancelled:  codes.Canceled,
	PKG.RPCFaultInternal:   codes.Internal,
}

// grpcFault returns the status of a fault and sets its trailer.
func grpcFault(ctx context.Context, code PKG.RPCFaultCode, msg string) error {
	grpc.SetTrailer(ctx, metadata.Pairs(grpcFaultKey, strconv.FormatUint(uint64(code), 10)))
	c, ok := grpcCodes[code]
	if !ok {
		c = codes.Unknown
	}
	return status.Error(c, msg)
}

func grpcBadHandle(ctx context.Context, what string, h uint64) error {
	return grpcFault(ctx, PKG.RPCFaultBadHandle, fmt.Sprintf("%s handle %d is not a live object of this session", what, h))
}

// grpcImplError answers a call whose implementation returned err: the
// method's IDL error E, a fault the implementation passed on (it is itself
// a client), the context's end, else internal.
func grpcImplError[E interface {
	~int32
	error
}](ctx context.Context, err error, raises bool) error {
	var e E
	if raises && errors.As(err, &e) {
		grpc.SetTrailer(ctx, metadata.Pairs(grpcRaiseKey, strconv.FormatInt(int64(e), 10)))
		return status.Error(codes.Unknown, err.Error())
	}
	var re *PKG.RPCError
	switch {
	case errors.As(err, &re):
		return grpcFault(ctx, re.Code, re.Msg)
	case ctx.Err() != nil:
		return status.FromContextError(ctx.Err()).Err()
	}
	return grpcFault(ctx, PKG.RPCFaultInternal, err.Error())
}

// grpcRecover turns a panic of the implementation into an internal fault:
// grpc-go does not recover handlers' panics.
func grpcRecover(ctx context.Context, err *error) {
	if r := recover(); r != nil {
		*err = grpcFault(ctx, PKG.RPCFaultInternal, fmt.Sprint("panic: ", r))
	}
}

// grpcNoError is the E of grpcImplError for a method that raises nothing.
type grpcNoError int32

func (grpcNoError) Error() string { return "no error" }
`
