package world

// Role says whether an actor is one of the states whose risk is forecast.
type Role string

// Roles.
const (
	Focus    Role = "focus"    // forecast: a Central Asian state
	External Role = "external" // context: Russia, China, the United States, Afghanistan, ...
)

// Attributes are the numbers describing an actor. Units are fixed; Set on a
// Value says whether the scenario stated it.
type Attributes struct {
	Population         Value // persons
	GDP                Value // current US dollars
	Growth             Value // real GDP growth, % a year (mean of the yearly draws)
	GrowthSD           Value // year-to-year standard deviation of growth, percentage points
	EthnicRussianShare Value // share of the population (0..1), latest census
	RemittancesGDP     Value // personal remittances received, % of GDP
	RemittancesRussia  Value // share of remittances that come from Russia (0..1)
	FuelExposure       Value // exposure of household budgets to fuel-price shocks (0..1)
	ChinaInvestment    Value // Chinese investment and debt stock, % of GDP
	RussiaTradeShare   Value // Russia's share of the country's goods trade (0..1)
	ChinaTradeShare    Value // China's share of goods trade (0..1)
	IntraRegionalTrade Value // share of goods trade with the other Central Asian states (0..1)
	RussianTransit     Value // share of external trade transiting Russia (0..1)
	RequestPropensity  Value // probability the government asks Russia/CSTO for help in a crisis (0..1)
	AlignmentShift     Value // turn away from Moscow (0..1) in the base state
	BorderRussiaKM     Value // length of land border with Russia, km
	// Alignment is the regime's foreign-policy alignment apart from CSTO
	// membership, coded as in the episode record (data/episodes/README.md):
	// 1 aligned with Moscow, 0 balancing, -1 turned away. Unset means 0.
	Alignment Value
	// Enclave is 1 if a Russian-backed separatist enclave, or territory
	// contested with Russian backing, lies in the state (0 or 1).
	Enclave Value
}

// Actor is a state or organisation in the scenario.
type Actor struct {
	ID      string // ISO 3166-1 alpha-3 code for states, e.g. "KAZ"
	Name    string
	Role    Role
	Neutral bool   // permanent neutrality (Turkmenistan, UN GA resolution 50/80, 1995)
	Note    string // free text
	Attr    Attributes
}

// Border is a shared land border.
type Border struct {
	A, B     string // actor ids
	LengthKM Value
	Note     string
}

// Base is a foreign military base or facility.
type Base struct {
	ID        string
	Name      string
	Host      string // actor id of the host state
	Operator  string // actor id of the operating state
	Kind      string // "air base", "ground forces", "space launch", "test range", ...
	Personnel Value  // troops or staff
	LeaseEnd  Value  // year the lease runs to (uncertain where sources disagree)
	Note      string
}

// Membership is an actor's membership of an alliance or union (CSTO, EAEU, ...).
type Membership struct {
	Org    string // organisation id, e.g. "CSTO"
	Member string // actor id
	From   Month
	To     Month // zero: still a member
	Source string
}

// Active reports whether the membership holds in month m.
func (ms Membership) Active(m Month) bool { return m >= ms.From && (ms.To == 0 || m < ms.To) }

// Investment is a stock of investment or debt held by an investor in a host.
type Investment struct {
	Investor, Host string
	StockUSD       Value
	Note           string
}

// Trade is a bilateral goods flow.
type Trade struct {
	From, To string
	ValueUSD Value
}

// Infra is an infrastructure link (rail, pipeline, power, crossing) between
// two actors or places, existing or added by a project.
type Infra struct {
	ID       string
	Kind     LinkKind
	From, To string // actor ids
	Via      []string
	Capacity Value // in the unit of Unit
	Unit     string
	Note     string
}

// Effect is a project's stated effect on one country's feature, applied
// from the month the project completes.
type Effect struct {
	Country string
	Field   EffectField
	Size    Value
}

// TradeCostChange is a project's effect on bilateral trade costs (for the
// gravity engine): either Change, a proportional change in trade costs
// (-0.1 for 10% lower costs), or PartialEffect, an estimated gravity
// coefficient of the measure on the pairs' trade (0.224 for the EU
// enlargement), which the engine converts with the draw's trade elasticity
// (a cost change of exp(-PartialEffect/theta) - 1). Exactly one is Set.
type TradeCostChange struct {
	From, To      string
	Change        Value
	PartialEffect Value
}

