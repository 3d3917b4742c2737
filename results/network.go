package results

// NetworkChanges are the infrastructure network's measures that each
// policy's projects change, against the network of the lines that exist:
// every focus state's dependence on Russian transit per layer (freight,
// gas, oil, power) and the generalized cost in hours of the corridors and
// capital-to-capital routes, before and after. They are end states (every
// project complete), computed by the network engine from the bundled
// network as `steppe network compare` and the dashboard's GET
// /api/network/compare compute them; package model fills them
// ([model.Cache.NetworkChanges]) and the report shows them.
type NetworkChanges struct {
	// Against names the network the policies are compared with.
	Against  string          `json:"against"`
	Policies []NetworkPolicy `json:"policies"`
}

// NetworkPolicy is one policy's changes.
type NetworkPolicy struct {
	Policy   string   `json:"policy"`
	Projects []string `json:"projects"`
	// Notes say which projects add no line of the network.
	Notes      []string            `json:"notes"`
	Dependence []NetworkDependence `json:"dependence"`
	// Routes are the corridor routes that change, then the capital-to-
	// capital routes.
	Routes []NetworkRoute `json:"routes"`
}

// NetworkDependence is the change of a state's Russian-transit dependence
// in one layer: the share of its outside capacity that crosses Russia. Nil
// means the state has no outside capacity in the layer.
type NetworkDependence struct {
	Country string   `json:"country"`
	Layer   string   `json:"layer"`
	Before  *float64 `json:"before"`
	After   *float64 `json:"after"`
}

// NetworkRoute is the change of one route's generalized cost in hours;
// nil hours mean there is no route.
type NetworkRoute struct {
	From         string   `json:"from"`
	To           string   `json:"to"`
	Corridor     string   `json:"corridor,omitempty"` // empty: capital to capital
	BeforeHours  *float64 `json:"before_hours"`
	AfterHours   *float64 `json:"after_hours"`
	BeforeRussia bool     `json:"before_through_russia"`
	AfterRussia  bool     `json:"after_through_russia"`
}
