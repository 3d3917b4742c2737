package scenario

import (
	"reflect"

	"go.yaml.in/yaml/v3"
)

// The types below mirror the YAML format documented in docs/scenario.md.
// Each field's yaml tag is its key in the file.

// Val is a number with provenance: {value, year, source, dist, assumption,
// reason, note}.
type Val struct {
	Value      Num       `yaml:"value"`
	Year       Num       `yaml:"year"`
	Source     Str       `yaml:"source"`
	Dist       *DistSpec `yaml:"dist"`
	Assumption Bool      `yaml:"assumption"`
	Reason     Str       `yaml:"reason"`
	Note       Str       `yaml:"note"`

	Pos  Pos
	Path string
	Set  bool
}

func (v *Val) decodeNode(d *decoder, n *yaml.Node, path string) {
	v.Pos, v.Path = d.pos(n), path
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		d.errorf(n, path, "want a value mapping {value, year, source} (a bare number has no provenance), got %s", kindName(n))
		return
	}
	v.Set = true
	d.decodeStruct(n, reflect.ValueOf(v).Elem(), path)
}

// DistSpec is a distribution: {type: normal, mean, sd} and so on.
type DistSpec struct {
	Type  Str `yaml:"type"`
	Mean  Num `yaml:"mean"`
	SD    Num `yaml:"sd"`
	Mu    Num `yaml:"mu"`
	Sigma Num `yaml:"sigma"`
	Min   Num `yaml:"min"`
	Max   Num `yaml:"max"`
	Mode  Num `yaml:"mode"`
	Alpha Num `yaml:"alpha"`
	Beta  Num `yaml:"beta"`
	Value Num `yaml:"value"`

	Pos Pos
}

type fileScenario struct {
	Name        Str                   `yaml:"name"`
	Title       Str                   `yaml:"title"`
	Description Str                   `yaml:"description"`
	Extends     Str                   `yaml:"extends"`
	Start       Str                   `yaml:"start"`
	Horizon     Str                   `yaml:"horizon"`
	Baseline    Str                   `yaml:"baseline"`
	Actors      Keyed[fileActor]      `yaml:"actors"`
	Borders     Keyed[fileBorder]     `yaml:"borders"`
	Bases       Keyed[fileBase]       `yaml:"bases"`
	Memberships Keyed[fileMembership] `yaml:"memberships"`
	Investments Keyed[fileInvestment] `yaml:"investments"`
	Trade       Keyed[fileTrade]      `yaml:"trade"`
	Infra       Keyed[fileInfra]      `yaml:"infrastructure"`
	Projects    Keyed[fileProject]    `yaml:"projects"`
	Policies    Keyed[filePolicy]     `yaml:"policies"`
	Triggers    fileTriggers          `yaml:"triggers"`
	Decision    fileDecision          `yaml:"decision"`
	Shocks      fileShocks            `yaml:"shocks"`
	Gravity     fileGravity           `yaml:"gravity"`
	History     Keyed[fileEvent]      `yaml:"history"`
	Claims      Keyed[fileClaim]      `yaml:"claims"`
	Portfolio   filePortfolio         `yaml:"portfolio"`
}

type fileActor struct {
	Name               Str  `yaml:"name"`
	Role               Str  `yaml:"role"`
	Neutral            Bool `yaml:"neutral"`
	Note               Str  `yaml:"note"`
	Population         Val  `yaml:"population"`
	GDP                Val  `yaml:"gdp_usd"`
	Growth             Val  `yaml:"growth"`
	GrowthSD           Val  `yaml:"growth_sd"`
	EthnicRussianShare Val  `yaml:"ethnic_russian_share"`
	RemittancesGDP     Val  `yaml:"remittances_gdp"`
	RemittancesRussia  Val  `yaml:"remittances_russia_share"`
	FuelExposure       Val  `yaml:"fuel_price_exposure"`
	ChinaInvestment    Val  `yaml:"china_investment_gdp"`
	RussiaTradeShare   Val  `yaml:"russia_trade_share"`
	ChinaTradeShare    Val  `yaml:"china_trade_share"`
	IntraRegionalTrade Val  `yaml:"intra_regional_trade_share"`
	RussianTransit     Val  `yaml:"russian_transit_share"`
	RequestPropensity  Val  `yaml:"request_propensity"`
	AlignmentShift     Val  `yaml:"alignment_shift"`
	BorderRussiaKM     Val  `yaml:"border_russia_km"`
	Alignment          Val  `yaml:"alignment"`
	Enclave            Val  `yaml:"enclave"`
}

type fileBorder struct {
	A        Str `yaml:"a"`
	B        Str `yaml:"b"`
	LengthKM Val `yaml:"length_km"`
	Note     Str `yaml:"note"`
}

type fileBase struct {
	Name      Str `yaml:"name"`
	Host      Str `yaml:"host"`
	Operator  Str `yaml:"operator"`
	Kind      Str `yaml:"kind"`
	Personnel Val `yaml:"personnel"`
	LeaseEnd  Val `yaml:"lease_end"`
	Note      Str `yaml:"note"`
}

type fileMembership struct {
	Org    Str `yaml:"org"`
	Member Str `yaml:"member"`
	From   Str `yaml:"from"`
	To     Str `yaml:"to"`
	Source Str `yaml:"source"`
	Note   Str `yaml:"note"`
}

type fileInvestment struct {
	Investor Str `yaml:"investor"`
	Host     Str `yaml:"host"`
	StockUSD Val `yaml:"stock_usd"`
	Note     Str `yaml:"note"`
}

