package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// exDefaultGroupSpecs is the default grouping of a steppe scenario's
// uncertain parameters for grouped Sobol' indices (`--groups default`),
// by the part of the model a parameter belongs to. The first group whose
// pattern matches a parameter takes it; parameters no group matches go to
// "other".
//
//	decision            decision.* (Russia's response: intercept, coefficients, trigger effects, outcomes)
//	trigger-drivers     triggers.coef.* (how growth, fuel, remittances, integration, commitments move hazards)
//	hazard.unrest       base hazards of protest, ethnic and civil-war triggers, every country
//	hazard.security     base hazards of border and insurgent triggers
//	hazard.realignment  base hazards of realignment triggers (and any other trigger type)
//	macro.<ISO3>        one group per focus country: actors.<ISO3>.* (growth, remittances, trade shares, ...)
//	shocks              shocks.* (remittance elasticity, fuel price, sanctions cost, Russia's commitments)
//	bases               bases.* (lease ends)
//	projects.timing     projects.*.duration_months and cost_usd
//	projects.effects    projects.*.effects.* (stated effects of completed projects)
//	trade               gravity.* and projects.*.trade_cost.* (trade elasticity and trade-cost changes)
//	policy              the policy factor, when the design has one
func exDefaultGroupSpecs(countries []string) []explore.GroupSpec {
	gs := []explore.GroupSpec{
		{Name: "decision", Patterns: []string{"decision"}},
		{Name: "trigger-drivers", Patterns: []string{"triggers.coef"}},
		{Name: "hazard.unrest", Patterns: []string{"triggers.hazard.*.protest", "triggers.hazard.*.ethnic", "triggers.hazard.*.civil-war"}},
		{Name: "hazard.security", Patterns: []string{"triggers.hazard.*.border", "triggers.hazard.*.insurgent"}},
		{Name: "hazard.realignment", Patterns: []string{"triggers.hazard.*.realignment", "triggers.hazard"}},
	}
	for _, c := range countries {
		gs = append(gs, explore.GroupSpec{Name: "macro." + c, Patterns: []string{"actors." + c}})
	}
	return append(gs,
		explore.GroupSpec{Name: "shocks", Patterns: []string{"shocks"}},
		explore.GroupSpec{Name: "bases", Patterns: []string{"bases"}},
		explore.GroupSpec{Name: "projects.timing", Patterns: []string{"projects.*.duration_months", "projects.*.cost_usd"}},
		explore.GroupSpec{Name: "projects.effects", Patterns: []string{"projects.*.effects"}},
		explore.GroupSpec{Name: "trade", Patterns: []string{"gravity", "projects.*.trade_cost"}},
		explore.GroupSpec{Name: exPolicyFactor, Patterns: []string{exPolicyFactor}},
	)
}

// groupSpecs resolves --groups and --group into group specs; nil means no
// grouping (one group per factor).
func (f *exDesignFlags) groupSpecs(m *sim.Model) ([]explore.GroupSpec, error) {
	var specs []explore.GroupSpec
	switch f.groups {
	case "", "none":
	case "default":
		specs = exDefaultGroupSpecs(m.Countries())
	default:
		fh, err := os.Open(f.groups)
		if err != nil {
			return nil, inputErr(fmt.Errorf("--groups: %w", err))
		}
		defer fh.Close()
		if specs, err = explore.ReadGroupSpecs(fh, f.groups); err != nil {
			return nil, inputErr(err)
		}
	}
	for _, g := range f.group {
		s, err := explore.ParseGroupSpec(g)
		if err != nil {
			return nil, inputErrf("--group: %v", err)
		}
		// A --group given with --groups default refines it: it is matched first.
		specs = append([]explore.GroupSpec{s}, specs...)
	}
	if len(specs) > 0 && explore.DesignKind(f.design) != explore.SobolSaltelli {
		return nil, inputErrf("--groups/--group apply to --design sobol only")
	}
	return specs, nil
}

