package config

import (
	"strings"
	"testing"

	"github.com/bindgen-dev/bindgen/idl"
)

// FuzzConfig checks that no input crashes the parser, that every error has
// a position inside the file, and that a config that parses names an IDL
// file in every entry.
func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		"generate:\n  - idl: a.idl\n    lang: [c, go]\n    go-out: x\n",
		"generate:\n- idl: [a.idl, 'b.idl']\n  python-relative: true\n",
		"generate:\n  -\n    idl: \"a\\n.idl\" # c\n",
		"a: [\n", "- - - x\n", "k: 'it''s'\n  x\n", "\t-\n", "---\n%YAML\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		cfg, errs := Parse("f.yaml", []byte(src), schema)
		if (cfg == nil) == (errs == nil) {
			t.Fatalf("config %v with errors %v", cfg, errs)
		}
		lines := strings.Count(src, "\n") + 1
		for _, e := range errs {
			if e.Pos.File != "f.yaml" || e.Pos.Line < 1 || e.Pos.Line > lines || e.Pos.Col < 1 {
				t.Fatalf("error at a bad position: %v", e)
			}
		}
		_ = idl.Format(errs, map[string][]byte{"f.yaml": []byte(src)})
		if cfg != nil {
			for _, e := range cfg.Entries {
				if len(e.IDL) == 0 {
					t.Fatalf("entry without IDL files: %+v", e)
				}
			}
		}
	})
}