type fileTrade struct {
	From     Str `yaml:"from"`
	To       Str `yaml:"to"`
	ValueUSD Val `yaml:"value_usd"`
}

type fileInfra struct {
	Kind     Str  `yaml:"kind"`
	From     Str  `yaml:"from"`
	To       Str  `yaml:"to"`
	Via      Strs `yaml:"via"`
	Capacity Val  `yaml:"capacity"`
	Unit     Str  `yaml:"unit"`
	Note     Str  `yaml:"note"`
}

type fileTradeCost struct {
	From          Str `yaml:"from"`
	To            Str `yaml:"to"`
	Change        Val `yaml:"change"`
	PartialEffect Val `yaml:"partial_effect"`
}

type fileGravity struct {
	Theta             Val `yaml:"theta"`
	TradeBaseline     Str `yaml:"trade_baseline"`
	TradeBaselineYear Num `yaml:"trade_baseline_year"`
}

type fileProject struct {
	Name       Str                  `yaml:"name"`
	Kind       Str                  `yaml:"kind"`
	Countries  Strs                 `yaml:"countries"`
	Financiers Strs                 `yaml:"financiers"`
	CostUSD    Val                  `yaml:"cost_usd"`
	Duration   Val                  `yaml:"duration_months"`
	Effects    Keyed[Keyed[Val]]    `yaml:"effects"`
	TradeCost  Keyed[fileTradeCost] `yaml:"trade_cost"`
	Adds       Keyed[fileInfra]     `yaml:"adds"`
	NetFeat    Strs                 `yaml:"network_features"`
	Note       Str                  `yaml:"note"`
	Source     Str                  `yaml:"source"`
}

type fileSchedule struct {
	Start Str `yaml:"start"`
}

type filePolicy struct {
	Name        Str                 `yaml:"name"`
	Description Str                 `yaml:"description"`
	Projects    Keyed[fileSchedule] `yaml:"projects"`
}

type fileTriggers struct {
	Hazard Keyed[Keyed[Val]] `yaml:"hazard"`
	Coef   fileHazardCoef    `yaml:"coef"`
}

type fileHazardCoef struct {
	Growth         Val `yaml:"growth"`
	FuelShock      Val `yaml:"fuel_shock"`
	RemittanceLoss Val `yaml:"remittance_loss"`
	IncomeGain     Val `yaml:"income_gain"`
	Realignment    Val `yaml:"realignment"`
	Commitment     Val `yaml:"commitment"`
}

type fileDecision struct {
	Model         Str          `yaml:"model"`
	Intercept     Val          `yaml:"intercept"`
	Coef          Keyed[Val]   `yaml:"coef"`
	TriggerEffect Keyed[Val]   `yaml:"trigger_effect"`
	Outcomes      fileOutcomes `yaml:"outcomes"`
	Priors        filePriors   `yaml:"priors"`
}

// filePriors are the priors of the calibrated intervention model.
type filePriors struct {
	Intercept *filePrior       `yaml:"intercept"`
	Slope     *filePrior       `yaml:"slope"`
	Cut       *filePrior       `yaml:"cut"`
	Coef      Keyed[filePrior] `yaml:"coef"`
	V2        Keyed[filePrior] `yaml:"v2"`

	Pos Pos
}

// filePrior is a normal prior {mean, sd} with its provenance.
type filePrior struct {
	Mean       Num  `yaml:"mean"`
	SD         Num  `yaml:"sd"`
	Source     Str  `yaml:"source"`
	Assumption Bool `yaml:"assumption"`
	Reason     Str  `yaml:"reason"`
	Note       Str  `yaml:"note"`

	Pos Pos
	Set bool
}

func (p *filePrior) decodeNode(d *decoder, n *yaml.Node, path string) {
	p.Pos = d.pos(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "want a normal prior {mean, sd, source} (or assumption: true with a reason), got %s", kindName(n))
		return
	}
	p.Set = true
	d.decodeStruct(n, reflect.ValueOf(p).Elem(), path)
}

type fileOutcomes struct {
	Requested   Keyed[Val] `yaml:"requested"`
	Unrequested Keyed[Val] `yaml:"unrequested"`
}

type fileShocks struct {
	RussiaGrowth      Val                   `yaml:"russia_growth"`
	RussiaGrowthSD    Val                   `yaml:"russia_growth_sd"`
	RemitElasticity   Val                   `yaml:"remittance_elasticity"`
	FuelPriceSD       Val                   `yaml:"fuel_price_sd"`
	SanctionsCost     Val                   `yaml:"sanctions_growth_cost"`
	SanctionsCostUSD  Val                   `yaml:"sanctions_cost_usd"`
	RussiaCommitments Keyed[fileCommitment] `yaml:"russia_commitments"`
}

type fileCommitment struct {
	Name      Str `yaml:"name"`
	From      Str `yaml:"from"`
	EndYear   Val `yaml:"end_year"`
	Intensity Val `yaml:"intensity"`
	Source    Str `yaml:"source"`
}

type fileEvent struct {
	Month   Str  `yaml:"month"`
	Country Str  `yaml:"country"`
	Trigger Str  `yaml:"trigger"`
	Outcome Str  `yaml:"outcome"`
	Request Bool `yaml:"request"`
	Troops  Val  `yaml:"troops"`
	Russian Val  `yaml:"russian_troops"`
	Note    Str  `yaml:"note"`
	Source  Str  `yaml:"source"`
}

type fileClaim struct {
	Text   Str  `yaml:"text"`
	Source Str  `yaml:"source"`
	Fields Strs `yaml:"fields"`
}
