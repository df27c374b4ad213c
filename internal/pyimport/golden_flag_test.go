package pyimport

// Every test package registers the shared -update flag, so that
// 'go test ./... -update' runs in every package, not only those with
// golden files.
import _ "github.com/bindgen-dev/bindgen/internal/golden"
