// Package gen is the contract between the backends and the CLI: a backend
// returns Files, and Write puts them on disk safely.
package gen

// File is one generated file: a path relative to the output directory and its content.
type File struct {
	Path    string
	Content []byte
}
