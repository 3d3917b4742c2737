package model

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/steppe-dev/steppe/dist"
	"github.com/steppe-dev/steppe/explore"
)

// GroupPlan is how a grouped Sobol' design over a model's factors would
// switch them together (Jacques, Lavergne & Devictor 2006): the groups, the
// factors no spec matched (gathered in [explore.OtherGroup]), the specs
// that matched nothing, the factors the engines ignore, and the design's
// size.
type GroupPlan struct { // fields in the order of the JSON's sorted keys
	Factors   int             `json:"factors"`
	Groups    []explore.Group `json:"groups"`
	Ignored   []string        `json:"ignored_factors"`
	N         int             `json:"n"`
	Rows      int             `json:"rows"`
	Unmatched []string        `json:"unmatched"`
	Unused    []string        `json:"unused_groups"`
}

// PlanGroups assigns the factors to the group specs and sizes a Sobol'
// design of n base samples (with second-order rows when secondOrder). With
// isDefault (the specs are [DefaultGroups]) the groups of the policy and
// posterior-draw factors are not reported as unused.
func (m *Model) PlanGroups(fs []explore.Factor, specs []explore.GroupSpec, isDefault bool, n int, secondOrder bool) (*GroupPlan, error) {
	names := make([]string, len(fs))
	for j, f := range fs {
		names[j] = f.Name
	}
	groups, unmatched, unused, err := explore.AssignGroups(names, specs)
	if err != nil {
		return nil, err
	}
	unused = slices.DeleteFunc(unused, func(s string) bool {
		return isDefault && (s == PolicyFactor || s == DecisionDrawFactor || s == HazardDrawFactor) // factors only on request
	})
	return &GroupPlan{Groups: groups, Factors: len(names), Unmatched: nonNil(unmatched), Unused: nonNil(unused), N: n,
		Rows: explore.SobolRowsPerBase(len(groups), secondOrder) * n, Ignored: nonNil(m.IgnoredFactors(names))}, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// WriteText prints each group's size and how many of its factors the
// engines ignore, the design's size, the unmatched factors, the unused
// groups, and the warning about ignored factors.
func (p *GroupPlan) WriteText(out io.Writer) error {
	ig := map[string]bool{}
	for _, s := range p.Ignored {
		f, _, _ := strings.Cut(s, ":")
		ig[f] = true
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "group\tfactors\tignored by engines")
	for _, g := range p.Groups {
		k := 0
		for _, m := range g.Members {
			if ig[m] {
				k++
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\n", g.Name, len(g.Members), k)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "\n%d factors in %d groups: a Sobol' design with N = %d base samples has %d experiments\n", p.Factors, len(p.Groups), p.N, p.Rows)
	if len(p.Unmatched) > 0 {
		fmt.Fprintf(out, "not matched by any group (in %q): %s\n", explore.OtherGroup, strings.Join(p.Unmatched, ", "))
	}
	if len(p.Unused) > 0 {
		fmt.Fprintf(out, "groups matching no parameter (left out): %s\n", strings.Join(p.Unused, ", "))
	}
	WriteIgnored(out, p.Ignored)
	return nil
}

// WriteIgnored warns about the factors the engines ignore: varying them
// cannot change any outcome.
func WriteIgnored(w io.Writer, ignored []string) {
	if len(ignored) == 0 {
		return
	}
	fmt.Fprintf(w, "warning: the engines of this run ignore %d of the design's factors; varying them cannot change any outcome, so their indices are zero by construction, not evidence that the quantities they stand for do not matter:\n", len(ignored))
	for _, s := range ignored {
		fmt.Fprintf(w, "  %s\n", s)
	}
}

// UncertainParam is a parameter a design can vary: its path, its
// distribution with the design bounds, its central value and its source.
type UncertainParam struct {
	Path   string  `json:"path"`
	Dist   string  `json:"dist"`
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	Value  float64 `json:"value"`
	Source string  `json:"source,omitempty"`
}

// UncertainParams lists the model's parameters that are not fixed.
func (m *Model) UncertainParams() []UncertainParam {
	var rows []UncertainParam
	for _, p := range m.Sim.Params() {
		if _, fixed := p.Dist.(dist.Fixed); fixed || p.Dist == nil {
			continue
		}
		rows = append(rows, UncertainParam{p.Path, p.Dist.String(), p.Lo, p.Hi, p.Value.V, p.Value.Source})
	}
	return rows
}

// WriteFactors prints the uncertain parameters and the policies.
func (m *Model) WriteFactors(out io.Writer) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "path\tdistribution\tlo\thi\tvalue")
	for _, r := range m.UncertainParams() {
		fmt.Fprintf(tw, "%s\t%s\t%.4g\t%.4g\t%.4g\n", r.Path, r.Dist, r.Lo, r.Hi, r.Value)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(out, "\npolicies: %s\n", strings.Join(m.Sim.Policies(), ", "))
	return err
}
