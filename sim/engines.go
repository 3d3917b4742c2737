package sim

import (
	"fmt"
	"slices"
	"strings"

	"github.com/steppe-dev/steppe/world"
)

// Draw is one Monte Carlo draw as engines see it.
type Draw struct {
	// Index is the draw's index, 0 ≤ Index < Options.Draws. Engines with
	// posterior draws pick one deterministically from it (for example
	// Index modulo their number of draws) so that results stay reproducible.
	Index int
	// Seed is the run's seed.
	Seed uint64
	// Values are the sampled parameter values, indexed like Model.Params().
	Values []float64
	// DecisionScratch belongs to the decision model: each worker of a run
	// has its own Draw, reused from draw to draw, so a model may keep
	// per-worker state here (a cache) without locks. sim never reads it.
	DecisionScratch any

	logitH []float64                         // logit of the base hazards, per [c*NumTriggerTypes+k] (stated model cache)
	baseH  []float64                         // an engine's base hazards in this draw, per [c*NumTriggerTypes+k]
	shares *[2][2][world.NumOutcomes]float64 // normalised outcome shares [csto][requested, unrequested] (stated model cache)
}

// Features are the inputs of the decision model for one fired trigger,
// indexed by world.DecisionFeature (units are documented there).
type Features [world.NumDecisionFeatures]float64

// Decision is a decision model's answer for one fired trigger.
type Decision struct {
	// P is the probability of an intervention: an outcome of peacekeeping
	// or above.
	P float64
	// Given is the distribution over outcomes given an intervention: it is
	// zero below world.OutcomePeacekeeping and sums to 1 over the rest.
	Given [world.NumOutcomes]float64
}

// DecisionModel decides Russia's response to a fired trigger.
type DecisionModel interface {
	// Decide returns the response to a trigger of type k in the focus
	// country with index c (into Model.Countries()) with features f, for
	// parameter draw d. It must not retain f or d.
	Decide(d *Draw, c int, k world.TriggerType, f *Features) Decision
}

// TriggerClasser is implemented by a DecisionModel whose answer depends on
// the trigger type only through a class of types: Decide returns the same
// Decision for two types of one class, given the same draw, country and
// features. The simulation then asks once per class and reuses the answer
// for the other types of the class (Realignment, whose features the
// simulation sets apart, is always asked on its own).
type TriggerClasser interface {
	TriggerClass(k world.TriggerType) int
}

// Covariates are the time-varying inputs of the trigger hazards for one
// country and segment.
type Covariates struct {
	Month          world.Month // first month of the segment
	GrowthGap      float64     // g_cy − growth_c, percentage points
	FuelShock      float64     // f_y × fuel exposure of the country
	RemittanceLoss float64     // remittances lost, % of GDP (negative: a gain)
	Committed      float64     // Russian forces committed elsewhere, 0..1
	Integration    Effects     // current integration effects for the country
}

// HazardModel gives the monthly probability of a trigger.
type HazardModel interface {
	// Monthly returns the probability that a trigger of type k occurs in
	// focus country c in one month of the segment described by x, for
	// parameter draw d. It returns 0 for types that do not apply to c.
	Monthly(d *Draw, c int, k world.TriggerType, x *Covariates) float64
}

// BaseHazardModel gives the base monthly probability of a trigger, before
// the scenario's stated covariate effects (growth, fuel and remittance
// shocks, income from integration, border security, trade realignment,
// Russia's commitments) are applied to it as they are to the stated base
// hazards. An engine that estimates the base rates from data plugs in
// here and keeps every policy channel of the hazards.
type BaseHazardModel interface {
	// Base returns the base monthly probability of a trigger of type k in
	// focus country c for parameter draw d (0: the type does not apply).
	Base(d *Draw, c int, k world.TriggerType) float64
}

// Effects are changes in one country's features caused by completed
// integration projects, indexed by world.EffectField (units there).
type Effects [world.NumEffectFields]float64

// ProjectSet is a set of projects by index into World.Projects (bit i set:
// project i has completed). A world has at most 64 projects.
type ProjectSet uint64

// Has reports whether project i is in s.
func (s ProjectSet) Has(i int) bool { return s&(1<<uint(i)) != 0 }

// Integration turns completed projects into country feature changes.
type Integration interface {
	// Fields lists the effect fields the provider supplies; the scenario's
	// stated effects for these fields are then not applied.
	Fields() []world.EffectField
	// Effects adds to out[c] (one entry per focus country, in
	// Model.Countries() order) the changes caused by the completed projects
	// done in parameter draw d. It is called when the set changes, at most
	// once per project completion per policy and draw, so an expensive
	// engine should cache by (done, its own draw index).
	Effects(d *Draw, done ProjectSet, out []Effects) error
}

