package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bindgen-dev/bindgen/idl"
)

var schema = Schema{Langs: []string{"c", "go", "python", "wire", "go-wire", "grpc"}}

func TestParse(t *testing.T) {
	const src = `# the project's bindings
generate:
  - idl: api/calc.idl   # one file
    lang: [c, go, "python"]
    c-out: include
    go-out: calc
    python-out: 'py dir'
  -   idl:
        - a.idl
        - sub/b.idl
      lang: go-wire,c
      out: /abs/gen
      go-package: calcpb
      python-relative: true
      grpc-go-import: "example.com/x # not a comment"
  - idl: [x.idl]
    lang:
    - wire
`
	cfg, errs := Parse(filepath.Join("proj", "bindgen.yaml"), []byte(src), schema)
	if errs != nil {
		t.Fatalf("errors:\n%s", idl.Format(errs, map[string][]byte{"proj/bindgen.yaml": []byte(src)}))
	}
	for i := range cfg.Entries {
		cfg.Entries[i].Pos = idl.Pos{}
		cfg.Entries[i].KeyPos = nil
	}
	want := &Config{File: "proj/bindgen.yaml", Dir: "proj", Entries: []Entry{
		{IDL: []string{"proj/api/calc.idl"}, Lang: []string{"c", "go", "python"}, Out: "proj",
			Dirs: map[string]string{"c": "proj/include", "go": "proj/calc", "python": "proj/py dir"}},
		{IDL: []string{"proj/a.idl", "proj/sub/b.idl"}, Lang: []string{"go-wire", "c"}, Out: "/abs/gen", Dirs: map[string]string{},
			GoPackage: "calcpb", PythonRelative: true, GRPCGoImport: "example.com/x # not a comment"},
		{IDL: []string{"proj/x.idl"}, Lang: []string{"wire"}, Out: "proj", Dirs: map[string]string{}},
	}}
	if diff := cmp.Diff(want, cfg); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestParseErrors checks that everything outside the subset, and every
// mistake of the schema, is an error at its position, printed with the
// line and a caret like an IDL error.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"unknown key", "generate:\n  - idl: a.idl\n    go_out: calc\n",
			"bindgen.yaml:3:5: error: unknown key \"go_out\"\n        go_out: calc\n        ^\n    = help: did you mean \"go-out\"?\n"},
		{"unknown top key", "generat:\n  - idl: a.idl\n",
			"bindgen.yaml:1:1: error: no generate key\n    generat:\n    ^\n    = help: list the IDL files under generate: (docs/cli.md)\n" +
				"bindgen.yaml:1:1: error: unknown key \"generat\"\n    generat:\n    ^\n    = help: did you mean \"generate\"?\n"},
		{"unknown language", "generate:\n  - idl: a.idl\n    lang: c,pyhton\n",
			"bindgen.yaml:3:13: error: unknown language \"pyhton\"\n        lang: c,pyhton\n                ^\n    = help: did you mean \"python\"?\n"},
		{"tab", "generate:\n\t- idl: a.idl\n",
			"bindgen.yaml:2:1: error: tab in indentation\n        - idl: a.idl\n    ^\n    = help: indent with spaces\n"},
		{"anchor", "generate:\n  - idl: &x a.idl\n",
			"bindgen.yaml:2:10: error: anchors and aliases (&, *) are not supported\n      - idl: &x a.idl\n             ^\n    = help: repeat the value instead\n"},
		{"flow mapping", "generate:\n  - {idl: a.idl}\n",
			"bindgen.yaml:2:5: error: flow mappings {...} are not supported\n      - {idl: a.idl}\n        ^\n    = help: write the mapping as indented key: value lines\n"},
		{"block scalar", "generate:\n  - idl: |\n      a.idl\n",
			"bindgen.yaml:2:10: error: block scalars (|, >) are not supported\n      - idl: |\n             ^\n    = help: write the value on one line\n" +
				"bindgen.yaml:3:7: error: unexpected indentation\n          a.idl\n          ^\n    = help: line keys up with the other keys of their mapping; a value is one line\n"},
		{"duplicate", "generate:\n  - idl: a.idl\n    idl: b.idl\n",
			"bindgen.yaml:3:5: error: duplicate key \"idl\"\n        idl: b.idl\n        ^\n    = help: first given on line 2\n"},
		{"document", "---\ngenerate:\n  - idl: a.idl\n",
			"bindgen.yaml:1:1: error: document markers and directives (---, ..., %) are not supported\n    ---\n    ^\n    = help: bindgen.yaml is one document; remove the marker\n"},
		{"list for a path", "generate:\n  - idl: a.idl\n    out: [a, b]\n",
			"bindgen.yaml:3:10: error: out is one value, not a list or mapping\n        out: [a, b]\n             ^\n"},
		{"bool", "generate:\n  - idl: a.idl\n    python-relative: yes\n",
			"bindgen.yaml:3:22: error: python-relative is a boolean, not \"yes\"\n        python-relative: yes\n                         ^\n    = help: write true or false\n"},
		{"no idl", "generate:\n  - lang: c\n",
			"bindgen.yaml:2:5: error: entry without idl\n      - lang: c\n        ^\n    = help: idl: api.idl\n"},
		{"empty", "# nothing\n",
			"bindgen.yaml:1:1: error: bindgen.yaml is empty\n    # nothing\n    ^\n    = help: list the IDL files under generate: (docs/cli.md)\n"},
		{"unterminated quote", "generate:\n  - idl: \"a.idl\n",
			"bindgen.yaml:2:10: error: unterminated quoted scalar or unknown escape\n      - idl: \"a.idl\n             ^\n    = help: close the quote on the same line; the escapes are \\\\, \\\", \\n and \\t\n"},
		{"mapping on one line", "generate:\n  - idl: a: b\n",
			"bindgen.yaml:2:11: error: mapping inside a one-line value\n      - idl: a: b\n              ^\n    = help: a nested mapping goes on the lines after its key; quote the value if the colon belongs to it\n"},
		{"bad indentation", "generate:\n  - idl: a.idl\n   lang: c\n",
			"bindgen.yaml:3:4: error: unexpected indentation\n       lang: c\n       ^\n    = help: line keys up with the other keys of their mapping; a value is one line\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, errs := Parse("bindgen.yaml", []byte(tc.src), schema)
			if errs == nil {
				t.Fatalf("no error; got %+v", cfg)
			}
			got := idl.Format(errs, map[string][]byte{"bindgen.yaml": []byte(tc.src)})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseLayouts checks the spellings of one config that YAML allows
// and the subset keeps: a list lined up with its key, CRLF line ends, a
// byte order mark, an item on the line after its dash.
func TestParseLayouts(t *testing.T) {
	want := []Entry{{IDL: []string{"a.idl", "b c.idl"}, Lang: []string{"go", "c"}, Out: "out", Dirs: map[string]string{}}}
	for name, src := range map[string]string{
		"lined up":   "generate:\n- idl:\n  - a.idl\n  - \"b c.idl\"\n  lang: [go, c]\n  out: out\n",
		"crlf":       "generate:\r\n  - idl: [a.idl, 'b c.idl']\r\n    lang: go, c\r\n    out: out\r\n",
		"bom":        "\ufeffgenerate:\n  - idl: [a.idl, b c.idl]\n    lang:\n      - go\n      - c\n    out: out # here\n",
		"dash alone": "generate:\n  -\n    idl: [a.idl, \"b c.idl\"]\n    lang: [go, c]\n    out: out\n",
	} {
		cfg, errs := Parse(FileName, []byte(src), schema)
		if errs != nil {
			t.Errorf("%s: %v", name, errs)
			continue
		}
		for i := range cfg.Entries {
			cfg.Entries[i].Pos, cfg.Entries[i].KeyPos = idl.Pos{}, nil
		}
		if diff := cmp.Diff(want, cfg.Entries); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Find(deep); !errors.As(err, new(*NotFoundError)) {
		t.Fatalf("Find without a config: %v", err)
	}
	cfg := filepath.Join(root, "a", FileName)
	os.WriteFile(cfg, []byte("generate:\n  - idl: x.idl\n"), 0o644)
	// A directory named bindgen.yaml is not a config.
	os.Mkdir(filepath.Join(root, "a", "b", FileName), 0o755)
	if got, err := Find(deep); err != nil || got != cfg {
		t.Errorf("Find(%s) = %q, %v; want %q", deep, got, err, cfg)
	}
	// From a relative directory, the path stays relative to it.
	t.Chdir(deep)
	if got, err := Find("."); err != nil || got != filepath.Join("..", "..", FileName) {
		t.Errorf(`Find(".") = %q, %v`, got, err)
	}
}

func TestNearest(t *testing.T) {
	known := []string{"idl", "lang", "out", "go-out", "python-relative"}
	for in, want := range map[string]string{"go_out": "go-out", "langs": "lang", "IDL": "idl", "python_relativ": "python-relative", "zzz": "", "output": ""} {
		if got := nearest(in, known); got != want {
			t.Errorf("nearest(%q) = %q, want %q", in, got, want)
		}
	}
	if !strings.Contains((&NotFoundError{Dir: "/x"}).Error(), "/x") {
		t.Error("NotFoundError does not name the directory")
	}
}
