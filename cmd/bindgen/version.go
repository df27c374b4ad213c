package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is the module version bindgen was built from: the tag when
// installed with `go install` or `go get -tool`, "(devel)" in a checkout.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the bindgen version",
		Long:    "version prints the module version of this bindgen binary. Generated files never contain it.",
		Example: "  bindgen version",
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			fmt.Fprintf(a.stdout, "bindgen %s\n", version())
			return nil
		},
	}
}
