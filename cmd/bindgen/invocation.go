package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
)

// invocation returns the command the user typed to run this program, up to
// its arguments ("go tool bindgen", "go run ./cmd/bindgen",
// "./bin/bindgen"), so that a hint can repeat it.
func invocation() string {
	var parent []string
	// On Linux the parent's command line says whether go tool or go run
	// started us, and how; elsewhere invokedAs guesses from argv[0].
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", os.Getppid())); err == nil {
		parent = strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
	}
	cache := os.Getenv("GOCACHE")
	if cache == "" {
		if d, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(d, "go-build")
		}
	}
	pkg := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		pkg = bi.Path
	}
	return invokedAs(os.Args, parent, cache, os.TempDir(), pkg)
}

// invokedAs is invocation's logic: argv is our command line, parent the
// parent's (nil when unknown), cache Go's build cache, tmp the temporary
// directory and pkg our package path.
func invokedAs(argv, parent []string, cache, tmp, pkg string) string {
	if len(argv) == 0 || argv[0] == "" {
		return "bindgen"
	}
	args := argv[1:]
	// go run PKG ARGS... and go tool NAME ARGS... run us with ARGS: what
	// comes before them in the parent's command line is the command.
	if n := len(parent) - len(args); n >= 3 && isGo(parent[0]) && (parent[1] == "run" || parent[1] == "tool") &&
		slices.Equal(parent[n:], args) {
		cmd := slices.Clone(parent[:n])
		// A go that switched toolchains (GOTOOLCHAIN) runs the new one by
		// its path in the module cache; the user typed go.
		if strings.Contains(filepath.ToSlash(cmd[0]), "/golang.org/toolchain@") {
			cmd[0] = "go"
		}
		return shellJoin(cmd)
	}
	name := strings.TrimSuffix(filepath.Base(argv[0]), ".exe")
	if cache != "" && within(argv[0], cache) {
		// go tool and go run PKG@VERSION keep the executable in the build
		// cache; go tool is what a project that pins bindgen runs.
		return "go tool " + shellQuote(name)
	}
	if within(argv[0], tmp) && strings.Contains(filepath.ToSlash(argv[0]), "/go-build") && pkg != "" && pkg != "command-line-arguments" {
		return "go run " + shellQuote(pkg)
	}
	return shellQuote(argv[0])
}

func isGo(p string) bool {
	b := filepath.Base(p)
	return b == "go" || b == "go.exe"
}

// within reports whether path p lies below dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && !strings.HasPrefix(rel, "..")
}

func shellJoin(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = shellQuote(w)
	}
	return strings.Join(q, " ")
}