// exIgnoredFactors lists the factors that the engines of a run do not
// read, each with the reason: varying them cannot change any outcome, so
// their indices are zero by construction, not evidence that the real
// quantity does not matter. It reuses what `steppe run` reports: the risk
// posterior's coverage of decision.coef (run_risk.go) and the effect
// fields each integration engine supplies in place of the stated effects.
func exIgnoredFactors(eng sim.Engines, factors []string) []string {
	reason := map[string]string{}
	if rd, ok := eng.Decision.(*riskDecision); ok {
		covered := map[string]bool{}
		for f := world.DecisionFeature(0); f < world.NumDecisionFeatures; f++ {
			if rd.p.Covers(f) {
				covered["decision.coef."+f.String()] = true
			}
		}
		for _, p := range factors {
			switch {
			case covered[p]:
				reason[p] = "decision.coef entry estimated by the calibrated risk posterior, which replaces it"
			case p == "decision.intercept" || strings.HasPrefix(p, "decision.trigger_effect.") || strings.HasPrefix(p, "decision.outcomes."):
				reason[p] = "replaced by the calibrated risk posterior"
			}
		}
	}
	for _, in := range eng.Integration {
		desc := sim.Engines{Integration: []sim.Integration{in}}.Info().Integration[0]
		if i := strings.IndexAny(desc, "(:"); i > 0 {
			desc = strings.TrimSpace(desc[:i])
		}
		for _, fld := range in.Fields() {
			suffix := ".effects."
			for _, p := range factors {
				if strings.HasPrefix(p, "projects.") && strings.Contains(p, suffix) && strings.HasSuffix(p, "."+fld.String()) {
					reason[p] = "stated project effect on " + fld.String() + " is replaced by the " + desc
				}
			}
		}
		if _, ok := in.(*geIntegration); ok {
			for _, p := range factors {
				if p == "gravity.theta" || strings.HasPrefix(p, "projects.") && strings.Contains(p, ".trade_cost.") {
					reason[p] = "the GE trade engine draws the trade elasticity and trade-cost changes itself (its own draws of the scenario's distributions), so the experiment's value does not reach it"
				}
			}
		}
	}
	hasGE := false
	for _, in := range eng.Integration {
		if _, ok := in.(*geIntegration); ok {
			hasGE = true
		}
	}
	for _, p := range factors {
		switch {
		case !hasGE && (p == "gravity.theta" || strings.HasPrefix(p, "projects.") && strings.Contains(p, ".trade_cost.")):
			reason[p] = "read only by the GE trade engine, which is not in use (--stated-models)"
		case strings.HasPrefix(p, "projects.") && strings.HasSuffix(p, ".cost_usd"):
			reason[p] = "no simulation model reads project costs (they are reported, not simulated)"
		}
	}
	var out []string
	for _, p := range factors {
		if r, ok := reason[p]; ok {
			out = append(out, p+": "+r)
		}
	}
	sort.Strings(out)
	return out
}

// exWarnIgnored prints the factors the engines ignore.
func exWarnIgnored(w io.Writer, ignored []string) {
	if len(ignored) == 0 {
		return
	}
	fmt.Fprintf(w, "warning: the engines of this run ignore %d of the design's factors; varying them cannot change any outcome, so their indices are zero by construction, not evidence that the quantities they stand for do not matter:\n", len(ignored))
	for _, s := range ignored {
		fmt.Fprintf(w, "  %s\n", s)
	}
}

func exNonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func exNonNilGroups(g []explore.Group) []explore.Group {
	if g == nil {
		return []explore.Group{}
	}
	return g
}

// newExploreGroupsCmd is `steppe explore groups`: the grouping a grouped
// Sobol' design would use, and the factors the engines ignore.
func newExploreGroupsCmd() *cobra.Command {
	var (
		df     exDesignFlags
		asJSON bool
	)
	c := &cobra.Command{
		Use:   "groups",
		Short: "Show how a scenario's uncertain parameters are grouped for grouped Sobol' indices",
		Long: `Prints the groups that 'steppe explore sweep --design sobol --groups ...' would
switch together (default: steppe's grouping by model part), the number of
experiments the design needs, and the parameters the engines ignore.

Groups file format, one group per line (first matching group wins; '*'
matches one path segment; unmatched parameters form the group "other"):
  macro.KGZ: actors.KGZ
  unrest:    triggers.hazard.*.protest, triggers.hazard.*.ethnic`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if df.groups == "" && len(df.group) == 0 {
				df.groups = "default"
			}
			df.design = "sobol"
			m, _, eng, err := loadExploreModelEngines(df.scenario, df.stated)
			if err != nil {
				return err
			}
			fs, err := df.factors(m)
			if err != nil {
				return err
			}
			specs, err := df.groupSpecs(m)
			if err != nil {
				return err
			}
			names := make([]string, len(fs))
			for j, f := range fs {
				names[j] = f.Name
			}
			groups, unmatched, unused, err := explore.AssignGroups(names, specs)
			if err != nil {
				return inputErr(err)
			}
			unused = slices.DeleteFunc(unused, func(s string) bool { return s == exPolicyFactor && df.groups == "default" })
			ignored := exIgnoredFactors(eng, names)
			rows := explore.SobolRowsPerBase(len(groups), df.secondOrder) * df.n
			if asJSON {
				return exWriteJSON(cmd.OutOrStdout(), map[string]any{"groups": groups, "factors": len(names), "unmatched": exNonNil(unmatched),
					"unused_groups": exNonNil(unused), "n": df.n, "rows": rows, "ignored_factors": exNonNil(ignored)})
			}
			out := cmd.OutOrStdout()
			ig := map[string]bool{}
			for _, s := range ignored {
				p, _, _ := strings.Cut(s, ":")
				ig[p] = true
			}
			tw := exNewTab(out)
			fmt.Fprintln(tw, "group\tfactors\tignored by engines")
			for _, g := range groups {
				k := 0
				for _, m := range g.Members {
					if ig[m] {
						k++
					}
				}
				fmt.Fprintf(tw, "%s\t%d\t%d\n", g.Name, len(g.Members), k)
			}
			tw.Flush()
			fmt.Fprintf(out, "\n%d factors in %d groups: a Sobol' design with N = %d base samples has %d experiments\n", len(names), len(groups), df.n, rows)
			if len(unmatched) > 0 {
				fmt.Fprintf(out, "not matched by any group (in %q): %s\n", explore.OtherGroup, strings.Join(unmatched, ", "))
			}
			if len(unused) > 0 {
				fmt.Fprintf(out, "groups matching no parameter (left out): %s\n", strings.Join(unused, ", "))
			}
			exWarnIgnored(out, ignored)
			return nil
		},
	}
	df.register(c)
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}
