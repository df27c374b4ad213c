package genrpc

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/naming"
	"github.com/bindgen-dev/bindgen/internal/pyimport"
)

// pyPrinter writes Python one line at a time at an indentation level.
type pyPrinter struct {
	buf bytes.Buffer
	ind int
}

func (p *pyPrinter) P(format string, args ...any) {
	if format == "" {
		p.buf.WriteByte('\n')
		return
	}
	p.buf.WriteString(strings.Repeat("    ", p.ind))
	fmt.Fprintf(&p.buf, format, args...)
	p.buf.WriteByte('\n')
}

// doc writes a docstring from doc (or fallback when it has none).
func (p *pyPrinter) doc(d idl.Doc, fallback string) {
	lines := append([]string(nil), d...) // escaped below: the IDL's docs are shared
	if len(lines) == 0 {
		lines = strings.Split(fallback, "\n")
	}
	for i, l := range lines {
		l = strings.ReplaceAll(l, `\`, `\\`)
		lines[i] = strings.ReplaceAll(l, `"""`, `\"\"\"`)
	}
	if len(lines) == 1 {
		p.P(`"""%s"""`, lines[0])
		return
	}
	p.P(`"""%s`, lines[0])
	for _, l := range lines[1:] {
		if l == "" {
			p.buf.WriteByte('\n')
			continue
		}
		p.P("%s", l)
	}
	p.P(`"""`)
}

// pyRenderer renders <pkg>_rpc.py from a Plan.
type pyRenderer struct {
	plan *Plan
	pkg  string
	p    pyPrinter
}

// pyIface is the Protocol of object o.
func pyIface(o *idl.Object) string { return naming.PyClass(o.Name) + "Service" }

// pyRemote and pyLocal are o's client and in-process adapter classes.
// Their bases are _Remote and _InProcess, which no object's class can be
// named (an object's class name is never empty); "_RemoteObject" was, for
// an object named Object.
func pyRemote(o *idl.Object) string { return "_Remote" + naming.PyClass(o.Name) }
func pyLocal(o *idl.Object) string  { return "_InProcess" + naming.PyClass(o.Name) }

// pyWireFunc is the suffix of a struct's codec functions in <pkg>_wire.py
// (encode_<x>, decode_<x>), spelled as gen/wire spells it.
func pyWireFunc(s *idl.Struct) string { return strings.TrimSuffix(naming.PyName(s.Name), "_") }

// pyType is the annotation of t in the RPC API: the in-process module's
// types, except that an object is its Protocol.
func (r *pyRenderer) pyType(t *idl.Type) string {
	switch t.Kind {
	case idl.KindBool:
		return "bool"
	case idl.KindF32, idl.KindF64:
		return "float"
	case idl.KindString:
		return "str"
	case idl.KindBytes:
		return "bytes"
	case idl.KindList:
		return "list[" + r.pyType(t.Elem) + "]"
	case idl.KindMap:
		return "dict[" + r.pyType(t.Key) + ", " + r.pyType(t.Elem) + "]"
	case idl.KindOptional:
		return r.pyType(t.Elem) + " | None"
	case idl.KindObject:
		return pyIface(t.Object())
	case idl.KindEnum, idl.KindError, idl.KindStruct, idl.KindUnion:
		return r.pkg + "." + naming.PyClass(t.Decl.DeclName())
	}
	return "int"
}

// pyName is m's method name in Service or in its object's Protocol.
func pyName(m *Method) string {
	switch m.Kind {
	case KindCtor:
		n := "new_" + strings.TrimSuffix(naming.PyName(m.Object.Name), "_")
		if m.Ctor.Name != "" {
			n += "_" + strings.TrimSuffix(naming.PyName(m.Ctor.Name), "_")
		}
		return n
	case KindDestroy:
		return "close"
	}
	return naming.PyName(m.Func.Name)
}

func (r *pyRenderer) signature(m *Method) string {
	parts := []string{"self"}
	for _, prm := range m.Params {
		parts = append(parts, naming.PyName(prm.Name)+": "+r.pyType(prm.Type))
	}
	res := "None"
	if m.Result != nil {
		res = r.pyType(m.Result)
	}
	return fmt.Sprintf("def %s(%s) -> %s:", pyName(m), strings.Join(parts, ", "), res)
}

func methodDocOf(m *Method) idl.Doc {
	switch {
	case m.Func != nil:
		return m.Func.Doc
	case m.Ctor != nil:
		return m.Ctor.Doc
	}
	return nil
}

func (r *pyRenderer) raises(m *Method) string {
	if m.Raises == nil {
		return "None"
	}
	return "_pkg." + naming.PyClass(m.Raises.Decl.DeclName())
}

// objOf is the object a parameter or result of type t names (directly
// or as an optional), or nil.
func objOf(t *idl.Type) (o *idl.Object, optional bool) {
	if t == nil {
		return nil, false
	}
	if t.Kind == idl.KindOptional {
		t, optional = t.Elem, true
	}
	if t.Kind == idl.KindObject {
		return t.Object(), optional
	}
	return nil, false
}

// reserved are the names the generated classes use themselves.
var pyServiceReserved = map[string]bool{"close": true, "with_timeout": true, "process": true}

// checkNames refuses a plan whose Python method names collide.
func (r *pyRenderer) checkNames() error {
	seen := map[string]string{}
	for _, m := range r.plan.Methods {
		if m.Kind == KindDestroy {
			continue
		}
		scope := ""
		if m.Kind == KindMethod {
			scope = m.Object.Name
		}
		n := pyName(m)
		if m.Kind != KindMethod && pyServiceReserved[n] || m.Kind == KindMethod && n == "close" {
			return fmt.Errorf("the Python RPC method of %q would be named %q, which the generated classes use; rename it", m.Key, n)
		}
		if other, ok := seen[scope+"."+n]; ok {
			return fmt.Errorf("%q and %q would both be the Python RPC method %q; rename one", other, m.Key, n)
		}
		seen[scope+"."+n] = m.Key
	}
	return nil
}

// RenderPython renders <pkg>_rpc.py: the Service Protocol, the in-process
// adapter over <pkg>.py, the stream client and the server, with message
// codecs from <pkg>_wire.py (docs/rpc.md, "The generated Python API").
func RenderPython(plan *Plan) (gen.File, error) {
	r := &pyRenderer{plan: plan, pkg: plan.Pkg.Name}
	if err := r.checkNames(); err != nil {
		return gen.File{}, err
	}
	r.header()
	r.protocols()
	r.p.buf.WriteString(strings.ReplaceAll(pyRuntime, "{{pkg}}", r.pkg))
	r.client()
	r.inProcess()
	r.server()
	src := pyimport.Fill(r.p.buf.String(), rpcStdImports)
	// The module itself is imported under its own name only for the
	// annotations that name its types (pkg.Point); a package whose
	// signatures hold none would import it unused.
	imp := ""
	if regexp.MustCompile(`(^|[^\w.])` + regexp.QuoteMeta(r.pkg) + `\.[A-Z]`).MatchString(src) {
		imp = "import " + r.pkg + "\n"
	}
	src = strings.Replace(src, pkgImport+"\n", imp, 1)
	// The codec only when a method encodes something with it (a package
	// without functions or objects has none).
	imp = ""
	if strings.Contains(src, "_wire.") {
		imp = "import " + r.pkg + "_wire as _wire\n"
	}
	src = strings.Replace(src, wireImport+"\n", imp, 1)
	return gen.File{Path: r.pkg + "_rpc.py", Content: []byte(src)}, nil
}

// pkgImport marks where `import <pkg>` goes when the module needs it.
const pkgImport = "# @bindgen-pkg-import@"

// wireImport marks where the codec's import goes when the module needs it.
const wireImport = "# @bindgen-wire-import@"

// rpcStdImports is every standard-library name the RPC module may use;
// those it does not use are left out.
var rpcStdImports = []pyimport.Import{
	{Module: "contextlib", Alias: "_contextlib"},
	{Module: "enum", Alias: "_enum"},
	{Module: "itertools", Alias: "_itertools"},
	{Module: "os", Alias: "_os"},
	{Module: "select", Alias: "_select"},
	{Module: "socket", Alias: "_socket"},
	{Module: "struct", Alias: "_struct"},
	{Module: "subprocess", Alias: "_subprocess"},
	{Module: "threading", Alias: "_threading"},
	{Module: "time", Alias: "_time"},
	{Module: "collections.abc", Name: "Callable", Alias: "_Callable"},
	{Module: "collections.abc", Name: "Sequence", Alias: "_Sequence"},
	{Module: "concurrent.futures", Name: "ThreadPoolExecutor", Alias: "_ThreadPoolExecutor"},
	{Module: "typing", Name: "IO", Alias: "_IO"},
	{Module: "typing", Name: "Any", Alias: "_Any"},
	{Module: "typing", Name: "ClassVar", Alias: "_ClassVar"},
	{Module: "typing", Name: "Final", Alias: "_Final"},
	{Module: "typing", Name: "Protocol", Alias: "_Protocol"},
	{Module: "typing", Name: "TypeAlias", Alias: "_TypeAlias"},
	{Module: "typing", Name: "TypeVar", Alias: "_TypeVar"},
}

// withPython adds <pkg>_rpc.py to the files Generate renders.
func withPython(plan *Plan, files []gen.File) ([]gen.File, error) {
	f, err := RenderPython(plan)
	if err != nil {
		return nil, err
	}
	return append(files, f), nil
}

func (r *pyRenderer) header() {
	p, pkg := &r.p, r.pkg
	p.P("# Code generated by bindgen. DO NOT EDIT.")
	p.P("# source: %s", strings.Join(r.plan.Pkg.Files, ", "))
	doc := []string{
		fmt.Sprintf("RPC of %s (docs/rpc.md): the API of the in-process module %s, out of", pkg, pkg),
		"process. Stdlib only.",
		"",
		"Service is the API as a Protocol: one method per function and constructor;",
		"each object is a Protocol too (its methods and close()). Three things",
		"implement it:",
		"",
		fmt.Sprintf("- InProcess(): calls the native library through %s.py, in this process.", pkg),
		"- RpcClient(conn): calls a server over a connected socket or a pair of",
		"  binary files; connect(address) and connect_subprocess(argv) make one.",
		"  Threads may share a client; calls complete in any order.",
		"- your own class.",
		"",
		"RpcServer(impl).serve(listener) or .serve_conn(conn) serves any of them.",
		"",
		"Arguments are checked as the wire codec checks them (TypeError,",
		"OverflowError, ValueError) before anything is sent. A method's IDL error is",
		fmt.Sprintf("raised as the same exception class as in process (%s's, with .code);", pkg),
		"a fault (the server could not run the call) as RpcError with .code and",
		".message; a failed connection as RpcTransportError; a call without an",
		"answer within the client's timeout as TimeoutError. Objects live in the",
		"server; close() releases one, and the end of a connection releases all of",
		"that connection's objects.",
	}
	if len(r.plan.Skipped) > 0 {
		doc = append(doc, "", "Not served over RPC:")
		for _, s := range r.plan.Skipped {
			doc = append(doc, fmt.Sprintf("- %s: %s.", s.Name, s.Reason))
		}
	}
	p.doc(doc, "")
	p.P("")
	p.P("from __future__ import annotations")
	p.P("")
	p.P(pyimport.Placeholder)
	p.P("")
	p.P(pkgImport)
	p.P("import %s as _pkg", pkg)
	p.P(wireImport)
	p.P("")
	var all []string
	for _, o := range r.plan.Objects {
		all = append(all, pyIface(o))
	}
	all = append(all, "Service", "InProcess", "RpcClient", "SubprocessClient", "RpcServer", "RpcError", "RpcTransportError", "Fault",
		"Stream", "connect", "connect_subprocess", "serve_stdio", "METHOD_IDS", "DEFAULT_MAX_FRAME", "DEFAULT_MAX_CALLS")
	pyimport.SortAll(all)
	p.P("__all__ = [")
	for _, a := range all {
		p.P("    %q,", a)
	}
	p.P("]")
	p.P("")
	p.P("METHOD_IDS: _Final[dict[str, int]] = {")
	for _, m := range r.plan.Methods {
		p.P("    %q: 0x%08x,", m.Key, m.ID)
	}
	p.P("}")
	p.P(`"""The method id of every callable, by key (docs/rpc.md, "Method ids")."""`)
	p.P("")
}

// methodsOf returns the methods of o (without its destroy), or the
// top-level functions and constructors for nil.
func (r *pyRenderer) methodsOf(o *idl.Object) []*Method {
	var ms []*Method
	for _, m := range r.plan.Methods {
		if o == nil && (m.Kind == KindFunc || m.Kind == KindCtor) || o != nil && m.Kind == KindMethod && m.Object == o {
			ms = append(ms, m)
		}
	}
	return ms
}

func (r *pyRenderer) protocols() {
	p := &r.p
	for _, o := range r.plan.Objects {
		p.P("")
		p.P("class %s(_Protocol):", pyIface(o))
		p.ind++
		p.doc(o.Doc, fmt.Sprintf("The object %s.", o.Name))
		for _, m := range r.methodsOf(o) {
			p.P("")
			p.P("%s", r.signature(m))
			p.ind++
			p.doc(methodDocOf(m), fmt.Sprintf("%s.", m.Key))
			p.P("...")
			p.ind--
		}
		p.P("")
		p.P("def close(self) -> None:")
		p.P(`    """Releases the object; calling it again does nothing."""`)
		p.P("    ...")
		p.ind--
		p.P("")
	}
	p.P("")
	p.P("class Service(_Protocol):")
	p.ind++
	p.doc(nil, fmt.Sprintf("The functions and constructors of %s.", r.pkg))
	for _, m := range r.methodsOf(nil) {
		p.P("")
		p.P("%s", r.signature(m))
		p.ind++
		doc := methodDocOf(m)
		if m.Kind == KindCtor && len(doc) == 0 {
			doc = idl.Doc{"A new " + m.Object.Name + "."}
		}
		p.doc(doc, fmt.Sprintf("%s.", m.Key))
		p.P("...")
		p.ind--
	}
	p.ind--
	p.P("")
}

// request is the expression of m's request payload; client is the
// expression of the _ClientBase, self the receiver handle's.
func (r *pyRenderer) request(m *Method, client string) string {
	if len(m.Request.Fields) == 0 {
		return `b""` // an empty message's payload
	}
	var args []string
	if m.Kind == KindMethod {
		args = append(args, "self._handle()")
	}
	for _, prm := range m.Params {
		n := naming.PyName(prm.Name)
		if o, opt := objOf(prm.Type); o != nil {
			h := fmt.Sprintf("_arg_handle(%s, %s, %s, %q)", client, n, pyRemote(o), n)
			if opt {
				h = fmt.Sprintf("None if %s is None else %s", n, h)
			}
			n = h
		}
		args = append(args, n)
	}
	return fmt.Sprintf("_wire.encode_%s(_pkg.%s(%s))", pyWireFunc(m.Request), naming.PyClass(m.Request.Name), strings.Join(args, ", "))
}

// argChecks writes the checks of m's top-level arguments that the wire
// encoder does not make as the in-process module does (it converts with
// int() and truth values): the same exception classes before anything
// is sent.
func (r *pyRenderer) argChecks(m *Method) {
	p := &r.p
	for _, prm := range m.Params {
		n := naming.PyName(prm.Name)
		t, opt := prm.Type, false
		if t.Kind == idl.KindOptional {
			t, opt = t.Elem, true
		}
		var cond, want string
		switch {
		case t.Kind == idl.KindBool:
			cond, want = n+".__class__ is not bool", "bool"
		case t.Kind.IsInteger():
			cond, want = "not isinstance("+n+", int)", "int ("+t.Kind.String()+")"
		case t.Kind.IsFloat():
			cond, want = "not isinstance("+n+", (int, float))", "float ("+t.Kind.String()+")"
		case t.Kind == idl.KindString:
			cond, want = "not isinstance("+n+", str)", "str"
		case t.Kind == idl.KindBytes:
			cond, want = "not isinstance("+n+", (bytes, bytearray, memoryview))", "bytes"
		case t.Kind == idl.KindStruct || t.Kind == idl.KindUnion:
			c := naming.PyClass(t.Decl.DeclName())
			cond, want = "not isinstance("+n+", _pkg."+c+")", c
		case t.Kind == idl.KindEnum:
			e := "%s = _enum_arg(%s, %q, _pkg.%s)"
			if opt {
				p.P("if %s is not None:", n)
				p.P("    "+e, n, n, n, naming.PyClass(t.Decl.DeclName()))
			} else {
				p.P(e, n, n, n, naming.PyClass(t.Decl.DeclName()))
			}
			continue
		default:
			continue
		}
		if opt {
			cond = n + " is not None and " + cond
		}
		p.P("if %s:", cond)
		p.P("    raise _bad_arg(%s, %q, %q)", n, n, want)
	}
}

// clientBody writes the body of m's client method.
func (r *pyRenderer) clientBody(m *Method, client string) {
	p := &r.p
	r.argChecks(m)
	call := fmt.Sprintf("%s._invoke(0x%08x, %s, %s)", client, m.ID, r.request(m, client), r.raises(m))
	if m.Result == nil {
		// Decoded all the same: malformed bytes are an error (a newer
		// server's fields are skipped).
		p.P("_decoded(_wire.decode_%s, %s)", pyWireFunc(m.Response), call)
		return
	}
	p.P("_r = _decoded(_wire.decode_%s, %s).result", pyWireFunc(m.Response), call)
	if o, opt := objOf(m.Result); o != nil {
		if opt {
			p.P("return None if _r is None else %s(%s, _r)", pyRemote(o), client)
		} else {
			p.P("return %s(%s, _r)", pyRemote(o), client)
		}
		return
	}
	p.P("return _r")
}

func (r *pyRenderer) client() {
	p := &r.p
	for _, o := range r.plan.Objects {
		var destroy *Method
		for _, m := range r.plan.Methods {
			if m.Kind == KindDestroy && m.Object == o {
				destroy = m
			}
		}
		p.P("")
		p.P("class %s(_Remote, %s):", pyRemote(o), pyIface(o))
		p.ind++
		p.P(`"""A %s of an RpcClient's server."""`, o.Name)
		p.P("")
		p.P("__slots__ = ()")
		p.P("_DESTROY = 0x%08x", destroy.ID)
		p.P("_NAME = %q", naming.PyClass(o.Name))
		for _, m := range r.methodsOf(o) {
			p.P("")
			p.P("%s", r.signature(m))
			p.ind++
			r.clientBody(m, "self._c")
			p.ind--
		}
		p.ind--
		p.P("")
	}
	p.P("")
	p.P("class RpcClient(_ClientBase, Service):")
	p.ind++
	p.doc(idl.Doc{
		"A Service whose calls go to a server over conn (docs/rpc.md).",
		"",
		"Threads may share one client: each call waits for its own answer, and",
		"answers arrive in any order. timeout is the seconds a call waits for its",
		"answer (None: no limit); then it raises TimeoutError and the server is",
		"asked to cancel the call. max_frame bounds the answers the client reads.",
	}, "")
	p.P("")
	p.P("def __init__(self, conn: Stream, *, timeout: float | None = None, max_frame: int = DEFAULT_MAX_FRAME) -> None:")
	p.P("    self._core = _Core(conn, max_frame)")
	p.P("    self._timeout = timeout")
	p.P("")
	p.P("def with_timeout(self, timeout: float | None) -> RpcClient:")
	p.P(`    """This client's connection with another timeout for every call."""`)
	p.P("    c = RpcClient.__new__(RpcClient)")
	p.P("    c._core, c._timeout = self._core, timeout")
	p.P("    return c")
	p.P("")
	p.P("def close(self) -> None:")
	p.P(`    """Closes the connection; calls in flight raise RpcTransportError."""`)
	p.P("    self._core.close()")
	p.P("")
	p.P("def __enter__(self) -> RpcClient:  # noqa: PYI034 - typing.Self needs Python 3.11; the module supports 3.10")
	p.P("    return self")
	p.P("")
	p.P("def __exit__(self, *exc: object) -> None:")
	p.P("    self.close()")
	for _, m := range r.methodsOf(nil) {
		p.P("")
		p.P("%s", r.signature(m))
		p.ind++
		r.clientBody(m, "self")
		p.ind--
	}
	p.ind--
	p.P("")
	p.P(pyConnect)
}

const pyConnect = `
class SubprocessClient(RpcClient):
    """An RpcClient talking to a child process over its stdin and stdout."""

    process: _subprocess.Popen[bytes]

    def close(self) -> None:
        """Ends the child's stdin and waits for it to exit (killing it
        after 5 seconds), then closes the client."""
        self._core.fail("the client is closed")
        try:
            self.process.wait(timeout=5)
        except _subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._core.close()


def connect(address: str | tuple[str, int], *, timeout: float | None = None, max_frame: int = DEFAULT_MAX_FRAME) -> RpcClient:
    """A client of the server at address: a Unix socket path, or a (host,
    port) pair for TCP."""
    if isinstance(address, str):
        s = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    else:
        s = _socket.socket(_socket.AF_INET6 if ":" in address[0] else _socket.AF_INET, _socket.SOCK_STREAM)
        s.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
    try:
        s.connect(address)
    except OSError:
        s.close()
        raise
    return RpcClient(s, timeout=timeout, max_frame=max_frame)


def connect_subprocess(argv: _Sequence[str], *, timeout: float | None = None, max_frame: int = DEFAULT_MAX_FRAME, **popen: _Any) -> SubprocessClient:
    """Starts argv as a server on its stdin and stdout (the C dispatcher's
    <pkg>_rpc_serve(stdin, stdout), or serve_stdio() of this module) and returns a
    client of it. popen is passed to subprocess.Popen (env, cwd, stderr, ...).
    close() ends the child."""
    proc = _subprocess.Popen(list(argv), stdin=_subprocess.PIPE, stdout=_subprocess.PIPE, bufsize=0, **popen)
    assert proc.stdin is not None and proc.stdout is not None
    c = SubprocessClient.__new__(SubprocessClient)
    c._core = _Core((proc.stdout, proc.stdin), max_frame)
    c._timeout = timeout
    c.process = proc
    return c
`

func (r *pyRenderer) inProcess() {
	p, pkg := &r.p, r.pkg
	// localCall is the in-process call of m with its arguments unwrapped.
	localCall := func(m *Method) string {
		var args []string
		for _, prm := range m.Params {
			n := naming.PyName(prm.Name)
			if o, opt := objOf(prm.Type); o != nil {
				u := fmt.Sprintf("_local(%s, %s, %q)", n, pyLocal(o), n)
				if opt {
					u = fmt.Sprintf("None if %s is None else %s", n, u)
				}
				n = u
			}
			args = append(args, n)
		}
		a := strings.Join(args, ", ")
		switch m.Kind {
		case KindCtor:
			if m.Ctor.Name == "" {
				return fmt.Sprintf("_pkg.%s(%s)", naming.PyClass(m.Object.Name), a)
			}
			return fmt.Sprintf("_pkg.%s.%s(%s)", naming.PyClass(m.Object.Name), naming.PyName(m.Ctor.Name), a)
		case KindMethod:
			return fmt.Sprintf("self._o.%s(%s)", naming.PyName(m.Func.Name), a)
		}
		return fmt.Sprintf("_pkg.%s(%s)", naming.PyName(m.Func.Name), a)
	}
	body := func(m *Method) {
		call := localCall(m)
		o, opt := objOf(m.Result)
		switch {
		case m.Result == nil:
			p.P("%s", call)
		case o == nil:
			p.P("return %s", call)
		case opt:
			p.P("_r = %s", call)
			p.P("return None if _r is None else %s(_r)", pyLocal(o))
		default:
			p.P("return %s(%s)", pyLocal(o), call)
		}
	}
	p.P("")
	p.P("class _InProcess:")
	p.P("    __slots__ = (\"_o\",)")
	p.P("")
	p.P("    def __init__(self, o: _Any) -> None:")
	p.P("        self._o = o")
	p.P("")
	p.P("    def close(self) -> None:")
	p.P("        self._o.close()")
	p.P("")
	p.P("    def __repr__(self) -> str:")
	p.P("        return repr(self._o)")
	p.P("")
	p.P("")
	p.P("def _local(v: object, cls: type[_InProcess], p: str) -> _Any:")
	p.P("    if not isinstance(v, cls):")
	p.P("        raise TypeError(f\"{p}: expected an object of InProcess(), got {type(v).__name__}\")")
	p.P("    return v._o")
	p.P("")
	for _, o := range r.plan.Objects {
		p.P("")
		p.P("class %s(_InProcess, %s):", pyLocal(o), pyIface(o))
		p.ind++
		p.P("__slots__ = ()")
		p.P("_o: _pkg.%s", naming.PyClass(o.Name))
		for _, m := range r.methodsOf(o) {
			p.P("")
			p.P("%s", r.signature(m))
			p.ind++
			body(m)
			p.ind--
		}
		p.ind--
		p.P("")
	}
	p.P("")
	p.P("class InProcess(Service):")
	p.ind++
	p.doc(idl.Doc{
		fmt.Sprintf("The Service of the native library, called in this process through %s.py", pkg),
		fmt.Sprintf("(which finds the library as %s.load() says). Objects it returns wrap", pkg),
		fmt.Sprintf("%s's objects; RpcServer(InProcess()) serves the library to other", pkg),
		"processes.",
	}, "")
	for _, m := range r.methodsOf(nil) {
		p.P("")
		p.P("%s", r.signature(m))
		p.ind++
		body(m)
		p.ind--
	}
	p.ind--
	p.P("")
}

func (r *pyRenderer) server() {
	p := &r.p
	for _, m := range r.plan.Methods {
		p.P("")
		p.P("def _s_%08x(impl: Service, sc: _ServerConn, p: bytes) -> bytes:", m.ID)
		p.ind++
		p.P("# %s", m.Key)
		// An empty request is decoded too: malformed bytes are a bad
		// request, as in Go and C (a newer client's fields are skipped).
		if len(m.Request.Fields) == 0 {
			p.P("_decode(_wire.decode_%s, p)", pyWireFunc(m.Request))
		} else {
			p.P("q = _decode(_wire.decode_%s, p)", pyWireFunc(m.Request))
		}
		var args []string
		for i, prm := range m.Params {
			f := "q." + naming.PyName(m.Request.Fields[i+boolInt(m.Kind == KindMethod)].Name)
			if o, opt := objOf(prm.Type); o != nil {
				g := fmt.Sprintf("sc.get(%s, %q)", f, o.Name)
				if opt {
					g = fmt.Sprintf("None if %s is None else %s", f, g)
				}
				f = g
			}
			args = append(args, f)
		}
		a := strings.Join(args, ", ")
		var call string
		switch m.Kind {
		case KindDestroy:
			p.P("sc.remove(q.%s, %q).close()", naming.PyName(m.Request.Fields[0].Name), m.Object.Name)
			p.P(`return b""`)
			p.ind--
			continue
		case KindMethod:
			call = fmt.Sprintf("sc.get(q.%s, %q).%s(%s)", naming.PyName(m.Request.Fields[0].Name), m.Object.Name, pyName(m), a)
		default:
			call = fmt.Sprintf("impl.%s(%s)", pyName(m), a)
		}
		if m.Result == nil {
			p.P("%s", call)
			p.P(`return b""`)
			p.ind--
			continue
		}
		p.P("r = %s", call)
		res := "r"
		if o, opt := objOf(m.Result); o != nil {
			res = fmt.Sprintf("sc.put(%q, r)", o.Name)
			if opt {
				res = "None if r is None else " + res
			}
		}
		p.P("return _wire.encode_%s(_pkg.%s(%s))", pyWireFunc(m.Response), naming.PyClass(m.Response.Name), res)
		p.ind--
	}
	p.P("")
	p.P("")
	p.P("_HANDLERS: _Final[dict[int, tuple[_Callable[[Service, _ServerConn, bytes], bytes], type[Exception] | None]]] = {")
	for _, m := range r.plan.Methods {
		p.P("    0x%08x: (_s_%08x, %s),", m.ID, m.ID, r.raises(m))
	}
	p.P("}")
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
