package results

// Decomposition splits a policy's effect on the probability of an
// intervention by the channel it passes through: each channel is switched
// off in the baseline and the policy alike (its coefficients set to zero)
// under common random numbers, and its contribution is the effect with it
// minus the effect without it. Channels interact, so contributions need
// not add up to the effect; Rest is the effect that remains with every
// channel off.
type Decomposition struct {
	Policy   string          `json:"policy"`
	Year     int             `json:"year"`
	Channels []ChannelEffect `json:"channels"`
	// Total and Rest are per country (and REGION), in Countries order of
	// the results: the policy's effect, and what remains with every
	// channel off.
	Total []float64 `json:"total"`
	Rest  []float64 `json:"rest"`
}

// ChannelEffect is one channel's contribution to a policy's effect.
type ChannelEffect struct {
	Name string `json:"name"`
	// Basis says whether the channel's strength is fitted to data or a
	// stated assumption, and what computes its inputs.
	Basis  string   `json:"basis"`
	Params []string `json:"params"` // the parameters set to zero to switch it off
	// Contribution per country (and REGION), in Countries order: effect
	// with the channel minus effect without it, in probability.
	Contribution []float64 `json:"contribution"`
}
