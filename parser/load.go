package parser

import (
	"errors"
	"io/fs"
	"os"

	"github.com/bindgen-dev/bindgen/idl"
)

// Source is one IDL file's name and content.
type Source struct {
	Name string
	Src  []byte
}

// Load parses and checks one IDL file held in memory.
func Load(name string, src []byte) (*idl.Package, idl.ErrorList) {
	return LoadSources([]Source{{Name: name, Src: src}})
}

// LoadSources parses every source, then checks them as one package. Parse
// errors of every file are reported together; checking runs only when
// every file parsed.
func LoadSources(srcs []Source) (*idl.Package, idl.ErrorList) {
	var errs idl.ErrorList
	var files []*idl.File
	syntaxOK := true
	for _, s := range srcs {
		f, e := Parse(s.Name, s.Src)
		errs = append(errs, e...)
		if f == nil {
			syntaxOK = false
			continue
		}
		files = append(files, f)
	}
	if !syntaxOK {
		errs.Sort()
		return nil, errs
	}
	// Files that parsed are checked even when a value in them was wrong,
	// so that one run reports every error.
	pkg, cerrs := idl.Check(files...)
	errs = append(errs, cerrs...)
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return pkg, nil
}

// LoadFiles reads, parses and checks IDL files from disk. It also returns
// their contents by name, for idl.Format to print source lines.
func LoadFiles(paths ...string) (*idl.Package, map[string][]byte, idl.ErrorList) {
	sources := map[string][]byte{}
	var srcs []Source
	var errs idl.ErrorList
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			msg := err.Error()
			var pe *fs.PathError
			if errors.As(err, &pe) {
				msg = "cannot read: " + pe.Err.Error()
			}
			errs = append(errs, &idl.Error{Pos: idl.Pos{File: p}, Msg: msg})
			continue
		}
		sources[p] = b
		srcs = append(srcs, Source{Name: p, Src: b})
	}
	if len(errs) > 0 {
		return nil, sources, errs
	}
	pkg, errs := LoadSources(srcs)
	return pkg, sources, errs
}
