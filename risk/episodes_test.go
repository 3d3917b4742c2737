package risk

import (
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
)

const hdr = "id,date,country,area,episode,trigger,request,base_present,ethnic_russian_share,census_year,area_russian_share,csto_member,alignment_shift,russia_committed,non_russian_trade_share,ties_year,outcome,sources,notes\n"

const goodRow = "1,2022-01,KAZ,,Bloody January,protest,1,0,0.155,2021,NA,1,0,0.5,NA,NA,csto-deployment,https://example.org/a ; https://example.org/b,note\n"

func TestLoadEpisodesBundled(t *testing.T) {
	eps, err := LoadEpisodes("episodes.csv", fixture.Open(t, "../data/episodes/episodes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(eps) < 40 {
		t.Errorf("bundled episodes = %d, want >= 40", len(eps))
	}
	for _, e := range eps {
		if len(e.Sources) == 0 {
			t.Errorf("episode %s has no source", e.ID)
		}
	}
}

// TestLoadEpisodesErrors checks that each kind of bad row is rejected with
// file:line:column and the field.
func TestLoadEpisodesErrors(t *testing.T) {
	tests := []badRow{
		{"unknown trigger", strings.Replace(goodRow, ",protest,", ",riot,", 1), "f.csv:2:31: trigger: unknown trigger type \"riot\""},
		{"outcome off scale", strings.Replace(goodRow, ",csto-deployment,", ",airstrike,", 1), "f.csv:2:71: outcome: unknown outcome \"airstrike\""},
		{"share above 1", strings.Replace(goodRow, ",0.155,", ",1.55,", 1), "f.csv:2:43: ethnic_russian_share: share 1.55 outside [0,1]"},
		{"negative share", strings.Replace(goodRow, ",0.155,", ",-0.1,", 1), "ethnic_russian_share: share -0.1 outside [0,1]"},
		{"no source", strings.Replace(goodRow, "https://example.org/a ; https://example.org/b", "", 1), "f.csv:2:87: sources: row has no source"},
		{"source not a URL", strings.Replace(goodRow, "https://example.org/a ;", "a book ;", 1), "sources: source \"a book\" is not an http(s) URL"},
		{"bad request", strings.Replace(goodRow, "protest,1,", "protest,yes,", 1), "request: \"yes\" is not 0, 1 or NA"},
		{"bad month", strings.Replace(goodRow, "2022-01", "2022-13", 1), "f.csv:2:3: date:"},
		{"census without share", strings.Replace(goodRow, ",0.155,2021,", ",NA,2021,", 1), "census_year: census_year must be given exactly when"},
		{"census after episode", strings.Replace(goodRow, ",0.155,2021,", ",0.155,2023,", 1), "census year 2023 is after the episode"},
		{"short row", "1,2022-01,KAZ\n", "f.csv:2:1: row: got 3 fields, want 19"},
		{"duplicate id", goodRow + goodRow, "f.csv:3:1: id: duplicate id \"1\" (first on line 2)"},
	}
	checkBadRows(t, LoadEpisodes, hdr, tests)
	if _, err := LoadEpisodes("f.csv", strings.NewReader(hdr+goodRow)); err != nil {
		t.Errorf("good row: %v", err)
	}
	if _, err := LoadEpisodes("f.csv", strings.NewReader("id,date\n")); err == nil || !strings.Contains(err.Error(), "f.csv:1:1: header") {
		t.Errorf("bad header: %v", err)
	}
}

// FuzzLoadEpisodes: the loader never panics, and whatever it accepts obeys
// the data set's invariants.
func FuzzLoadEpisodes(f *testing.F) {
	f.Add(hdr + goodRow)
	f.Add(hdr + strings.Replace(goodRow, ",0.155,", ",NaN,", 1))
	f.Add(hdr + "\"unterminated\n")
	f.Add(hdr + goodRow + goodRow)
	f.Add("")
	addBundled(f, "episodes/episodes.csv")
	fuzzRows(f, LoadEpisodes, func(t *testing.T, e Episode) {
		if len(e.Sources) == 0 {
			t.Fatal("accepted a row without a source")
		}
		for _, v := range []float64{e.EthnicRussian, e.AreaRussian, e.RussiaCommitted, e.NonRussianTrade} {
			if !IsNA(v) && (v < 0 || v > 1) {
				t.Fatalf("accepted share %v", v)
			}
		}
		if e.Trigger.String() == "" || !(e.Outcome < 7) {
			t.Fatal("accepted a bad code")
		}
	})
}
