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
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
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
	)
	// Flag parse errors are bad input.
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return inputErr(err) })
	return root
}

// inputError marks an error caused by input the user must fix (exit code 2).
type inputError struct{ err error }

func (e *inputError) Error() string { return e.err.Error() }
func (e *inputError) Unwrap() error { return e.err }

// inputErr wraps err as bad input; nil stays nil.
func inputErr(err error) error {
	if err == nil {
		return nil
	}
	return &inputError{err}
}

// inputErrf formats a bad-input error.
func inputErrf(format string, a ...any) error { return &inputError{fmt.Errorf(format, a...)} }

func exitCode(err error) int {
	var ie *inputError
	if errors.As(err, &ie) {
		return 2
	}
	// Unknown commands and bad arguments from cobra are bad input too.
	return 1
}
