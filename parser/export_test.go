package parser

// SetChunkMin sets the size from which Parse splits a file, and returns a
// function that restores it.
func SetChunkMin(n int) (restore func()) {
	old := chunkMin
	chunkMin = n
	return func() { chunkMin = old }
}

// ParsedInPieces reports whether Parse would parse src in pieces (rather
// than falling back to one whole parse), at the current chunkMin.
func ParsedInPieces(filename string, src []byte) bool {
	sig, _, errs := significant(filename, src)
	return errs == nil && parseChunked(sig) != nil
}
