package risk

import (
	"bytes"
	"io/fs"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/world"
)

const crisisHdr = "id,conflict,date,country,subregion,area,crisis,trigger,request,response,csto_member,russian_base,troops_k,enclave,border_russia,alignment,russia_committed,ethnic_russian_share,census_year,non_russian_trade_share,ties_year,deaths,sources,notes\n"

// crisisRow is a valid row (Kazakhstan, January 2022); the table tests
// change one cell of it at a time. Columns (1-based byte offsets) are
// noted where a test asserts them.
const crisisRow = "KAZ-2022-01,KAZ-2022,2022-01,KAZ,central-asia,Almaty,Bloody January,protest,1,csto-deployment,1,0,0,0,1,0,0.5,0.155,2021,NA,NA,227,https://example.org/a ; https://example.org/b,note\n"

// TestLoadCrisesRules checks each mechanical rule of the episode set v2:
// a row that breaks it is rejected with file:line:column and the field.
func TestLoadCrisesRules(t *testing.T) {
	rep := func(old, new string) string {
		if !strings.Contains(crisisRow, old) {
			t.Fatalf("test row lacks %q", old)
		}
		return strings.Replace(crisisRow, old, new, 1)
	}
	tests := []badRow{
		{"unknown trigger", rep(",protest,", ",riot,"), `f.csv:2:69: trigger: unknown trigger type "riot"`},
		{"unknown response", rep(",csto-deployment,", ",airstrike,"), `f.csv:2:79: response: unknown outcome "airstrike"`},
		{"request not binary", rep(",protest,1,", ",protest,NA,"), `f.csv:2:77: request: "NA" is not 0 or 1`},
		{"enclave not binary", rep(",0,0,0,1,0,", ",0,0,2,1,0,"), `enclave: "2" is not 0 or 1`},
		{"alignment off the levels", rep(",1,0,0.5,", ",1,0.3,0.5,"), `alignment: "0.3" is not one of [-1 0 1]`},
		{"committed off the levels", rep(",0,0.5,0.155,", ",0,0.7,0.155,"), `russia_committed: "0.7" is not one of [0 0.5 1]`},
		{"empty id", rep("KAZ-2022-01,", ","), "f.csv:2:1: id: empty id"},
		{"id pattern", rep("KAZ-2022-01,", "kaz1,"), `id: "kaz1": want COUNTRY-YYYY-MM`},
		{"id against date", rep("KAZ-2022-01,", "KAZ-2021-01,"), `id: "KAZ-2021-01" does not match country KAZ and date 2022-01`},
		{"duplicate id", crisisRow + crisisRow, `f.csv:3:1: id: duplicate id "KAZ-2022-01" (first on line 2)`},
		{"empty conflict", rep(",KAZ-2022,", ",,"), "f.csv:2:13: conflict: empty conflict id"},
		{"date not a month", rep(",2022-01,", ",2022-13,"), "f.csv:2:22: date:"},
		{"date with a day", rep(",2022-01,", ",2022-01-05,"), `date: "2022-01-05": want YYYY-MM`},
		{"date before 1991-12", strings.ReplaceAll(rep(",2022-01,", ",1991-11,"), "KAZ-2022-01", "KAZ-1991-11"), "date: 1991-11 is outside 1991-12..2025-12"},
		{"Russia is not a host", rep(",KAZ,central-asia,", ",RUS,central-asia,"), `country: "RUS" is not one of the fourteen`},
		{"wrong subregion", rep(",central-asia,", ",caucasus,"), `subregion: "caucasus", but KAZ is in "central-asia"`},
		{"border with Russia", rep(",0,0,0,1,0,", ",0,0,0,0,0,"), "border_russia: 0, but KAZ's value is 1"},
		{"CSTO membership", rep(",csto-deployment,1,", ",csto-deployment,0,"), "csto_member: 0, but KAZ was a CST/CSTO member in 2022-01"},
		{"csto-deployment without request", rep(",protest,1,", ",protest,0,"), "response: csto-deployment needs request = 1 and csto_member = 1 (got 0 and 1)"},
		{"requested invasion", rep(",csto-deployment,", ",invasion,"), "response: invasion with request = 1"},
		{"requested covert support", rep(",csto-deployment,", ",covert,"), "response: covert with request = 1"},
		{"troops without a base", rep(",1,0,0,0,1,", ",1,0,2.5,0,1,"), "troops_k: 2.5, but russian_base is 0"},
		{"base without troops", rep(",1,0,0,0,1,", ",1,1,0,0,1,"), "troops_k: 0, but russian_base is 1"},
		{"negative troops", rep(",1,0,0,0,1,", ",1,1,-1,0,1,"), `troops_k: "-1" is not a non-negative number`},
		{"share NA inside the census window", rep(",0.155,2021,", ",NA,NA,"), "ethnic_russian_share: NA, but KAZ held a census in 2021, within 20 years"},
		{"census year not the latest", rep(",0.155,2021,", ",0.155,2009,"), "census_year: 2009, want 2021"},
		{"census after onset", rep(",0.155,2021,", ",0.155,2023,"), "census_year: 2023, want 2021"},
		{"share above 1", rep(",0.155,", ",1.55,"), "ethnic_russian_share: share 1.55 outside [0,1]"},
		{"ties year without share", rep(",NA,NA,227,", ",NA,2020,227,"), "ties_year: ties_year must be given exactly when"},
		{"ties year far from onset", rep(",NA,NA,227,", ",0.8,2006,227,"), "ties_year: 2006 is more than five years from onset 2022"},
		{"negative deaths", rep(",227,", ",-3,"), `deaths: "-3" is not a non-negative number`},
		{"no source", rep("https://example.org/a ; https://example.org/b", ""), "sources: row has no source"},
		{"source not a URL", rep("https://example.org/a ;", "a book ;"), `sources: source "a book" is not an http(s) URL`},
		{"Wikipedia", rep("https://example.org/a", "https://en.wikipedia.org/wiki/2022_Kazakh_unrest"), "is on the banned list (wikipedia.org)"},
		{"Wikipedia mirror", rep("https://example.org/a", "https://iiab.me/kiwix/content/x"), "is on the banned list (iiab.me)"},
		{"wiki host", rep("https://example.org/a", "https://www.wikiwand.com/en/x"), "is on the banned list (wikiwand.com)"},
		{"short row", "KAZ-2022-01,KAZ\n", "f.csv:2:1: row: got 2 fields, want 24"},
	}
	checkBadRows(t, LoadCrises, crisisHdr, tests)
	cs, err := LoadCrises("f.csv", strings.NewReader(crisisHdr+crisisRow))
	if err != nil {
		t.Fatalf("good row: %v", err)
	}
	c := cs[0]
	if c.Month != world.MonthOf(2022, 1) || c.Response != world.OutcomeCSTODeployment || !c.Invited() || c.CensusYear != 2021 || !IsNA(c.NonRussianTrade) || c.Deaths != 227 || len(c.Sources) != 2 {
		t.Errorf("good row parsed as %+v", c)
	}
	if _, err := LoadCrises("f.csv", strings.NewReader("id,date\n")); err == nil || !strings.Contains(err.Error(), "f.csv:1:1: header") {
		t.Errorf("bad header: %v", err)
	}
	if _, err := LoadCrises("f.csv", strings.NewReader(crisisHdr)); err == nil || !strings.Contains(err.Error(), "no crises") {
		t.Errorf("empty file: %v", err)
	}
}

