package scenario

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/steppe-dev/steppe/world"
	"go.yaml.in/yaml/v3"
)

// The portfolio section (docs/portfolio.md): candidates, financiers and
// rules for `steppe optimize`. A run ignores it.

type filePortfolio struct {
	Base       Str                  `yaml:"base"`
	Start      Str                  `yaml:"start"`
	Financiers Keyed[fileFinancier] `yaml:"financiers"`
	Candidates Keyed[fileCandidate] `yaml:"candidates"`
	Rules      Keyed[fileRule]      `yaml:"rules"`

	Pos Pos
	Set bool
}

type fileFinancier struct {
	Name             Str  `yaml:"name"`
	BudgetUSD        Val  `yaml:"budget_usd"`
	ExcludeCountries Strs `yaml:"exclude_countries"`
	Kinds            Strs `yaml:"kinds"`
	Note             Str  `yaml:"note"`
	Source           Str  `yaml:"source"`
}

type fileCandidate struct {
	Project   Str               `yaml:"project"`
	Define    *fileProject      `yaml:"define"`
	Financing Keyed[Keyed[Val]] `yaml:"financing"`
	Requires  Strs              `yaml:"requires"`
	Excludes  Strs              `yaml:"excludes"`
	Note      Str               `yaml:"note"`
}

type fileRule struct {
	AtMost  Num  `yaml:"at_most"`
	AtLeast Num  `yaml:"at_least"`
	Of      Strs `yaml:"of"`
	Note    Str  `yaml:"note"`
	Source  Str  `yaml:"source"`
}

// portfolio converts the portfolio section, after the projects and
// policies it refers to. Absent, the world has no portfolio.
func (r *resolver) portfolio(fp filePortfolio, w *world.World) {
	if !fp.Set {
		return
	}
	const p = "portfolio"
	pf := &world.Portfolio{Base: fp.Base.V, At: fp.Pos.world()}
	if !fp.Base.Set {
		pf.Base = w.Baseline
	}
	base, ok := w.Policy(pf.Base)
	if !ok && fp.Base.Set {
		r.errf(fp.Base.Pos, p+".base", "unknown policy %q", pf.Base)
	}
	pf.Start = r.month(fp.Start, p+".start", true, fp.Pos)
	// A start before the scenario's is a candidate already under way (as a
	// policy may schedule it, and as an extending scenario that moves the
	// start to the present makes the default's); after the horizon no
	// candidate could complete.
	if fp.Start.Set && pf.Start != 0 && w.Horizon != 0 && pf.Start > w.Horizon {
		r.errf(fp.Start.Pos, p+".start", "%v is after the horizon %v", pf.Start, w.Horizon)
	}
	fins := map[string]*world.Financier{}
	for _, it := range fp.Financiers.Items {
		pf.Financiers = append(pf.Financiers, r.financier(it))
	}
	for i := range pf.Financiers {
		fins[pf.Financiers[i].ID] = &pf.Financiers[i]
	}
	cands := map[string]bool{}
	for _, it := range fp.Candidates.Items {
		cands[it.Key] = true
	}
	inBase := map[string]bool{}
	if base != nil {
		for _, pp := range base.Projects {
			inBase[pp.Project] = true
		}
	}
	for _, it := range fp.Candidates.Items {
		c := r.candidate(it, w, fins, cands, inBase)
		pf.Candidates = append(pf.Candidates, c)
	}
	if len(pf.Candidates) == 0 {
		r.errf(fp.Candidates.Pos, p+".candidates", "no candidates")
	}
	if len(w.Projects)+len(pf.Candidates) > 64 {
		r.errf(fp.Candidates.Pos, p+".candidates", "%d projects and candidates; at most 64 are supported", len(w.Projects)+len(pf.Candidates))
	}
	r.requireCycle(fp.Candidates, pf.Candidates)
	for _, it := range fp.Rules.Items {
		pf.Rules = append(pf.Rules, r.rule(it, cands))
	}
	w.Portfolio = pf
}

