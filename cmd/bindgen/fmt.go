package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/bindgen-dev/bindgen/idl"
	"github.com/bindgen-dev/bindgen/internal/idlfmt"
)

func newFmtCmd(a *app) *cobra.Command {
	var write, check bool
	c := &cobra.Command{
		Use:   "fmt [-w | --check] [FILE.idl...]",
		Short: "Format IDL files canonically, keeping every comment",
		Long: `fmt prints IDL files in canonical form: four-space indentation, one
declaration, member, field or method per line, single spaces, at most one
blank line in a row. Every comment (///, // and /* */) is kept. Formatting
is idempotent: formatting formatted text changes nothing.

Without flags the formatted text goes to standard output; with no files,
fmt formats standard input.`,
		Example: `  bindgen fmt calc.idl            # print the formatted file
  bindgen fmt -w *.idl            # rewrite files in place
  bindgen fmt --check api/*.idl   # in CI: exit 1 and list files that need formatting`,
		RunE: func(c *cobra.Command, args []string) error {
			if write && check {
				return usage(c, "-w and --check cannot be used together")
			}
			if len(args) == 0 {
				if write || check {
					return usage(c, "-w and --check need file arguments")
				}
				src, err := io.ReadAll(a.stdin)
				if err != nil {
					return exit(1, "%v", err)
				}
				out, err := a.format("<stdin>", src)
				if err != nil {
					return err
				}
				a.stdout.Write(out)
				return nil
			}
			failed, unformatted := 0, 0
			for _, path := range args {
				src, err := os.ReadFile(path)
				if err != nil {
					fmt.Fprintf(a.stderr, "bindgen: %v\n", err)
					failed++
					continue
				}
				out, err := a.format(path, src)
				if err != nil {
					failed++
					continue
				}
				switch {
				case check:
					if !bytes.Equal(src, out) {
						fmt.Fprintln(a.stdout, path)
						unformatted++
					}
				case write:
					if !bytes.Equal(src, out) {
						if err := replaceFile(path, out); err != nil {
							fmt.Fprintf(a.stderr, "bindgen: %v\n", err)
							failed++
						}
					}
				default:
					a.stdout.Write(out)
				}
			}
			if failed > 0 {
				return exit(1, "")
			}
			if unformatted > 0 {
				return exit(1, "%d file(s) are not formatted; run: bindgen fmt -w FILE...", unformatted)
			}
			return nil
		},
	}
	c.ValidArgsFunction = completeIDL
	c.Flags().BoolVarP(&write, "write", "w", false, "rewrite the files in place instead of printing them")
	c.Flags().BoolVar(&check, "check", false, "print the names of files whose formatting differs and exit 1 if there are any")
	return c
}

// format formats one file, printing diagnostics when it does not parse.
func (a *app) format(name string, src []byte) ([]byte, error) {
	out, errs := idlfmt.Source(name, src)
	if len(errs) > 0 {
		io.WriteString(a.stderr, idl.Format(errs, map[string][]byte{name: src}))
		return nil, exit(1, "")
	}
	return out, nil
}

// replaceFile atomically replaces path's content, keeping its mode.
func replaceFile(path string, content []byte) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(content)
	if err == nil {
		err = tmp.Chmod(info.Mode().Perm())
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
