package main

import "github.com/spf13/cobra"

func newFmtCmd(a *app) *cobra.Command { return &cobra.Command{Use: "fmt"} }