func (r *resolver) financier(it Item[fileFinancier]) world.Financier {
	f, p := it.V, "portfolio.financiers."+it.Key
	out := world.Financier{ID: it.Key, Name: f.Name.V, Note: f.Note.V, Source: f.Source.V, At: it.KeyPos.world(),
		BudgetUSD: r.value(f.BudgetUSD, p+".budget_usd", nonNeg, true, it.KeyPos)}
	if out.Name == "" {
		out.Name = it.Key
	}
	for i, c := range f.ExcludeCountries {
		out.ExcludeCountries = append(out.ExcludeCountries, r.actor(c, fmt.Sprintf("%s.exclude_countries[%d]", p, i), true, false, it.KeyPos))
	}
	for _, k := range f.Kinds {
		out.Kinds = append(out.Kinds, k.V)
	}
	return out
}

// candidate converts one candidate: its project (named or defined), its
// financing plans (each share's financier known, eligible and the shares
// at most 1), and its dependencies.
func (r *resolver) candidate(it Item[fileCandidate], w *world.World, fins map[string]*world.Financier,
	cands, inBase map[string]bool) world.Candidate {
	c, p := it.V, "portfolio.candidates."+it.Key
	out := world.Candidate{ID: it.Key, Note: c.Note.V, At: it.KeyPos.world()}
	switch {
	case c.Project.Set && c.Define != nil:
		r.errf(c.Project.Pos, p+".project", "give project or define, not both")
	case c.Project.Set:
		pr, ok := w.Project(c.Project.V)
		if !ok {
			r.errf(c.Project.Pos, p+".project", "unknown project %q", c.Project.V)
			break
		}
		out.Project = *pr
		if inBase[pr.ID] {
			r.errf(c.Project.Pos, p+".project", "%q is already in the base policy", pr.ID)
		}
	case c.Define != nil:
		if _, ok := w.Project(it.Key); ok {
			r.errf(it.KeyPos, p+".define", "a project %q already exists (name it with project: instead)", it.Key)
		}
		out.Project, out.Defined = r.project(Item[fileProject]{Key: it.Key, KeyPos: it.KeyPos, V: *c.Define}), true
	default:
		r.errf(it.KeyPos, p+".project", "missing (name a project, or define one)")
	}
	if len(c.Financing.Items) == 0 {
		r.errf(it.KeyPos, p+".financing", "missing (at least one financing plan)")
	}
	for _, pl := range c.Financing.Items {
		out.Plans = append(out.Plans, r.plan(pl, p+".financing."+pl.Key, out.Project, fins))
	}
	refs := func(list Strs, field string) []string {
		var ids []string
		for i, s := range list {
			fp := fmt.Sprintf("%s.%s[%d]", p, field, i)
			switch {
			case !cands[s.V]:
				r.errf(s.Pos, fp, "unknown candidate %q", s.V)
			case s.V == it.Key:
				r.errf(s.Pos, fp, "a candidate cannot name itself")
			}
			ids = append(ids, s.V)
		}
		return ids
	}
	out.Requires = refs(c.Requires, "requires")
	out.Excludes = refs(c.Excludes, "excludes")
	for i, s := range c.Requires {
		if slices.Contains(out.Excludes, s.V) {
			r.errf(s.Pos, fmt.Sprintf("%s.requires[%d]", p, i), "%q is both required and excluded", s.V)
		}
	}
	return out
}

// plan converts one financing plan of a candidate.
func (r *resolver) plan(pl Item[Keyed[Val]], p string, pr world.Project, fins map[string]*world.Financier) world.FinancingPlan {
	out := world.FinancingPlan{ID: pl.Key, At: pl.KeyPos.world()}
	total := 0.0
	for _, s := range pl.V.Items {
		sp := p + "." + s.Key
		v := r.value(s.V, sp, prob, true, s.KeyPos)
		out.Shares = append(out.Shares, world.FinancingShare{Financier: s.Key, Share: v, At: s.KeyPos.world()})
		total += v.V
		f, ok := fins[s.Key]
		if !ok {
			r.errf(s.KeyPos, sp, "unknown financier %q (portfolio.financiers)", s.Key)
			continue
		}
		for _, x := range f.ExcludeCountries {
			if slices.Contains(pr.Countries, x) {
				r.errf(s.KeyPos, sp, "%s does not fund projects in %s (portfolio.financiers.%s.exclude_countries)", s.Key, x, s.Key)
			}
		}
		if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, pr.Kind) {
			r.errf(s.KeyPos, sp, "%s does not fund %q projects (portfolio.financiers.%s.kinds: %s)", s.Key, pr.Kind, s.Key, strings.Join(f.Kinds, ", "))
		}
	}
	if total > 1+1e-9 {
		r.errf(pl.KeyPos, p, "the shares sum to %g, more than 1", total)
	}
	return out
}

