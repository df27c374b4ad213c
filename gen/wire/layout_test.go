package genwire

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/parser"
)

func TestLayoutCalc(t *testing.T) {
	src, err := os.ReadFile("../../testdata/calc.idl")
	if err != nil {
		t.Fatal(err)
	}
	pkg, errs := parser.Load("calc.idl", src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got := NewLayout(pkg).String()
	for _, want := range []string{
		"@1 x key=09 I64 fixed64",
		"@3 fill key=18 VARINT optional<uvarint32> emit=if-present absent=none hot=varint",
		"@4 labels key=22 LEN map<string, string>",
		"@2 polygon key=12 LEN struct Polygon",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("layout lacks %q:\n%s", want, got)
		}
	}
}

// TestLimitsPrinted: every runtime spells the decoder limits the plan
// holds, and only those: a plan with other limits prints other numbers in
// all three.
func TestLimitsPrinted(t *testing.T) {
	pkg := loadCalc(t)
	for _, lim := range []Limits{DefaultLimits, {MaxSize: 12345, MaxDepth: 7, MaxCount: 99}} {
		l := NewLayout(pkg)
		l.Limits = lim
		files, err := generate(pkg, Options{}, l)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{
			"calc_wire.go": {
				fmt.Sprintf("d.maxDepth, d.maxCount = b, 1, %d, %d\n", lim.MaxDepth, lim.MaxCount),
				fmt.Sprintf("maxSize := %d\n", lim.MaxSize),
			},
			"calc_wire.py": {
				fmt.Sprintf("DEFAULT_MAX_SIZE = %d\n", lim.MaxSize),
				fmt.Sprintf("DEFAULT_MAX_DEPTH = %d\n", lim.MaxDepth),
				fmt.Sprintf("DEFAULT_MAX_COUNT = %d\n", lim.MaxCount),
			},
			"calc_wire.h": {
				fmt.Sprintf("#define CALC_WIRE_DEFAULT_MAX_SIZE %d\n", lim.MaxSize),
				fmt.Sprintf("#define CALC_WIRE_DEFAULT_MAX_DEPTH %d\n", lim.MaxDepth),
				fmt.Sprintf("#define CALC_WIRE_DEFAULT_MAX_COUNT %d\n", lim.MaxCount),
			},
		}
		for _, f := range files {
			for _, w := range want[f.Path] {
				if !strings.Contains(string(f.Content), w) {
					t.Errorf("%v: %s lacks %q", lim, f.Path, w)
				}
			}
			delete(want, f.Path)
		}
		if len(want) > 0 {
			t.Errorf("files not generated: %v", want)
		}
	}
	if strings.Contains(goRuntime, "maxDepth: 1") || strings.Contains(goRuntime, "<< 20") {
		t.Error("goRuntime spells a limit literally")
	}
}

// TestLimitsDoc: the table of docs/wire.md, "Limits", lists the defaults
// the runtimes print.
func TestLimitsDoc(t *testing.T) {
	doc, err := os.ReadFile("../../docs/wire.md")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]int{"max size": DefaultMaxSize, "max depth": DefaultMaxDepth, "max count": DefaultMaxCount} {
		re := regexp.MustCompile(`(?m)^\| ` + name + ` \| ([^|]*) \|`)
		m := re.FindSubmatch(doc)
		if m == nil {
			t.Errorf("docs/wire.md has no %q row in its limits table", name)
			continue
		}
		// The default is spelled in decimal in the cell, whatever else
		// (64 MiB, 2^24) it says.
		if !regexp.MustCompile(`\b` + strconv.Itoa(want) + `\b`).Match(m[1]) {
			t.Errorf("docs/wire.md: %s is %q, the runtimes print %d", name, m[1], want)
		}
	}
}

func loadCalc(t *testing.T) *idl.Package {
	t.Helper()
	src, err := os.ReadFile("../../testdata/calc.idl")
	if err != nil {
		t.Fatal(err)
	}
	pkg, errs := parser.Load("calc.idl", src)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return pkg
}
