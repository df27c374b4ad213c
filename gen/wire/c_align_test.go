package genwire

import (
	"strings"
	"testing"
)

// TestCRuntimeContinuationsAligned: after a package prefix longer or
// shorter than the template's calc_ replaces it, the backslashes of each
// macro definition of the C runtime stand in one column again, right of
// the definition's longest line.
func TestCRuntimeContinuationsAligned(t *testing.T) {
	for _, pre := range []string{"calc_", "p_", "a_rather_long_package_name_"} {
		out := alignContinuations(strings.ReplaceAll(cRuntime+"\n"+cMapRuntime, "calc_", pre))
		lines := strings.Split(out, "\n")
		runs := 0
		for i := 0; i < len(lines); {
			if !strings.HasSuffix(lines[i], "\\") {
				i++
				continue
			}
			runs++
			col := len(lines[i]) - 1
			for ; i < len(lines) && strings.HasSuffix(lines[i], "\\"); i++ {
				if at := len(lines[i]) - 1; at != col {
					t.Fatalf("prefix %s, line %d: backslash at column %d, the run's first is at %d:\n%s", pre, i+1, at, col, lines[i])
				}
				if text := lines[i][:col]; !strings.HasSuffix(text, " ") {
					t.Fatalf("prefix %s, line %d: no space before the backslash:\n%s", pre, i+1, lines[i])
				}
			}
		}
		if runs == 0 {
			t.Fatalf("prefix %s: no macro continued over lines in the runtime", pre)
		}
	}
}
