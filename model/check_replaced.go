package model

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteReplaced lists the parameters of k whose stated values a default
// run does not use ([Model.IgnoredFactors]), each with the reason: the
// engine that replaces it, or that no model reads it. It follows
// [Check.WriteParams] in `steppe validate --params`.
func (k *Check) WriteReplaced(out io.Writer, c *Cache) error {
	m, err := c.Assemble(k.World, Config{})
	if err != nil {
		return err
	}
	paths := make([]string, len(k.Params))
	for i, p := range k.Params {
		paths[i] = p.Path
	}
	replaced := m.IgnoredFactors(paths)
	if len(replaced) == 0 {
		_, err := fmt.Fprintln(out, "\nno parameter is replaced by an engine: a run uses every value above")
		return err
	}
	fmt.Fprintf(out, "\nnot used by a run: the stated values of %d parameters above do not reach the simulation (an engine replaces them, or no model reads them):\n", len(replaced))
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "path\twhy")
	for _, r := range replaced {
		path, why, _ := strings.Cut(r, ": ")
		fmt.Fprintf(tw, "%s\t%s\n", path, why)
	}
	return tw.Flush()
}
