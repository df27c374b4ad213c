// Package prebuilt tests the two documents about shipping a library that
// is built once, outside the go and pip builds: docs/packaging.md (a
// Python wheel with libgeom.so beside the generated module) and
// docs/linking.md (the generated Go package linking a prebuilt libgeom.a
// or libgeom.so, by #cgo LDFLAGS with ${SRCDIR}, rpath, or pkg-config).
// The tests run the documents themselves: every file and command block
// they mark, in a fresh directory, with geom.idl and c/geom.c, the small
// library both use; the output each shows is the output checked.
package prebuilt
