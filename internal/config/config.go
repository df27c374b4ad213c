// Package config reads bindgen.yaml, the one file that names every
// binding of a project for gen and check alike (docs/cli.md). It parses
// a small documented subset of YAML itself, so the main module needs no
// YAML library, and reports every error at its position, as IDL errors
// are reported.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bindgen-dev/bindgen/idl"
)

// FileName is the name Find looks for.
const FileName = "bindgen.yaml"

// Config is a checked bindgen.yaml.
type Config struct {
	// File is the path the config was read from; Dir is its directory,
	// against which every path of the config is resolved.
	File, Dir string
	Entries   []Entry
}

// Entry is one element of generate: one gen command.
type Entry struct {
	Pos idl.Pos
	// IDL are the IDL files, resolved against the config's directory.
	IDL []string
	// Lang is the languages; nil when not given (the default of --lang).
	Lang []string
	// Out is the output directory of every language without its own;
	// the config's directory when not given.
	Out string
	// Dirs maps a language to the directory of its <lang>-out key.
	Dirs           map[string]string
	GoPackage      string
	PythonRelative bool
	GRPCGoImport   string
	// KeyPos is the position of each key's value, for errors found
	// after parsing.
	KeyPos map[string]idl.Pos
}

// Schema is what the config may name: the known languages, each of which
// has a <lang>-out key.
type Schema struct {
	Langs []string
}

// NotFoundError reports that no directory from Dir up holds FileName.
type NotFoundError struct{ Dir string }

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no %s in %s or any parent directory", FileName, e.Dir)
}

// Find returns the path of FileName in dir or its nearest parent that has
// one. A relative dir gives a path relative to it ("bindgen.yaml",
// "../bindgen.yaml"), so that printed paths stay short.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	rel := ""
	for d := abs; ; {
		p := filepath.Join(d, FileName)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			if filepath.IsAbs(dir) {
				return p, nil
			}
			return filepath.Join(dir, rel, FileName), nil
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", &NotFoundError{Dir: abs}
		}
		d, rel = parent, filepath.Join(rel, "..")
	}
}

// Load reads and checks the config at path. An error in the file is an
// idl.ErrorList; the returned source is the file's content, for
// idl.Format.
func Load(path string, s Schema) (*Config, []byte, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	cfg, errs := Parse(path, src, s)
	if len(errs) > 0 {
		return nil, src, errs
	}
	return cfg, src, nil
}

// Parse checks the config src read from file. Every error is returned,
// sorted by position.
func Parse(file string, src []byte, s Schema) (*Config, idl.ErrorList) {
	root, errs := parseYAML(file, src)
	d := &decoder{schema: s, errs: errs}
	cfg := &Config{File: file, Dir: filepath.Dir(file)}
	if root == nil {
		d.errs.AddHint(idl.Pos{File: file, Line: 1, Col: 1}, "list the IDL files under generate: (docs/cli.md)", "%s is empty", FileName)
	} else if len(d.errs) == 0 {
		d.top(cfg, root)
	}
	d.errs.Sort()
	if len(d.errs) > 0 {
		return nil, d.errs
	}
	return cfg, nil
}

type decoder struct {
	schema Schema
	errs   idl.ErrorList
}

var topKeys = []string{"generate"}

func (d *decoder) top(cfg *Config, root *node) {
	if root.kind != mapNode {
		d.errs.AddHint(root.pos, "start with generate:", "the config is a mapping")
		return
	}
	var gen *node
	for i, k := range root.keys {
		switch k.value {
		case "generate":
			gen = root.vals[i]
		default:
			d.unknown(k, topKeys)
		}
	}
	if gen == nil {
		d.errs.AddHint(root.pos, "list the IDL files under generate: (docs/cli.md)", "no generate key")
		return
	}
	if gen.kind != listNode || len(gen.items) == 0 {
		d.errs.AddHint(gen.pos, "- idl: api.idl, one item per gen command", "generate is a list of entries")
		return
	}
	for _, it := range gen.items {
		if e, ok := d.entry(cfg.Dir, it); ok {
			cfg.Entries = append(cfg.Entries, e)
		}
	}
}

// entryKeys are the keys of an entry besides <lang>-out.
var entryKeys = []string{"idl", "lang", "out", "go-package", "python-relative", "grpc-go-import"}

func (d *decoder) keys() []string {
	keys := slices.Clone(entryKeys)
	for _, l := range d.schema.Langs {
		keys = append(keys, l+"-out")
	}
	return keys
}

