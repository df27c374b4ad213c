// Command cchain is the cross-language round trip of docs/wire.md over the
// conformance IDL, run by gen/wire's TestCrossLanguageChain in a temporary
// module next to the generated Go types and codec (package main):
//
//	Go encodes → Python decodes and re-encodes → C decodes and re-encodes →
//	Go decodes, compared with go-cmp against the value Go started from.
//
// Every step must also produce the same bytes, because the encoding is
// canonical. Values are random but reproducible from -seed.
package main

import (
	"bufio"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func main() {
	seed := flag.Uint64("seed", 1, "random seed")
	n := flag.Int("n", 2000, "values per message type")
	pyDir := flag.String("py", "", "directory of driver.py")
	cDriver := flag.String("c", "", "path of the C driver")
	flag.Parse()
	os.Exit(run(*seed, *n, *pyDir, *cDriver))
}

// message is one value under test, with its codec entry points.
type message struct {
	typ    string
	value  any
	encode func() []byte
	decode func([]byte) (any, error)
}

func run(seed uint64, n int, pyDir, cDriver string) int {
	g := &gen{r: rand.New(rand.NewPCG(seed, 0x5eed))}
	var msgs []message
	for i := 0; i < n; i++ {
		e := g.everything()
		msgs = append(msgs, message{"Everything", e, e.MarshalBinaryMust, func(b []byte) (any, error) {
			var x Everything
			err := x.UnmarshalBinary(b)
			return &x, err
		}})
		nd := g.node(0)
		msgs = append(msgs, message{"Node", nd, nd.MarshalBinaryMust, func(b []byte) (any, error) {
			var x Node
			err := x.UnmarshalBinary(b)
			return &x, err
		}})
		c := g.choice()
		msgs = append(msgs, message{"Choice", c, func() []byte { return AppendChoiceWire(nil, c) }, func(b []byte) (any, error) {
			return DecodeChoiceWire(b, nil)
		}})
	}
	var lines []string
	var want [][]byte
	for _, m := range msgs {
		b := m.encode()
		want = append(want, b)
		lines = append(lines, m.typ+" "+hex.EncodeToString(b))
	}
	py, err := pipe(lines, "python3", "-X", "dev", pyDir+"/driver.py")
	if err != nil {
		fmt.Println("python:", err)
		return 1
	}
	cIn := make([]string, len(py))
	for i, l := range py {
		h, ok := strings.CutPrefix(l, "ok ")
		if !ok {
			fmt.Printf("value %d (%s): python: %s\n", i, msgs[i].typ, l)
			return 1
		}
		cIn[i] = msgs[i].typ + " " + h
	}
	c, err := pipe(cIn, cDriver)
	if err != nil {
		fmt.Println("c:", err)
		return 1
	}
	opts := cmp.Options{
		cmpopts.EquateEmpty(),
		cmp.Comparer(func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }),
		cmp.Comparer(func(a, b float32) bool { return math.Float32bits(a) == math.Float32bits(b) }),
	}
	failures := 0
	for i, m := range msgs {
		fail := func(format string, args ...any) {
			failures++
			if failures <= 5 {
				fmt.Printf("value %d (%s, seed %d): %s\n", i, m.typ, seed, fmt.Sprintf(format, args...))
			}
		}
		h, ok := strings.CutPrefix(c[i], "ok ")
		if !ok {
			fail("c: %s", c[i])
			continue
		}
		pyHex := strings.TrimPrefix(py[i], "ok ")
		if pyHex != hex.EncodeToString(want[i]) {
			fail("python re-encoded\n%s\nGo encoded\n%x", pyHex, want[i])
		}
		if h != pyHex {
			fail("c re-encoded\n%s\npython encoded\n%s", h, pyHex)
		}
		b, _ := hex.DecodeString(h)
		got, err := m.decode(b)
		if err != nil {
			fail("go decode: %v", err)
			continue
		}
		wantV := m.value
		if diff := cmp.Diff(wantV, deref(got), opts); diff != "" {
			fail("(-want +got):\n%s", diff)
		}
	}
	fmt.Printf("%d values (seed %d) through Go → Python → C → Go: %d failures\n", len(msgs), seed, failures)
	if failures > 0 {
		return 1
	}
	return 0
}

