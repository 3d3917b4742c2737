package flagcheck

// This file makes cobra's usage errors bad input: a binary whose verbs
// promise exit code 2 for every usage error calls Strict on its root.

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/internal/userinput"
)

// Strict makes every usage error of root and its subcommands a
// userinput.Error (bad input): a flag cobra cannot parse, a wrong number
// of arguments, an unknown or missing subcommand, help on an unknown
// topic. Call it once every command is added.
func Strict(root *cobra.Command) {
	// Cobra adds its completion and help commands when it runs; add them
	// now so that strictUsage covers them too.
	root.InitDefaultCompletionCmd()
	root.InitDefaultHelpCmd()
	strictHelp(root)
	strictUsage(root)
	// strictUsage makes the groups runnable (to refuse what cobra would
	// run as help); their usage still shows only "steppe gravity [command]".
	root.SetUsageTemplate(strings.Replace(root.UsageTemplate(), "Usage:{{if .Runnable}}", "Usage:{{if and .Runnable (not .HasAvailableSubCommands)}}", 1))
}

// strictUsage makes every usage error of c and its subcommands bad input
// (exit code 2): a flag cobra cannot parse, a wrong number of arguments, an
// unknown or missing subcommand. Cobra reports these as plain errors, and
// by default lets a command that declares no arguments take any, and a
// group such as "steppe gravity" run with an unknown subcommand or none
// (printing help, exit 0).
func strictUsage(c *cobra.Command) {
	c.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return userinput.Wrap(err) })
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
				return userinput.Errorf("help: unknown command %q for %q (see %s --help)", strings.Join(args, " "), t.CommandPath(), root.Name())
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
		return userinput.Errorf("%s%v (usage: %s)", verbPrefix(c), err, c.UseLine())
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
		return userinput.Errorf("%smissing command: want one of %s (see %s --help)", verbPrefix(c), want, c.CommandPath())
	}
	msg := fmt.Sprintf("%sunknown command %q: want one of %s", verbPrefix(c), args[0], want)
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2 // cobra's default, set where cobra would
	}
	if sug := c.SuggestionsFor(args[0]); len(sug) > 0 {
		msg += fmt.Sprintf("; did you mean %s?", strings.Join(sug, " or "))
	}
	return userinput.Errorf("%s", msg)
}
