package world

import "testing"

func TestParseMonth(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2022-02", "2022-02", true},
		{"2022-01-05", "2022-01", true},
		{"2022-13", "", false},
		{"2022-00", "", false},
		{"22-01", "", false},
		{"2022/01", "", false},
		{"2022-1", "", false},
		{"2022-01-32", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		m, err := ParseMonth(tc.in)
		if (err == nil) != tc.ok || (tc.ok && m.String() != tc.want) {
			t.Errorf("ParseMonth(%q) = %v, %v", tc.in, m, err)
		}
	}
	if m := MonthOf(2042, 12); m.Year() != 2042 || m.MonthOfYear() != 12 || m-MonthOf(2022, 2) != 250 {
		t.Errorf("month arithmetic: %v", m)
	}
}

func TestVocabularyRoundTrip(t *testing.T) {
	for k := TriggerType(0); k < NumTriggerTypes; k++ {
		if got, err := ParseTriggerType(k.String()); err != nil || got != k {
			t.Errorf("trigger %v: %v %v", k, got, err)
		}
	}
	for o := Outcome(0); o < NumOutcomes; o++ {
		if got, err := ParseOutcome(o.String()); err != nil || got != o {
			t.Errorf("outcome %v: %v %v", o, got, err)
		}
		if o.IsIntervention() != (o >= OutcomePeacekeeping) {
			t.Errorf("%v.IsIntervention", o)
		}
	}
	for f := DecisionFeature(0); f < NumDecisionFeatures; f++ {
		if got, err := ParseDecisionFeature(f.String()); err != nil || got != f {
			t.Errorf("feature %v", f)
		}
	}
	for e := EffectField(0); e < NumEffectFields; e++ {
		if got, err := ParseEffectField(e.String()); err != nil || got != e {
			t.Errorf("effect %v", e)
		}
	}
	if _, err := ParseTriggerType("riot"); err == nil {
		t.Error("riot parsed")
	}
}

func TestMembershipActive(t *testing.T) {
	w := &World{Memberships: []Membership{{Org: "CSTO", Member: "UZB", From: MonthOf(2006, 6), To: MonthOf(2012, 6)}}}
	if !w.Member("CSTO", "UZB", MonthOf(2010, 1)) || w.Member("CSTO", "UZB", MonthOf(2012, 6)) || w.Member("CSTO", "UZB", MonthOf(2000, 1)) {
		t.Error("membership dates")
	}
}