// TestLoadCrisesCensusRule: with no census within 20 years (Uzbekistan
// after 2009) the share must be NA, and it must agree with the census
// table when a table is given.
func TestLoadCrisesCensusRule(t *testing.T) {
	uzb := "UZB-2012-06,UZB-REAL,2012-06,UZB,central-asia,,CSTO suspension,realignment,0,none,1,0,0,0,0,0,0.5,%s,%s,NA,NA,NA,https://example.org/a,\n"
	row := func(share, year string) string {
		return crisisHdr + strings.Replace(strings.Replace(uzb, "%s", share, 1), "%s", year, 1)
	}
	if _, err := LoadCrises("u.csv", strings.NewReader(row("NA", "NA"))); err != nil {
		t.Errorf("UZB 2012 with NA share: %v", err)
	}
	if _, err := LoadCrises("u.csv", strings.NewReader(row("0.083", "1989"))); err == nil || !strings.Contains(err.Error(), "no census of UZB lies in 1992..2012 (want NA)") {
		t.Errorf("UZB 2012 with the 1989 share: %v", err)
	}
	cens := []Census{{Country: "KAZ", Year: 2021, Share: 0.155}}
	if _, err := LoadCrisesCensus("f.csv", strings.NewReader(crisisHdr+crisisRow), cens); err != nil {
		t.Errorf("share equal to the table: %v", err)
	}
	cens[0].Share = 0.237
	if _, err := LoadCrisesCensus("f.csv", strings.NewReader(crisisHdr+crisisRow), cens); err == nil || !strings.Contains(err.Error(), "f.csv:2:111: ethnic_russian_share: 0.155, but the KAZ census of 2021 gives 0.237") {
		t.Errorf("share unequal to the table: %v", err)
	}
	if _, err := LoadCrisesCensus("f.csv", strings.NewReader(crisisHdr+crisisRow), []Census{{Country: "KAZ", Year: 2009, Share: 0.237}}); err == nil || !strings.Contains(err.Error(), "census_year: no KAZ census of 2021 in the census table") {
		t.Errorf("census missing from the table: %v", err)
	}
}

