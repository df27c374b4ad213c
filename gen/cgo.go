package gen

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// CFilesWithoutCgo returns, sorted, every directory where files puts a C
// source file beside the Go files of a package that does not use cgo: no
// Go file there, among files or already on disk, imports "C". The go tool
// refuses to build such a package ("C source files not allowed when not
// using cgo or SWIG"). A file in files replaces the one on disk at its
// path; test files are not the package's, and a Go file that does not
// parse imports nothing.
func CFilesWithoutCgo(files []File) []string {
	type pkgDir struct{ c, goFiles, cgo bool }
	dirs := map[string]*pkgDir{}
	planned := map[string]bool{}
	at := func(path string) *pkgDir {
		d := filepath.Dir(filepath.Clean(path))
		if dirs[d] == nil {
			dirs[d] = &pkgDir{}
		}
		return dirs[d]
	}
	for _, f := range files {
		planned[filepath.Clean(f.Path)] = true
		d := at(f.Path)
		switch {
		case isCSource(f.Path):
			d.c = true
		case isGoSource(f.Path):
			d.goFiles = true
			d.cgo = d.cgo || importsC(f.Path, f.Content)
		}
	}
	var bad []string
	for dir, d := range dirs {
		if !d.c {
			continue
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			if e.IsDir() || planned[p] || !isGoSource(p) {
				continue
			}
			d.goFiles = true
			if src, err := os.ReadFile(p); err == nil {
				d.cgo = d.cgo || importsC(p, src)
			}
		}
		if d.goFiles && !d.cgo {
			bad = append(bad, dir)
		}
	}
	sort.Strings(bad)
	return bad
}

func isCSource(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".c", ".cc", ".cpp", ".cxx":
		return true
	}
	return false
}

func isGoSource(path string) bool {
	return strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go")
}

func importsC(path string, src []byte) bool {
	f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.ImportsOnly)
	if err != nil {
		return false
	}
	for _, imp := range f.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil && p == "C" {
			return true
		}
	}
	return false
}
