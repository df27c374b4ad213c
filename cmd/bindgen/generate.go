package main

import (
	"errors"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/bindgen-dev/bindgen/gen"
	genrpc "github.com/bindgen-dev/bindgen/gen/rpc"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/diff"
	"github.com/bindgen-dev/bindgen/parser"
)

// genFlags are the flags gen and check share, so that check verifies
// exactly what the same gen command line would write.
type genFlags struct {
	langs     []string
	out       string
	dirs      map[string]*string // per-language output directory
	goPackage string
	// pythonRelative: the Python modules live inside a package.
	pythonRelative bool
	grpcImport     string
	// config is --config: without IDL files, the config to use instead
	// of the nearest bindgen.yaml.
	config string
	// clean is gen's --clean: remove the files bindgen generated earlier
	// and no longer would.
	clean bool
}

func (f *genFlags) register(c *cobra.Command) {
	fs := c.Flags()
	names := backendNames()
	fs.StringSliceVarP(&f.langs, "lang", "l", defaultBackends(),
		"languages to generate, comma separated: "+strings.Join(names, ", "))
	fs.StringVarP(&f.out, "out", "o", ".", "output directory for every language without its own --<lang>-out")
	f.dirs = map[string]*string{}
	for _, b := range backends {
		def := "--out"
		for i := len(b.dirs) - 1; i >= 0; i-- {
			def = "--" + b.dirs[i] + "-out, else " + def
		}
		if b.alias != nil {
			def = "each codec where its language goes"
		}
		f.dirs[b.name] = fs.String(b.name+"-out", "", "output directory for "+b.name+" (default "+def+"): "+b.help)
	}
	fs.StringVar(&f.goPackage, "go-package", "", "Go package name (default: the IDL package name)")
	fs.BoolVar(&f.pythonRelative, "python-relative", false,
		"the Python modules live inside a package: type checkers read their imports of each other as relative")
	fs.StringVar(&f.grpcImport, "grpc-go-import", "", "import path of the generated Go package, for the gRPC package that imports it (with --lang=grpc)")
	fs.StringVar(&f.config, "config", "", "without IDL files: the config to use (default: bindgen.yaml in this directory or the nearest parent that has one)")
	c.MarkFlagFilename("config", "yaml", "yml")
	c.RegisterFlagCompletionFunc("lang", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return names, cobra.ShellCompDirectiveNoFileComp
	})
	for _, b := range backends {
		c.MarkFlagDirname(b.name + "-out")
	}
	c.MarkFlagDirname("out")
	c.ValidArgsFunction = completeIDL
	c.Args = f.args
}

// args accepts IDL files, or none for the config; --config and --clean
// only go with the config.
func (f *genFlags) args(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if f.config != "" {
		return usage(c, "--config with IDL files: the config names the IDL files; give one or the other")
	}
	if f.clean {
		return usage(c, "--clean needs the config (no IDL files): only the config names every generated file of the project, so only with it does bindgen know which files it no longer writes")
	}
	return nil
}

// dir is the output directory of lang: its own --<lang>-out, else that
// of the first language it follows (backend.dirs) that has one, else --out.
func (f *genFlags) dir(lang string) string {
	names := []string{lang}
	if b := lookupBackend(lang); b != nil {
		names = append(names, b.dirs...)
	}
	for _, n := range names {
		if d := f.dirs[n]; d != nil && *d != "" {
			return *d
		}
	}
	return f.out
}