// Gravity holds the scenario's parameters of the trade model.
type Gravity struct {
	// Theta is the trade elasticity (the Fréchet shape of Eaton & Kortum
	// 2002; trade falls by theta per cent per 1% higher trade costs). Unset
	// means the gravity engine's documented default.
	Theta Value
	// TradeBaseline is the path of a flow table (CSV or Parquet: exporter,
	// importer, flow or value, optionally year; domestic flows included)
	// that replaces the bundled trade baseline; empty means the bundled
	// one. TradeBaselineYear picks its year (0: the table's latest).
	TradeBaseline     string
	TradeBaselineYear int
}

// Project is an integration project.
type Project struct {
	ID         string
	Name       string
	Kind       string   // rail, pipeline, power, crossing, trade-agreement, border-policy, ...
	Countries  []string // actor ids of the participants
	Financiers []string // actor ids or institution names (e.g. "CHN", "US-DFC", "ADB")
	CostUSD    Value
	Duration   Value // months from start to completion
	Effects    []Effect
	TradeCost  []TradeCostChange
	Adds       []Infra // links added to the network on completion
	// NetworkFeatures are the ids of the line features of the network
	// engine's data (data/network/central-asia.geojson) that the project
	// builds; empty when the scenario does not say (the engine then uses
	// its own project map, data/network/projects.json).
	NetworkFeatures []string
	Note            string
	Source          string
}

// PolicyProject schedules a project within a policy.
type PolicyProject struct {
	Project string // project id
	Start   Month
}

// Policy is a named set of scheduled projects. The baseline is a policy too.
type Policy struct {
	ID          string
	Name        string
	Description string
	Projects    []PolicyProject
}

// Hazard is the baseline monthly probability of a trigger of one type in one
// country, before covariates.
type Hazard struct {
	Country string
	Type    TriggerType
	Monthly Value
	Note    string
}

// HazardCoef are the coefficients of the hazard model (see package sim's
// doc for the functional form).
type HazardCoef struct {
	Growth          Value // per percentage point of growth above the country's mean
	FuelShock       Value // per unit of fuel-price shock (share) × fuel exposure
	RemittanceShock Value // per percentage point of GDP lost in remittances
	IncomeGain      Value // per % of real income gained from integration
	Realignment     Value // per unit change in the non-Russian trade share (realignment triggers)
	Commitment      Value // per unit of Russian forces committed elsewhere (realignment triggers)
}

// Decision holds the default logistic decision model's parameters.
type Decision struct {
	// Model names the calibrated intervention model a run uses in place of
	// the stated one: "v2" (the default when empty: request, accept and
	// uninvited processes and crisis hazards fitted on the episode set v2)
	// or "v1" (one logistic model fitted on the 49 episodes of v1, refitted
	// under Priors where they differ from its own).
	Model      string
	Intercept  Value
	Coef       [NumDecisionFeatures]Value // per feature; unset means 0
	TypeEffect [NumTriggerTypes]Value     // added to the linear predictor per trigger type; unset means 0
	// Requested and Unrequested are the distributions over intervention
	// outcomes (peacekeeping and above) given an intervention with and
	// without a request from the host government. A csto-deployment share
	// applies only to CSTO members; for others it moves to peacekeeping.
	Requested   [NumOutcomes]Value
	Unrequested [NumOutcomes]Value
	// Priors are the priors the scenario states for the calibrated
	// intervention model (package risk), which replaces the entries above
	// that it estimates.
	Priors DecisionPriors
}

// Prior is a normal prior N(Mean, SD²) on one coefficient of the
// calibrated intervention model, on the scale of that model's feature.
type Prior struct {
	Mean, SD   float64
	Source     string // citation; may be empty only when Assumption is true
	Assumption bool
	Reason     string // one-line reason for an assumption
	At         Pos    // where the scenario states it
}

