package parser

// SetChunkMin sets the size from which Parse splits a file, and returns a
// function that restores it.
func SetChunkMin(n int) (restore func()) {
	old := chunkMin
	chunkMin = n
	return func() { chunkMin = old }
}
