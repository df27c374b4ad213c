package main

import (
	"io"
	"strings"

	"github.com/spf13/cobra"

	genwire "github.com/bindgen-dev/bindgen/gen/wire"
	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/parser"
)

func init() { commands = append(commands, newBreakingCmd) }

func newBreakingCmd(a *app) *cobra.Command {
	var against []string
	c := &cobra.Command{
		Use:   "breaking --against OLD.idl NEW.idl...",
		Short: "List wire- and RPC-incompatible changes between two versions of an IDL",
		Long: `breaking compares a new version of an interface with an old one and lists
every change that breaks the wire format (docs/wire.md, "Breaking
changes"): a tag reused or retyped, a field type changed to one with
another encoding or range, an enum member renumbered, a struct, union or
enum removed, a field, case or member removed without reserving its tag or
value, a reserved tag or value reused.

It also lists every change that breaks an RPC caller (docs/rpc.md,
"Evolution"): a function, object, constructor or method removed; a
parameter removed or retyped, or added anywhere but the end; a result
removed or retyped; a changed error set (raising an error where none was
raised, no longer raising one, another error type, an error code
renumbered or removed). Adding a function, a trailing parameter, a
result, an enum member or an error code is compatible.

Each change is printed as file:line:col: error: message, at its place in
the new file, or in the old file for something removed. The exit status
is 1 when there is any (or when a file does not load), 0 otherwise.`,
		Example: `  bindgen breaking --against v1/api.idl api.idl
  git show main:api.idl > /tmp/old.idl && bindgen breaking --against /tmp/old.idl api.idl`,
		Args: needFiles,
		RunE: func(c *cobra.Command, args []string) error {
			if len(against) == 0 {
				return usage(c, "--against OLD.idl is required")
			}
			old, oldSrc, err := a.loadSources(against)
			if err != nil {
				return err
			}
			new, newSrc, err := a.loadSources(args)
			if err != nil {
				return err
			}
			errs := genwire.Breaking(old, new)
			if len(errs) == 0 {
				return nil
			}
			for name, src := range oldSrc {
				if _, ok := newSrc[name]; !ok {
					newSrc[name] = src
				}
			}
			io.WriteString(a.stdout, idl.Format(errs, newSrc))
			if len(errs) == 1 {
				return exit(1, "1 breaking change")
			}
			return exit(1, "%d breaking changes", len(errs))
		},
	}
	c.Flags().StringSliceVar(&against, "against", nil, "the old version's IDL files (comma separated or repeated)")
	return c
}

// loadSources is load that also returns the sources, so that findings in
// either version print with their source lines.
func (a *app) loadSources(paths []string) (*idl.Package, map[string][]byte, error) {
	pkg, sources, errs := parser.LoadFiles(paths...)
	if len(errs) > 0 {
		io.WriteString(a.stderr, idl.Format(errs, sources))
		return nil, nil, exit(1, "%s does not load", strings.Join(paths, ", "))
	}
	return pkg, sources, nil
}
