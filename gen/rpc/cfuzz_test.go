package genrpc_test

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	genrpc "github.com/bindgen-dev/bindgen/gen/rpc"
)

// cfuzzRuns is how many inputs TestCDispatcherFuzz runs, about 10 s on a
// two-core machine; BINDGEN_CFUZZ_RUNS=N runs N instead.
const cfuzzRuns = 100000

// TestCDispatcherFuzz fuzzes the C RPC dispatcher of
// testdata/conformance.idl with libFuzzer (clang -fsanitize=fuzzer),
// under ASan (leaks included) and UBSan, for a fixed number of inputs
// (testdata/cfuzz/fuzz.c says what it checks). The seeds are a call of
// every method with an empty request, and each object's constructor
// followed by a call of each of its methods on the handle made.
func TestCDispatcherFuzz(t *testing.T) {
	runs := cfuzzRuns
	if s := os.Getenv("BINDGEN_CFUZZ_RUNS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("BINDGEN_CFUZZ_RUNS=%q: %v", s, err)
		}
		runs = n
	}
	dir := t.TempDir()
	plan := generate(t, "../../testdata/conformance.idl", dir)
	copyFile(t, "../../testdata/c/conformance_impl.c", filepath.Join(dir, "conformance_impl.c"))
	copyFile(t, "testdata/cfuzz/fuzz.c", filepath.Join(dir, "fuzz.c"))
	san := []string{"-std=c99", "-g", "-O1", "-fsanitize=fuzzer,address,undefined", "-fno-sanitize-recover=all"}
	// The library's iota and make_tree under other names (fuzz.c).
	run(t, dir, nil, "clang", append(san, "-Dconformance_iota=impl_iota", "-Dconformance_make_tree=impl_make_tree", "-c", "-o", "impl.o", "conformance_impl.c")...)
	run(t, dir, nil, "clang", append(san, "-o", "fuzz", "fuzz.c", "conformance_rpc.c", "conformance_wire.c", "impl.o")...)

	corpus := filepath.Join(dir, "corpus")
	if err := os.Mkdir(corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	frame := func(id, method uint32, payload ...byte) []byte {
		b := binary.LittleEndian.AppendUint32(nil, uint32(9+len(payload)))
		b = append(b, 1) // CALL
		b = binary.LittleEndian.AppendUint32(b, id)
		b = binary.LittleEndian.AppendUint32(b, method)
		return append(b, payload...)
	}
	seeds := 0
	seed := func(b []byte) {
		seeds++
		if err := os.WriteFile(filepath.Join(corpus, fmt.Sprintf("seed%03d", seeds)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range plan.Methods {
		seed(frame(1, m.ID))
		if m.Kind != genrpc.KindCtor {
			continue
		}
		for _, o := range plan.Methods {
			if o.Object == m.Object && (o.Kind == genrpc.KindMethod || o.Kind == genrpc.KindDestroy) {
				seed(append(frame(1, m.ID), frame(2, o.ID, 0x08, 0x01)...)) // self: handle 1
			}
		}
	}
	out := run(t, dir, []string{"ASAN_OPTIONS=detect_leaks=1", "UBSAN_OPTIONS=print_stacktrace=1"},
		"./fuzz", "-runs="+strconv.Itoa(runs), "-max_len=4096", "-seed=1", corpus)
	if !regexp.MustCompile(`Done ` + strconv.Itoa(runs) + ` runs`).MatchString(out) {
		t.Fatalf("libFuzzer did not report %d runs:\n%s", runs, out)
	}
	t.Logf("%d seeds, %d runs: %s", seeds, runs, regexp.MustCompile(`(?m)^#\d+\s+DONE.*$`).FindString(out))
}
