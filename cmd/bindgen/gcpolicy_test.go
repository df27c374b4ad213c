package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestStartingHeap(t *testing.T) {
	files := func(m map[string]string) func(string) string {
		return func(p string) string { return m[p] }
	}
	for _, c := range []struct {
		name  string
		files map[string]string
		want  int64
	}{
		{"nothing readable", nil, maxStartingHeap},
		{"a large machine", map[string]string{"/proc/meminfo": "MemTotal:       24683784 kB\nMemFree: 1 kB\n"}, maxStartingHeap},
		{"a small machine", map[string]string{"/proc/meminfo": "MemTotal:    2000000 kB\n"}, 2000000 * 1024 / 4},
		{"a container without a limit", map[string]string{"/sys/fs/cgroup/memory.max": "max\n"}, maxStartingHeap},
		{"a container of 1 GiB", map[string]string{"/sys/fs/cgroup/memory.max": "1073741824\n", "/proc/meminfo": "MemTotal: 24683784 kB\n"}, 1 << 28},
		{"a systemd slice of 2 GiB (cgroup v2)", map[string]string{
			"/proc/self/cgroup": "0::/user.slice/build.scope\n",
			"/sys/fs/cgroup/user.slice/build.scope/memory.max": "2147483648\n",
		}, 1 << 29},
		{"a container of 512 MiB (cgroup v1)", map[string]string{
			"/proc/self/cgroup": "5:devices:/\n4:memory:/docker/abc\n0::/\n",
			"/sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes": "536870912\n",
			"/sys/fs/cgroup/memory/memory.limit_in_bytes":            "9223372036854771712\n",
		}, 1 << 27},
		{"cgroup v1 with memory among other controllers", map[string]string{
			"/proc/self/cgroup": "4:cpu,memory:/ci\n",
			"/sys/fs/cgroup/memory/ci/memory.limit_in_bytes": "2147483648\n",
		}, 1 << 29},
		{"garbage", map[string]string{"/sys/fs/cgroup/memory.max": "-5\n", "/proc/meminfo": "MemTotal: lots kB\n"}, maxStartingHeap},
	} {
		if got := startingHeap(files(c.files)); got != c.want {
			t.Errorf("%s: startingHeap = %d, want %d", c.name, got, c.want)
		}
	}
}

// TestFirstCollectionRestoresGC checks that the collector is off until
// the first collection and proportional after it, with no memory limit.
func TestFirstCollectionRestoresGC(t *testing.T) {
	oldPercent := debug.SetGCPercent(100)
	oldLimit := debug.SetMemoryLimit(-1)
	defer func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}()
	adjustStartingHeap(1 << 30)
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Fatalf("GC percent before the first collection = %d, want -1 (off)", p)
	}
	if l := debug.SetMemoryLimit(-1); l != 1<<30 {
		t.Fatalf("memory limit before the first collection = %d, want 1 GiB", l)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		if p == gcPercent {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("GC percent after collections = %d, want %d", p, gcPercent)
		}
	}
	if l := debug.SetMemoryLimit(-1); l <= 1<<40 {
		t.Errorf("memory limit after the first collection = %d, want none", l)
	}
}
