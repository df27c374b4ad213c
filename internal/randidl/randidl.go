// Package randidl writes random, valid bindgen IDL files for property
// tests: from one seed, a package that uses every kind of type in every
// position the checker allows (scalars, string, bytes, enums, structs,
// unions, objects, list/map/optional nested up to depth 4, recursion
// through list, map and optional), constants at the extremes of their
// types, reserved tags and names, doc comments with text that is hard to
// carry into comments (`*/`, backslashes, `%`, non-ASCII), names that
// are keywords of C, Go or Python, functions, constructors and methods
// with every parameter and result kind, raising and not.
//
// It also emits echo functions, whose meaning a test knows without
// reading the IDL's prose (see Echo): they are what a runtime property
// test implements in C and calls from every language.
//
// Generate returns only IDL that the checker accepts. Names are drawn
// from small pools so that they meet keywords and each other; when the
// checker reports that two names map to one target name, the generator
// draws the names again (the next attempt of the same seed). Any other
// rejection is a bug of this package, and Generate returns an error.
package randidl

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/parser"
)

// Construct is one feature of the IDL that the generator may use. Adding
// a construct to the generator is one constant here, one entry in All,
// and the code behind `g.on(...)` that emits it.
type Construct string

const (
	Consts       Construct = "const"
	Enums        Construct = "enum"
	Errors       Construct = "error"
	Structs      Construct = "struct"
	Unions       Construct = "union"
	Objects      Construct = "object"
	Lists        Construct = "list"
	Maps         Construct = "map"
	Optionals    Construct = "optional"
	Recursion    Construct = "recursion"    // a struct or union that holds itself, or a later one, through list/map/optional
	Reserved     Construct = "reserved"     // reserved tags, values and names
	Docs         Construct = "doc"          // doc comments, with tricky text
	Keywords     Construct = "keyword"      // names that are keywords of C, Go or Python
	Funcs        Construct = "fn"           // functions with random signatures
	Echo         Construct = "echo"         // echo functions and an echo object (see Echo)
	EmptyStructs Construct = "empty-struct" // `struct E {}`
	PayloadFree  Construct = "payload-free" // union cases without a payload, `done @1;`
	Callbacks    Construct = "callback"     // callback interfaces, passed borrowed and kept
)

// All is every construct, the default of Generate.
var All = []Construct{Consts, Enums, Errors, Structs, Unions, Objects, Lists, Maps, Optionals, Recursion, Reserved, Docs, Keywords, Funcs, Echo, EmptyStructs, PayloadFree, Callbacks}

// DefaultPackage is the IDL package name when Options.Package is empty.
const DefaultPackage = "rnd"

// Echo functions. A function or method whose name starts with EchoPrefix
// returns a copy of its parameter named "v" (which has the result's
// type); when it raises and its bool parameter "fail" is true, it fails
// with the error's first member instead. Echo functions exist only for
// types that hold no object (a handle cannot be copied).
//
// The object EchoObject has a constructor new(v: T) that keeps a copy of
// v and a method get() -> T that returns a copy of it, and echo methods.
//
// Callback echo. The callback EchoCallback has one method per type T
// (some raising an error), `m(v: T) -> T` or `m(v: T, fail: bool) -> T
// raises E`; the i-th function whose name starts with BackPrefix takes
// such a callback cb (borrowed or kept), v and, for a raising method,
// fail, and returns what the i-th method returns for them: a failure
// passes on as the function's error. A kept cb is released after that
// call.
const (
	EchoPrefix   = "echo_"
	EchoObject   = "Echoer"
	EchoCallback = "EchoBack"
	BackPrefix   = "back_"
)

// Options select what Generate emits.
type Options struct {
	// Constructs lists the constructs to use; nil means All.
	Constructs []Construct
	// Package is the IDL package name; empty means DefaultPackage. Tests
	// that load many generated modules into one Go module or one Python
	// path give each seed its own.
	Package string
}

// Result is one generated IDL file.
type Result struct {
	Seed    uint64
	Attempt int // how many times the names were drawn again
	Src     []byte
	Pkg     *idl.Package
	// Counts holds how often each construct was used.
	Counts map[Construct]int
}

// MaxAttempts bounds how often Generate draws names again for one seed.
const MaxAttempts = 20