func (d *decoder) entry(dir string, n *node) (Entry, bool) {
	e := Entry{Pos: n.pos, Out: dir, Dirs: map[string]string{}, KeyPos: map[string]idl.Pos{}}
	if n.kind != mapNode {
		d.errs.AddHint(n.pos, "idl: api.idl, and the gen flags as keys", "an entry of generate is a mapping")
		return e, false
	}
	before := len(d.errs)
	for i, k := range n.keys {
		v := n.vals[i]
		e.KeyPos[k.value] = v.pos
		switch name := k.value; {
		case name == "idl":
			for _, p := range d.strings(k, v) {
				e.IDL = append(e.IDL, resolve(dir, p))
			}
			if len(e.IDL) == 0 && !v.null && v.kind == listNode {
				d.errs.Add(v.pos, "idl names no file")
			}
		case name == "lang":
			e.Lang = append([]string{}, d.langs(k, v)...)
		case name == "out":
			if p, ok := d.path(k, v); ok {
				e.Out = resolve(dir, p)
			}
		case name == "go-package":
			e.GoPackage, _ = d.str(k, v)
		case name == "grpc-go-import":
			e.GRPCGoImport, _ = d.str(k, v)
		case name == "python-relative":
			e.PythonRelative = d.bool(k, v)
		case strings.HasSuffix(name, "-out") && slices.Contains(d.schema.Langs, strings.TrimSuffix(name, "-out")):
			if p, ok := d.path(k, v); ok {
				e.Dirs[strings.TrimSuffix(name, "-out")] = resolve(dir, p)
			}
		default:
			d.unknown(k, d.keys())
		}
	}
	if _, ok := e.KeyPos["idl"]; !ok {
		d.errs.AddHint(n.pos, "idl: api.idl", "entry without idl")
	}
	return e, len(d.errs) == before
}

// resolve makes p, relative to the config, relative to where bindgen runs.
func resolve(dir, p string) string {
	p = filepath.FromSlash(p)
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

func (d *decoder) unknown(k *node, known []string) {
	if hint := nearest(k.value, known); hint != "" {
		d.errs.AddHint(k.pos, fmt.Sprintf("did you mean %q?", hint), "unknown key %q", k.value)
		return
	}
	d.errs.AddHint(k.pos, "known keys: "+strings.Join(known, ", "), "unknown key %q", k.value)
}

// str is a scalar value.
func (d *decoder) str(k, v *node) (string, bool) {
	if v.null {
		d.errs.Add(v.pos, "%s has no value", k.value)
		return "", false
	}
	if v.kind != scalarNode {
		d.errs.Add(v.pos, "%s is one value, not a list or mapping", k.value)
		return "", false
	}
	return v.value, true
}

func (d *decoder) path(k, v *node) (string, bool) {
	p, ok := d.str(k, v)
	if ok && p == "" {
		d.errs.Add(v.pos, "%s is an empty path", k.value)
		return "", false
	}
	return p, ok
}

// strings is a list of scalars, or one scalar.
func (d *decoder) strings(k, v *node) []string {
	var items []*node
	switch {
	case v.null:
		d.errs.Add(v.pos, "%s has no value", k.value)
		return nil
	case v.kind == scalarNode:
		items = []*node{v}
	case v.kind == listNode:
		items = v.items
	default:
		d.errs.Add(v.pos, "%s is a list or one value, not a mapping", k.value)
		return nil
	}
	var out []string
	for _, it := range items {
		if it.kind != scalarNode || it.null || it.value == "" {
			d.errs.Add(it.pos, "an item of %s is one non-empty value", k.value)
			continue
		}
		out = append(out, it.value)
	}
	return out
}

// langs is lang's value: a list, or one scalar that may hold several
// languages separated by commas, as --lang does.
func (d *decoder) langs(k, v *node) []string {
	before := len(d.errs)
	var out []string
	var items []*node
	switch {
	case v.kind == scalarNode && !v.null:
		items = []*node{v}
	case v.kind == listNode:
		items = v.items
	default:
		d.strings(k, v) // reports the error
		return nil
	}
	for _, it := range items {
		if it.kind != scalarNode || it.null {
			d.errs.Add(it.pos, "an item of %s is one value", k.value)
			continue
		}
		off := 0
		for _, l := range strings.Split(it.value, ",") {
			pos := it.pos
			if !it.quoted {
				pos.Col += off + len(l) - len(strings.TrimLeft(l, " "))
			}
			off += len(l) + 1
			l = strings.ToLower(strings.TrimSpace(l))
			if !slices.Contains(d.schema.Langs, l) {
				hint := "known: " + strings.Join(d.schema.Langs, ", ")
				if n := nearest(l, d.schema.Langs); n != "" {
					hint = fmt.Sprintf("did you mean %q?", n)
				}
				d.errs.AddHint(pos, hint, "unknown language %q", l)
				continue
			}
			out = append(out, l)
		}
	}
	if len(out) == 0 && len(d.errs) == before {
		d.errs.Add(v.pos, "lang names no language")
	}
	return out
}

func (d *decoder) bool(k, v *node) bool {
	s, ok := d.str(k, v)
	if !ok {
		return false
	}
	switch {
	case s == "true" && !v.quoted:
		return true
	case s == "false" && !v.quoted:
		return false
	}
	d.errs.AddHint(v.pos, "write true or false", "%s is a boolean, not %q", k.value, s)
	return false
}

// nearest returns the known word closest to s, or "" when none is close
// enough to be what was meant.
func nearest(s string, known []string) string {
	best, bestD := "", 0
	norm := func(w string) string { return strings.ToLower(strings.ReplaceAll(w, "_", "-")) }
	for _, k := range known {
		dist := editDistance(norm(s), norm(k))
		if norm(s) == norm(k) {
			dist = 0
		}
		if best == "" || dist < bestD {
			best, bestD = k, dist
		}
	}
	if best == "" || bestD > max(1, len(s)/3) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
