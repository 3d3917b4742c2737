package gravity

import (
	"fmt"
	"io"
	"strings"

	"github.com/steppe-dev/steppe/internal/jsonnum"
)

// Summary is the JSON-ready account of a fit with one choice of standard
// errors (see Result.Summary).
type Summary struct {
	Formula      string         `json:"formula"`
	Family       string         `json:"family"`
	Vcov         string         `json:"vcov"`
	Coefficients []CoefRow      `json:"coefficients"`
	Collinear    []string       `json:"collinear,omitempty"`
	NObs         int            `json:"nobs"`
	NObsOrigin   int            `json:"nobs_origin"`
	Removed      map[string]int `json:"removed"`
	FixedEffects []FEInfo       `json:"fixed_effects,omitempty"`
	Iterations   int            `json:"iterations"`
	Converged    bool           `json:"converged"`
	NParams      int            `json:"nparams"`
	KSSC         int            `json:"k_small_sample"`
	DF           int            `json:"t_df"`
	Clusters     []int          `json:"clusters,omitempty"`
	Deviance     Float          `json:"deviance"`
	LogLik       Float          `json:"loglik"`
	LLNull       Float          `json:"ll_null,omitempty"`
	PseudoR2     Float          `json:"pseudo_r2,omitempty"`
	SqCor        Float          `json:"sq_cor"`
	R2           Float          `json:"r2,omitempty"`
	AdjR2        Float          `json:"adj_r2,omitempty"`
	WithinR2     Float          `json:"within_r2,omitempty"`
	RMSE         Float          `json:"rmse,omitempty"`
	Warnings     []string       `json:"warnings,omitempty"`
}

// Float is a float64 that encodes NaN and ±Inf as JSON null (JSON has no
// such numbers), e.g. the p-value of a zero standard error.
type Float = jsonnum.Float

// CoefRow is one line of the coefficient table.
type CoefRow struct {
	Name     string `json:"name"`
	Estimate Float  `json:"estimate"`
	SE       Float  `json:"se"`
	Stat     Float  `json:"stat"`
	PValue   Float  `json:"pvalue"`
}

// Summary assembles the results with the standard errors v.
func (r *Result) Summary(v *Vcov) Summary {
	s := Summary{
		Formula:      r.Formula.Src,
		Family:       r.Family.String(),
		Vcov:         v.Spec.String(),
		Collinear:    r.Collinear,
		NObs:         r.NObs,
		NObsOrigin:   r.NObsOrigin,
		FixedEffects: r.FE,
		Iterations:   r.Iterations,
		Converged:    r.Converged,
		NParams:      r.NParams,
		KSSC:         v.K,
		DF:           v.DF,
		Clusters:     v.G,
		Deviance:     Float(r.Deviance),
		LogLik:       Float(r.LogLik),
		SqCor:        Float(r.SqCor),
		Warnings:     warningTexts(r, v),
		Removed: map[string]int{
			"missing":       r.Removed.Missing,
			"infinite":      r.Removed.Infinite,
			"all_zero_fe":   r.Removed.AllZeroFE,
			"separated":     r.Removed.Separated,
			"total_removed": r.Removed.Total(),
		},
	}
	if r.Family == Poisson {
		s.LLNull, s.PseudoR2 = Float(r.LLNull), Float(r.PseudoR2)
	} else {
		s.R2, s.AdjR2, s.WithinR2, s.RMSE = Float(r.R2), Float(r.AdjR2), Float(r.WithinR2), Float(r.RMSE)
	}
	for j, name := range r.CoefNames {
		row := CoefRow{Name: name, Estimate: Float(r.Coef[j])}
		if j < len(v.SE) {
			row.SE, row.Stat, row.PValue = Float(v.SE[j]), Float(v.Stat[j]), Float(v.PValue[j])
		}
		s.Coefficients = append(s.Coefficients, row)
	}
	return s
}

func vcovLabel(v *Vcov) string {
	switch v.Spec.Type {
	case VcovHetero:
		return "Heteroskedasticity-robust"
	case VcovCluster:
		var parts []string
		for i, c := range v.Spec.Cluster {
			g := 0
			if i < len(v.G) {
				g = v.G[i]
			}
			parts = append(parts, fmt.Sprintf("%s: %s", c.Label(), thousands(g)))
		}
		return "Clustered (" + strings.Join(parts, "; ") + ")"
	}
	return "IID"
}