// Generate returns a checked IDL file for seed.
func Generate(seed uint64, o Options) (*Result, error) {
	cs := o.Constructs
	if cs == nil {
		cs = All
	}
	var last string
	for attempt := 0; attempt < MaxAttempts; attempt++ {
		g := newGen(seed, uint64(attempt), cs)
		g.pkg = o.Package
		if g.pkg == "" {
			g.pkg = DefaultPackage
		}
		src := g.file()
		pkg, errs := parser.Load(fmt.Sprintf("seed%d.idl", seed), src)
		if len(errs) == 0 {
			return &Result{Seed: seed, Attempt: attempt, Src: src, Pkg: pkg, Counts: g.counts}, nil
		}
		last = idl.Format(errs, map[string][]byte{fmt.Sprintf("seed%d.idl", seed): src})
		for _, e := range errs {
			if !nameClash(e.Msg) {
				return nil, fmt.Errorf("randidl: seed %d: the checker rejects the generated IDL (a generator bug):\n%s\n%s", seed, last, src)
			}
		}
	}
	return nil, fmt.Errorf("randidl: seed %d: names still clash after %d attempts:\n%s", seed, MaxAttempts, last)
}

// nameClash reports whether a checker message is about two names that
// meet in a target language, which redrawing names fixes.
func nameClash(msg string) bool {
	return strings.Contains(msg, "map to the") || strings.Contains(msg, "maps to the") ||
		strings.Contains(msg, "may clash with the C name")
}

type gen struct {
	rng    *rand.Rand
	on     map[Construct]bool
	counts map[Construct]int
	b      strings.Builder
	pkg    string

	enums []string // declared enum names
	errs  []string // declared error names
	// errMin holds the errors with a member of value INT32_MIN, which a
	// callback method cannot raise (it is CALLBACK_FAILED).
	errMin  map[string]bool
	aggs    []agg // structs and unions, in declaration order
	objects []string
	top     map[string]bool // keys of top-level names taken
	cur     int             // index in aggs of the struct or union being written, -1 outside
	// echoTypes are types (IDL spelling) that hold no object, for echo functions.
	echoTypes []string
}

type agg struct {
	name  string
	union bool
	// objects is set when the aggregate holds an object at any depth (so
	// it cannot be echoed). Computed as declared: it refers only to
	// earlier aggregates by value, later ones only through containers,
	// which are decided when written.
	objects bool
	written bool
}

func newGen(seed, attempt uint64, cs []Construct) *gen {
	g := &gen{
		rng:    rand.New(rand.NewPCG(seed, 0x72616e6469646c^attempt)),
		on:     map[Construct]bool{},
		counts: map[Construct]int{},
		top:    map[string]bool{},
		errMin: map[string]bool{},
		cur:    -1,
	}
	for _, c := range cs {
		g.on[c] = true
	}
	return g
}

func (g *gen) use(c Construct) bool {
	if !g.on[c] {
		return false
	}
	g.counts[c]++
	return true
}

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }
func (g *gen) n(k int) int           { return g.rng.IntN(k) }

func (g *gen) pf(format string, args ...any) { fmt.Fprintf(&g.b, format, args...) }

// Name pools. The keyword pool holds words reserved in at least one
// target language (or used by the generated code); the checker allows
// each of them as a field, case, parameter or method name.
var keywordNames = []string{
	"type", "class", "def", "default", "from", "func", "return", "None", "self", "out",
	"len", "error", "new", "to", "struct", "union", "match", "case", "lambda", "async",
	"await", "register", "volatile", "unsigned", "NULL", "errno", "assert", "size_t",
	"int32_t", "ctypes", "str", "print", "err", "ok", "res", "buf", "unsafe", "C", "nil",
	"iota", "go", "chan", "select", "yield", "global", "nonlocal", "pass", "not", "and",
	"or", "is", "in", "del", "try", "except", "finally", "raise", "with", "as", "elif",
	"while", "for", "if", "else", "break", "continue", "goto", "switch", "typedef",
	"sizeof", "static", "extern", "inline", "restrict", "auto", "char", "float", "double",
	"long", "short", "signed", "void", "const", "enum", "true", "false", "True", "False",
	"int", "object", "range", "package", "import", "var", "interface", "map", "list",
	"optional", "raises", "reserved", "this", "operator", "template", "namespace",
	"bool_", "x_", "HTTPServer", "userID", "Value", "Tag", "Unknown", "data", "value", "tag",
}

