package main

import (
	"errors"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/config"
)

// project is what gen and check do for a bindgen.yaml: every entry
// planned, and the files bindgen wrote earlier that no entry writes now.
type project struct {
	files []gen.File
	// orphans are generated files in the output directories that no
	// entry produces any more, sorted.
	orphans []string
}

// shapingFlags are the flags that decide what gen writes; with a config,
// the config decides them.
func shapingFlags(c *cobra.Command) []string {
	var names []string
	for _, n := range []string{"lang", "out", "go-package", "python-relative", "grpc-go-import"} {
		if c.Flags().Changed(n) {
			names = append(names, "--"+n)
		}
	}
	for _, b := range backends {
		if c.Flags().Changed(b.name + "-out") {
			names = append(names, "--"+b.name+"-out")
		}
	}
	return names
}

// configPath is the config gen and check use without IDL files: --config,
// else the nearest bindgen.yaml from the working directory up.
func configPath(c *cobra.Command, f *genFlags) (string, error) {
	if f.config != "" {
		return f.config, nil
	}
	p, err := config.Find(".")
	var nf *config.NotFoundError
	if errors.As(err, &nf) {
		return "", usage(c, "no IDL files given, and %s (see docs/cli.md)", nf)
	}
	if err != nil {
		return "", exit(1, "%v", err)
	}
	return p, nil
}

// loadProject plans every entry of the config for gen or check. It
// writes nothing.
func (a *app) loadProject(c *cobra.Command, f *genFlags) (*project, error) {
	path, err := configPath(c, f)
	if err != nil {
		return nil, err
	}
	if bad := shapingFlags(c); len(bad) > 0 {
		return nil, usage(c, "%s cannot be combined with the config %s: gen and check take every setting from it, so that they agree; edit it, or give IDL files to use flags alone",
			strings.Join(bad, ", "), path)
	}
	cfg, src, err := config.Load(path, config.Schema{Langs: backendNames()})
	var errs idl.ErrorList
	if errors.As(err, &errs) {
		return nil, a.report(errs, src)
	}
	if err != nil {
		return nil, exit(1, "%v", err)
	}
	// Every entry's mistakes first, all of them, before any IDL is read.
	flags := make([]*genFlags, len(cfg.Entries))
	for i, e := range cfg.Entries {
		var ee idl.ErrorList
		flags[i], ee = entryFlags(e)
		errs = append(errs, ee...)
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, a.report(errs, src)
	}
	var sets [][]gen.File
	dirs := map[string]bool{}
	for i, e := range cfg.Entries {
		ef := flags[i]
		files, err := a.plan(c, ef, e.IDL)
		if err != nil {
			return nil, err
		}
		sets = append(sets, files)
		for _, l := range expandLangs(ef.langs) {
			dirs[filepath.Clean(ef.dir(l))] = true
		}
		for _, file := range files {
			dirs[filepath.Dir(file.Path)] = true
		}
	}
	files, err := gen.Merge(sets...)
	if err != nil {
		return nil, exit(1, "%v", err)
	}
	orphans, err := findOrphans(dirs, files)
	if err != nil {
		return nil, exit(1, "%v", err)
	}
	// Each entry passed alone; together they may still put a C file into
	// a Go package without cgo. A stale cgo wrapper does not count: gen
	// --clean removes it. The stand-in (no content) still counts as a Go
	// file of the package, which errs on the side of refusing.
	withGone := slices.Clone(files)
	for _, o := range orphans {
		if strings.HasSuffix(o, ".go") {
			withGone = append(withGone, gen.File{Path: o})
		}
	}
	if err := cFilesNeedCgo(withGone); err != nil {
		return nil, err
	}
	return &project{files: files, orphans: orphans}, nil
}

// report prints diagnostics of the config and returns the error that
// exits with status 1.
func (a *app) report(errs idl.ErrorList, src []byte) error {
	sources := map[string][]byte{}
	if len(errs) > 0 {
		sources[errs[0].Pos.File] = src
	}
	io.WriteString(a.stderr, idl.Format(errs, sources))
	if len(errs) == 1 {
		return exit(1, "")
	}
	return exit(1, "%d errors", len(errs))
}

// entryFlags turns an entry of the config into the flags of the gen
// command it stands for, and checks what the flags' usage errors would
// (at the config's positions).
func entryFlags(e config.Entry) (*genFlags, idl.ErrorList) {
	f := &genFlags{langs: e.Lang, out: e.Out, dirs: map[string]*string{}, goPackage: e.GoPackage,
		pythonRelative: e.PythonRelative, grpcImport: e.GRPCGoImport}
	if f.langs == nil {
		f.langs = defaultBackends()
	}
	for l, d := range e.Dirs {
		f.dirs[l] = &d
	}
	var errs idl.ErrorList
	if f.goPackage != "" && !token.IsIdentifier(f.goPackage) {
		errs.Add(e.KeyPos["go-package"], "go-package %q is not a Go package name", f.goPackage)
	}
	want := expandLangs(f.langs)
	if slices.Contains(want, "grpc") {
		if !slices.Contains(want, "rpc") {
			errs.AddHint(e.KeyPos["lang"], "add rpc to lang", "grpc needs rpc in the same entry: the gRPC files use the RPC files")
		}
		if f.grpcImport == "" {
			errs.AddHint(e.KeyPos["lang"], "grpc-go-import: the import path of the generated Go package", "grpc needs grpc-go-import")
		}
	}
	return f, errs
}

// expandLangs returns the backends langs names, aliases expanded.
func expandLangs(langs []string) []string {
	var out []string
	for _, l := range langs {
		if b := lookupBackend(l); b != nil && b.alias != nil {
			out = append(out, b.alias...)
			continue
		}
		out = append(out, l)
	}
	return out
}

// findOrphans returns the regular files directly in dirs that carry the
// generated-code marker but are not among files: what bindgen wrote
// earlier and would not write now. A directory that does not exist has
// none.
func findOrphans(dirs map[string]bool, files []gen.File) ([]string, error) {
	planned := map[string]bool{}
	for _, f := range files {
		planned[filepath.Clean(f.Path)] = true
	}
	var orphans []string
	for dir := range dirs {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, de := range entries {
			// Dot files are the writer's temporary files and editors'.
			if !de.Type().IsRegular() || strings.HasPrefix(de.Name(), ".") {
				continue
			}
			p := filepath.Join(dir, de.Name())
			if planned[p] {
				continue
			}
			if ok, err := generatedFile(p); err != nil {
				return nil, err
			} else if ok {
				orphans = append(orphans, p)
			}
		}
	}
	sort.Strings(orphans)
	return orphans, nil
}

// generatedFile reports whether the file at p carries the marker.
func generatedFile(p string) (bool, error) {
	fh, err := os.Open(p)
	if errors.Is(err, fs.ErrPermission) {
		// What bindgen cannot read it did not write, as far as it knows.
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer fh.Close()
	// The marker is on one of the first ten lines; 64 KiB holds them
	// unless a line is absurdly long.
	head := make([]byte, 64<<10)
	n, err := io.ReadFull(fh, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false, err
	}
	return gen.IsGenerated(head[:n]), nil
}

// removeOrphans deletes the orphans, each checked again just before: a
// file that lost its marker since it was found stays.
func removeOrphans(orphans []string) error {
	var errs []error
	for _, p := range orphans {
		ok, err := generatedFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if ok {
			if err := os.Remove(p); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}