// Engines are the plug-in points of the simulation. A nil field uses the
// scenario's own stated model.
type Engines struct {
	Decision DecisionModel
	Hazards  HazardModel
	// BaseHazards replaces the scenario's stated base hazards in the stated
	// hazard model (ignored when Hazards is set).
	BaseHazards BaseHazardModel
	Integration []Integration // applied in order, each adding its fields; stated effects fill the rest
}

// Describer is implemented by engines that can say what they are, for the
// provenance recorded in results (for example "risk posterior
// data/posterior/posterior.json, 4000 draws"). Engines without it are named
// by their Go type's name.
type Describer interface {
	Describe() string
}

// EngineInfo names the models a run used.
type EngineInfo struct {
	Decision    string   `json:"decision"`
	Hazards     string   `json:"hazards"`
	Integration []string `json:"integration"`
}

func describe(v any, stated string) string {
	if v == nil {
		return stated
	}
	if d, ok := v.(Describer); ok {
		return d.Describe()
	}
	t := fmt.Sprintf("%T", v)
	return t[strings.LastIndex(t, ".")+1:]
}

// Info describes the engines e, with the scenario's stated models where a
// field is nil.
func (e Engines) Info() EngineInfo {
	info := EngineInfo{Integration: []string{}}
	if e.Decision != nil {
		info.Decision = describe(e.Decision, "")
	} else {
		info.Decision = "stated logistic model (scenario decision.*)"
	}
	if e.Hazards != nil {
		info.Hazards = describe(e.Hazards, "")
	} else if e.BaseHazards != nil {
		info.Hazards = describe(e.BaseHazards, "") + ", with the scenario's stated covariate effects (triggers.coef, border security)"
	} else {
		info.Hazards = "scenario hazards (scenario triggers.*)"
	}
	stated := [world.NumEffectFields]bool{}
	for i := range stated {
		stated[i] = true
	}
	for _, in := range e.Integration {
		info.Integration = append(info.Integration, describe(in, ""))
		for _, f := range in.Fields() {
			stated[f] = false
		}
	}
	var fields []string
	for f, ok := range stated {
		if ok {
			fields = append(fields, world.EffectField(f).String())
		}
	}
	if len(fields) > 0 {
		info.Integration = append(info.Integration, "stated project effects (scenario projects.*.effects): "+strings.Join(fields, ", "))
	}
	return info
}

// HazardInfo describes the scenario's base hazards by trigger type: the
// types whose every monthly hazard has a source (not an assumption), named
// with the source's lead (the text before its first colon), and the types
// with at least one stated assumption. It is what a run reports when no
// hazard engine is plugged in, so that a reader sees which hazards come
// from data.
func HazardInfo(w *world.World) string {
	type group struct{ types []string }
	var order []world.TriggerType
	assumed := map[world.TriggerType]bool{}
	lead := map[world.TriggerType]string{}
	for _, h := range w.Hazards {
		if _, ok := lead[h.Type]; !ok && !assumed[h.Type] {
			order = append(order, h.Type)
		}
		if h.Monthly.Assumption || h.Monthly.Source == "" {
			assumed[h.Type] = true
			continue
		}
		src := h.Monthly.Source
		if i := strings.Index(src, ":"); i > 0 {
			src = src[:i]
		}
		if l, ok := lead[h.Type]; ok && l != src {
			src = "several sources"
		}
		lead[h.Type] = src
	}
	slices.Sort(order)
	bySource := map[string]*group{}
	var sources, stated []string
	for _, k := range order {
		if assumed[k] {
			stated = append(stated, k.String())
			continue
		}
		g, ok := bySource[lead[k]]
		if !ok {
			g = &group{}
			bySource[lead[k]] = g
			sources = append(sources, lead[k])
		}
		g.types = append(g.types, k.String())
	}
	var parts []string
	for _, s := range sources {
		parts = append(parts, strings.Join(bySource[s].types, ", ")+" from "+s)
	}
	if len(stated) > 0 {
		parts = append(parts, strings.Join(stated, ", ")+" stated assumptions")
	}
	if len(parts) == 0 {
		return "no base hazards (scenario triggers.hazard is empty)"
	}
	return "scenario triggers.hazard: " + strings.Join(parts, "; ")
}