// Type names that are keywords or builtins somewhere; the checker takes
// them as declaration names (and escapes them where needed).
var keywordTypeNames = []string{"Type", "Class", "Int", "Object", "Str", "Default", "Error", "None_", "Self", "Result", "List_", "Map_"}

// key is the conservative collision key of a name: names whose keys
// differ never meet in any language.
func key(name string) string { return strings.ToLower(strings.ReplaceAll(name, "_", "")) }

// scope hands out names that do not meet each other.
type scope map[string]bool

func (s scope) take(name string) bool {
	k := key(name)
	if s[k] {
		return false
	}
	s[k] = true
	return true
}

// member returns a fresh lower-case name for a field, case, parameter or
// method: a keyword now and then, else a generated one in a random style.
func (g *gen) member(s scope, i int) string {
	if g.on[Keywords] && g.chance(0.35) {
		for try := 0; try < 4; try++ {
			w := keywordNames[g.n(len(keywordNames))]
			if s.take(w) {
				g.counts[Keywords]++
				return w
			}
		}
	}
	for {
		var w string
		switch g.n(4) {
		case 0:
			w = fmt.Sprintf("f%d", i)
		case 1:
			w = fmt.Sprintf("field_%d", i)
		case 2:
			w = fmt.Sprintf("fieldNo%d", i)
		default:
			w = fmt.Sprintf("m%d_x", i)
		}
		if s.take(w) {
			return w
		}
		i += 100
	}
}

// topName returns a fresh top-level name in CamelCase starting with prefix.
func (g *gen) topName(prefix string, i int) string {
	if g.on[Keywords] && g.chance(0.2) {
		w := keywordTypeNames[g.n(len(keywordTypeNames))]
		if !g.top[key(w)] {
			g.top[key(w)] = true
			g.counts[Keywords]++
			return w
		}
	}
	for {
		w := fmt.Sprintf("%s%d", prefix, i)
		if !g.top[key(w)] {
			g.top[key(w)] = true
			return w
		}
		i += 100
	}
}

// funcName returns a fresh lower-case top-level name.
func (g *gen) funcName(base string, i int) string {
	for {
		w := fmt.Sprintf("%s%d", base, i)
		if !g.top[key(w)] {
			g.top[key(w)] = true
			return w
		}
		i += 100
	}
}

// trickyDocs are doc comment lines that are hard to carry into C, Go and
// Python comments and docstrings.
var trickyDocs = []string{
	"Ends a C comment: */ and starts one: /*",
	`A backslash \ and a quote " and three quotes """ and ''' too.`,
	"Percent signs: %d %s %% %v",
	"Non-ASCII: café, naïve, 日本語, emoji 😀.",
	"A trailing backslash \\",
	"Go directive look-alike:",
	"//go:generate echo not a directive",
	"# not a heading",
	"  indented code block",
	"Tabs\tinside\ttext.",
	"`backticks` and <angle> & ampersand",
	"",
}

func (g *gen) doc(indent string) {
	if !g.on[Docs] || !g.chance(0.4) {
		return
	}
	g.counts[Docs]++
	n := 1 + g.n(3)
	for i := 0; i < n; i++ {
		l := trickyDocs[g.n(len(trickyDocs))]
		if l == "" {
			g.pf("%s///\n", indent)
		} else {
			g.pf("%s/// %s\n", indent, l)
		}
	}
}

func (g *gen) file() []byte {
	if g.on[Docs] {
		g.pf("/// Random package; tricky doc: */ \\ %% é.\n")
	}
	g.pf("package %s;\n\n", g.pkg)

	// Plan the aggregates first, so that a field may name a later one
	// through a container (mutual recursion).
	nAgg := 0
	if g.on[Structs] || g.on[Unions] {
		nAgg = 2 + g.n(5)
	}
	for i := 0; i < nAgg; i++ {
		union := g.on[Unions] && (!g.on[Structs] || g.chance(0.35))
		prefix := "S"
		if union {
			prefix = "U"
		}
		g.aggs = append(g.aggs, agg{name: g.topName(prefix, i), union: union})
	}
	if g.on[Objects] {
		for i := 0; i < 1+g.n(2); i++ {
			g.objects = append(g.objects, g.topName("Obj", i))
		}
	}
	if g.on[Echo] {
		g.top[key(EchoObject)] = true
	}

	if g.use(Consts) {
		g.consts()
	}
	if g.on[Enums] {
		for i := 0; i < 1+g.n(3); i++ {
			g.enumDecl(i, false)
		}
	}
	if g.on[Errors] {
		for i := 0; i < 1+g.n(2); i++ {
			g.enumDecl(i, true)
		}
	}
	for i := range g.aggs {
		g.cur = i
		g.aggDecl(i)
		g.aggs[i].written = true
	}
	g.cur = -1
	if g.use(Funcs) {
		for i := 0; i < 2+g.n(5); i++ {
			g.funcDecl(g.funcName("fn_", i), "")
		}
	}
	for i, o := range g.objects {
		g.objectDecl(i, o)
	}
	if g.use(Echo) {
		g.echo()
	}
	// Last, so that every draw before is what it was without callbacks.
	if g.on[Callbacks] && g.chance(0.6) {
		g.callbacks()
	}
	return []byte(g.b.String())
}