func TestLoadCensuses(t *testing.T) {
	const h = "country,year,russians,total,share,sources,notes\n"
	cs, err := LoadCensuses("c.csv", strings.NewReader(h+"KAZ,2021,2981946,19186015,0.155,https://example.org,\n"))
	if err != nil || len(cs) != 1 || cs[0].Share != 0.155 {
		t.Fatalf("got %v, %v", cs, err)
	}
	for _, tc := range []struct{ row, want string }{
		{"KAZ,2021,2981946,19186015,0.2,https://example.org,\n", "c.csv:2:27: share: 0.2, but russians/total = 0.1554"},
		{"RUS,2021,1,2,0.5,https://example.org,\n", `c.csv:2:1: country: "RUS" is not one of`},
		{"KAZ,1979,1,2,0.5,https://example.org,\n", `c.csv:2:5: year: "1979" is not a census year`},
		{"KAZ,2021,3,2,1,https://example.org,\n", "total: total 2 must be positive and at least russians 3"},
		{"KAZ,2021,1,2,0.5,,\n", "sources: row has no source"},
		{"KAZ,2021,1,2,0.5,https://a.org,\nKAZ,2021,1,2,0.5,https://a.org,\n", "c.csv:3:5: year: duplicate census KAZ 2021 (first on line 2)"},
	} {
		if _, err := LoadCensuses("c.csv", strings.NewReader(h+tc.row)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.row, err, tc.want)
		}
	}
}

// TestIsOnsetAndRates checks the onset rule and the rate arithmetic on a
// small record: a conflict's second intervention within five years is no
// onset, after more than five years it is.
func TestIsOnsetAndRates(t *testing.T) {
	mk := func(conflict string, y, m int, sub string, r world.Outcome) Crisis {
		return Crisis{Conflict: conflict, Month: world.MonthOf(y, m), Subregion: sub, Response: r}
	}
	cs := []Crisis{
		mk("GEO-SOS", 2008, 8, "caucasus", world.OutcomeInvasion),
		mk("GEO-SOS", 1992, 6, "caucasus", world.OutcomePeacekeeping),
		mk("GEO-SOS", 1996, 6, "caucasus", world.OutcomePeacekeeping),
		mk("TJK-CW", 1992, 5, "central-asia", world.OutcomeCSTODeployment),
		mk("KAZ-2022", 2022, 1, "central-asia", world.OutcomeCSTODeployment),
		mk("KGZ-2010", 2010, 6, "central-asia", world.OutcomeBaseReinforcement),
	}
	got := IsOnset(cs)
	want := []bool{true, true, false, true, true, false}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("IsOnset[%d] (%s %s) = %v, want %v", i, cs[i].Conflict, cs[i].Month, got[i], want[i])
		}
	}
	for _, tc := range []struct {
		from, to world.Month
		sub      string
		on       int
		sy       float64
	}{
		{world.MonthOf(1992, 1), world.MonthOf(2025, 12), "central-asia", 2, 170},
		{world.MonthOf(1995, 1), world.MonthOf(2025, 12), "central-asia", 1, 155},
		{world.MonthOf(1992, 1), world.MonthOf(2025, 12), "", 4, 476},
		{world.MonthOf(1992, 1), world.MonthOf(1992, 12), "caucasus", 1, 3},
	} {
		on, sy := HistoricalRates(cs, tc.from, tc.to, tc.sub)
		if on != tc.on || math.Abs(sy-tc.sy) > 1e-9 {
			t.Errorf("HistoricalRates(%s..%s, %q) = %d, %v; want %d, %v", tc.from, tc.to, tc.sub, on, sy, tc.on, tc.sy)
		}
	}
}

