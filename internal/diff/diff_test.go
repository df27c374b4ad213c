package diff

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

func TestUnifiedExample(t *testing.T) {
	old := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n"
	new := "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n"
	want := `--- old
+++ new
@@ -1,5 +1,5 @@
 a
-b
+B
 c
 d
 e
@@ -9,3 +9,4 @@
 i
 j
 k
+l
`
	if got := Unified("old", "new", []byte(old), []byte(new)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestUnifiedMissingFileAndNoNewline(t *testing.T) {
	got := Unified("/dev/null", "b/x", nil, []byte("x\ny\n"))
	want := "--- /dev/null\n+++ b/x\n@@ -0,0 +1,2 @@\n+x\n+y\n"
	if got != want {
		t.Errorf("got %q", got)
	}
	got = Unified("a", "b", []byte("x"), []byte("x\n"))
	want = "--- a\n+++ b\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n"
	if got != want {
		t.Errorf("got %q", got)
	}
	if Unified("a", "b", []byte("same"), []byte("same")) != "" {
		t.Error("equal texts gave a diff")
	}
}

// apply applies a unified diff produced by Unified to old.
func apply(t *testing.T, old, patch string) string {
	t.Helper()
	a := splitLines(old)
	pl := strings.SplitAfter(patch, "\n")[2:]
	var out []string
	next := 0 // next unconsumed line of a
	for i := 0; i < len(pl) && pl[i] != ""; {
		h := pl[i]
		var as, bs string
		fmt.Sscanf(h, "@@ -%s +%s @@", &as, &bs)
		start, _ := strconv.Atoi(strings.Split(as, ",")[0])
		if !strings.Contains(as, ",") || !strings.HasSuffix(as, ",0") {
			start--
		}
		out = append(out, a[next:start]...)
		next = start
		i++
		for i < len(pl) && pl[i] != "" && !strings.HasPrefix(pl[i], "@@") {
			l := pl[i]
			line := l[1:]
			if i+1 < len(pl) && strings.HasPrefix(pl[i+1], "\\ No newline") {
				line = strings.TrimSuffix(line, "\n")
				i++
			}
			switch l[0] {
			case ' ':
				if a[next] != line {
					t.Fatalf("context mismatch at %d: %q vs %q", next, a[next], line)
				}
				out = append(out, line)
				next++
			case '-':
				if a[next] != line {
					t.Fatalf("deletion mismatch at %d", next)
				}
				next++
			case '+':
				out = append(out, line)
			}
			i++
		}
	}
	out = append(out, a[next:]...)
	return strings.Join(out, "")
}

func TestUnifiedRandomRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	gen := func() string {
		var b strings.Builder
		n := r.Intn(40)
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "%c\n", 'a'+r.Intn(4))
		}
		if r.Intn(5) == 0 {
			b.WriteString("tail")
		}
		return b.String()
	}
	for i := 0; i < 2000; i++ {
		old, new := gen(), gen()
		d := Unified("a", "b", []byte(old), []byte(new))
		if (d == "") != (old == new) {
			t.Fatalf("empty diff mismatch for %q %q", old, new)
		}
		if d == "" {
			continue
		}
		if got := apply(t, old, d); got != new {
			t.Fatalf("applying\n%s\nto %q gave %q, want %q", d, old, got, new)
		}
	}
}

// TestUnifiedLargeChange checks that a diff too large for a minimal edit
// script is still correct.
func TestUnifiedLargeChange(t *testing.T) {
	saved := maxEdits
	t.Cleanup(func() { maxEdits = saved })
	maxEdits = 5
	r := rand.New(rand.NewSource(2))
	for i := 0; i < 500; i++ {
		var a, b strings.Builder
		for j := 0; j < 30; j++ {
			fmt.Fprintf(&a, "%d\n", r.Intn(3))
			fmt.Fprintf(&b, "%d\n", r.Intn(3))
		}
		d := Unified("a", "b", []byte(a.String()), []byte(b.String()))
		if a.String() != b.String() {
			if got := apply(t, a.String(), d); got != b.String() {
				t.Fatalf("got %q want %q", got, b.String())
			}
		}
	}
}

func BenchmarkUnifiedBigFile(b *testing.B) {
	var old, new strings.Builder
	for i := 0; i < 200000; i++ {
		fmt.Fprintf(&old, "line %d\n", i)
		fmt.Fprintf(&new, "line %d\n", i+i%7)
	}
	for i := 0; i < b.N; i++ {
		Unified("a", "b", []byte(old.String()), []byte(new.String()))
	}
}