// plan runs every requested generator and returns the files to write,
// with their final paths. It writes nothing.
func (a *app) plan(c *cobra.Command, f *genFlags, paths []string) ([]gen.File, error) {
	want := map[string]bool{}
	for _, l := range f.langs {
		l = strings.ToLower(strings.TrimSpace(l))
		b := lookupBackend(l)
		if b == nil {
			return nil, usage(c, "unknown language %q for --lang (known: %s)", l, strings.Join(backendNames(), ", "))
		}
		if b.alias != nil {
			for _, a := range b.alias {
				want[a] = true
			}
			continue
		}
		want[l] = true
	}
	if len(want) == 0 {
		return nil, usage(c, "--lang is empty")
	}
	if f.goPackage != "" && !token.IsIdentifier(f.goPackage) {
		return nil, usage(c, "--go-package %q is not a Go package name", f.goPackage)
	}
	if want["grpc"] && !want["rpc"] {
		return nil, usage(c, "--lang=grpc needs rpc in the same run (--lang=rpc,grpc): the gRPC files use the RPC files")
	}
	if want["grpc"] && f.grpcImport == "" {
		return nil, usage(c, "--lang=grpc needs --grpc-go-import, the import path of the generated Go package")
	}
	pkg, err := a.load(paths...)
	if err != nil {
		return nil, err
	}
	// RPC messages are structs of the package: with rpc, every backend
	// renders the package that holds them.
	var plan *genrpc.Plan
	if want["rpc"] {
		if plan, err = genrpc.NewPlan(pkg); err != nil {
			return nil, exit(1, "%v", err)
		}
		pkg = genrpc.Augment(pkg, plan)
	}
	// Backends are independent and only read the model: run them at once.
	m := &memo{}
	var sel []backend
	for _, b := range backends {
		if want[b.name] {
			sel = append(sel, b)
		}
	}
	// Every name the requested files declare, checked across languages
	// and files before any backend runs: a name two files declare would
	// not build.
	// The check reads only the model, so it runs beside the backends; their
	// output is dropped when it fails.
	var nameErrs idl.ErrorList
	checked := make(chan struct{})
	go func() {
		defer close(checked)
		nameErrs = gen.CheckNames(a.names(f, sel, pkg, plan))
	}()
	sets := make([][]gen.File, len(sel))
	errs := make([]error, len(sel))
	// diags holds a backend's diagnostics of the IDL (a name that backend
	// cannot spell), printed like the checker's, with source lines.
	diags := make([]idl.ErrorList, len(sel))
	var wg sync.WaitGroup
	for i, b := range sel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				// A panic is a bug in a backend; report it like an error,
				// with the stack, instead of killing the other backends.
				if r := recover(); r != nil {
					errs[i] = exit(1, "internal error in the %s generator (please report it): %v\n%s", b.name, r, debug.Stack())
				}
			}()
			dir := f.dir(b.name)
			opts := genOptions{goPackage: f.goPackage, cHeader: headerPath(dir, f.dir("c"), pkg.Name), pythonRelative: f.pythonRelative, memo: m, rpc: plan, grpcImport: f.grpcImport}
			files, err := opts.run(b.name, b.generate, pkg)
			if errors.As(err, &diags[i]) {
				errs[i] = exit(1, "")
				return
			}
			if err != nil {
				errs[i] = exit(1, "%s generator: %v", b.name, err)
				return
			}
			sets[i] = gen.Join(dir, files)
		}()
	}
	wg.Wait()
	<-checked
	if len(nameErrs) > 0 {
		_, sources, _ := parser.LoadFiles(paths...)
		io.WriteString(a.stderr, idl.Format(nameErrs, sources))
		if len(nameErrs) == 1 {
			return nil, exit(1, "")
		}
		return nil, exit(1, "%d errors", len(nameErrs))
	}
	var all idl.ErrorList
	for _, d := range diags {
		all = append(all, d...)
	}
	if len(all) > 0 {
		_, sources, _ := parser.LoadFiles(paths...)
		all.Sort()
		io.WriteString(a.stderr, idl.Format(all, sources))
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	files, err := gen.Merge(sets...)
	if err != nil {
		return nil, exit(1, "%v", err)
	}
	if err := cFilesNeedCgo(files); err != nil {
		return nil, err
	}
	return files, nil
}

// names lists every name the files of the selected backends declare,
// each file's names once: a file two backends write (the Go types of go
// and go-wire) is the same file, and listing it twice would make every
// one of its names look repeated to the check.
func (a *app) names(f *genFlags, sel []backend, pkg *idl.Package, plan *genrpc.Plan) []gen.Name {
	memoNames := nameMemo{}
	lists := make([][]gen.Name, len(sel))
	total := 0
	for i, b := range sel {
		if b.names != nil {
			opts := genOptions{goPackage: f.goPackage, pythonRelative: f.pythonRelative, rpc: plan, names: memoNames}
			lists[i] = b.names(pkg, opts)
			total += len(lists[i])
		}
	}
	// A large package has hundreds of thousands of names: they are copied
	// once, here, each joined to its backend's directory on the way.
	names := make([]gen.Name, 0, total)
	listed := map[string]bool{}
	for i, list := range lists {
		dir := f.dir(sel[i].name)
		joined := map[string]string{} // a backend writes a few files
		mine := map[string]bool{}
		for _, n := range list {
			file, ok := joined[n.File]
			if !ok {
				file = filepath.Join(dir, n.File)
				joined[n.File] = file
			}
			if !listed[file] {
				mine[file] = true
				n.File = file
				names = append(names, n)
			}
		}
		for file := range mine {
			listed[file] = true
		}
	}
	return names
}

