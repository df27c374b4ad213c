package pkgcache

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/bindgen-dev/bindgen/idl"
)

// TestGetOncePerPackage: callers asking at once get one computation per
// package, and another package gets its own.
func TestGetOncePerPackage(t *testing.T) {
	var c Cache[string]
	var calls atomic.Int32
	a, b := &idl.Package{Name: "a"}, &idl.Package{Name: "b"}
	var wg sync.WaitGroup
	got := make([]string, 16)
	for i := range got {
		pkg := a
		if i%2 == 1 {
			pkg = b
		}
		wg.Go(func() {
			got[i] = c.Get(pkg, func() string { calls.Add(1); return pkg.Name })
		})
	}
	wg.Wait()
	for i, g := range got {
		want := "a"
		if i%2 == 1 {
			want = "b"
		}
		if g != want {
			t.Errorf("Get #%d = %q, want %q", i, g, want)
		}
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("compute ran %d times, want 2 (once per package)", n)
	}
}
