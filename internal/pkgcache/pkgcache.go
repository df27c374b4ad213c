// Package pkgcache keeps one value computed from a checked package for as
// long as the package lives: the backends run at once and several of them
// need the same derived value (the ABI hash, the wire layout). A checked
// package does not change after idl.Check.
package pkgcache

import (
	"runtime"
	"sync"
	"weak"

	"github.com/bindgen-dev/bindgen/idl"
)

// Cache maps a package to its value. The zero Cache is ready to use.
type Cache[T any] struct {
	m sync.Map // weak.Pointer[idl.Package] → *entry[T]
}

type entry[T any] struct {
	once sync.Once
	v    T
}

// Get returns the value for pkg, calling compute once for it: callers
// that ask at once wait for the first instead of computing beside it.
func (c *Cache[T]) Get(pkg *idl.Package, compute func() T) T {
	k := weak.Make(pkg)
	v, loaded := c.m.Load(k)
	if !loaded {
		v, loaded = c.m.LoadOrStore(k, &entry[T]{})
		if !loaded {
			runtime.AddCleanup(pkg, func(k weak.Pointer[idl.Package]) { c.m.Delete(k) }, k)
		}
	}
	e := v.(*entry[T])
	e.once.Do(func() { e.v = compute() })
	return e.v
}