// Constants at the extremes of their types.
func (g *gen) consts() {
	type c struct{ typ, val string }
	all := []c{
		{"i8", "-128"}, {"i8", "127"}, {"i16", "-32768"}, {"i16", "0x7FFF"},
		{"i32", "-2147483648"}, {"i32", "2147483647"}, {"i64", "-9223372036854775808"},
		{"i64", "9223372036854775807"}, {"u8", "255"}, {"u16", "65535"}, {"u32", "4294967295"},
		{"u64", "0xFFFFFFFFFFFFFFFF"}, {"u64", "18446744073709551615"}, {"u8", "0"},
		{"f32", "3.4028234663852886e38"}, {"f32", "-3.4028234663852886e38"}, {"f32", "1e-45"}, {"f32", "0.1"},
		{"f64", "1.7976931348623157e308"}, {"f64", "5e-324"}, {"f64", "-0.0"}, {"f64", "0x10"},
		{"bool", "true"}, {"bool", "false"},
		{"string", `""`}, {"string", `"caf\u00e9 \"q\" \\ \x00 nul \t tab */ %d ??="`}, {"string", `"\U0001F600"`},
	}
	n := 3 + g.n(6)
	for i := 0; i < n; i++ {
		k := all[g.n(len(all))]
		g.doc("")
		name := fmt.Sprintf("C%d_%s", i, strings.ToUpper(k.typ))
		g.top[key(name)] = true
		g.pf("const %s: %s = %s;\n", name, k.typ, k.val)
	}
	g.pf("\n")
}

func (g *gen) enumDecl(i int, isErr bool) {
	kw, prefix := "enum", "Enum"
	if isErr {
		kw, prefix = "error", "Err"
		g.counts[Errors]++
	} else {
		g.counts[Enums]++
	}
	name := g.topName(prefix, i)
	g.doc("")
	g.pf("%s %s {\n", kw, name)
	s := scope{}
	used := map[int64]bool{}
	n := 1 + g.n(4)
	vals := []int64{0, 1, 2, -1, math.MaxInt32, math.MinInt32, 7, 100}
	if isErr {
		vals = []int64{1, 2, 3, -1, math.MaxInt32, math.MinInt32, 42}
	}
	for j := 0; j < n; j++ {
		v := vals[g.n(len(vals))]
		if used[v] {
			continue
		}
		used[v] = true
		if isErr && v == math.MinInt32 {
			g.errMin[name] = true
		}
		m := strings.ToUpper(g.member(s, j))
		g.doc("    ")
		g.pf("    %s = %d;\n", m, v)
	}
	if g.use(Reserved) && g.chance(0.5) {
		// Retire values that are not used and a name that is not.
		// No member takes a value from 11 to 40.
		g.pf("    reserved 11, 12, 30 to 40, \"RETIRED_%d\";\n", i)
	}
	g.pf("}\n\n")
	if isErr {
		g.errs = append(g.errs, name)
	} else {
		g.enums = append(g.enums, name)
	}
}

