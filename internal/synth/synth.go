// Package synth writes a large synthetic interface, deterministically, in
// three equivalent spellings: bindgen IDL, a proto3 schema and a
// FlatBuffers schema. The benchmarks of the whole pipeline and of protoc
// and flatc read it, so that every tool compiles the same declarations.
//
// The mix follows what real interfaces hold: mostly structs with scalar,
// string, bytes, list, map, optional, enum and nested-struct fields, then
// functions, enums, error enums, unions, constants and a few objects. A
// declaration only refers to declarations before it, so the result always
// checks. Output is a function of the arguments alone.
package synth

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
)

// Schema is one synthetic interface in three languages.
type Schema struct {
	IDL   []byte // package synth, for bindgen
	Proto []byte // proto3, for protoc
	FBS   []byte // FlatBuffers, for flatc
	// Counts holds how many IDL declarations of each kind the schema has
	// ("struct", "enum", "error", "union", "fn", "const", "object").
	Counts map[string]int
}

// Package is the IDL package (and proto package, and fbs namespace) name.
const Package = "synth"

// Generate returns a schema of exactly n top-level IDL declarations built
// from seed. The same (n, seed) always yields the same bytes.
func Generate(n int, seed uint64) *Schema {
	g := &writer{
		rng:    rand.New(rand.NewPCG(seed, 0x62696e6467656e)),
		counts: map[string]int{},
	}
	g.header()
	for i := 0; i < n; i++ {
		g.decl(i)
	}
	g.trailer()
	return &Schema{IDL: g.idl.Bytes(), Proto: g.proto.Bytes(), FBS: g.fbs.Bytes(), Counts: g.counts}
}

// typ is one field or parameter type in the three spellings.
type typ struct {
	idl, proto, fbs string
	// protoRepeated is set when the proto spelling is a repeated or map
	// field, which takes no `optional` and cannot be a oneof member.
	protoRepeated bool
}

type writer struct {
	rng              *rand.Rand
	idl, proto, fbs  bytes.Buffer
	protoSvc, fbsSvc bytes.Buffer
	structs, enums   []string // declared so far, by IDL name
	errors           []string
	counts           map[string]int
	needMapEntry     bool
}

var scalars = []typ{
	{"bool", "bool", "bool", false},
	{"i8", "int32", "byte", false},
	{"i16", "int32", "short", false},
	{"i32", "int32", "int", false},
	{"i64", "int64", "long", false},
	{"u8", "uint32", "ubyte", false},
	{"u16", "uint32", "ushort", false},
	{"u32", "uint32", "uint", false},
	{"u64", "uint64", "ulong", false},
	{"f32", "float", "float", false},
	{"f64", "double", "double", false},
}

var (
	tString = typ{"string", "string", "string", false}
	tBytes  = typ{"bytes", "bytes", "[ubyte]", true}
)

// fieldNames are the names fields and parameters draw from; none is a
// keyword in any target language or schema language.
var fieldNames = strings.Fields(`id name count value weight label x y z items flags user_id
created_at score ratio payload tags parent kind status offset limit total enabled title
note size level mode owner width height depth color region version checksum priority
timeout retries quota origin target source`)

var memberNames = strings.Fields(`RED GREEN BLUE CYAN MAGENTA YELLOW BLACK WHITE
NORTH SOUTH EAST WEST UNKNOWN PENDING ACTIVE DONE FAILED`)

var errorNames = strings.Fields(`NOT_FOUND INVALID_ARGUMENT PERMISSION_DENIED TIMEOUT
EXHAUSTED CONFLICT UNAVAILABLE INTERNAL`)

func (g *writer) header() {
	fmt.Fprintf(&g.idl, "/// A synthetic interface for benchmarks, written by internal/synth.\npackage %s;\n\n", Package)
	fmt.Fprintf(&g.proto, "// A synthetic schema for benchmarks, written by internal/synth.\nsyntax = \"proto3\";\n\npackage %s;\n\n", Package)
	fmt.Fprintf(&g.fbs, "// A synthetic schema for benchmarks, written by internal/synth.\nnamespace %s;\n\n", Package)
}