// cFilesNeedCgo refuses a plan that puts a C file into a Go package that
// does not use cgo: the go tool then refuses to build the package ("C
// source files not allowed when not using cgo or SWIG"). A package uses
// cgo when one of its Go files, generated in this run or already on disk,
// imports "C".
func cFilesNeedCgo(files []gen.File) error {
	var bad []string
	for _, dir := range gen.CFilesWithoutCgo(files) {
		bad = append(bad, "\t"+dir)
	}
	if bad == nil {
		return nil
	}
	return exit(1, "refusing to write C files into a Go package that does not use cgo (go build would fail):\n%s\n"+
		"put the C codec elsewhere with --c-wire-out or --c-out, or choose the codecs with --lang=go-wire,python-wire,c-wire",
		strings.Join(bad, "\n"))
}

// headerPath is how a file in dir includes the C header <pkg>.h written to
// cdir: a bare name when they share a directory, else a relative path.
func headerPath(dir, cdir, pkg string) string {
	rel, err := filepath.Rel(dir, cdir)
	if err != nil || rel == "." {
		return pkg + ".h"
	}
	return filepath.ToSlash(filepath.Join(rel, pkg+".h"))
}

func newGenCmd(a *app) *cobra.Command {
	f := &genFlags{}
	c := &cobra.Command{
		Use:   "gen [flags] [FILE.idl...]",
		Short: "Generate bindings and codecs from IDL files",
		Long: `gen checks the IDL files (all files form one package) and writes the
generated files. Languages:

  c       <pkg>.h: C ABI header (types, functions, CALC_IMPLEMENTATION helpers)
  go      <pkg>.go (pure Go types) and <pkg>_cgo.go (cgo wrapper over the header)
  python  <pkg>.py: stdlib-only module with ctypes bindings
  wire    the three binary codecs: go-wire, python-wire and c-wire
  go-wire       <pkg>_wire.go and the Go types <pkg>.go (no cgo)
  python-wire   <pkg>_wire.py and the module <pkg>.py
  c-wire        <pkg>_wire.h, <pkg>_wire.c and the header <pkg>.h
  goimpl  <pkg>_impl.go, <pkg>_export.go, <pkg>_export.c: the header implemented
          in Go (an Impl interface, Register, cgo exports), for
          go build -buildmode=c-shared or c-archive; not in the default --lang

Every language goes to --out unless its own --<lang>-out is given; a codec
without its own flag goes to --wire-out, else where its language goes
(--go-out, --python-out, --c-out). A C file never goes into a Go package
that does not use cgo. --python-relative: the Python modules live inside
a package (type checkers then read their imports of each other as
relative; at run time they work in both layouts). Nothing is written when
there is any error; each file is written atomically; a file that exists but
was not generated by bindgen is never overwritten.

Without IDL files, gen does what bindgen.yaml says (the one in this
directory or the nearest parent, or --config FILE): every entry is one gen
command, the flags that shape the output are refused, and --clean also
removes the files bindgen generated earlier in the config's output
directories and no longer would (docs/cli.md).`,
		Example: `  # everything into the current directory
  bindgen gen calc.idl

  # C header into include/, Go into the calc package, Python next to the app
  bindgen gen --lang=c,go,python --c-out=include --go-out=calc --python-out=py calc.idl

  # from a go:generate line, with bindgen pinned in go.mod (go get -tool)
  //go:generate go tool bindgen gen --lang=c,go calc.idl

  # a library written in Go behind calc.h, called from C and Python
  bindgen gen --lang=c,goimpl,python --out calc calc.idl

  # only the Go codec, into a Go package without cgo
  bindgen gen --lang=go-wire --go-out=calc calc.idl

  # only the Python codec, inside the Python package mypkg
  bindgen gen --lang=python-wire --python-out=mypkg --python-relative calc.idl

  # everything bindgen.yaml names, and remove what it no longer names
  bindgen gen --clean`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return a.genProject(c, f)
			}
			files, err := a.plan(c, f, args)
			if err != nil {
				return err
			}
			if err := gen.Write(files); err != nil {
				return exit(1, "%v", err)
			}
			return nil
		},
	}
	f.register(c)
	c.Flags().BoolVar(&f.clean, "clean", false, "with the config: also remove the files bindgen generated earlier in its output directories and no longer would")
	return c
}