func (g *gen) aggDecl(i int) {
	a := g.aggs[i]
	kw := "struct"
	if a.union {
		kw = "union"
		g.counts[Unions]++
	} else {
		g.counts[Structs]++
	}
	g.doc("")
	g.pf("%s %s {\n", kw, a.name)
	s := scope{}
	tags := map[int]bool{}
	var reserved []int
	if g.use(Reserved) && g.chance(0.5) {
		reserved = []int{2 + g.n(3), 536870911}
		for _, r := range reserved {
			tags[r] = true
		}
		g.pf("    reserved %d, %d, \"gone_%d\";\n", reserved[0], reserved[1], i)
		s.take(fmt.Sprintf("gone_%d", i))
	}
	n := 1 + g.n(5)
	if !a.union && g.on[EmptyStructs] && g.chance(0.15) {
		g.counts[EmptyStructs]++
		n = 0
	}
	objs := false
	for j := 0; j < n; j++ {
		tag := 1 + j
		switch g.n(6) {
		case 0:
			tag = 1 + g.n(1000)
		case 1:
			tag = 536870910 - g.n(3)
		}
		for tags[tag] {
			if tag++; tag > idl.MaxTag {
				tag = 1
			}
		}
		tags[tag] = true
		if a.union && g.on[PayloadFree] && g.chance(0.2) {
			g.counts[PayloadFree]++
			g.doc("    ")
			g.pf("    %s @%d;\n", g.member(s, j), tag)
			continue
		}
		t, o := g.typ(0)
		objs = objs || o
		g.doc("    ")
		g.pf("    %s: %s @%d;\n", g.member(s, j), t, tag)
	}
	g.aggs[i].objects = objs
	g.pf("}\n\n")
	if !objs {
		g.echoTypes = append(g.echoTypes, a.name)
	}
}

