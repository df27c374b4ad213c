package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/internal/golden"
)

// TestBreakingCommand runs `bindgen breaking` over the evolution pairs: the
// five safe ones exit 0 and print nothing; the broken one exits 1 and
// prints every finding (golden file).
func TestBreakingCommand(t *testing.T) {
	const dir = "../../testdata/evolution/"
	for _, name := range []string{"added_field", "added_case", "added_member", "removed_field", "empty_struct"} {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Run([]string{"breaking", "--against", dir + name + "/v1.idl", dir + name + "/v2.idl"}, nil, &out, &errOut)
			if code != 0 || out.Len() > 0 || errOut.Len() > 0 {
				t.Errorf("exit %d, stdout %q, stderr %q; want 0 and nothing", code, out.String(), errOut.String())
			}
		})
	}
	t.Run("breaking", func(t *testing.T) {
		var out, errOut bytes.Buffer
		code := Run([]string{"breaking", "--against", dir + "breaking/v1.idl", dir + "breaking/v2.idl"}, nil, &out, &errOut)
		if code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		golden.Check(t, dir+"breaking/want.txt", out.Bytes())
		if got, want := errOut.String(), "bindgen: 7 breaking changes\n"; got != want {
			t.Errorf("stderr %q, want %q", got, want)
		}
	})
	t.Run("reverse", func(t *testing.T) {
		// v1 against v2: the removals become additions, the type and value
		// changes stay breaking.
		var out, errOut bytes.Buffer
		code := Run([]string{"breaking", "--against", dir + "breaking/v2.idl", dir + "breaking/v1.idl"}, nil, &out, &errOut)
		if code != 1 || !strings.Contains(out.String(), `changed type from i64 to u64`) {
			t.Errorf("exit %d, stdout:\n%s", code, out.String())
		}
	})
	t.Run("rpc_added", func(t *testing.T) {
		// Functions, constructors and methods evolved as docs/rpc.md allows.
		var out, errOut bytes.Buffer
		code := Run([]string{"breaking", "--against", dir + "rpc_added/v1.idl", dir + "rpc_added/v2.idl"}, nil, &out, &errOut)
		if code != 0 || out.Len() > 0 || errOut.Len() > 0 {
			t.Errorf("exit %d, stdout %q, stderr %q; want 0 and nothing", code, out.String(), errOut.String())
		}
	})
	t.Run("rpc_breaking", func(t *testing.T) {
		// A removed function, method and object, a retyped and an inserted
		// parameter, and changed error sets (golden file).
		var out, errOut bytes.Buffer
		code := Run([]string{"breaking", "--against", dir + "rpc_breaking/v1.idl", dir + "rpc_breaking/v2.idl"}, nil, &out, &errOut)
		if code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		golden.Check(t, dir+"rpc_breaking/want.txt", out.Bytes())
		if got, want := errOut.String(), "bindgen: 7 breaking changes\n"; got != want {
			t.Errorf("stderr %q, want %q", got, want)
		}
	})
	t.Run("usage", func(t *testing.T) {
		var out, errOut bytes.Buffer
		code := Run([]string{"breaking", dir + "breaking/v2.idl"}, nil, &out, &errOut)
		if code != 2 || !strings.Contains(errOut.String(), "--against OLD.idl is required") {
			t.Errorf("exit %d, stderr %q; want 2 and a usage message", code, errOut.String())
		}
	})
	t.Run("bad input", func(t *testing.T) {
		var out, errOut bytes.Buffer
		code := Run([]string{"breaking", "--against", dir + "breaking/v1.idl", dir + "missing.idl"}, nil, &out, &errOut)
		if code != 1 || !strings.Contains(errOut.String(), "missing.idl") {
			t.Errorf("exit %d, stderr %q; want 1 and the missing file", code, errOut.String())
		}
	})
}
