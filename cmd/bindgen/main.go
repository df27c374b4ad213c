// Command bindgen turns an IDL file into C, Go and Python bindings and a
// binary wire codec. This package is wiring only: flags → parser →
// idl.Check → generators → gen.Write. Run is the whole program, so tests
// call it directly.
package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
)

// maxStartingHeap is the most the heap may grow to before the first
// collection; gcPercent is the collector's setting after it.
const (
	maxStartingHeap = 1 << 30
	gcPercent       = 400
)

func main() {
	// GOGC or GOMEMLIMIT in the environment still wins.
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		adjustStartingHeap(startingHeap(readFile))
	}
	os.Exit(RunAs(invocation(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// adjustStartingHeap lets the heap grow to limit bytes before the
// collector first runs, then collects every time the heap grows by
// gcPercent. bindgen is a short-lived batch process whose model stays
// live to the end: most runs end before any collection, and a large one
// (10,000 declarations, about 750 MB allocated) spent a fifth of its CPU
// on four collections of a growing heap (marking, and the write barrier
// on while they ran). The collector's memory limit is the trigger; a
// finalizer, which runs after the first collection, restores
// proportional collection, so that a heap larger than limit is not
// collected continuously. cmd/compile adjusts its starting heap the same
// way, and esbuild turns its collector off.
func adjustStartingHeap(limit int64) {
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(limit)
	// Not a tiny allocation: those may share a block with live objects
	// and never be finalized.
	sentinel := &struct {
		p   *int
		pad [32]byte
	}{}
	runtime.SetFinalizer(sentinel, func(any) {
		debug.SetGCPercent(gcPercent)
		debug.SetMemoryLimit(math.MaxInt64)
	})
}

// startingHeap is maxStartingHeap, or a quarter of the memory the
// process may use when that is smaller: its cgroup's limit (a container,
// a systemd slice; cgroup v2 or v1) or the machine's memory, where the
// system says (Linux).
func startingHeap(read func(string) string) int64 {
	limit := int64(maxStartingHeap)
	for _, path := range cgroupLimitFiles(read("/proc/self/cgroup")) {
		if n, err := strconv.ParseInt(strings.TrimSpace(read(path)), 10, 64); err == nil && n > 0 {
			limit = min(limit, n/4)
		}
	}
	for line := range strings.Lines(read("/proc/meminfo")) {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "MemTotal:" && f[2] == "kB" {
			if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil && kb > 0 {
				limit = min(limit, kb*1024/4)
			}
		}
	}
	return limit
}

// cgroupLimitFiles lists the files that may hold the memory limit of the
// cgroup that /proc/self/cgroup names: the v2 memory.max and the v1
// memory.limit_in_bytes, of the process's own group and of the root as a
// container sees it. A file that does not exist reads as no limit.
func cgroupLimitFiles(self string) []string {
	files := []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}
	for line := range strings.Lines(self) {
		f := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(f) != 3 || f[2] == "/" || !strings.HasPrefix(f[2], "/") {
			continue
		}
		if f[0] == "0" && f[1] == "" {
			files = append(files, "/sys/fs/cgroup"+f[2]+"/memory.max")
		}
		for c := range strings.SplitSeq(f[1], ",") {
			if c == "memory" {
				files = append(files, "/sys/fs/cgroup/memory"+f[2]+"/memory.limit_in_bytes")
			}
		}
	}
	return files
}

// readFile is a file's content, or "" when it cannot be read.
func readFile(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}
