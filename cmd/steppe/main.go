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
	"strings"
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
	// Cobra adds its completion and help commands when it runs; add them
	// now so that strictUsage covers them too.
	root.InitDefaultCompletionCmd()
	root.InitDefaultHelpCmd()
	strictHelp(root)
	strictUsage(root)
	// strictUsage makes the groups runnable (to refuse what cobra would
	// run as help); their usage still shows only "steppe gravity [command]".
	root.SetUsageTemplate(strings.Replace(root.UsageTemplate(), "Usage:{{if .Runnable}}", "Usage:{{if and .Runnable (not .HasAvailableSubCommands)}}", 1))
	return root
}

// strictUsage makes every usage error of c and its subcommands bad input
// (exit code 2): a flag cobra cannot parse, a wrong number of arguments, an
// unknown or missing subcommand. Cobra reports these as plain errors, and
// by default lets a command that declares no arguments take any, and a
// group such as "steppe gravity" run with an unknown subcommand or none
// (printing help, exit 0).
func strictUsage(c *cobra.Command) {
	c.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return inputErr(err) })
	switch {
	case c.HasSubCommands():
		c.Args = subcommandArgs
		c.RunE = func(*cobra.Command, []string) error { return nil } // Args has refused every call
		c.Run = nil
	case c.Args == nil:
		c.Args = usageArgs(noArgs)
	default:
		c.Args = usageArgs(c.Args)
	}
	for _, s := range c.Commands() {
		strictUsage(s)
	}
}

// strictHelp makes "steppe help TOPIC" of an unknown command bad input;
// cobra prints "Unknown help topic" and exits 0.
func strictHelp(root *cobra.Command) {
	for _, c := range root.Commands() {
		if c.Name() != "help" || c.Run == nil {
			continue
		}
		help := c.Run
		c.Run, c.Args = nil, cobra.ArbitraryArgs
		c.RunE = func(c *cobra.Command, args []string) error {
			if t, rest, err := root.Find(args); err != nil || len(rest) > 0 {
				return inputErrf("help: unknown command %q for %q (see steppe --help)", strings.Join(args, " "), t.CommandPath())
			}
			help(c, args)
			return nil
		}
	}
}

// usageArgs marks the errors of an argument validator as bad input.
func usageArgs(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		err := v(c, args)
		if err == nil {
			return nil
		}
		// A validator that takes no argument at all (cobra.NoArgs calls
		// an argument an unknown command) gets noArgs's message.
		if len(args) > 0 && v(c, nil) == nil && v(c, args[:1]) != nil {
			err = noArgs(c, args)
		}
		return inputErrf("%s%v (usage: %s)", verbPrefix(c), err, c.UseLine())
	}
}

// noArgs refuses any argument; cobra.NoArgs would call it an unknown
// command.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("unexpected argument %q: this command takes only flags", args[0])
	}
	return nil
}

// verbPrefix is "gravity estimate: " for that command, "" for the root
// (whose name starts every error message already).
func verbPrefix(c *cobra.Command) string {
	if !c.HasParent() {
		return ""
	}
	return strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ") + ": "
}

// subcommandArgs is the argument check of a group of verbs: it is reached
// only when no subcommand matched, so it names the subcommands.
func subcommandArgs(c *cobra.Command, args []string) error {
	var names []string
	for _, s := range c.Commands() {
		if s.IsAvailableCommand() {
			names = append(names, s.Name())
		}
	}
	want := strings.Join(names, ", ")
	if len(args) == 0 {
		return inputErrf("%smissing command: want one of %s (see %s --help)", verbPrefix(c), want, c.CommandPath())
	}
	msg := fmt.Sprintf("%sunknown command %q: want one of %s", verbPrefix(c), args[0], want)
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2 // cobra's default, set where cobra would
	}
	if sug := c.SuggestionsFor(args[0]); len(sug) > 0 {
		msg += fmt.Sprintf("; did you mean %s?", strings.Join(sug, " or "))
	}
	return inputErrf("%s", msg)
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