func (g *writer) trailer() {
	if g.needMapEntry {
		g.fbs.WriteString("table MapStringLong {\n  key: string (key);\n  value: long;\n}\n\n")
	}
	if g.protoSvc.Len() > 0 {
		fmt.Fprintf(&g.proto, "service Api {\n%s}\n", g.protoSvc.String())
		fmt.Fprintf(&g.fbs, "rpc_service Api {\n%s}\n", g.fbsSvc.String())
	}
}

func (g *writer) pick(n int) int { return g.rng.IntN(n) }

// decl writes declaration number i; the kind follows a fixed pattern of
// 20 so that every prefix of the schema has the same mix.
func (g *writer) decl(i int) {
	if i < 4 {
		g.structDecl(i) // the first ones only hold scalars
		return
	}
	switch i % 20 {
	case 0, 2, 4, 6, 8, 10, 12, 14:
		g.structDecl(i)
	case 1, 5, 9:
		g.enumDecl(i)
	case 13:
		g.errorDecl(i)
	case 17:
		g.unionDecl(i)
	case 3, 7, 11, 15, 18:
		g.fnDecl(i)
	case 16:
		g.constDecl(i)
	case 19:
		if i%100 == 99 {
			g.objectDecl(i)
		} else {
			g.fnDecl(i)
		}
	}
}

func (g *writer) doc(i int, what string) {
	if i%3 == 0 {
		fmt.Fprintf(&g.idl, "/// %s number %d of the synthetic interface.\n", what, i)
		fmt.Fprintf(&g.proto, "// %s number %d of the synthetic interface.\n", what, i)
		fmt.Fprintf(&g.fbs, "/// %s number %d of the synthetic interface.\n", what, i)
	}
}

// fieldType draws a field type; depth-free: it refers only to earlier
// declarations.
func (g *writer) fieldType() typ {
	r := g.pick(100)
	switch {
	case r < 45:
		return scalars[g.pick(len(scalars))]
	case r < 60:
		return tString
	case r < 63:
		return tBytes
	case r < 70:
		e := scalars[g.pick(len(scalars))]
		if g.pick(3) == 0 {
			e = tString
		}
		return typ{"list<" + e.idl + ">", "repeated " + e.proto, "[" + e.fbs + "]", true}
	case r < 73:
		g.needMapEntry = true
		return typ{"map<string, i64>", "map<string, int64>", "[MapStringLong]", true}
	case r < 78:
		return typ{"optional<u32>", "optional uint32", "uint = null", false}
	case r < 86 && len(g.enums) > 0:
		e := g.enums[g.pick(len(g.enums))]
		return typ{e, e, e, false}
	case r < 93 && len(g.structs) > 0:
		s := g.structs[g.pick(len(g.structs))]
		return typ{s, s, s, false}
	case r < 97 && len(g.structs) > 0:
		s := g.structs[g.pick(len(g.structs))]
		return typ{"list<" + s + ">", "repeated " + s, "[" + s + "]", true}
	case len(g.structs) > 0:
		s := g.structs[g.pick(len(g.structs))]
		return typ{"optional<" + s + ">", s, s, false}
	}
	return scalars[3]
}

func (g *writer) names(n int) []string {
	perm := g.rng.Perm(len(fieldNames))
	out := make([]string, n)
	for i := range out {
		out[i] = fieldNames[perm[i]]
	}
	return out
}

func (g *writer) structDecl(i int) {
	name := fmt.Sprintf("S%d", i)
	g.counts["struct"]++
	g.doc(i, "Struct")
	n := 3 + g.pick(8)
	if i < 4 {
		n = 3
	}
	fmt.Fprintf(&g.idl, "struct %s {\n", name)
	fmt.Fprintf(&g.proto, "message %s {\n", name)
	fmt.Fprintf(&g.fbs, "table %s {\n", name)
	for k, fname := range g.names(n) {
		t := scalars[g.pick(len(scalars))]
		if i >= 4 {
			t = g.fieldType()
		}
		if k == 0 && i%7 == 0 {
			fmt.Fprintf(&g.idl, "    /// The %s of a %s.\n", fname, name)
		}
		fmt.Fprintf(&g.idl, "    %s: %s @%d;\n", fname, t.idl, k+1)
		fmt.Fprintf(&g.proto, "  %s %s = %d;\n", t.proto, fname, k+1)
		fmt.Fprintf(&g.fbs, "  %s: %s;\n", fname, t.fbs)
	}
	g.idl.WriteString("}\n\n")
	g.proto.WriteString("}\n\n")
	g.fbs.WriteString("}\n\n")
	g.structs = append(g.structs, name)
}

