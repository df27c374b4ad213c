package genwire

import (
	"github.com/bindgen-dev/bindgen/gen"
	"github.com/bindgen-dev/bindgen/idl"
)

// GenerateFromPlan renders pkg's codecs from a plan a test may have
// changed (TestPlanRules): the hook exists only in tests.
func GenerateFromPlan(pkg *idl.Package, opts Options, l *Layout) ([]gen.File, error) {
	return generate(pkg, opts, l)
}
