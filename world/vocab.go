package world

import (
	"fmt"
	"slices"
	"strings"
)

// TriggerType is a kind of crisis that can prompt a Russian decision.
type TriggerType uint8

// Trigger types, in DESIGN.md's vocabulary.
const (
	TriggerProtest     TriggerType = iota // mass protest or regime crisis
	TriggerEthnic                         // ethnic or separatist conflict
	TriggerBorder                         // interstate border clash
	TriggerInsurgent                      // incursion of armed groups, e.g. from Afghanistan
	TriggerCivilWar                       // civil war
	TriggerRealignment                    // a government's turn away from Moscow
	NumTriggerTypes
)

var triggerNames = [NumTriggerTypes]string{"protest", "ethnic", "border", "insurgent", "civil-war", "realignment"}

// String returns the scenario-file name of t.
func (t TriggerType) String() string { return enumString(t, triggerNames[:], "TriggerType") }

// ParseTriggerType parses a trigger name such as "civil-war".
func ParseTriggerType(s string) (TriggerType, error) {
	return parseEnum[TriggerType](s, triggerNames[:], "unknown trigger type %q (want one of protest, ethnic, border, insurgent, civil-war, realignment)")
}

// Outcome is Russia's response to a trigger, on an ordered scale.
type Outcome uint8

// Outcomes in increasing order of force.
const (
	OutcomeNone              Outcome = iota // no response
	OutcomeDiplomatic                       // statements, mediation, economic pressure
	OutcomeBaseReinforcement                // forces added at an existing base
	OutcomePeacekeeping                     // consented deployment
	OutcomeCSTODeployment                   // requested collective (CSTO) deployment
	OutcomeCovert                           // deniable or limited military support
	OutcomeInvasion                         // open, unconsented military operation
	NumOutcomes
)

var outcomeNames = [NumOutcomes]string{"none", "diplomatic", "base-reinforcement", "peacekeeping", "csto-deployment", "covert", "invasion"}

// String returns the scenario-file name of o.
func (o Outcome) String() string { return enumString(o, outcomeNames[:], "Outcome") }

// IsIntervention reports whether o counts as an intervention (peacekeeping
// or above).
func (o Outcome) IsIntervention() bool { return o >= OutcomePeacekeeping && o < NumOutcomes }

// ParseOutcome parses an outcome name such as "csto-deployment".
func ParseOutcome(s string) (Outcome, error) {
	return parseEnum[Outcome](s, outcomeNames[:], "unknown outcome %q (want one of none, diplomatic, base-reinforcement, peacekeeping, csto-deployment, covert, invasion)")
}

// DecisionFeature is one input of the intervention decision model. The
// features are those of DESIGN.md's decision step; package sim computes them
// for every fired trigger and package risk estimates their effects.
type DecisionFeature uint8

// Decision features. Units are documented per feature; the default logistic
// model multiplies each by its coefficient.
const (
	FRequest            DecisionFeature = iota // probability the host government asks for Russian/CSTO help (0..1)
	FBasePresent                               // 1 if Russian combat forces (IsCombatBase) in the host country are under lease, else 0
	FEthnicRussian                             // ethnic-Russian share of the population (0..1)
	FCSTOMember                                // 1 if the host is a CSTO member, else 0
	FAlignmentShift                            // host's turn away from Moscow (0..1; 1 for a realignment trigger)
	FRussiaCommitted                           // Russian forces committed elsewhere (0..1 intensity)
	FSanctionsExposure                         // expected sanctions cost to Russia, % of GDP growth a year
	FChinaInvestment                           // Chinese investment stock at risk in the host, % of host GDP
	FIntegrationFallout                        // intra-regional trade share of the host (0..1): fallout to neighbours
	FNonRussianTies                            // share of the host's trade with partners other than Russia (0..1)
	FRussianTransit                            // host's dependence on Russian transit routes (0..1)
	NumDecisionFeatures
)

var featureNames = [NumDecisionFeatures]string{
	"request", "base_present", "ethnic_russian_share", "csto_member", "alignment_shift",
	"russia_committed", "sanctions_exposure", "china_investment", "integration_fallout",
	"non_russian_ties", "russian_transit",
}

// String returns the scenario-file name of f (as in decision.coef).
func (f DecisionFeature) String() string { return enumString(f, featureNames[:], "DecisionFeature") }

// ParseDecisionFeature parses a feature name such as "base_present".
func ParseDecisionFeature(s string) (DecisionFeature, error) {
	return parseEnum[DecisionFeature](s, featureNames[:], "unknown decision feature %q")
}

// EffectField is a country feature that an integration project changes.
type EffectField uint8

// Effect fields. Each project effect adds its size to the field of a country
// from the month the project completes.
const (
	EIncome             EffectField = iota // real income (welfare), % change
	EIntraRegionalTrade                    // intra-regional trade share, change in share points (0..1 scale)
	EChinaTradeShare                       // China's share of trade, change (0..1 scale)
	ERussiaTradeShare                      // Russia's share of trade, change (0..1 scale)
	ERussianTransit                        // dependence on Russian transit, change (0..1 scale)
	ERedundancy                            // corridor redundancy (number of independent routes), change
	EBorderSecurity                        // proportional reduction of border and insurgent hazards (0..1)
	EChinaInvestment                       // Chinese investment stock, change in % of GDP
	NumEffectFields
)

var effectNames = [NumEffectFields]string{
	"income_pct", "intra_regional_trade", "china_trade_share", "russia_trade_share",
	"russian_transit", "redundancy", "border_security", "china_investment",
}

// String returns the scenario-file name of e.
func (e EffectField) String() string { return enumString(e, effectNames[:], "EffectField") }

// ParseEffectField parses an effect name such as "income_pct".
func ParseEffectField(s string) (EffectField, error) {
	return parseEnum[EffectField](s, effectNames[:], "unknown effect %q")
}

// LinkKind names a kind of link between actors.
type LinkKind string

// Link kinds.
const (
	LinkBorder     LinkKind = "border"     // shared land border
	LinkTrade      LinkKind = "trade"      // bilateral trade flow
	LinkRail       LinkKind = "rail"       // rail line
	LinkPipeline   LinkKind = "pipeline"   // oil or gas pipeline
	LinkPower      LinkKind = "power"      // power line or grid interconnect
	LinkCrossing   LinkKind = "crossing"   // border crossing point
	LinkBase       LinkKind = "base"       // foreign military base (host, operator)
	LinkAlliance   LinkKind = "alliance"   // membership of an alliance or union
	LinkInvestment LinkKind = "investment" // investment or debt stock
)

// IsCombatBase reports whether a base of this kind counts as Russian combat
// forces on the host's territory, as the episode record codes
// russian_base (data/episodes/README.md): air bases, ground forces, naval
// bases and peacekeeping contingents count; radars, test ranges, space
// launch sites and communications centres do not.
func IsCombatBase(kind string) bool {
	k := strings.ToLower(kind)
	for _, w := range []string{"radar", "test", "range", "space", "launch", "communication"} {
		if strings.Contains(k, w) {
			return false
		}
	}
	return true
}

// enumString returns the name of v, or typ(v) when v has none.
func enumString[T ~uint8](v T, names []string, typ string) string {
	if int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, v)
}

// parseEnum returns the value named s, or an error formatted with s by
// unknown.
func parseEnum[T ~uint8](s string, names []string, unknown string) (T, error) {
	if i := slices.Index(names, s); i >= 0 {
		return T(i), nil
	}
	return 0, fmt.Errorf(unknown, s)
}
