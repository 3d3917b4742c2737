package network_test

import (
	"bytes"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/network"
)

var bundled struct {
	once  sync.Once
	g     *network.Network
	rep   *network.BuildReport
	feats []network.Feature
	bnd   *network.Boundaries
	err   error
}

func loadBundled(t testing.TB) (*network.Network, *network.BuildReport) {
	t.Helper()
	bundled.once.Do(func() {
		src, err := data.ReadFile("boundaries/ne_50m_admin0_region.geojson")
		if err != nil {
			bundled.err = err
			return
		}
		if bundled.bnd, bundled.err = network.ReadBoundaries(bytes.NewReader(src), "boundaries"); bundled.err != nil {
			return
		}
		src, err = data.ReadFile("network/central-asia.geojson")
		if err != nil {
			bundled.err = err
			return
		}
		if bundled.feats, bundled.err = network.ReadGeoJSON(bytes.NewReader(src), "central-asia.geojson"); bundled.err != nil {
			return
		}
		bundled.g, bundled.rep, bundled.err = network.Build(bundled.feats, bundled.bnd, network.Options{})
	})
	if bundled.err != nil {
		t.Fatal(bundled.err)
	}
	return bundled.g, bundled.rep
}

func existing(t testing.TB, g *network.Network, add ...string) *network.View {
	v, err := g.View([]network.Status{network.Existing}, add)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestBundledPointsInTheirCountries(t *testing.T) {
	g, rep := loadBundled(t)
	for _, f := range bundled.feats {
		if f.Geom != network.GeomPoint {
			continue
		}
		want, _ := f.Props["iso3"].(string)
		if got := bundled.bnd.CountryAt(f.At); got != want {
			t.Errorf("%s: point-in-polygon %q, source says %q", f.Name, got, want)
		}
	}
	if len(rep.IsolatedPoints) > 0 {
		t.Errorf("points near no line: %v", rep.IsolatedPoints)
	}
	if rep.Unattributed > 2 {
		t.Errorf("%d nodes in no country", rep.Unattributed)
	}
	if len(g.Edges) < 400 {
		t.Errorf("only %d edges", len(g.Edges))
	}
}

func TestBundledBorderCrossings(t *testing.T) {
	g, _ := loadBundled(t)
	v := existing(t, g)
	sum := map[network.Layer]network.LayerSummary{}
	for _, s := range v.Summarize() {
		sum[s.Layer] = s
	}
	fr := sum[network.Freight].BorderCrossings
	// Dostyk-Alashankou and Altynkol-Khorgos; KTI and Sarakhs into Iran;
	// Termez-Hairatan; the Caspian ferries Aktau and Kuryk to Azerbaijan.
	for pair, n := range map[string]int{"CHN-KAZ": 2, "IRN-TKM": 2, "AFG-UZB": 1, "AZE-KAZ": 2, "KAZ-TKM": 1, "KAZ-KGZ": 1} {
		if fr[pair] != n {
			t.Errorf("freight crossings %s = %d, want %d", pair, fr[pair], n)
		}
	}
	if fr["KAZ-RUS"] < 8 {
		t.Errorf("KAZ-RUS rail crossings %d, want the Trans-Siberian and Trans-Aral links (>= 8)", fr["KAZ-RUS"])
	}
	for _, id := range []string{"rail-dostyk-alashankou", "rail-altynkol-khorgos", "rail-kti", "rail-termez-mazar", "rail-cku", "gas-cac-china-a", "gas-cac-china-d", "gas-cac-4", "power-casa1000", "ferry-aktau-baku"} {
		if len(g.FeatureEdges(id)) == 0 {
			t.Errorf("feature %s missing", id)
		}
	}
}

func TestBundledCorridors(t *testing.T) {
	g, _ := loadBundled(t)
	v := existing(t, g)
	cfg := network.DefaultConfig()
	tash, err := v.Resolve("UZB", network.Freight)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]network.CorridorRoute{}
	for _, c := range v.Corridors(tash, network.ByCost, cfg.Costs) {
		got[c.Corridor] = c
	}
	type want struct {
		russia   bool
		through  []string // countries that must be on the route
		ferry    bool
		crossing string // a crossing that must be used
	}
	for name, w := range map[string]want{
		"northern":             {russia: true, through: []string{"KAZ", "RUS"}},
		"middle":               {russia: false, through: []string{"AZE", "GEO"}, ferry: true},
		"china":                {russia: false, through: []string{"KAZ", "CHN"}, crossing: "KAZ>CHN"},
		"southern-iran":        {russia: false, through: []string{"TKM", "IRN"}},
		"southern-afghanistan": {russia: false, through: []string{"AFG", "PAK"}, crossing: "UZB>AFG"},
	} {
		c, ok := got[name]
		if !ok || !c.Found {
			t.Errorf("corridor %s not found from Tashkent", name)
			continue
		}
		if c.ThroughRussia != w.russia {
			t.Errorf("%s: through Russia %v, want %v (%v)", name, c.ThroughRussia, w.russia, c.Countries)
		}
		for _, cc := range w.through {
			if !contains(c.Countries, cc) {
				t.Errorf("%s: countries %v lack %s", name, c.Countries, cc)
			}
		}
		if w.ferry && c.FerryLegs != 1 {
			t.Errorf("%s: %d ferry legs, want 1 (%v)", name, c.FerryLegs, c.Via)
		}
		if w.crossing != "" && !contains(c.Crossings, w.crossing) {
			t.Errorf("%s: crossings %v lack %s", name, c.Crossings, w.crossing)
		}
	}
	// Almaty-Tashkent runs along the Turksib and crosses at Saryagash.
	a, _ := v.Resolve("Almaty", network.Freight)
	r := v.Route(a, tash, network.ByCost, cfg.Costs)
	if !r.Found || strings.Join(r.Crossings, ",") != "KAZ>UZB" || !contains(r.Via, "Saryagash") || r.LengthKm < 700 || r.LengthKm > 900 {
		t.Errorf("Almaty-Tashkent %v %.0f km via %v", r.Crossings, r.LengthKm, r.Via)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestBundledDependence(t *testing.T) {
	g, _ := loadBundled(t)
	v := existing(t, g)
	cfg := network.DefaultConfig()
	// Turkmen gas without Russia can leave only by the China Lines A-C
	// (15+15+25 bcm/y, GEM) and the two Iranian lines (12.5 + 8 bcm/y).
	d := v.Dependence("TKM", network.GasLayer, cfg, nil)
	if math.Abs(d.WithoutRussia-75.5) > 1e-6 || d.Unit != "bcm/y" {
		t.Errorf("TKM gas without Russia %v %s, want 75.5 bcm/y", d.WithoutRussia, d.Unit)
	}
	if d.Share <= 0.5 || d.Share >= 1 {
		t.Errorf("TKM gas dependence %v, want most but not all through Russia (CAC)", d.Share)
	}
	// Kazakh oil avoiding Russia: Atasu-Alashankou (10 Mt/y = 200,000 boe/d,
	// GEM) and tankers into BTC (30,123 boe/d).
	d = v.Dependence("KAZ", network.OilLayer, cfg, nil)
	if math.Abs(d.WithoutRussia-230123) > 1 {
		t.Errorf("KAZ oil without Russia %v, want 230123 boe/d", d.WithoutRussia)
	}
	// CKU and Line D lower Kyrgyz dependence: Line D gives Kyrgyz gas nodes
	// a way to China.
	c, err := network.Compare(v, "fast-track", []string{"rail-cku", "gas-cac-china-d", "power-casa1000"}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range c.Dependence {
		if x.Country == "KGZ" && x.Layer == network.GasLayer {
			found = x.After < x.Before
		}
	}
	if !found {
		t.Errorf("KGZ gas dependence did not fall with Line D: %+v", c.Dependence)
	}
	better := false
	for _, r := range c.Corridors {
		if r.From == "UZB" && r.Corridor == "china" && r.AfterHours < r.BeforeHours {
			better = true
		}
	}
	if !better {
		t.Errorf("CKU does not shorten Uzbekistan's route to China: %+v", c.Corridors)
	}
}

func TestBundledCriticality(t *testing.T) {
	g, _ := loadBundled(t)
	v := existing(t, g)
	crit := v.Critical(network.DefaultConfig(), 0)
	rank := map[string]int{}
	for _, c := range crit {
		for _, m := range append([]string{c.ID}, c.Members...) {
			rank[m] = c.Rank
		}
	}
	// Tajikistan's only rail access from the rest of the region (Kumkurgan-
	// Dushanbe) and Kyrgyzstan's northern line from Lugovaya cut every
	// route of a capital: both rank in the top 15, and so does the closing
	// of the Kazakh-Kyrgyz border.
	for _, id := range []string{"rail-termez-dushanbe/1", "rail-lugovaya-bishkek/1", "KAZ-KGZ"} {
		if r, ok := rank[id]; !ok || r > 15 {
			t.Errorf("%s ranked %d, want top 15", id, r)
		}
	}
	// A Russian internal line far from the region cuts nothing.
	if r := rank["rail-ru-transsib-east/1"]; r < len(crit)/2 {
		t.Errorf("Omsk-Novosibirsk ranked %d of %d", r, len(crit))
	}
}

func BenchmarkBundledCritical(b *testing.B) {
	g, _ := loadBundled(b)
	v := existing(b, g)
	cfg := network.DefaultConfig()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.Critical(cfg, 0)
	}
}

func BenchmarkBundledBuild(b *testing.B) {
	loadBundled(b)
	for i := 0; i < b.N; i++ {
		if _, _, err := network.Build(bundled.feats, bundled.bnd, network.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBundledGeometryAndNames checks the fixes of issue 16: the Southern
// Xinjiang railway's length against the real line (1,588 km Urumqi to
// Kashgar by the line's station distance table, Wikipedia "Southern
// Xinjiang railway": 1,446 km Turpan-Kashgar plus 143 km Urumqi-Turpan),
// names (Kostanay, Torugart, Khorgos without its suffix), and that the
// Omsk-Pavlodar import pipeline adds nothing to Kazakhstan's oil export
// capacity.
func TestBundledGeometryAndNames(t *testing.T) {
	g, _ := loadBundled(t)
	v := existing(t, g)
	c := network.DefaultCosts()
	for _, pair := range [][2]string{{"Kashgar", "Urumqi"}, {"Khorgos", "Almaty"}, {"Kostanay", "Astana"}} {
		a, err := v.Resolve(pair[0], network.Freight)
		if err != nil {
			t.Fatal(err)
		}
		b, err := v.Resolve(pair[1], network.Freight)
		if err != nil {
			t.Fatal(err)
		}
		r := v.Route(a, b, network.ByLength, c)
		if pair[0] == "Kashgar" && math.Abs(r.LengthKm-1588)/1588 > 0.10 {
			t.Errorf("Kashgar-Urumqi %.0f km, more than 10%% from the real line's 1,588 km", r.LengthKm)
		}
		if r.SchematicKm != r.LengthKm {
			t.Errorf("%s-%s: %.0f of %.0f km flagged schematic; none of these lines has track in the bundled extracts (data/network/README.md)", pair[0], pair[1], r.SchematicKm, r.LengthKm)
		}
		if !r.Found || r.LengthKm <= 0 {
			t.Errorf("%s-%s: no route", pair[0], pair[1])
		}
	}
	if ns := g.Find("Torugart", network.Freight); len(ns) != 1 || g.Nodes[ns[0]].Country != "KGZ" {
		t.Errorf("Torugart nodes %v, want one in KGZ", ns)
	}
	if ns := g.Find("Oostanay", network.Freight); len(ns) != 0 {
		t.Error("the misspelt Oostanay is still a node")
	}
	cfg := network.DefaultConfig()
	with := v.Dependence("KAZ", network.OilLayer, cfg, nil)
	es, err := g.EdgeSet([]string{"oil-omsk-pavlodar"})
	if err != nil {
		t.Fatal(err)
	}
	without := v.WithoutEdges(es...).Dependence("KAZ", network.OilLayer, cfg, nil)
	if with.External != without.External || with.External <= 0 {
		t.Errorf("KAZ oil export capacity %v with Omsk-Pavlodar, %v without: an import line must not count", with.External, without.External)
	}
}
