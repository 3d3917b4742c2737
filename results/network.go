package results

// NetworkChanges are the infrastructure network's measures that each
// policy's projects change, against the network of the lines that exist:
// every focus state's dependence on Russian transit per layer (freight,
// gas, oil, power) and the generalized cost in hours of the corridors and
// capital-to-capital routes, before and after. They are end states (every
// project complete), computed by the network engine from the bundled
// network as `steppe network compare` and the dashboard's GET
// /api/network/compare compute them; package model fills them
// ([model.Cache.NetworkChanges]) as tables of formatted cells, and the
// report shows them.
type NetworkChanges struct {
	// Against names the network the policies are compared with.
	Against  string          `json:"against"`
	Policies []NetworkPolicy `json:"policies"`
}

// NetworkPolicy is one policy's changes: its projects, notes on those that
// add no line, and the tables (Russian-transit dependence, then routes).
type NetworkPolicy struct {
	Policy, Note string
	Projects     []string
	Tables       []Table
}

// Table is a table of formatted cells; Name says what it holds
// ("dependence", "corridors"); the columns from index Num on are numbers.
type Table struct {
	Name    string
	Columns []string
	Rows    [][]string
	Num     int
}