var scalarTypes = []string{"bool", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64"}
var keyTypes = []string{"bool", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "string"}

// typ returns a random value type at nesting depth d (0 outside any
// container) and whether it holds an object. Inside an aggregate
// (g.cur >= 0) a by-value reference goes only to an earlier aggregate; a
// container may reach any aggregate, itself included.
func (g *gen) typ(d int) (string, bool) {
	return g.typIn(d, false)
}

func (g *gen) typIn(d int, inContainer bool) (string, bool) {
	for {
		switch r := g.n(14); {
		case r < 4:
			return scalarTypes[g.n(len(scalarTypes))], false
		case r == 4:
			return "string", false
		case r == 5:
			return "bytes", false
		case r == 6:
			if len(g.enums) > 0 {
				return g.enums[g.n(len(g.enums))], false
			}
		case r == 7 || r == 8:
			if t, o, ok := g.aggRef(inContainer); ok {
				return t, o
			}
		case r == 9:
			if len(g.objects) > 0 && g.chance(0.5) {
				g.counts[Objects]++
				return g.objects[g.n(len(g.objects))], true
			}
		case r == 10:
			if d < 4 && g.use(Lists) {
				t, o := g.typIn(d+1, true)
				return "list<" + t + ">", o
			}
		case r == 11:
			if d < 4 && g.use(Maps) {
				k := keyTypes[g.n(len(keyTypes))]
				if len(g.enums) > 0 && g.chance(0.3) {
					k = g.enums[g.n(len(g.enums))]
				}
				t, o := g.typIn(d+1, true)
				return "map<" + k + ", " + t + ">", o
			}
		default:
			if d < 4 && g.use(Optionals) {
				t, o := g.typIn(d+1, true)
				if strings.HasPrefix(t, "optional<") {
					return t, o // optional<optional<T>> is not allowed
				}
				return "optional<" + t + ">", o
			}
		}
	}
}

// aggRef picks a struct or union to refer to.
func (g *gen) aggRef(inContainer bool) (string, bool, bool) {
	if len(g.aggs) == 0 {
		return "", false, false
	}
	limit := len(g.aggs)
	if g.cur >= 0 && !(inContainer && g.on[Recursion]) {
		limit = g.cur // by value: only earlier ones
	}
	if limit == 0 {
		return "", false, false
	}
	i := g.n(limit)
	if g.cur >= 0 && i >= g.cur {
		g.counts[Recursion]++
	}
	a := g.aggs[i]
	if !a.written {
		// Its fields are not drawn yet: whether it holds an object is not
		// known, so treat it as holding one (no echo of this type).
		return a.name, true, true
	}
	return a.name, a.objects, true
}

// params writes a parameter list of random types.
func (g *gen) params(s scope, n int) string {
	var ps []string
	for i := 0; i < n; i++ {
		t, _ := g.typ(0)
		ps = append(ps, g.member(s, i)+": "+t)
	}
	trail := ""
	if len(ps) > 0 && g.chance(0.1) {
		trail = ","
	}
	return strings.Join(ps, ", ") + trail
}

func (g *gen) raises() string {
	if len(g.errs) > 0 && g.chance(0.4) {
		return " raises " + g.errs[g.n(len(g.errs))]
	}
	return ""
}

func (g *gen) funcDecl(name, indent string) {
	g.doc(indent)
	s := scope{}
	ps := g.params(s, g.n(4))
	res := ""
	if g.chance(0.75) {
		t, _ := g.typ(0)
		res = " -> " + t
	}
	g.pf("%sfn %s(%s)%s%s;\n", indent, name, ps, res, g.raises())
}

func (g *gen) objectDecl(i int, name string) {
	g.counts[Objects]++
	g.doc("")
	g.pf("object %s {\n", name)
	cs := scope{}
	if g.chance(0.7) {
		g.doc("    ")
		g.pf("    new(%s)%s;\n", g.params(scope{}, g.n(3)), g.raises())
	}
	for j := 0; j < g.n(3); j++ {
		g.doc("    ")
		g.pf("    new %s(%s)%s;\n", g.ctorName(cs, j), g.params(scope{}, g.n(3)), g.raises())
	}
	ms := scope{"close": true}
	for j := 0; j < 1+g.n(3); j++ {
		g.funcDeclIn(g.member(ms, j), "    ")
	}
	g.pf("}\n\n")
}

func (g *gen) ctorName(s scope, j int) string {
	for {
		n := g.member(s, j)
		if n != "close" {
			return n
		}
	}
}

func (g *gen) funcDeclIn(name, indent string) { g.funcDecl(name, indent) }

// echo writes the echo functions and the echo object for some of the
// types that hold no object.
func (g *gen) echo() {
	types := append([]string{}, g.echoTypes...)
	types = append(types, g.enums...)
	for i := 0; i < 2+g.n(4); i++ {
		for {
			t, o := g.typ(0)
			if !o {
				types = append(types, t)
				break
			}
		}
	}
	var methods []string
	for i, t := range types {
		n := fmt.Sprintf("%s%d", EchoPrefix, i)
		g.top[key(n)] = true
		g.doc("")
		switch g.n(3) {
		case 0:
			g.pf("fn %s(v: %s) -> %s;\n", n, t, t)
		case 1:
			if len(g.errs) > 0 {
				g.pf("fn %s(v: %s, fail: bool) -> %s raises %s;\n", n, t, t, g.errs[g.n(len(g.errs))])
			} else {
				g.pf("fn %s(v: %s) -> %s;\n", n, t, t)
			}
		default:
			// Other parameters around v, of types other than v's.
			s := scope{"v": true}
			var ps []string
			for j := 0; j < 1+g.n(3); j++ {
				u, o := g.typ(0)
				if u == t || o {
					continue // v must be the only parameter of its type; no object, so no error result in Go
				}
				ps = append(ps, g.member(s, j)+": "+u)
			}
			at := g.n(len(ps) + 1)
			ps = append(ps[:at], append([]string{"v: " + t}, ps[at:]...)...)
			g.pf("fn %s(%s) -> %s;\n", n, strings.Join(ps, ", "), t)
		}
		if g.chance(0.3) {
			methods = append(methods, fmt.Sprintf("    fn %s(v: %s) -> %s;\n", n, t, t))
		}
	}
	kept := types[g.n(len(types))]
	g.pf("\n/// Keeps a value and echoes values.\nobject %s {\n    new(v: %s);\n    fn get() -> %s;\n%s}\n", EchoObject, kept, kept, strings.Join(methods, ""))
}

// callbacks writes callback interfaces with random methods (parameters
// and results of value types that hold no object, or of an object or
// optional object on its own) and functions that take them, borrowed and
// kept.
func (g *gen) callbacks() {
	var names []string
	for i := 0; i < 1+g.n(2); i++ {
		name := g.topName("Cb", i)
		g.counts[Callbacks]++
		g.doc("")
		g.pf("callback %s {\n", name)
		ms := scope{"ctx": true, "release": true}
		for j := 0; j < 1+g.n(3); j++ {
			g.doc("    ")
			s := scope{}
			var ps []string
			for k := 0; k < g.n(4); k++ {
				t, holds := g.typ(0)
				for holds && !g.isHandle(t) {
					t, holds = g.typ(0)
				}
				ps = append(ps, g.member(s, k)+": "+t)
			}
			res := ""
			if g.chance(0.7) {
				res = " -> " + g.cbResult()
			}
			raises := ""
			var ok []string
			for _, e := range g.errs {
				if !g.errMin[e] {
					ok = append(ok, e)
				}
			}
			if len(ok) > 0 && g.chance(0.5) {
				raises = " raises " + ok[g.n(len(ok))]
			}
			g.pf("    fn %s(%s)%s%s;\n", g.member(ms, j), strings.Join(ps, ", "), res, raises)
		}
		g.pf("}\n\n")
		names = append(names, name)
	}
	for i := 0; i < 1+g.n(3); i++ {
		g.doc("")
		s := scope{}
		var ps []string
		for k := 0; k < 1+g.n(3); k++ {
			n := g.member(s, k)
			if g.chance(0.6) {
				keep := ""
				if g.chance(0.5) {
					keep = "keep "
				}
				ps = append(ps, keep+n+": "+names[g.n(len(names))])
				continue
			}
			t, _ := g.typ(0)
			ps = append(ps, n+": "+t)
		}
		res := ""
		if g.chance(0.5) {
			t, _ := g.typ(0)
			res = " -> " + t
		}
		g.pf("fn %s(%s)%s%s;\n", g.funcName("cb_", i), strings.Join(ps, ", "), res, g.raises())
	}
	g.pf("\n")
	// Last, so that every draw before is what it was without it.
	g.echoBack()
}

// echoBack writes the callback EchoCallback and the functions that call
// its methods (see EchoCallback).
func (g *gen) echoBack() {
	if g.top[key(EchoCallback)] {
		return
	}
	g.top[key(EchoCallback)] = true
	var raisable []string
	for _, e := range g.errs {
		if !g.errMin[e] {
			raisable = append(raisable, e)
		}
	}
	var methods, funcs strings.Builder
	ms := scope{"ctx": true, "release": true}
	for i := 0; i < 1+g.n(4); i++ {
		t := ""
		if len(g.echoTypes) > 0 && g.chance(0.4) {
			t = g.echoTypes[g.n(len(g.echoTypes))]
		}
		for t == "" {
			if u, holds := g.typ(0); !holds {
				t = u
			}
		}
		m := g.member(ms, i)
		keep := ""
		if g.chance(0.3) {
			keep = "keep "
		}
		fn := g.funcName(BackPrefix, i)
		if len(raisable) > 0 && g.chance(0.4) {
			e := raisable[g.n(len(raisable))]
			fmt.Fprintf(&methods, "    fn %s(v: %s, fail: bool) -> %s raises %s;\n", m, t, t, e)
			fmt.Fprintf(&funcs, "fn %s(%scb: %s, v: %s, fail: bool) -> %s raises %s;\n", fn, keep, EchoCallback, t, t, e)
		} else {
			fmt.Fprintf(&methods, "    fn %s(v: %s) -> %s;\n", m, t, t)
			fmt.Fprintf(&funcs, "fn %s(%scb: %s, v: %s) -> %s;\n", fn, keep, EchoCallback, t, t)
		}
	}
	g.pf("/// Gives values back to the library.\ncallback %s {\n%s}\n\n%s\n", EchoCallback, methods.String(), funcs.String())
}

// cbResult is the result type of a callback method: any value type that
// holds no object (a struct, union, list, map or optional among them), or
// an object or optional object.
func (g *gen) cbResult() string {
	switch r := g.n(9); {
	case r < 3:
		return scalarTypes[g.n(len(scalarTypes))]
	case r == 3:
		return "string"
	case r == 4:
		return "bytes"
	case r == 5:
		if len(g.enums) > 0 {
			return g.enums[g.n(len(g.enums))]
		}
		return "u32"
	}
	t, holds := g.typ(0)
	for holds && !g.isHandle(t) {
		t, holds = g.typ(0)
	}
	return t
}

// isHandle reports whether type t (as written) is an object or an
// optional object: what a callback method takes and returns on its own,
// lent by the library or moved to it. An object inside another value is
// refused there.
func (g *gen) isHandle(t string) bool {
	t = strings.TrimSuffix(strings.TrimPrefix(t, "optional<"), ">")
	for _, o := range g.objects {
		if t == o {
			return true
		}
	}
	return false
}