func deref(v any) any {
	switch x := v.(type) {
	case *Everything:
		return *x
	case *Node:
		return *x
	}
	return v
}

// pipe runs a driver, feeds it one line per value and returns its answer
// lines ("ok <hex>" or "err <code> <offset>").
func pipe(lines []string, name string, args ...string) ([]string, error) {
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		w := bufio.NewWriter(in)
		for _, l := range lines {
			io.WriteString(w, l+"\n")
		}
		w.Flush()
		in.Close()
	}()
	var got []string
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		got = append(got, sc.Text())
	}
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(got) != len(lines) {
		return nil, fmt.Errorf("%s answered %d lines for %d", name, len(got), len(lines))
	}
	return got, nil
}

func (x Everything) MarshalBinaryMust() []byte { return x.AppendWire(nil) }
func (x Node) MarshalBinaryMust() []byte       { return x.AppendWire(nil) }

// gen makes random values that every language can hold exactly.
type gen struct{ r *rand.Rand }

func (g *gen) n(max int) int { return g.r.IntN(max + 1) }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// u64 favours small values and the edges, where varints change length.
func (g *gen) u64() uint64 {
	switch g.r.IntN(6) {
	case 0:
		return 0
	case 1:
		return uint64(g.r.IntN(200))
	case 2:
		return math.MaxUint64 - uint64(g.r.IntN(3))
	case 3:
		return 1 << uint(g.r.IntN(64))
	}
	return g.r.Uint64() >> uint(g.r.IntN(64))
}

func (g *gen) i64() int64 {
	switch g.r.IntN(6) {
	case 0:
		return 0
	case 1:
		return int64(g.r.IntN(400)) - 200
	case 2:
		return math.MinInt64 + int64(g.r.IntN(2))
	case 3:
		return math.MaxInt64 - int64(g.r.IntN(2))
	}
	return int64(g.r.Uint64()) >> uint(g.r.IntN(64))
}

func (g *gen) f64() float64 {
	switch g.r.IntN(8) {
	case 0:
		return 0
	case 1:
		return math.Copysign(0, -1)
	case 2:
		return math.Inf(1 - 2*g.r.IntN(2))
	case 3:
		return math.Float64frombits(0x7ff8000000000000)
	case 4:
		return math.SmallestNonzeroFloat64
	}
	return g.r.NormFloat64() * math.Pow(10, float64(g.r.IntN(40)-20))
}

func (g *gen) f32() float32 {
	switch g.r.IntN(6) {
	case 0:
		return 0
	case 1:
		return float32(math.Copysign(0, -1))
	case 2:
		return float32(math.Inf(1 - 2*g.r.IntN(2)))
	case 3:
		return math.Float32frombits(0x7fc00000)
	}
	return float32(g.r.NormFloat64() * 1000)
}

var runes = []rune("aZ09 _-é中€😀\u0000\u007f\u0080\u07ff\u0800\uffff\U00010000\U0010ffff")

func (g *gen) str() string {
	if g.chance(0.2) {
		return ""
	}
	var b strings.Builder
	for i := g.n(12); i >= 0; i-- {
		b.WriteRune(runes[g.r.IntN(len(runes))])
	}
	return b.String()
}

func (g *gen) bytes() []byte {
	n := g.n(10)
	if n == 0 {
		return nil
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.r.IntN(256))
	}
	return b
}

func (g *gen) color() Color {
	cs := []Color{ColorRed, ColorGreen, ColorBlue, ColorNegative, 7, math.MinInt32, math.MaxInt32}
	return cs[g.r.IntN(len(cs))]
}

func (g *gen) scalars() Scalars {
	if g.chance(0.1) {
		return Scalars{}
	}
	return Scalars{
		B: g.chance(0.5), I8v: int8(g.i64()), I16v: int16(g.i64()), I32v: int32(g.i64()), I64v: g.i64(),
		U8v: uint8(g.u64()), U16v: uint16(g.u64()), U32v: uint32(g.u64()), U64v: g.u64(),
		F32v: g.f32(), F64v: g.f64(), S: g.str(), Raw: g.bytes(), Color: g.color(),
	}
}

