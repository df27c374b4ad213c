package parser

// SetChunkMin sets the size from which Parse splits a file, in tokens to
// parse and in declarations to lower, and returns a function that
// restores both.
func SetChunkMin(n int) (restore func()) {
	old, oldLower := chunkMin, lowerMin
	chunkMin, lowerMin = n, n
	return func() { chunkMin, lowerMin = old, oldLower }
}

// ParsedInPieces reports whether Parse would parse src in pieces (rather
// than falling back to one whole parse), at the current chunkMin.
func ParsedInPieces(filename string, src []byte) bool {
	sig, _, errs := significant(filename, src)
	return errs == nil && parseChunked(sig) != nil
}