func (g *writer) enumDecl(i int) {
	name := fmt.Sprintf("E%d", i)
	g.counts["enum"]++
	g.doc(i, "Enum")
	n := 2 + g.pick(6)
	perm := g.rng.Perm(len(memberNames))
	fmt.Fprintf(&g.idl, "enum %s {\n", name)
	fmt.Fprintf(&g.proto, "enum %s {\n", name)
	fmt.Fprintf(&g.fbs, "enum %s : int {\n", name)
	for k := 0; k < n; k++ {
		m := memberNames[perm[k]]
		fmt.Fprintf(&g.idl, "    %s = %d;\n", m, k)
		// proto enum values share the package scope: prefix them.
		fmt.Fprintf(&g.proto, "  %s_%s = %d;\n", name, m, k)
		sep := ","
		if k == n-1 {
			sep = ""
		}
		fmt.Fprintf(&g.fbs, "  %s = %d%s\n", m, k, sep)
	}
	g.idl.WriteString("}\n\n")
	g.proto.WriteString("}\n\n")
	g.fbs.WriteString("}\n\n")
	g.enums = append(g.enums, name)
}

func (g *writer) errorDecl(i int) {
	name := fmt.Sprintf("Err%d", i)
	g.counts["error"]++
	g.doc(i, "Error")
	n := 2 + g.pick(5)
	perm := g.rng.Perm(len(errorNames))
	fmt.Fprintf(&g.idl, "error %s {\n", name)
	// proto3 needs a zero first value; 0 means success in bindgen too.
	fmt.Fprintf(&g.proto, "enum %s {\n  %s_OK = 0;\n", name, name)
	fmt.Fprintf(&g.fbs, "enum %s : int {\n  OK = 0,\n", name)
	for k := 0; k < n; k++ {
		m := errorNames[perm[k]]
		fmt.Fprintf(&g.idl, "    %s = %d;\n", m, k+1)
		fmt.Fprintf(&g.proto, "  %s_%s = %d;\n", name, m, k+1)
		sep := ","
		if k == n-1 {
			sep = ""
		}
		fmt.Fprintf(&g.fbs, "  %s = %d%s\n", m, k+1, sep)
	}
	g.idl.WriteString("}\n\n")
	g.proto.WriteString("}\n\n")
	g.fbs.WriteString("}\n\n")
	g.errors = append(g.errors, name)
}

func (g *writer) unionDecl(i int) {
	name := fmt.Sprintf("U%d", i)
	g.counts["union"]++
	g.doc(i, "Union")
	n := 2 + g.pick(3)
	fmt.Fprintf(&g.idl, "union %s {\n", name)
	fmt.Fprintf(&g.proto, "message %s {\n  oneof value {\n", name)
	var fbsCases []string
	seen := map[string]bool{}
	for k := 0; k < n; k++ {
		s := g.structs[g.pick(len(g.structs))]
		if seen[s] {
			continue
		}
		seen[s] = true
		c := fmt.Sprintf("case_%s", strings.ToLower(s))
		fmt.Fprintf(&g.idl, "    %s: %s @%d;\n", c, s, len(fbsCases)+1)
		fmt.Fprintf(&g.proto, "    %s %s = %d;\n", s, c, len(fbsCases)+1)
		fbsCases = append(fbsCases, s)
	}
	g.idl.WriteString("}\n\n")
	g.proto.WriteString("  }\n}\n\n")
	fmt.Fprintf(&g.fbs, "union %s { %s }\n\n", name, strings.Join(fbsCases, ", "))
	// A union is usable as a field type in all three from here on, but
	// fieldType keeps to structs and enums so that flatc's restrictions
	// on union vectors never apply.
}

