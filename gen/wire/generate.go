package genwire

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/pkgcache"
)

// Options configures Generate.
type Options struct {
	// GoPackage is the Go package name of <pkg>_wire.go; it must be the
	// package of gengo's <pkg>.go. The IDL package name when empty.
	GoPackage string
	// PythonRelative makes type checkers read <pkg>_wire.py's import of
	// <pkg>.py as relative (from .<pkg> import ...), for modules inside a
	// package; at run time the import works in both layouts either way.
	PythonRelative bool
	// GoUses holds the Go source of other generated files of the Go
	// package that call the codec's unexported runtime (the RPC's): the
	// runtime keeps what they use, as it keeps what the codec uses.
	GoUses [][]byte
}

// Generate renders the wire codecs of pkg: <pkg>_wire.go and
// <pkg>_wire.py (and the C codec), all from one Layout.
//
// The three renderers only read the Layout, so they run concurrently.
func Generate(pkg *idl.Package, opts Options) ([]gen.File, error) {
	if errs := idl.RefuseCallbacks(pkg, "wire", "a callback is code in the caller's process, which no encoded message can carry"); errs != nil {
		return nil, errs
	}
	if pkg.Extern != nil {
		// An extern package declares only functions of an existing C
		// library: it has no types to encode.
		return nil, nil
	}
	return generate(pkg, opts, layoutOf(pkg))
}

// layoutOf is NewLayout(pkg), computed once while pkg lives: Generate and
// Names, which the CLI runs at once, read the same plan. Nothing writes
// a Layout after NewLayout; a test that changes a rule builds its own.
func layoutOf(pkg *idl.Package) *Layout {
	return layouts.Get(pkg, func() *Layout { return NewLayout(pkg) })
}

var layouts pkgcache.Cache[*Layout]

// generate renders the codecs of pkg from the plan l. Tests call it with a
// plan whose rules they changed, to show that every codec follows it.
func generate(pkg *idl.Package, opts Options, l *Layout) ([]gen.File, error) {
	checkPlan(l)
	var (
		goFile, pyFile gen.File
		cFiles         []gen.File
		goErr, cErr    error
		wg             sync.WaitGroup
	)
	// A renderer's panic is a bug; it is raised again on the caller's
	// goroutine, where bindgen reports internal errors.
	panics := make([]any, 2)
	spawn := func(i int, f func()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					panics[i] = fmt.Sprintf("%v\n%s", r, debug.Stack())
				}
			}()
			f()
		}()
	}
	spawn(0, func() { pyFile = renderPython(l, pkg, opts.PythonRelative) })
	spawn(1, func() { cFiles, cErr = renderC(l, pkg) })
	goFile, goErr = renderGo(l, pkg, opts.GoPackage, opts.GoUses)
	wg.Wait()
	for _, p := range panics {
		if p != nil {
			panic(p)
		}
	}
	if err := errors.Join(goErr, cErr); err != nil {
		return nil, err
	}
	return append([]gen.File{goFile, pyFile}, cFiles...), nil
}

// GoSources returns the content of the Go files among files, for
// Options.GoUses.
func GoSources(files []gen.File) [][]byte {
	var out [][]byte
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".go") {
			out = append(out, f.Content)
		}
	}
	return out
}
