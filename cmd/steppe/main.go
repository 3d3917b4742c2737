// Command steppe is the scenario engine's command-line interface.
//
// Each verb lives in its own file (run.go, validate.go, gravity.go, ...) as a
// constructor newXCmd that returns a *cobra.Command; main.go only wires them
// into the root command, maps errors to exit codes and handles signals.
//
// Exit codes: 0 success, 1 runtime failure, 2 bad input (a scenario, data
// file, flag or argument the user must fix).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/internal/atomicfile"
	"github.com/steppe-dev/steppe/internal/flagcheck"
	"github.com/steppe-dev/steppe/internal/userinput"
	"github.com/steppe-dev/steppe/risk"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the command line args and returns the process exit code.
// It is main without the process: tests call it with buffers.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "steppe: %v\n", err)
	return exitCode(err)
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "steppe",
		Short: "Scenario engine for Central Asian security",
		Long: `steppe models how Russia's military levers meet Central Asia's integration
and estimates, with uncertainty, how policies change the chance of a Russian
intervention and the region's welfare.

Run the embedded default scenario:  steppe run`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(
		newRunCmd(),
		newValidateCmd(),
		newVersionCmd(),
		newGravityCmd(),
		newNetworkCmd(),
		newCalibrateCmd(),
		newExploreCmd(),
		newServeCmd(),
		newReportCmd(),
		newBenchCmd(),
		newOptimizeCmd(),
		newQueueCmd(),
		newWorkerCmd(),
	)
	flagcheck.Strict(root)
	return root
}

// group is a verb that only groups the verbs subs under it.
func group(use, short, long string, subs ...*cobra.Command) *cobra.Command {
	c := &cobra.Command{Use: use, Short: short, Long: long}
	c.AddCommand(subs...)
	return c
}

// inputErr wraps err as bad input (exit code 2); nil stays nil.
func inputErr(err error) error { return userinput.Wrap(err) }

// inputErrf formats a bad-input error.
func inputErrf(format string, a ...any) error { return userinput.Errorf(format, a...) }

// splitList splits a comma list of flag values.
func splitList(s string) []string { return userinput.List(s) }

// writeFile writes an output file that a flag names, whole or not at all
// (package atomicfile), with the permissions os.Create gives (0666 less the
// umask). A path that cannot be written there (a missing directory, no
// permission, a directory in the way) is bad input naming the flag.
func writeFile(flag, path string, write func(io.Writer) error) error {
	err := atomicfile.WriteFile(path, 0o666, write)
	var pe *fs.PathError
	if errors.As(err, &pe) && (pe.Op == "create" || pe.Op == "rename") {
		return inputErrf("%s %s: %v", flag, path, pe.Err)
	}
	return err
}

// exitCode is 2 for bad input (a userinput.Error, from the binary or from
// an engine's request, a flag value that flagcheck refused, or an input
// file that risk could not read or load), 1 for any other failure.
func exitCode(err error) int {
	var fe *flagcheck.Error
	var re *risk.InputError
	if userinput.Is(err) || errors.As(err, &fe) || errors.As(err, &re) {
		return 2
	}
	return 1
}
