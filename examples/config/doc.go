// Package config is a project whose bindings bindgen.yaml names: the Go
// codec of api/note.idl in the Go package note, the Python codec in the
// Python package py/notes. go generate and CI run bindgen without flags,
// so both use the config; --clean removes what an older config or IDL
// generated and the current one no longer does.
package config

//go:generate go run github.com/bindgen-dev/bindgen/cmd/bindgen gen --clean
