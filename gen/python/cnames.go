package genpython

import (
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/cabi"
)

// Every C spelling comes from internal/cabi (docs/abi.md). mangle also
// names genpython's per-type helpers, since it is unique per type.

func mangle(t *idl.Type) string { return cabi.Mangle(t) }

func (g *generator) cFunc(f *idl.Func) string { return cabi.FuncName(g.pkg, f) }

func (g *generator) cCtor(c *idl.Ctor) string { return cabi.CtorName(g.pkg, c) }

func (g *generator) cDestroy(o *idl.Object) string { return cabi.DestroyName(g.pkg, o) }

// cRelease is the release function of an output of type t, or "" when a
// value of t owns no memory.
func (g *generator) cRelease(t *idl.Type) string { return cabi.ReleaseName(g.pkg, t) }
