package results

// Validation holds the out-of-sample scores of the decision model the run
// used, against the baselines it must beat, as `steppe calibrate` computed
// them when it wrote the posterior file (the bundled one:
// data/posterior/v2.json). The event scored is "Russia intervened
// (peacekeeping or above)" per crisis of the episode record; each scheme
// refits the model without the crises it scores. A run whose posterior
// carries no scores (a refit under the scenario's priors, the model v1, or
// stated models) has Schemes empty and Note saying why.
type Validation struct {
	// Model names the decision model scored, e.g. "intervention model v2".
	Model string `json:"model"`
	// Source is the posterior file the scores come from.
	Source string `json:"source"`
	// Command computes the scores again (steppe calibrate prints them).
	Command string `json:"command"`
	// Event is what each forecast gives a probability of.
	Event   string             `json:"event"`
	Schemes []ValidationScheme `json:"schemes"`
	// Note says why there are no scores, when there are none.
	Note string `json:"note,omitempty"`
}

// ValidationScheme is one out-of-sample scheme: leave one episode out,
// leave one conflict out, or a temporal split.
type ValidationScheme struct {
	Scheme        string `json:"scheme"`
	Forecasts     int    `json:"forecasts"`
	Interventions int    `json:"interventions"` // observed among the forecasts
	Training      int    `json:"training"`      // crises in the (largest) training set
	// Scores are the model's first, then each baseline's.
	Scores []MethodScore `json:"scores"`
}

// MethodScore is the scores of one forecasting method over a scheme's
// forecasts: Brier (mean squared error, lower is better), log score (mean
// log probability of what happened, higher is better) and AUROC (area under
// the ROC curve; absent for the baselines, which rank crises by their
// training fold alone, and where only one outcome was observed).
type MethodScore struct {
	Method string   `json:"method"`
	Brier  float64  `json:"brier"`
	Log    float64  `json:"log_score"`
	AUROC  *float64 `json:"auroc,omitempty"`
}

// Losses lists, for a scheme, each baseline that scores better than the
// model on Brier or on log score, with the score it loses on.
func (s *ValidationScheme) Losses() []ValidationLoss {
	if len(s.Scores) == 0 {
		return nil
	}
	m := s.Scores[0]
	var out []ValidationLoss
	for _, b := range s.Scores[1:] {
		if b.Brier < m.Brier {
			out = append(out, ValidationLoss{Baseline: b.Method, Score: "Brier", Model: m.Brier, Other: b.Brier})
		}
		if b.Log > m.Log {
			out = append(out, ValidationLoss{Baseline: b.Method, Score: "log score", Model: m.Log, Other: b.Log})
		}
	}
	return out
}

// ValidationLoss is one score on which a baseline beats the model.
type ValidationLoss struct {
	Baseline string  `json:"baseline"`
	Score    string  `json:"score"`
	Model    float64 `json:"model"`
	Other    float64 `json:"baseline_score"`
}
