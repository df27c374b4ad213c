package genrpc

// goRuntime is the protocol runtime of every <pkg>_rpc.go: framing, the
// multiplexing client, the server loop and the errors (docs/rpc.md). It is
// emitted once per package, so generated code imports only the standard
// library.
const goRuntime = `
// Frame kinds (docs/rpc.md, "Frames").
const (
	rpcKindCall   = 1
	rpcKindCancel = 2
	rpcKindResult = 3
	rpcKindRaise  = 4
	rpcKindFault  = 5
)

// rpcHeader is the size of a frame header: length, kind, call id, method id.
const rpcHeader = 13

// RPCFaultCode is the code of a FAULT frame (docs/rpc.md, "Fault codes").
type RPCFaultCode uint32

// The fault codes.
const (
	RPCFaultUnknownMethod  RPCFaultCode = 1
	RPCFaultBadRequest     RPCFaultCode = 2
	RPCFaultBadHandle      RPCFaultCode = 3
	RPCFaultTooManyCalls   RPCFaultCode = 4
	RPCFaultCancelled      RPCFaultCode = 5
	RPCFaultInternal       RPCFaultCode = 6
	RPCFaultOversizedFrame RPCFaultCode = 7
	RPCFaultBadFrame       RPCFaultCode = 8
)

var rpcFaultNames = [...]string{"", "unknown method", "bad request", "bad handle", "too many calls", "cancelled", "internal", "oversized frame", "bad frame"}

func (c RPCFaultCode) String() string {
	if int(c) < len(rpcFaultNames) && c > 0 {
		return rpcFaultNames[c]
	}
	return "fault " + strconv.FormatUint(uint64(c), 10)
}

// RPCError is a fault the server reported for a call: not the method's
// IDL error, and not a broken connection.
type RPCError struct {
	Code RPCFaultCode
	Msg  string
}

func (e *RPCError) Error() string { return "rpc: " + e.Code.String() + ": " + e.Msg }

// Is matches an RPCError with the same code, so errors.Is(err,
// ErrRPCBadHandle) works.
func (e *RPCError) Is(target error) bool {
	t, ok := target.(*RPCError)
	return ok && t.Code == e.Code && t.Msg == ""
}

// The faults, for errors.Is.
var (
	ErrRPCUnknownMethod  = &RPCError{Code: RPCFaultUnknownMethod}
	ErrRPCBadRequest     = &RPCError{Code: RPCFaultBadRequest}
	ErrRPCBadHandle      = &RPCError{Code: RPCFaultBadHandle}
	ErrRPCTooManyCalls   = &RPCError{Code: RPCFaultTooManyCalls}
	ErrRPCCancelled      = &RPCError{Code: RPCFaultCancelled}
	ErrRPCInternal       = &RPCError{Code: RPCFaultInternal}
	ErrRPCOversizedFrame = &RPCError{Code: RPCFaultOversizedFrame}
	ErrRPCBadFrame       = &RPCError{Code: RPCFaultBadFrame}
)

// RPCTransportError is a failed connection: closed, reset, ended inside
// a frame, or sent a frame that cannot be read. Once a client has
// returned one, every later call returns one too.
type RPCTransportError struct {
	Err error
}

func (e *RPCTransportError) Error() string { return "rpc transport: " + e.Err.Error() }
func (e *RPCTransportError) Unwrap() error { return e.Err }

// errRPCClientClosed is the cause of the transport error of a call on a
// closed client.
var errRPCClientClosed = errors.New("client closed")

// RPCOptions configures a client or a server; nil or a zero field means
// the default.
type RPCOptions struct {
	// MaxFrame bounds the length field of a frame (default 16 MiB).
	MaxFrame int
	// MaxCalls bounds the calls in flight on one server connection
	// (default 1024).
	MaxCalls int
	// Wire are the decoding limits of every message.
	Wire *WireOptions
}

func (o *RPCOptions) maxFrame() int {
	if o == nil || o.MaxFrame <= 0 {
		return 16 << 20
	}
	return o.MaxFrame
}

func (o *RPCOptions) maxCalls() int {
	if o == nil || o.MaxCalls <= 0 {
		return 1024
	}
	return o.MaxCalls
}

func (o *RPCOptions) wire() *WireOptions {
	if o == nil {
		return nil
	}
	return o.Wire
}

// rpcMessage is what the generated request and response structs are.
type rpcMessage interface {
	AppendWire(b []byte) []byte
	UnmarshalWire(b []byte, o *WireOptions) error
}

// rpcAppendFrame appends a frame whose payload is appended by body.
func rpcAppendFrame(b []byte, kind byte, id, method uint32, body func([]byte) []byte) []byte {
	start := len(b)
	b = append(b, 0, 0, 0, 0, kind)
	b = binary.LittleEndian.AppendUint32(b, id)
	b = binary.LittleEndian.AppendUint32(b, method)
	if body != nil {
		b = body(b)
	}
	binary.LittleEndian.PutUint32(b[start:], uint32(len(b)-start-4))
	return b
}

// rpcFaultPayload is the payload of a FAULT: field 1 the code, field 2
// the message.
func rpcFaultPayload(b []byte, code RPCFaultCode, msg string) []byte {
	b = append(b, 0x08)
	b = wireAppendVarint(b, uint64(code))
	if msg != "" {
		b = append(b, 0x12)
		b = wireAppendVarint(b, uint64(len(msg)))
		b = append(b, msg...)
	}
	return b
}

// rpcParseFault reads a FAULT payload; what it cannot read it reports as
// a bad frame.
func rpcParseFault(p []byte) *RPCError {
	e := &RPCError{}
	d, err := wireNewDecoder(p, nil)
	for err == nil && d.pos < len(p) {
		var key uint64
		at := d.pos
		if key, err = d.uvarint(len(p)); err != nil {
			break
		}
		switch key {
		case 0x08:
			var c uint64
			c, err = d.uvarint(len(p))
			e.Code = RPCFaultCode(c)
		case 0x12:
			e.Msg, err = d.str(len(p))
		default:
			if err = d.checkKey(key, at); err == nil {
				err = d.skip(key, len(p))
			}
		}
	}
	if err != nil {
		return &RPCError{Code: RPCFaultBadFrame, Msg: "unreadable fault: " + err.Error()}
	}
	return e
}

// rpcParseRaise reads the error code of a RAISE payload.
func rpcParseRaise(p []byte) (int32, error) {
	d, err := wireNewDecoder(p, nil)
	var code int32
	for err == nil && d.pos < len(p) {
		var key uint64
		at := d.pos
		if key, err = d.uvarint(len(p)); err != nil {
			break
		}
		if key == 0x08 {
			var u uint64
			if u, err = d.uvarint(len(p)); err == nil {
				v := wireUnzigzag(u)
				if v < -1<<31 || v > 1<<31-1 {
					return 0, errors.New("error code out of int32 range")
				}
				code = int32(v)
			}
			continue
		}
		if err = d.checkKey(key, at); err == nil {
			err = d.skip(key, len(p))
		}
	}
	return code, err
}

// rpcReadFrame reads one frame into buf (grown as needed): its kind, ids
// and payload, which aliases buf. The length is checked before anything is
// allocated.
func rpcReadFrame(r io.Reader, buf []byte, max int) (kind byte, id, method uint32, payload, nbuf []byte, err error) {
	var hdr [rpcHeader]byte
	if _, err = io.ReadFull(r, hdr[:4]); err != nil {
		return 0, 0, 0, nil, buf, err // io.EOF between frames: a normal close
	}
	n := binary.LittleEndian.Uint32(hdr[:4])
	if n < rpcHeader-4 {
		return 0, 0, 0, nil, buf, &RPCError{Code: RPCFaultBadFrame, Msg: fmt.Sprintf("frame length %d is below the header's 9", n)}
	}
	if uint64(n) > uint64(max) {
		return 0, 0, 0, nil, buf, &RPCError{Code: RPCFaultOversizedFrame, Msg: fmt.Sprintf("frame of %d bytes is over the %d limit", n, max)}
	}
	if _, err = io.ReadFull(r, hdr[4:]); err != nil {
		return 0, 0, 0, nil, buf, rpcTruncated(err)
	}
	size := int(n) - (rpcHeader - 4)
	if cap(buf) < size {
		buf = make([]byte, size)
	}
	buf = buf[:size]
	if _, err = io.ReadFull(r, buf); err != nil {
		return 0, 0, 0, nil, buf, rpcTruncated(err)
	}
	return hdr[4], binary.LittleEndian.Uint32(hdr[5:]), binary.LittleEndian.Uint32(hdr[9:]), buf, buf, nil
}

// rpcReadBuffer is the size of the buffered reader of a connection: one
// read system call takes in a small frame whole, or several.
const rpcReadBuffer = 16 << 10

func rpcTruncated(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// ---- client ----

// RPCClient calls a server over one connection. It is safe for
// concurrent use: calls from many goroutines share the connection and
// complete in any order.
type RPCClient struct {
	conn io.ReadWriteCloser
	opts *RPCOptions

	wmu  sync.Mutex // serializes writes of whole frames
	wbuf []byte

	mu      sync.Mutex
	pending map[uint32]chan rpcReply
	nextID  uint32
	err     error // set once the connection failed; every call returns it
	reading bool  // a goroutine is reading answers: the only one that may

	r    *bufio.Reader // used by the reading goroutine alone
	rbuf []byte
}

type rpcReply struct {
	kind    byte
	payload []byte
	err     error
}

// NewRPCClient starts a client on conn, which it owns: Close closes it.
func NewRPCClient(conn io.ReadWriteCloser, o *RPCOptions) *RPCClient {
	return &RPCClient{conn: conn, opts: o, pending: map[uint32]chan rpcReply{}, r: bufio.NewReaderSize(conn, rpcReadBuffer)}
}

// Close closes the connection; calls in flight and later calls return an
// RPCTransportError. The server releases every object of the connection.
func (c *RPCClient) Close() error {
	err := c.conn.Close()
	c.fail(errRPCClientClosed)
	return err
}

// fail records the connection's failure and ends every call in flight.
func (c *RPCClient) fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return
	}
	c.err = &RPCTransportError{Err: err}
	for id, ch := range c.pending {
		ch <- rpcReply{err: c.err}
		delete(c.pending, id)
	}
}

// Answers are read by whichever goroutine needs them, one at a time (the
// one with c.reading set): a caller whose context cannot end reads until
// its own answer arrives, so the answer needs no other goroutine to be
// scheduled; for the others, readLoop runs while calls are in flight.
// Answers to other calls go to their callers' channels.

// readOne reads one answer. The answer to call own is returned (mine);
// any other is delivered. failed reports a broken connection, whose
// failure every pending call, own included, has been sent.
func (c *RPCClient) readOne(own uint32) (r rpcReply, mine, failed bool) {
	kind, id, _, payload, nbuf, err := rpcReadFrame(c.r, c.rbuf, c.opts.maxFrame())
	c.rbuf = nbuf
	switch {
	case err != nil:
	case kind < rpcKindResult || kind > rpcKindFault:
		err = fmt.Errorf("server sent a frame of kind %d", kind)
	case id == 0:
		// A connection-level fault: the server closes the connection.
		err = error(rpcParseFault(payload))
		if kind != rpcKindFault {
			err = fmt.Errorf("server sent a frame of kind %d with call id 0", kind)
		}
	}
	if err != nil {
		c.conn.Close()
		c.fail(err)
		return rpcReply{}, false, true
	}
	r = rpcReply{kind: kind, payload: append([]byte(nil), payload...)}
	if id == own {
		return r, true, false
	}
	c.mu.Lock()
	ch := c.pending[id]
	delete(c.pending, id)
	c.mu.Unlock()
	if ch != nil { // else the answer to a call its caller gave up on
		ch <- r
	}
	return rpcReply{}, false, false
}

// readLoop reads answers until no call is in flight.
func (c *RPCClient) readLoop() {
	for {
		if _, _, failed := c.readOne(0); failed {
			return
		}
		c.mu.Lock()
		if len(c.pending) == 0 {
			c.reading = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
	}
}

// await returns the answer to call id, reading it itself when no
// goroutine reads and ctx cannot end.
func (c *RPCClient) await(ctx context.Context, id uint32, ch chan rpcReply) (rpcReply, bool) {
	c.mu.Lock()
	if _, waiting := c.pending[id]; !waiting {
		// Answered (or failed) already, by the reader of the moment.
		c.mu.Unlock()
		return <-ch, true
	}
	lead := !c.reading && ctx.Done() == nil
	start := !c.reading && !lead
	c.reading = true
	c.mu.Unlock()
	if start {
		go c.readLoop()
	}
	if !lead {
		select {
		case r := <-ch:
			return r, true
		case <-ctx.Done():
			return rpcReply{}, false
		}
	}
	for {
		r, mine, failed := c.readOne(id)
		if failed {
			return <-ch, true
		}
		if mine {
			c.mu.Lock()
			delete(c.pending, id)
			more := len(c.pending) > 0
			c.reading = more
			c.mu.Unlock()
			if more {
				go c.readLoop()
			}
			return r, true
		}
	}
}

// invoke sends req as a call of method and decodes a RESULT into resp. A
// RAISE becomes raise(code) (a fault when the method raises nothing).
func (c *RPCClient) invoke(ctx context.Context, method uint32, req, resp rpcMessage, raise func(int32) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ch := make(chan rpcReply, 1)
	c.mu.Lock()
	if c.err != nil {
		err := c.err
		c.mu.Unlock()
		return err
	}
	id := c.nextID + 1
	for id == 0 || c.pending[id] != nil {
		id++
	}
	c.nextID = id
	c.pending[id] = ch
	c.mu.Unlock()

	c.wmu.Lock()
	c.wbuf = rpcAppendFrame(c.wbuf[:0], rpcKindCall, id, method, req.AppendWire)
	var werr error
	if len(c.wbuf)-4 > c.opts.maxFrame() {
		werr = &RPCError{Code: RPCFaultOversizedFrame, Msg: fmt.Sprintf("request of %d bytes is over the %d limit", len(c.wbuf)-4, c.opts.maxFrame())}
	} else {
		_, werr = c.conn.Write(c.wbuf)
	}
	if cap(c.wbuf) > 64<<10 {
		c.wbuf = nil // do not keep a large request's buffer alive
	}
	c.wmu.Unlock()
	if werr != nil {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
		if _, ok := werr.(*RPCError); ok {
			return werr
		}
		c.conn.Close()
		c.fail(werr)
		return &RPCTransportError{Err: werr}
	}

	r, ok := c.await(ctx, id, ch)
	if !ok {
		c.mu.Lock()
		_, inFlight := c.pending[id]
		delete(c.pending, id)
		c.mu.Unlock()
		if inFlight {
			c.wmu.Lock()
			c.wbuf = rpcAppendFrame(c.wbuf[:0], rpcKindCancel, id, method, nil)
			c.conn.Write(c.wbuf)
			c.wmu.Unlock()
		}
		return ctx.Err()
	}
	if r.err != nil {
		return r.err
	}
	switch r.kind {
	case rpcKindResult:
		if err := resp.UnmarshalWire(r.payload, c.opts.wire()); err != nil {
			return &RPCError{Code: RPCFaultBadRequest, Msg: "undecodable response: " + err.Error()}
		}
		return nil
	case rpcKindRaise:
		code, err := rpcParseRaise(r.payload)
		if err != nil {
			return &RPCError{Code: RPCFaultBadFrame, Msg: "unreadable error: " + err.Error()}
		}
		if raise == nil {
			return &RPCError{Code: RPCFaultInternal, Msg: fmt.Sprintf("server raised code %d for a method that raises nothing", code)}
		}
		return raise(code)
	}
	return rpcParseFault(r.payload)
}

// rpcHandle is what every client object is: the client it belongs to and
// its handle.
type rpcHandle struct {
	c      *RPCClient
	h      uint64
	closed atomic.Bool
}

// of returns the handle of o for a call on c.
func (o *rpcHandle) of(c *RPCClient, what string) (uint64, error) {
	switch {
	case o.c != c:
		return 0, &RPCError{Code: RPCFaultBadHandle, Msg: what + " belongs to another connection"}
	case o.closed.Load():
		return 0, &RPCError{Code: RPCFaultBadHandle, Msg: what + " is closed"}
	}
	return o.h, nil
}

// ---- server ----

// rpcHandler answers one call: the kind and payload of its answer,
// appended to b.
type rpcHandler func(ctx context.Context, sc *rpcServerConn, req []byte, b []byte) (byte, []byte)

// RPCServer serves an implementation of Service on any number of
// connections.
type RPCServer struct {
	impl     Service
	opts     *RPCOptions
	handlers map[uint32]rpcHandler
}

// rpcNextHandle numbers the objects of every connection of every server
// of this process, so a handle is never valid on two connections.
var rpcNextHandle atomic.Uint64

// rpcServerConn is one connection's state: its objects and calls.
type rpcServerConn struct {
	s    *RPCServer
	conn io.ReadWriteCloser
	r    *bufio.Reader // read by one goroutine at a time: the one in loop

	wmu sync.Mutex

	mu      sync.Mutex
	objects map[uint64]any
	calls   map[uint32]context.CancelFunc
	wg      sync.WaitGroup
}

// ServeConn serves one connection until it closes or sends a frame that
// cannot be read, then releases every object the connection still holds
// and returns: nil for a close between frames, else the reason.
func (s *RPCServer) ServeConn(conn io.ReadWriteCloser) error {
	sc := &rpcServerConn{s: s, conn: conn, r: bufio.NewReaderSize(conn, rpcReadBuffer), objects: map[uint64]any{}, calls: map[uint32]context.CancelFunc{}}
	ctx, cancel := context.WithCancel(context.Background())
	end := make(chan error, 1)
	sc.loop(ctx, nil, end)
	err := <-end
	conn.Close()
	cancel()
	sc.wg.Wait()
	sc.mu.Lock()
	objs := sc.objects
	sc.objects = nil
	sc.mu.Unlock()
	for _, o := range objs {
		o.(io.Closer).Close()
	}
	if err == io.EOF {
		return nil
	}
	return err
}

// Serve accepts connections on ln and serves each on its own goroutine
// until ln fails (as when it is closed).
func (s *RPCServer) Serve(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		go s.ServeConn(conn)
	}
}

// loop reads frames until it reads a call it accepts; then it hands the
// reading on to a new goroutine running loop and answers the call itself,
// so the answer does not wait for another goroutine to be scheduled. The
// loop that reads the end of the connection sends the reason to end.
func (sc *rpcServerConn) loop(ctx context.Context, buf []byte, end chan<- error) {
	max := sc.s.opts.maxFrame()
	maxCalls := sc.s.opts.maxCalls()
	for {
		kind, id, method, payload, nbuf, err := rpcReadFrame(sc.r, buf, max)
		buf = nbuf
		if err != nil {
			if e, ok := err.(*RPCError); ok {
				sc.send(rpcAppendFrame(nil, rpcKindFault, 0, 0, func(b []byte) []byte { return rpcFaultPayload(b, e.Code, e.Msg) }))
			}
			end <- err
			return
		}
		switch kind {
		case rpcKindCancel:
			sc.mu.Lock()
			if cancel := sc.calls[id]; cancel != nil {
				cancel()
			}
			sc.mu.Unlock()
			continue
		case rpcKindCall:
		default:
			e := &RPCError{Code: RPCFaultBadFrame, Msg: fmt.Sprintf("a client may not send a frame of kind %d", kind)}
			sc.send(rpcAppendFrame(nil, rpcKindFault, 0, 0, func(b []byte) []byte { return rpcFaultPayload(b, e.Code, e.Msg) }))
			end <- e
			return
		}
		h := sc.s.handlers[method]
		sc.mu.Lock()
		var fault *RPCError
		switch {
		case id == 0 || sc.calls[id] != nil:
			fault = &RPCError{Code: RPCFaultBadRequest, Msg: fmt.Sprintf("call id %d is 0 or already in flight", id)}
		case h == nil:
			fault = &RPCError{Code: RPCFaultUnknownMethod, Msg: fmt.Sprintf("no method has id %#08x", method)}
		case len(sc.calls) >= maxCalls:
			fault = &RPCError{Code: RPCFaultTooManyCalls, Msg: fmt.Sprintf("%d calls are in flight", len(sc.calls))}
		}
		if fault != nil {
			sc.mu.Unlock()
			sc.send(rpcAppendFrame(nil, rpcKindFault, id, method, func(b []byte) []byte { return rpcFaultPayload(b, fault.Code, fault.Msg) }))
			continue
		}
		cctx, cancel := context.WithCancel(ctx)
		sc.calls[id] = cancel
		sc.wg.Add(1)
		sc.mu.Unlock()
		// The payload aliases buf, which this goroutine keeps: the next
		// loop reads into a buffer of its own.
		go sc.loop(ctx, nil, end)
		sc.call(cctx, cancel, h, id, method, payload)
		return
	}
}

func (sc *rpcServerConn) call(ctx context.Context, cancel context.CancelFunc, h rpcHandler, id, method uint32, req []byte) {
	defer sc.wg.Done()
	frame := rpcAppendFrame(nil, 0, id, method, func(b []byte) []byte {
		kind, b := sc.run(ctx, h, req, b)
		b[4] = kind
		return b
	})
	sc.mu.Lock()
	delete(sc.calls, id)
	sc.mu.Unlock()
	cancel()
	sc.send(frame)
}

// run calls h, turning a panic into an internal fault.
func (sc *rpcServerConn) run(ctx context.Context, h rpcHandler, req, b []byte) (kind byte, out []byte) {
	start := len(b)
	defer func() {
		if r := recover(); r != nil {
			kind, out = rpcKindFault, rpcFaultPayload(b[:start], RPCFaultInternal, fmt.Sprint("panic: ", r))
		}
	}()
	return h(ctx, sc, req, b)
}

func (sc *rpcServerConn) send(frame []byte) {
	sc.wmu.Lock()
	defer sc.wmu.Unlock()
	if _, err := sc.conn.Write(frame); err != nil {
		sc.conn.Close() // the read loop ends and releases everything
	}
}

// put adds o to the connection's objects and returns its new handle.
// On a connection already closing, o is released at once.
func (sc *rpcServerConn) put(o io.Closer) uint64 {
	h := rpcNextHandle.Add(1)
	sc.mu.Lock()
	if sc.objects == nil {
		sc.mu.Unlock()
		o.Close()
		return h
	}
	sc.objects[h] = o
	sc.mu.Unlock()
	return h
}

// get returns the object under handle h, or nil.
func (sc *rpcServerConn) get(h uint64) any {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.objects[h]
}

// remove takes the object under h out of the table.
func (sc *rpcServerConn) remove(h uint64) any {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	o := sc.objects[h]
	delete(sc.objects, h)
	return o
}

func rpcBadHandle(b []byte, what string, h uint64) (byte, []byte) {
	return rpcKindFault, rpcFaultPayload(b, RPCFaultBadHandle, fmt.Sprintf("%s handle %d is not a live object of this connection", what, h))
}

func rpcBadRequest(b []byte, err error) (byte, []byte) {
	return rpcKindFault, rpcFaultPayload(b, RPCFaultBadRequest, err.Error())
}

func rpcResult(b []byte, resp rpcMessage) (byte, []byte) {
	return rpcKindResult, resp.AppendWire(b)
}

// rpcFail answers a call whose implementation returned err: a RAISE when
// it is the method's IDL error E, the fault itself when it is an
// RPCError (an implementation that is itself a client), cancelled when
// the call's context ended, else internal.
func rpcFail[E interface {
	~int32
	error
}](ctx context.Context, b []byte, err error, raises bool) (byte, []byte) {
	var e E
	if raises && errors.As(err, &e) {
		b = append(b, 0x08)
		return rpcKindRaise, wireAppendVarint(b, wireZigzag(int64(e)))
	}
	var re *RPCError
	switch {
	case errors.As(err, &re):
		return rpcKindFault, rpcFaultPayload(b, re.Code, re.Msg)
	case ctx.Err() != nil:
		return rpcKindFault, rpcFaultPayload(b, RPCFaultCancelled, err.Error())
	}
	return rpcKindFault, rpcFaultPayload(b, RPCFaultInternal, err.Error())
}

// rpcNoError is the E of rpcFail for a method that raises nothing.
type rpcNoError int32

func (rpcNoError) Error() string { return "no error" }
`
