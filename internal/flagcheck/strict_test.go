package flagcheck

import (
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/internal/userinput"
)

// TestStrict checks that each kind of usage error of a small command tree
// is the user's error with cobra's or Strict's message, and that a good
// command line runs.
func TestStrict(t *testing.T) {
	ran := false
	newRoot := func() *cobra.Command {
		root := &cobra.Command{Use: "tool", SilenceUsage: true, SilenceErrors: true}
		group := &cobra.Command{Use: "group"}
		leaf := &cobra.Command{Use: "leaf", RunE: func(*cobra.Command, []string) error { ran = true; return nil }}
		leaf.Flags().Int("n", 1, "a number")
		two := &cobra.Command{Use: "two A B", Args: cobra.ExactArgs(2), RunE: func(*cobra.Command, []string) error { return nil }}
		group.AddCommand(leaf, two)
		root.AddCommand(group)
		Strict(root)
		root.SetOut(io.Discard)
		root.SetErr(io.Discard)
		return root
	}
	for _, c := range []struct{ args, want string }{
		{"group", "group: missing command: want one of leaf, two (see tool group --help)"},
		{"group lef", `group: unknown command "lef": want one of leaf, two; did you mean leaf?`},
		{"group leaf now", `group leaf: unexpected argument "now": this command takes only flags (usage: tool group leaf [flags])`},
		{"group two a", "group two: accepts 2 arg(s), received 1 (usage: tool group two A B [flags])"},
		{"group leaf --n x", `invalid argument "x" for "--n" flag`},
		{"help nothing", `help: unknown command "nothing" for "tool" (see tool --help)`},
	} {
		root := newRoot()
		root.SetArgs(strings.Fields(c.args))
		err := root.Execute()
		if !userinput.Is(err) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v; want a user's error with %q", c.args, err, c.want)
		}
	}
	root := newRoot()
	root.SetArgs([]string{"group", "leaf", "--n", "3"})
	if err := root.Execute(); err != nil || !ran {
		t.Errorf("group leaf --n 3: %v, ran %v", err, ran)
	}
}