// genProject is gen with the config: every entry written, and with
// --clean the files no entry writes any more removed.
func (a *app) genProject(c *cobra.Command, f *genFlags) error {
	p, err := a.loadProject(c, f)
	if err != nil {
		return err
	}
	if err := gen.Write(p.files); err != nil {
		return exit(1, "%v", err)
	}
	if len(p.orphans) == 0 {
		return nil
	}
	if f.clean {
		if err := removeOrphans(p.orphans); err != nil {
			return exit(1, "%v", err)
		}
		return nil
	}
	fmt.Fprintf(a.stderr, "bindgen: note: bindgen generated these files earlier and no longer would:\n\t%s\nto remove them, run:\n\t%s\n",
		strings.Join(p.orphans, "\n\t"), a.fixCommand(c, f, nil, true))
	return nil
}

func newCheckCmd(a *app) *cobra.Command {
	f := &genFlags{}
	c := &cobra.Command{
		Use:   "check [flags] [FILE.idl...]",
		Short: "Verify that generated files are up to date (for CI)",
		Long: `check generates in memory exactly what gen would write with the same
flags and compares it with the files on disk. It exits 0 when everything is
current and 1 when any file is missing or stale, printing a unified diff
(from the file on disk to what gen would write) and the command that fixes it.

Without IDL files, check verifies what bindgen.yaml names (as gen does),
and also fails on files that bindgen generated earlier in the config's
output directories and no longer would; gen --clean removes them.`,
		Example: `  bindgen check --lang=c,go,python calc.idl

  # a CI step
  go tool bindgen check --lang=go,c --go-out=calc api/calc.idl

  # what bindgen.yaml names
  go tool bindgen check`,
		RunE: func(c *cobra.Command, args []string) error {
			var files []gen.File
			var orphans []string
			if len(args) == 0 {
				p, err := a.loadProject(c, f)
				if err != nil {
					return err
				}
				files, orphans = p.files, p.orphans
			} else {
				var err error
				if files, err = a.plan(c, f, args); err != nil {
					return err
				}
			}
			stale, err := gen.Compare(files)
			if err != nil {
				return exit(1, "%v", err)
			}
			if len(stale) == 0 && len(orphans) == 0 {
				return nil
			}
			for _, s := range stale {
				// git's a/ and b/ prefixes, so that `git apply` takes the
				// diff from the repository root.
				old, new := diffNames(s.Path)
				if s.Missing {
					old = "/dev/null"
				}
				io.WriteString(a.stdout, diff.Unified(old, new, s.Old, s.New))
			}
			var names []string
			for _, s := range stale {
				state := "stale"
				if s.Missing {
					state = "missing"
				}
				names = append(names, fmt.Sprintf("\t%s (%s)", s.Path, state))
			}
			for _, o := range orphans {
				content, err := os.ReadFile(o)
				if err != nil {
					return exit(1, "%v", err)
				}
				old, _ := diffNames(o)
				io.WriteString(a.stdout, diff.Unified(old, "/dev/null", content, nil))
				names = append(names, fmt.Sprintf("\t%s (no longer generated)", o))
			}
			return exit(1, "generated files are out of date:\n%s\nto update them, run:\n\t%s",
				strings.Join(names, "\n"), a.fixCommand(c, f, args, len(orphans) > 0))
		},
	}
	f.register(c)
	return c
}

// diffNames are the names of path in a diff header: with git's a/ and b/
// prefixes for a relative path, so that `git apply` takes the diff from
// the repository root.
func diffNames(path string) (old, new string) {
	old, new = filepath.ToSlash(path), filepath.ToSlash(path)
	if !filepath.IsAbs(path) {
		old, new = "a/"+old, "b/"+new
	}
	return old, new
}

// fixCommand spells the gen command line that brings check's files up to
// date, as the user invoked bindgen: with the IDL files, the same flags
// the user gave check; with the config, --config if it was given and
// --clean when files are no longer generated.
func (a *app) fixCommand(c *cobra.Command, f *genFlags, args []string, clean bool) string {
	parts := []string{a.prog, "gen"}
	if len(args) == 0 {
		if f.config != "" {
			parts = append(parts, "--config="+shellQuote(f.config))
		}
		if clean {
			parts = append(parts, "--clean")
		}
		return strings.Join(parts, " ")
	}
	c.Flags().Visit(func(fl *pflag.Flag) {
		v := fl.Value.String()
		if fl.Name == "lang" {
			v = strings.Join(f.langs, ",")
		}
		parts = append(parts, "--"+fl.Name+"="+shellQuote(v))
	})
	for _, a := range args {
		parts = append(parts, shellQuote(a))
	}
	return strings.Join(parts, " ")
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

func shellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