// FuzzLoadCrises: the loader never panics, returns an ErrorList or rows,
// never both, and every accepted row obeys the set's invariants.
func FuzzLoadCrises(f *testing.F) {
	f.Add(crisisHdr + crisisRow)
	f.Add(crisisHdr + strings.Replace(crisisRow, ",csto-deployment,", ",invasion,", 1))
	f.Add(crisisHdr + strings.Replace(crisisRow, ",0.155,2021,", ",NA,NA,", 1))
	f.Add(crisisHdr + "UZB-2012-06,UZB-REAL,2012-06,UZB,central-asia,,CSTO suspension,realignment,0,none,1,0,0,0,0,0,0.5,NA,NA,NA,NA,NA,https://example.org/a,\n")
	f.Add(crisisHdr + "\"")
	f.Add(crisisHdr + crisisRow + crisisRow)
	addBundled(f, "episodes/crises.csv")
	fuzzRows(f, LoadCrises, func(t *testing.T, c Crisis) {
		st, ok := postSovietState(c.Country)
		switch {
		case !ok || c.Subregion != st.Subregion || c.ID == "" || c.Conflict == "" || len(c.Sources) == 0:
			t.Fatalf("bad row accepted: %+v", c)
		case c.Request != 0 && c.Request != 1, c.CSTOMember != 0 && c.CSTOMember != 1, c.RussianBase != 0 && c.RussianBase != 1:
			t.Fatalf("non-binary flag accepted: %+v", c)
		case c.Response == world.OutcomeCSTODeployment && (c.Request != 1 || c.CSTOMember != 1):
			t.Fatalf("csto-deployment without request or membership accepted: %+v", c)
		case (c.Response == world.OutcomeCovert || c.Response == world.OutcomeInvasion) && c.Request != 0:
			t.Fatalf("requested invasion accepted: %+v", c)
		case c.RussianBase == 0 && c.TroopsK != 0:
			t.Fatalf("troops without a base accepted: %+v", c)
		case IsNA(c.EthnicRussian) != (st.LatestCensus(c.Month.Year()) == 0):
			t.Fatalf("census rule broken: %+v", c)
		case c.Month < CrisisFrom || c.Month > CrisisTo:
			t.Fatalf("month out of range accepted: %+v", c)
		}
		for _, s := range c.Sources {
			if strings.Contains(strings.ToLower(s), "wikipedia") {
				t.Fatalf("banned source accepted: %q", s)
			}
		}
	})
}

func bundledCrises(t *testing.T) ([]Crisis, []Census) {
	t.Helper()
	cb, err := fs.ReadFile(data.FS(), "episodes/censuses.csv")
	if err != nil {
		t.Fatal(err)
	}
	cens, err := LoadCensuses("censuses.csv", bytes.NewReader(cb))
	if err != nil {
		t.Fatal(err)
	}
	b, err := fs.ReadFile(data.FS(), "episodes/crises.csv")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := LoadCrisesCensus("crises.csv", bytes.NewReader(b), cens)
	if err != nil {
		t.Fatal(err)
	}
	return cs, cens
}

// TestCensusYearsMatchBundledTable keeps the loader's census years
// (PostSovietStates) equal to data/episodes/censuses.csv.
func TestCensusYearsMatchBundledTable(t *testing.T) {
	_, cens := bundledCrises(t)
	years := map[string][]int{}
	for _, c := range cens {
		years[c.Country] = append(years[c.Country], c.Year)
	}
	for _, s := range PostSovietStates {
		got := years[s.ISO3]
		sort.Ints(got)
		if len(got) != len(s.Censuses) {
			t.Errorf("%s: censuses.csv has %v, the loader %v", s.ISO3, got, s.Censuses)
			continue
		}
		for i := range got {
			if got[i] != s.Censuses[i] {
				t.Errorf("%s: censuses.csv has %v, the loader %v", s.ISO3, got, s.Censuses)
				break
			}
		}
	}
}