func (g *gen) inner() Inner { return Inner{ID: uint32(g.u64()), Name: g.str()} }

func (g *gen) choice() Choice {
	switch g.r.IntN(7) {
	case 0:
		return nil
	case 1:
		return ChoiceNum{g.i64()}
	case 2:
		return ChoiceText{g.str()}
	case 3:
		return ChoiceInner{g.inner()}
	case 4:
		return ChoiceMaybe{nil}
	case 5:
		v := uint32(g.u64())
		return ChoiceMaybe{&v}
	}
	return ChoiceFlag{g.chance(0.5)}
}

func (g *gen) everything() Everything {
	var e Everything
	e.Scalars = g.scalars()
	if g.chance(0.8) {
		e.Inner = g.inner()
	}
	e.Choice = g.choice()
	if g.chance(0.5) {
		v := uint32(g.u64())
		e.OptU32 = &v
	}
	if g.chance(0.5) {
		v := g.inner()
		e.OptInner = &v
	}
	if g.chance(0.5) {
		e.OptChoice = g.choice()
	}
	for i := g.n(4); i > 0; i-- {
		e.Ints = append(e.Ints, int32(g.i64()))
		e.Doubles = append(e.Doubles, g.f64())
	}
	for i := g.n(4); i > 0; i-- {
		e.Names = append(e.Names, g.str())
	}
	for i := g.n(3); i > 0; i-- {
		e.Inners = append(e.Inners, g.inner())
	}
	for i := g.n(3); i > 0; i-- {
		var l []uint8
		for j := g.n(4); j > 0; j-- {
			l = append(l, uint8(g.u64()))
		}
		e.Nested = append(e.Nested, l)
	}
	for i := g.n(4); i > 0; i-- {
		if e.ByName == nil {
			e.ByName = map[string]Inner{}
		}
		e.ByName[g.str()] = g.inner()
	}
	for i := g.n(4); i > 0; i-- {
		if e.ByID == nil {
			e.ByID = map[int64]string{}
		}
		e.ByID[g.i64()] = g.str()
	}
	for i := g.n(2); i > 0; i-- {
		if e.Flags == nil {
			e.Flags = map[bool]uint8{}
		}
		e.Flags[g.chance(0.5)] = uint8(g.u64())
	}
	for i := g.n(3); i > 0; i-- {
		if e.Colors == nil {
			e.Colors = map[Color][]Color{}
		}
		var l []Color
		for j := g.n(3); j > 0; j-- {
			l = append(l, g.color())
		}
		e.Colors[g.color()] = l
	}
	for i := g.n(4); i > 0; i-- {
		if g.chance(0.3) {
			e.OptList = append(e.OptList, nil)
		} else {
			v := int16(g.i64())
			e.OptList = append(e.OptList, &v)
		}
	}
	for i := g.n(3); i > 0; i-- {
		if e.OptMap == nil {
			e.OptMap = map[uint16]*string{}
		}
		if g.chance(0.3) {
			e.OptMap[uint16(g.u64())] = nil
		} else {
			s := g.str()
			e.OptMap[uint16(g.u64())] = &s
		}
	}
	for i := g.n(3); i > 0; i-- {
		e.Choices = append(e.Choices, g.choice())
	}
	for i := g.n(3); i > 0; i-- {
		e.Blobs = append(e.Blobs, g.bytes())
	}
	if g.chance(0.5) {
		e.Far = uint32(g.u64())
	}
	return e
}

func (g *gen) node(depth int) Node {
	n := Node{Value: int32(g.i64())}
	if depth < 4 {
		for i := g.n(3 - depth%3); i > 0; i-- {
			n.Children = append(n.Children, g.node(depth+1))
		}
		if g.chance(0.3) {
			next := g.node(depth + 1)
			n.Next = &next
		}
	}
	return n
}
