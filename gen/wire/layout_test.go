package genwire

import (
	"fmt"
	"math/bits"
	"os"
	"strings"
	"testing"

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

// TestGoRuntimeDefaults: the Go runtime text spells the decoder limits
// literally; they must be the Default* constants that the Python and C
// codecs print.
func TestGoRuntimeDefaults(t *testing.T) {
	for _, want := range []string{
		fmt.Sprintf("maxDepth: %d, maxCount: 1 << %d}", DefaultMaxDepth, bits.Len(DefaultMaxCount)-1),
		fmt.Sprintf("maxSize := %d << 20", DefaultMaxSize>>20),
	} {
		if !strings.Contains(goRuntime, want) {
			t.Errorf("goRuntime lacks %q", want)
		}
	}
	if DefaultMaxCount&(DefaultMaxCount-1) != 0 || DefaultMaxSize&(1<<20-1) != 0 {
		t.Fatal("the defaults no longer have the shapes goRuntime spells")
	}
}
