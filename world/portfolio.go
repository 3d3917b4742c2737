package world

// Portfolio is the investment problem a scenario states (its portfolio
// section): candidate projects, the financiers that may fund them with
// their budgets and eligibility rules, and the rules on which candidates
// may be funded together. Package portfolio chooses among the candidates;
// a run of the scenario ignores this section.
type Portfolio struct {
	// Base is the policy every portfolio adds its candidates to and is
	// compared with (the scenario's baseline when the file does not say).
	Base string
	// Start is the month a funded candidate starts.
	Start      Month
	Financiers []Financier
	Candidates []Candidate
	Rules      []Rule
	At         Pos // the section
}

// Financier is one source of money with a budget for the candidates.
type Financier struct {
	ID        string
	Name      string
	BudgetUSD Value // the most it lends or grants to the candidates in all
	// ExcludeCountries are actors whose projects it does not fund (a
	// candidate involving any of them may not take its money).
	ExcludeCountries []string
	// Kinds it funds (project kinds); empty means any.
	Kinds  []string
	Note   string
	Source string
	At     Pos
}

// Candidate is a project that a portfolio may fund.
type Candidate struct {
	ID string
	// Project is the project funded: one of the scenario's projects, or one
	// the candidate defines (Defined).
	Project Project
	Defined bool
	// Plans are the alternative ways to finance it; a portfolio that funds
	// the candidate uses exactly one.
	Plans []FinancingPlan
	// Requires are candidates without which this one is useless (it may be
	// funded only with them); Excludes are candidates it may not be funded
	// with.
	Requires []string
	Excludes []string
	Note     string
	At       Pos
}

// FinancingPlan splits a candidate's cost among financiers. The shares
// sum to at most 1; the rest is paid by the host governments, whose
// money no financier's budget limits.
type FinancingPlan struct {
	ID     string
	Shares []FinancingShare
	At     Pos
}

// FinancingShare is one financier's share of a candidate's cost.
type FinancingShare struct {
	Financier string
	Share     Value
	At        Pos
}

// Rule bounds how many of a set of candidates a portfolio funds, such as
// "at most one rail corridor". AtMost and AtLeast are -1 when not stated.
type Rule struct {
	ID              string
	Of              []string
	AtMost, AtLeast int
	Note, Source    string
	At              Pos
}
