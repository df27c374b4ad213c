package synth

// Every test package links the shared -update flag, so that
// `go test ./... -update` does not fail here with an unknown flag.
import _ "github.com/bindgen-dev/bindgen/internal/golden"