// thousands formats an integer with comma separators.
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func stars(p float64) string {
	switch {
	case p < 0.001:
		return "***"
	case p < 0.01:
		return "**"
	case p < 0.05:
		return "*"
	case p < 0.1:
		return "."
	}
	return ""
}

func fmtP(p float64) string {
	if p < 2.2e-16 {
		return "< 2.2e-16"
	}
	return fmt.Sprintf("%.6g", p)
}

// WriteTable prints a fixest-like summary: the sample and what was removed,
// the fixed-effect sizes, the coefficient table with v's standard errors,
// and the fit statistics.
func (r *Result) WriteTable(w io.Writer, v *Vcov) error {
	var b strings.Builder
	dep := r.Formula.LHS.String()
	if r.Family == Poisson {
		fmt.Fprintf(&b, "Poisson (PPML) estimation, Dep. Var.: %s\n", dep)
	} else {
		fmt.Fprintf(&b, "OLS estimation, Dep. Var.: %s\n", dep)
	}
	fmt.Fprintf(&b, "Observations: %s used of %s", thousands(r.NObs), thousands(r.NObsOrigin))
	if r.Removed.Total() > 0 {
		var why []string
		add := func(n int, s string) {
			if n > 0 {
				why = append(why, fmt.Sprintf("%s %s", thousands(n), s))
			}
		}
		add(r.Removed.Missing, "missing values")
		add(r.Removed.Infinite, "infinite values")
		add(r.Removed.AllZeroFE, "in all-zero fixed-effect groups")
		add(r.Removed.Separated, "separated")
		fmt.Fprintf(&b, " (removed: %s)", strings.Join(why, ", "))
	}
	b.WriteString("\n")
	if len(r.FE) > 0 {
		var parts []string
		for _, fe := range r.FE {
			p := fmt.Sprintf("%s: %s", fe.Name, thousands(fe.Size))
			if len(fe.RemovedLevels) > 0 {
				p += fmt.Sprintf(" (%s all-zero levels dropped)", thousands(len(fe.RemovedLevels)))
			}
			parts = append(parts, p)
		}
		fmt.Fprintf(&b, "Fixed-effects: %s\n", strings.Join(parts, ",  "))
	}
	fmt.Fprintf(&b, "Standard-errors: %s\n", vcovLabel(v))
	stat := "z value"
	pcol := "Pr(>|z|)"
	if r.Family == Gaussian {
		stat, pcol = "t value", "Pr(>|t|)"
	}
	nameW := 12
	for _, n := range r.CoefNames {
		nameW = max(nameW, len(n))
	}
	fmt.Fprintf(&b, "%-*s %12s %12s %10s %11s\n", nameW, "", "Estimate", "Std. Error", stat, pcol)
	for j, n := range r.CoefNames {
		fmt.Fprintf(&b, "%-*s %12.6g %12.6g %10.4g %11s %s\n", nameW, n, r.Coef[j], v.SE[j], v.Stat[j], fmtP(v.PValue[j]), stars(v.PValue[j]))
	}
	b.WriteString("---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n")
	if len(r.Collinear) > 0 {
		fmt.Fprintf(&b, "Removed as collinear: %s\n", strings.Join(r.Collinear, ", "))
	}
	if r.Family == Poisson {
		fmt.Fprintf(&b, "Log-Likelihood: %.6g   Pseudo R2: %.6f   Squared Cor.: %.6f\n", r.LogLik, r.PseudoR2, r.SqCor)
		fmt.Fprintf(&b, "Deviance: %.8g   Null log-likelihood: %.6g\n", r.Deviance, r.LLNull)
	} else {
		fmt.Fprintf(&b, "RMSE: %.6g   R2: %.6f   Adj. R2: %.6f   Within R2: %.6f\n", r.RMSE, r.R2, r.AdjR2, r.WithinR2)
		fmt.Fprintf(&b, "Log-Likelihood: %.6g   SSR: %.8g\n", r.LogLik, r.SSR)
	}
	conv := "converged"
	if !r.Converged {
		conv = "NOT converged"
	}
	fmt.Fprintf(&b, "Iterations: %d (%s)   Small-sample K: %d", r.Iterations, conv, v.K)
	if r.Family == Gaussian || v.Spec.Type == VcovCluster {
		fmt.Fprintf(&b, "   t df: %d", v.DF)
	}
	b.WriteString("\n")
	for _, wn := range warningTexts(r, v) {
		fmt.Fprintf(&b, "Warning: %s\n", wn)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