func (g *writer) constDecl(i int) {
	name := fmt.Sprintf("K%d", i)
	g.counts["const"]++
	g.doc(i, "Constant")
	switch i % 3 {
	case 0:
		fmt.Fprintf(&g.idl, "const %s: u32 = %d;\n\n", name, i)
	case 1:
		fmt.Fprintf(&g.idl, "const %s: string = \"value %d\";\n\n", name, i)
	default:
		fmt.Fprintf(&g.idl, "const %s: f64 = %d.5;\n\n", name, i)
	}
	// Neither proto3 nor FlatBuffers has constants; the closest
	// equivalent is a one-value enum, which costs both tools about the same.
	fmt.Fprintf(&g.proto, "enum %s { %s_VALUE = 0; }\n\n", name, name)
	fmt.Fprintf(&g.fbs, "enum %s : int { VALUE = 0 }\n\n", name)
}

// signature draws a parameter list and result; it writes the request and
// response messages (tables) that proto and FlatBuffers need for an rpc.
func (g *writer) signature(rpc string, i int) (params string, result string) {
	n := g.pick(5)
	var ps []string
	fmt.Fprintf(&g.proto, "message %sRequest {\n", rpc)
	fmt.Fprintf(&g.fbs, "table %sRequest {\n", rpc)
	for k, pname := range g.names(n) {
		t := g.fieldType()
		ps = append(ps, pname+": "+t.idl)
		fmt.Fprintf(&g.proto, "  %s %s = %d;\n", t.proto, pname, k+1)
		fmt.Fprintf(&g.fbs, "  %s: %s;\n", pname, t.fbs)
	}
	g.proto.WriteString("}\n\n")
	g.fbs.WriteString("}\n\n")
	fmt.Fprintf(&g.proto, "message %sResponse {\n", rpc)
	fmt.Fprintf(&g.fbs, "table %sResponse {\n", rpc)
	if g.pick(4) != 0 {
		t := g.fieldType()
		result = " -> " + t.idl
		fmt.Fprintf(&g.proto, "  %s result = 1;\n", t.proto)
		fmt.Fprintf(&g.fbs, "  result: %s;\n", t.fbs)
	}
	g.proto.WriteString("}\n\n")
	g.fbs.WriteString("}\n\n")
	if len(g.errors) > 0 && g.pick(3) == 0 {
		result += " raises " + g.errors[g.pick(len(g.errors))]
	}
	fmt.Fprintf(&g.protoSvc, "  rpc %s(%sRequest) returns (%sResponse);\n", rpc, rpc, rpc)
	fmt.Fprintf(&g.fbsSvc, "  %s(%sRequest):%sResponse;\n", rpc, rpc, rpc)
	return strings.Join(ps, ", "), result
}

func (g *writer) fnDecl(i int) {
	name := fmt.Sprintf("f%d", i)
	g.counts["fn"]++
	g.doc(i, "Function")
	params, result := g.signature(fmt.Sprintf("F%d", i), i)
	fmt.Fprintf(&g.idl, "fn %s(%s)%s;\n\n", name, params, result)
}

func (g *writer) objectDecl(i int) {
	name := fmt.Sprintf("O%d", i)
	g.counts["object"]++
	g.doc(i, "Object")
	var body bytes.Buffer
	fmt.Fprintf(&body, "object %s {\n    new(start: i64);\n", name)
	for k := 0; k < 3; k++ {
		params, result := g.signature(fmt.Sprintf("O%dM%d", i, k), i)
		fmt.Fprintf(&body, "    fn m%d(%s)%s;\n", k, params, result)
	}
	body.WriteString("}\n\n")
	g.idl.Write(body.Bytes())
}

// The schema every pipeline benchmark and docs/benchmarks.md use.
const (
	BenchDecls = 10000
	BenchSeed  = 1
)
