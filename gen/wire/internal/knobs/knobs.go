// Package knobs holds settings of the wire generators that only tests
// change.
package knobs

// GoGeneric, when set, makes the Go codec call its generic container
// helpers for every list, map and optional of scalars, whatever that does
// to the file's size (by default each file takes the smaller form): the
// conformance tests run the shared vectors through both forms.
var GoGeneric bool
