package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

const tradeCSV = "../../gravity/testdata/fixest_trade.csv"

func TestGravityEstimateCLI(t *testing.T) {
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"gravity", "estimate", "--data", tradeCSV,
		"--formula", "Euros ~ log(dist_km) | Origin + Destination + Product + Year",
		"--vcov", "cluster:Origin^Destination"}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	s := out.String()
	for _, want := range []string{"Poisson (PPML) estimation", "Observations: 38,325", "Origin: 15", "Clustered (Origin^Destination: 210)", "log(dist_km)", "-1.52787", "0.0769998", "Pseudo R2", "Iterations: 6"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	out.Reset()
	code = run(context.Background(), []string{"gravity", "estimate", "--data", tradeCSV, "--json", "--family", "ols",
		"--formula", "log(Euros) ~ log(dist_km) | Origin + Destination + Product + Year", "--vcov", "hetero"}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var sum struct {
		Coefficients []struct {
			Name     string
			Estimate float64
			SE       float64
		}
		NObs int
	}
	if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
		t.Fatal(err)
	}
	// fixest: -2.169875976217964 (0.018211749037633042 hetero).
	if len(sum.Coefficients) != 1 || math.Abs(sum.Coefficients[0].Estimate+2.169875976217964) > 1e-9 || math.Abs(sum.Coefficients[0].SE-0.018211749037633042) > 1e-8 {
		t.Errorf("json %+v", sum)
	}
}

func TestGravityEstimateCLIErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--formula", "y ~ x"}, "--data is required"},
		{[]string{"--data", tradeCSV, "--formula", "Euros ~ log(dist) | Origin"}, "available: Destination, Origin"},
		{[]string{"--data", tradeCSV, "--formula", "Euros ~ lg(dist_km)"}, "formula column 9"},
		{[]string{"--data", tradeCSV, "--formula", "Euros ~ dist_km", "--vcov", "cluster:"}, "empty cluster"},
		{[]string{"--data", "nope.csv", "--formula", "y ~ x"}, "nope.csv"},
		{[]string{"--data", tradeCSV, "--formula", "Euros ~ dist_km", "--offset", "log(nope)"}, `--offset "log(nope)": column 5: unknown column "nope"`},
		{[]string{"--data", tradeCSV, "--formula", "Euros ~ dist_km", "--offset", "Origin"}, `--offset "Origin": column 1: column "Origin" is not numeric`},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), append([]string{"gravity", "estimate"}, tc.args...), nil, &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 with %q", tc.args, code, errb.String(), tc.want)
		}
	}
}

// --offset enters with coefficient 1: the distance elasticity of fixest's
// spec a (testdata/fixest_golden.json, a_fepois_4fe: -1.5278743714656275)
// comes out lower by exactly 1 with log(dist_km) as offset.
func TestGravityEstimateOffset(t *testing.T) {
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"gravity", "estimate", "--data", tradeCSV, "--json", "--offset", "log(dist_km)",
		"--formula", "Euros ~ log(dist_km) | Origin + Destination + Product + Year", "--glm-tol", "1e-12", "--fixef-tol", "1e-11"}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var sum struct{ Coefficients []struct{ Estimate float64 } }
	if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
		t.Fatal(err)
	}
	if len(sum.Coefficients) != 1 || math.Abs(sum.Coefficients[0].Estimate-(-1.5278743714656275-1)) > 1e-8 {
		t.Errorf("coefficients %+v, want fixest's -1.5278743714656275 - 1", sum.Coefficients)
	}
}