// DecisionPriors are the priors a scenario states for the calibrated
// intervention model. A nil entry, or a coefficient not in Coef, keeps the
// model's bundled default. Names in Coef are the calibrated model's
// feature names, which package world does not know: the command that fits
// the model checks them and reports At for an unknown one.
type DecisionPriors struct {
	Intercept *Prior // the logistic model's intercept
	Slope     *Prior // every coefficient without its own entry in Coef
	Cut       *Prior // each cutpoint of the ordinal model
	Coef      map[string]Prior
	// V2 are priors on parameters of the intervention model v2, by the
	// model's parameter names ("request.country[KGZ]",
	// "uninvited.coef.enclave", "request.sd.country", ...).
	V2 map[string]Prior
	At Pos // where the priors block is
}

// Stated reports whether the scenario states any prior of the model v1.
func (p DecisionPriors) Stated() bool {
	return p.Intercept != nil || p.Slope != nil || p.Cut != nil || len(p.Coef) > 0
}

// Shocks are the yearly economic shocks that drive trigger hazards.
type Shocks struct {
	RussiaGrowth      Value // mean Russian real GDP growth, % a year
	RussiaGrowthSD    Value // its year-to-year sd
	RemitElasticity   Value // % change in remittances per percentage point of Russian growth
	FuelPriceSD       Value // sd of the yearly fuel-price shock (proportional)
	SanctionsCost     Value // sanctions cost to Russia, % of GDP growth a year
	SanctionsCostUSD  Value // in US dollars a year
	RussiaCommitments []Commitment
}

// Commitment is a period in which Russian forces are committed elsewhere.
type Commitment struct {
	Name      string
	From      Month
	EndYear   Value // year the commitment ends (uncertain)
	Intensity Value // 0..1
	Source    string
}

// Event is an observed event before the scenario's start: history that
// shapes the state of the world, never counted as a forecast outcome.
type Event struct {
	ID      string
	Month   Month
	Country string
	Trigger TriggerType
	Outcome Outcome
	Request bool
	Troops  Value
	Russian Value // Russian troops among them
	Note    string
	Source  string
}

// Claim records a sentence of the argument the scenario encodes, with its
// source and the fields that put a number on it.
type Claim struct {
	ID     string
	Text   string
	Source string
	Fields []string // parameter paths
}

// World is a resolved scenario.
type World struct {
	Name        string
	Title       string
	Description string
	Start       Month
	Horizon     Month // last simulated month, inclusive
	Baseline    string

	Actors      []Actor // focus actors first, in file order
	Borders     []Border
	Bases       []Base
	Memberships []Membership
	Investments []Investment
	Trade       []Trade
	Infra       []Infra
	Projects    []Project
	Policies    []Policy
	Hazards     []Hazard
	HazardCoef  HazardCoef
	Decision    Decision
	Shocks      Shocks
	Gravity     Gravity
	History     []Event
	Claims      []Claim
	Portfolio   *Portfolio // nil when the scenario states none
}

// Actor returns the actor with the given id.
func (w *World) Actor(id string) (*Actor, bool) {
	for i := range w.Actors {
		if w.Actors[i].ID == id {
			return &w.Actors[i], true
		}
	}
	return nil, false
}

// Focus returns the actors whose risk is forecast, in order.
func (w *World) Focus() []*Actor {
	var out []*Actor
	for i := range w.Actors {
		if w.Actors[i].Role == Focus {
			out = append(out, &w.Actors[i])
		}
	}
	return out
}

// Project returns the project with the given id.
func (w *World) Project(id string) (*Project, bool) {
	for i := range w.Projects {
		if w.Projects[i].ID == id {
			return &w.Projects[i], true
		}
	}
	return nil, false
}

// Policy returns the policy with the given id.
func (w *World) Policy(id string) (*Policy, bool) {
	for i := range w.Policies {
		if w.Policies[i].ID == id {
			return &w.Policies[i], true
		}
	}
	return nil, false
}

// PolicyIDs returns the ids of all policies in order.
func (w *World) PolicyIDs() []string {
	ids := make([]string, len(w.Policies))
	for i, p := range w.Policies {
		ids[i] = p.ID
	}
	return ids
}

// Member reports whether actor id is a member of org in month m.
func (w *World) Member(org, id string, m Month) bool {
	for _, ms := range w.Memberships {
		if ms.Org == org && ms.Member == id && ms.Active(m) {
			return true
		}
	}
	return false
}