// requireCycle reports a cycle of requires among the candidates, at the
// requires entry that closes it.
func (r *resolver) requireCycle(items Keyed[fileCandidate], cs []world.Candidate) {
	idx := map[string]int{}
	for i, c := range cs {
		idx[c.ID] = i
	}
	state := make([]int, len(cs)) // 0 new, 1 on the stack, 2 done
	var stack []string
	var visit func(i int) bool
	visit = func(i int) bool {
		state[i] = 1
		stack = append(stack, cs[i].ID)
		for k, dep := range cs[i].Requires {
			j, ok := idx[dep]
			if !ok {
				continue
			}
			if state[j] == 1 {
				at := stack[slices.Index(stack, dep):]
				s := items.Items[i].V.Requires[k]
				r.errf(s.Pos, fmt.Sprintf("portfolio.candidates.%s.requires[%d]", cs[i].ID, k),
					"dependency cycle: %s -> %s", strings.Join(at, " -> "), dep)
				return true
			}
			if state[j] == 0 && visit(j) {
				return true
			}
		}
		state[i] = 2
		stack = stack[:len(stack)-1]
		return false
	}
	for i := range cs {
		if state[i] == 0 && visit(i) {
			return
		}
	}
}

// rule converts a counting rule: at_most and/or at_least whole numbers
// within the size of its set of known candidates.
func (r *resolver) rule(it Item[fileRule], cands map[string]bool) world.Rule {
	ru, p := it.V, "portfolio.rules."+it.Key
	out := world.Rule{ID: it.Key, AtMost: -1, AtLeast: -1, Note: ru.Note.V, Source: ru.Source.V, At: it.KeyPos.world()}
	seen := map[string]bool{}
	for i, s := range ru.Of {
		fp := fmt.Sprintf("%s.of[%d]", p, i)
		switch {
		case !cands[s.V]:
			r.errf(s.Pos, fp, "unknown candidate %q", s.V)
		case seen[s.V]:
			r.errf(s.Pos, fp, "%q listed twice", s.V)
		}
		seen[s.V] = true
		out.Of = append(out.Of, s.V)
	}
	if len(ru.Of) == 0 {
		r.errf(it.KeyPos, p+".of", "missing (the candidates the rule counts)")
	}
	count := func(n Num, field string) int {
		if !n.Set {
			return -1
		}
		if n.V < 0 || n.V != math.Trunc(n.V) || n.V > float64(len(ru.Of)) {
			r.errf(n.Pos, p+"."+field, "%g: want a whole number from 0 to %d (the candidates listed)", n.V, len(ru.Of))
			return -1
		}
		return int(n.V)
	}
	out.AtMost, out.AtLeast = count(ru.AtMost, "at_most"), count(ru.AtLeast, "at_least")
	if !ru.AtMost.Set && !ru.AtLeast.Set && ru.AtMost.Pos.Line == 0 && ru.AtLeast.Pos.Line == 0 {
		r.errf(it.KeyPos, p, "give at_most or at_least")
	}
	if out.AtMost >= 0 && out.AtLeast > out.AtMost {
		r.errf(ru.AtLeast.Pos, p+".at_least", "%d is more than at_most %d", out.AtLeast, out.AtMost)
	}
	if !ru.Source.Set && !ru.Note.Set {
		r.errf(it.KeyPos, p+".source", "missing (why the rule holds: a source, or a note saying it is an assumption)")
	}
	return out
}

func (fp *filePortfolio) decodeNode(d *decoder, n *yaml.Node, path string) {
	fp.Pos = d.pos(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "want a mapping {base, start, financiers, candidates, rules}, got %s", kindName(n))
		return
	}
	fp.Set = true
	d.decodeStruct(n, reflect.ValueOf(fp).Elem(), path)
}