// TestBundledCrises loads data/episodes/crises.csv through the embedded
// data with zero errors, and checks the counts that data/episodes/README.md
// reports (the summary table there is this test's log).
func TestBundledCrises(t *testing.T) {
	cs, _ := bundledCrises(t)
	if len(cs) < 80 {
		t.Errorf("bundled crises = %d, want >= 80", len(cs))
	}
	k := CountCrises(cs)
	var tr []string
	for name, n := range k.ByTrigger {
		tr = append(tr, name)
		_ = n
	}
	sort.Strings(tr)
	for _, name := range tr {
		t.Logf("trigger %-12s %3d rows", name, k.ByTrigger[name])
	}
	for _, s := range Subregions {
		t.Logf("subregion %-12s %3d rows", s, k.BySubregion[s])
	}
	t.Logf("interventions %d: invited %d, uninvited %d; requests %d", k.Interventions, k.Invited, k.Uninvited, k.Requests)
	for i := world.TriggerType(0); i < world.NumTriggerTypes; i++ {
		if k.ByTrigger[i.String()] == 0 {
			t.Errorf("no crisis of trigger type %s", i)
		}
	}
	for _, s := range PostSovietStates {
		n := 0
		for _, c := range cs {
			if c.Country == s.ISO3 {
				n++
			}
		}
		if n == 0 {
			t.Errorf("no crisis in %s", s.ISO3)
		}
	}
	// The figures printed in data/episodes/README.md.
	if k.Rows != readmeRows || k.Interventions != readmeInterventions || k.Invited != readmeInvited || k.Uninvited != readmeUninvited {
		t.Errorf("rows %d, interventions %d (invited %d, uninvited %d); README says %d, %d (%d, %d): update the README",
			k.Rows, k.Interventions, k.Invited, k.Uninvited, readmeRows, readmeInterventions, readmeInvited, readmeUninvited)
	}
	for _, tc := range readmeRates {
		on, sy := HistoricalRates(cs, tc.from, tc.to, tc.sub)
		t.Logf("onsets %s..%s %-12q %2d in %5.0f state-years: %.2f per 100", tc.from, tc.to, tc.sub, on, sy, 100*float64(on)/sy)
		if on != tc.onsets {
			t.Errorf("onsets %s..%s %q = %d, README says %d", tc.from, tc.to, tc.sub, on, tc.onsets)
		}
	}
	// The cases issue 13 names must be present.
	for _, id := range mustHave {
		found := false
		for _, c := range cs {
			if c.ID == id {
				found = true
			}
		}
		if !found {
			t.Errorf("crisis %s missing", id)
		}
	}
}

// Figures printed in data/episodes/README.md ("Summary"); TestBundledCrises
// fails when the file and the README disagree.
const (
	readmeRows          = 87
	readmeInterventions = 11
	readmeInvited       = 3
	readmeUninvited     = 8
)

var readmeRates = []struct {
	from, to world.Month
	sub      string
	onsets   int
}{
	{world.MonthOf(1992, 1), world.MonthOf(2025, 12), "central-asia", 2},
	{world.MonthOf(1995, 1), world.MonthOf(2025, 12), "central-asia", 1},
	{world.MonthOf(1992, 1), world.MonthOf(2025, 12), "", 11},
}

// Cases issue 13 requires the set to contain.
var mustHave = []string{
	"UZB-1999-02", "UZB-2012-06", "GEO-1999-04", "AZE-1999-04", "UKR-2008-04", "MDA-2014-06",
	"ARM-2020-09", "TJK-1998-11", "TJK-2015-09", "KAZ-2020-02", "TJK-2021-11", "TJK-2022-05",
	"GEO-2004-05", "GEO-2004-08", "GEO-2002-08", "TJK-1992-05", "MDA-1992-03", "GEO-1992-06",
	"GEO-1992-08", "GEO-2008-08", "UKR-2013-11", "UKR-2014-04", "UKR-2022-02", "KAZ-2022-01",
	"AZE-2020-09", "UZB-2005-05", "KGZ-2005-03", "KGZ-2010-04", "KGZ-2020-10", "KGZ-2010-06",
	"KGZ-1999-08", "KAZ-2011-12", "KGZ-2021-04", "TJK-2021-04", "KGZ-2022-09", "UZB-2022-07",
	"ARM-2008-03", "ARM-2018-04", "BLR-2020-08",
}
