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

// rpcAppendHeader appends the header of a frame whose length
// rpcSetLength fills in once the payload is appended.
func rpcAppendHeader(b []byte, kind byte, id, method uint32) []byte {
	b = append(b, 0, 0, 0, 0, kind)
	b = binary.LittleEndian.AppendUint32(b, id)
	return binary.LittleEndian.AppendUint32(b, method)
}

// rpcSetLength sets the length field of the frame that starts at start
// and ends at the end of b.
func rpcSetLength(b []byte, start int) {
	binary.LittleEndian.PutUint32(b[start:], uint32(len(b)-start-4))
}

// rpcFaultFrame is a whole FAULT frame.
func rpcFaultFrame(id, method uint32, code RPCFaultCode, msg string) []byte {
	b := rpcFaultPayload(rpcAppendHeader(nil, rpcKindFault, id, method), code, msg)
	rpcSetLength(b, 0)
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
	var d wireDecoder
	d.init(p, nil)
	err := d.err
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
	var d wireDecoder
	d.init(p, nil)
	err := d.err
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
// allocated. The header is read in place from r's buffer (r is at least
// 16 bytes), so nothing escapes.
func rpcReadFrame(r *bufio.Reader, buf []byte, max int) (kind byte, id, method uint32, payload, nbuf []byte, err error) {
	hdr, err := r.Peek(4)
	if err != nil {
		if len(hdr) > 0 {
			err = rpcTruncated(err)
		}
		return 0, 0, 0, nil, buf, err // io.EOF between frames: a normal close
	}
	n := binary.LittleEndian.Uint32(hdr)
	if n < rpcHeader-4 {
		return 0, 0, 0, nil, buf, &RPCError{Code: RPCFaultBadFrame, Msg: fmt.Sprintf("frame length %d is below the header's 9", n)}
	}
	if uint64(n) > uint64(max) {
		return 0, 0, 0, nil, buf, &RPCError{Code: RPCFaultOversizedFrame, Msg: fmt.Sprintf("frame of %d bytes is over the %d limit", n, max)}
	}
	if hdr, err = r.Peek(rpcHeader); err != nil {
		return 0, 0, 0, nil, buf, rpcTruncated(err)
	}
	kind, id, method = hdr[4], binary.LittleEndian.Uint32(hdr[5:]), binary.LittleEndian.Uint32(hdr[9:])
	r.Discard(rpcHeader)
	size := int(n) - (rpcHeader - 4)
	if cap(buf) < size {
		buf = make([]byte, size)
	}
	buf = buf[:size]
	if _, err = io.ReadFull(r, buf); err != nil {
		return 0, 0, 0, nil, buf, rpcTruncated(err)
	}
	return kind, id, method, buf, buf, nil
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
	conn  io.ReadWriteCloser
	opts  *RPCOptions
	alias bool // decoded strings and bytes share the frame's memory

	wmu  sync.Mutex // serializes writes of whole frames
	wbuf []byte

	mu      sync.Mutex
	pending map[uint32]chan rpcReply
	free    []chan rpcReply // channels of answered calls, empty, to reuse
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
	w := o.wire()
	return &RPCClient{conn: conn, opts: o, alias: w != nil && w.Alias, pending: map[uint32]chan rpcReply{}, r: bufio.NewReaderSize(conn, rpcReadBuffer)}
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

// readOne reads one answer. The answer to call own is returned (mine),
// its payload in c.rbuf, valid until the next read; any other is copied
// and delivered. failed reports a broken connection, whose failure every
// pending call, own included, has been sent.
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
	if id == own {
		return rpcReply{kind: kind, payload: payload}, true, false
	}
	r = rpcReply{kind: kind, payload: append([]byte(nil), payload...)}
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
// goroutine reads and ctx cannot end. It reports whether the answer came
// (false: ctx ended first) and whether this goroutine read it itself
// (held): then the payload is in c.rbuf and the caller must call
// doneReading once it has decoded it.
func (c *RPCClient) await(ctx context.Context, id uint32, ch chan rpcReply) (r rpcReply, ok, held bool) {
	c.mu.Lock()
	if _, waiting := c.pending[id]; !waiting {
		// Answered (or failed) already, by the reader of the moment.
		c.mu.Unlock()
		return <-ch, true, false
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
			return r, true, false
		case <-ctx.Done():
			return rpcReply{}, false, false
		}
	}
	for {
		r, mine, failed := c.readOne(id)
		if failed {
			return <-ch, true, false
		}
		if mine {
			return r, true, true
		}
	}
}

// doneReading ends the reading of the goroutine whose own answer to call
// id has arrived (and been decoded), handing reading on to readLoop while
// other calls are in flight; ch goes back to the free channels.
func (c *RPCClient) doneReading(id uint32, ch chan rpcReply) {
	c.mu.Lock()
	delete(c.pending, id)
	more := len(c.pending) > 0
	c.reading = more
	if len(c.free) < 64 {
		c.free = append(c.free, ch)
	}
	c.mu.Unlock()
	if more {
		go c.readLoop()
	}
}

// invoke sends req as a call of method and decodes a RESULT into resp. A
// RAISE becomes raise(code) (a fault when the method raises nothing).
func (c *RPCClient) invoke(ctx context.Context, method uint32, req, resp rpcMessage, raise func(int32) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	if c.err != nil {
		err := c.err
		c.mu.Unlock()
		return err
	}
	var ch chan rpcReply
	if n := len(c.free); n > 0 {
		ch = c.free[n-1]
		c.free = c.free[:n-1]
	} else {
		ch = make(chan rpcReply, 1)
	}
	id := c.nextID + 1
	for id == 0 || c.pending[id] != nil {
		id++
	}
	c.nextID = id
	c.pending[id] = ch
	c.mu.Unlock()

	c.wmu.Lock()
	c.wbuf = req.AppendWire(rpcAppendHeader(c.wbuf[:0], rpcKindCall, id, method))
	rpcSetLength(c.wbuf, 0)
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

	r, ok, held := c.await(ctx, id, ch)
	if !ok {
		// ch may still receive the answer: it is not reused.
		c.mu.Lock()
		_, inFlight := c.pending[id]
		delete(c.pending, id)
		c.mu.Unlock()
		if inFlight {
			c.wmu.Lock()
			c.wbuf = rpcAppendHeader(c.wbuf[:0], rpcKindCancel, id, method)
			rpcSetLength(c.wbuf, 0)
			c.conn.Write(c.wbuf)
			c.wmu.Unlock()
		}
		return ctx.Err()
	}
	if r.err != nil {
		return r.err
	}
	if held && c.alias {
		// What the response aliases must outlive the next read.
		r.payload = append([]byte(nil), r.payload...)
	}
	err := c.decode(r, resp, raise)
	if held {
		c.doneReading(id, ch)
	} else {
		c.mu.Lock()
		if len(c.free) < 64 {
			c.free = append(c.free, ch)
		}
		c.mu.Unlock()
	}
	return err
}

// decode turns an answer into resp or the call's error.
func (c *RPCClient) decode(r rpcReply, resp rpcMessage, raise func(int32) error) error {
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

	// inline is the number of the call the reading goroutine is running
	// itself, 0 while it reads; seq numbers those calls. watched is set
	// while the connection is in rpcWatcher's set.
	inline  atomic.Uint64
	seq     atomic.Uint64
	watched atomic.Bool
	end     chan error // the reason the connection ended, from its reader
}

// ServeConn serves one connection until it closes or sends a frame that
// cannot be read, then releases every object the connection still holds
// and returns: nil for a close between frames, else the reason.
func (s *RPCServer) ServeConn(conn io.ReadWriteCloser) error {
	sc := &rpcServerConn{s: s, conn: conn, r: bufio.NewReaderSize(conn, rpcReadBuffer), objects: map[uint64]any{}, calls: map[uint32]context.CancelFunc{}, end: make(chan error, 1)}
	sc.loop()
	err := <-sc.end
	conn.Close()
	sc.mu.Lock()
	for _, cancel := range sc.calls {
		cancel()
	}
	sc.mu.Unlock()
	sc.wg.Wait()
	rpcWatcher.mu.Lock()
	delete(rpcWatcher.conns, sc)
	rpcWatcher.mu.Unlock()
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

// loop reads frames and answers each call on the goroutine that read it,
// so that a quick call costs no other goroutine: starting one wakes an
// idle thread, which costs more than a small call. The reading is handed
// on to a new goroutine running loop, and this one ends with its call,
// when the call's frame is followed by more input already buffered, or
// when rpcWatcher finds the call still running after a tick (it waits,
// or is slow): so other calls and CANCEL frames are read while it runs.
// The loop that reads the end of the connection sends the reason to
// sc.end.
func (sc *rpcServerConn) loop() {
	max := sc.s.opts.maxFrame()
	maxCalls := sc.s.opts.maxCalls()
	w := sc.s.opts.wire()
	alias := w != nil && w.Alias
	var buf, out []byte
	for {
		kind, id, method, payload, nbuf, err := rpcReadFrame(sc.r, buf, max)
		buf = nbuf
		if err != nil {
			if e, ok := err.(*RPCError); ok {
				sc.send(rpcFaultFrame(0, 0, e.Code, e.Msg))
			}
			sc.end <- err
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
			sc.send(rpcFaultFrame(0, 0, e.Code, e.Msg))
			sc.end <- e
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
			sc.send(rpcFaultFrame(id, method, fault.Code, fault.Msg))
			continue
		}
		// Not a child of a connection context: ServeConn cancels the
		// calls in flight itself, and a child would cost a map entry in
		// its parent per call.
		cctx, cancel := context.WithCancel(context.Background())
		sc.calls[id] = cancel
		sc.wg.Add(1)
		sc.mu.Unlock()
		if sc.r.Buffered() > 0 {
			// More frames are waiting. The payload aliases buf, which
			// this goroutine keeps: the next loop reads into a buffer
			// of its own.
			go sc.loop()
			sc.call(cctx, cancel, h, id, method, payload, nil)
			return
		}
		n := sc.seq.Add(1)
		sc.inline.Store(n)
		if !sc.watched.Load() {
			sc.watch()
		}
		out = sc.call(cctx, cancel, h, id, method, payload, out[:0])
		if !sc.inline.CompareAndSwap(n, 0) {
			return // rpcWatcher started another loop, which reads now
		}
		if alias {
			buf = nil // the call's strings may live on in the implementation
		}
		if cap(out) > 64<<10 {
			out = nil // do not keep a large answer's buffer alive
		}
	}
}

// call answers one call, its frame built in out, which it returns.
func (sc *rpcServerConn) call(ctx context.Context, cancel context.CancelFunc, h rpcHandler, id, method uint32, req, out []byte) []byte {
	defer sc.wg.Done()
	out = rpcAppendHeader(out, 0, id, method)
	kind, out := sc.run(ctx, h, req, out)
	out[4] = kind
	rpcSetLength(out, 0)
	sc.mu.Lock()
	delete(sc.calls, id)
	sc.mu.Unlock()
	cancel()
	sc.send(out)
	return out
}

// rpcInlineTick is how often rpcWatcher looks at the calls that
// connections' reading goroutines run themselves. A call still running
// after a whole tick has its reading handed on, so a call that waits (for
// another call of its connection, for its CANCEL, for anything) holds up
// the frames behind it for one to two ticks, once. A shorter sleep would
// not tick faster: the runtime waits for the network in whole
// milliseconds.
const rpcInlineTick = time.Millisecond

// rpcWatcher is the one goroutine of the process that watches the calls
// of every connection that has had calls lately. One ticking goroutine
// costs far less than a timer per call (arming a timer wakes the thread
// waiting for the network).
var rpcWatcher struct {
	mu      sync.Mutex
	conns   map[*rpcServerConn]*rpcWatch
	running bool
}

// rpcWatch is what rpcWatcher saw of a connection at its last tick.
type rpcWatch struct {
	inline, seq uint64
	idle        int // ticks without a call
}

// watch puts sc in rpcWatcher's set (its reader runs a call now),
// starting the watcher if it is not running.
func (sc *rpcServerConn) watch() {
	rpcWatcher.mu.Lock()
	defer rpcWatcher.mu.Unlock()
	if rpcWatcher.conns == nil {
		rpcWatcher.conns = map[*rpcServerConn]*rpcWatch{}
	}
	if _, ok := rpcWatcher.conns[sc]; !ok {
		rpcWatcher.conns[sc] = &rpcWatch{}
	}
	sc.watched.Store(true)
	if !rpcWatcher.running {
		rpcWatcher.running = true
		go rpcWatchLoop()
	}
}

// rpcWatchLoop ticks while any connection is watched. A connection
// without calls for a few ticks leaves the set; its reader puts it back
// with its next call.
func rpcWatchLoop() {
	for {
		time.Sleep(rpcInlineTick)
		rpcWatcher.mu.Lock()
		for sc, w := range rpcWatcher.conns {
			inline, seq := sc.inline.Load(), sc.seq.Load()
			switch {
			case inline != 0 && inline == w.inline:
				// The same call as at the last tick: read on elsewhere.
				if sc.inline.CompareAndSwap(inline, 0) {
					go sc.loop()
				}
				w.idle = 0
			case inline == 0 && seq == w.seq:
				if w.idle++; w.idle >= 8 {
					// Dekker with loop: it sets inline, then reads watched.
					sc.watched.Store(false)
					if sc.inline.Load() != 0 {
						sc.watched.Store(true)
					} else {
						delete(rpcWatcher.conns, sc)
					}
				}
			default:
				w.idle = 0
			}
			w.inline, w.seq = inline, seq
		}
		if len(rpcWatcher.conns) == 0 {
			rpcWatcher.running = false
			rpcWatcher.mu.Unlock()
			return
		}
		rpcWatcher.mu.Unlock()
	}
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
