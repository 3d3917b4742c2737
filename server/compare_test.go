package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestRunPrefixAndReport checks that a run is found by any unique prefix of
// its id of at least MinRunPrefix characters (shorter or ambiguous ones are
// 404), and that GET /api/runs/{id}/report answers the run's HTML report as
// an attachment, with the briefing's first section.
func TestRunPrefixAndReport(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.Runner = &fakeRunner{view: func(job Job) []byte { return fixtureView(t, job) }}
	})
	id := e.create(`{"scenario":"central-asia","draws":50}`)
	e.wait(id)
	other := e.create(`{"scenario":"central-asia","draws":50}`)
	e.wait(other)
	common := 0
	for common < len(id) && id[common] == other[common] {
		common++
	}
	tests := []struct {
		name, path string
		want       int
	}{
		{"whole id", "/api/runs/" + id, 200},
		{"8 characters", "/api/runs/" + id[:8], 200},
		{"6 characters", "/api/runs/" + id[:max(MinRunPrefix, common+1)], 200},
		{"5 characters", "/api/runs/" + id[:MinRunPrefix-1], 404},
		{"no such run", "/api/runs/ffffffffffff", 404},
		{"results by prefix", "/api/runs/" + id[:8] + "/results", 200},
	}
	if common >= MinRunPrefix {
		tests = append(tests, struct {
			name, path string
			want       int
		}{"ambiguous", "/api/runs/" + id[:common], 404})
	}
	for _, tc := range tests {
		code, _, body := e.do("GET", tc.path, "")
		if code != tc.want {
			t.Errorf("%s: GET %s = %d, want %d: %.200s", tc.name, tc.path, code, tc.want, body)
			continue
		}
		if code == 200 && !strings.HasSuffix(tc.path, "/results") {
			var r runJSON
			if err := json.Unmarshal([]byte(body), &r); err != nil || r.ID != id {
				t.Errorf("%s: run %q, want %q (%v)", tc.name, r.ID, id, err)
			}
		}
	}
	code, hdr, body := e.do("GET", "/api/runs/"+id[:8]+"/report", "")
	if code != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") ||
		!strings.Contains(hdr.Get("Content-Disposition"), "attachment") || !strings.Contains(body, `<section id="key-findings">`) {
		t.Errorf("report: %d %v %.300s", code, hdr, body)
	}
}

// TestExploreCart posts the Ishigami design with cases of interest y > 10:
// the tree's leaves are ordered by density, the densest is a leaf of
// cases (a majority of them), and every experiment is in exactly one leaf.
// A request with neither threshold nor positive is 422.
func TestExploreCart(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.MaxBody = 4 << 20 })
	csv, _ := json.Marshal(ishigamiCSV(t, 128))
	code, _, body := e.do("POST", "/api/explore/cart", `{"csv":`+string(csv)+`,"outcome":"y","threshold":10,"max_depth":3}`)
	if code != http.StatusOK {
		t.Fatalf("cart: %d %s", code, body)
	}
	var res cartResponse
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatal(err)
	}
	leaves := res.Tree.Leaves
	if res.Rule != "y > 10" || len(leaves) < 2 || res.Tree.Depth > 3 {
		t.Fatalf("rule %q, %d leaves, depth %d", res.Rule, len(leaves), res.Tree.Depth)
	}
	n := 0
	for i, l := range leaves {
		n += l.N
		if i > 0 && l.Density > leaves[i-1].Density {
			t.Errorf("leaf %d denser than leaf %d", i, i-1)
		}
	}
	if top := leaves[0]; !top.Class || top.Density <= 0.5 || len(top.Rules) == 0 || n != 128*5 {
		t.Errorf("densest leaf %+v; %d experiments in all leaves, want %d", top, n, 128*5)
	}
	if code, _, body := e.do("POST", "/api/explore/cart", `{"csv":`+string(csv)+`,"outcome":"y"}`); code != http.StatusUnprocessableEntity {
		t.Errorf("no rule: %d %s", code, body)
	}
}

// TestNetworkCompare adds the CKU railway's lines to the bundled network:
// Uzbekistan's corridor to China (via Kyrgyzstan) gets faster, and every figure
// that changes is reported with its value before and after.
func TestNetworkCompare(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Network, c.NetworkProjects = fixtureNetwork(t) })
	code, _, body := e.do("GET", "/api/network/compare?policy=fast&projects=cku-railway", "")
	if code != http.StatusOK {
		t.Fatalf("network compare: %d %.300s", code, body)
	}
	var c struct {
		Projects  []string `json:"projects"`
		Features  []string `json:"features"`
		Corridors []struct {
			From        string   `json:"from"`
			BeforeHours *float64 `json:"before_hours"`
			AfterHours  *float64 `json:"after_hours"`
		} `json:"corridor_changes"`
	}
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		t.Fatal(err)
	}
	faster := false
	for _, r := range c.Corridors {
		if r.From == "UZB" && r.BeforeHours != nil && r.AfterHours != nil && *r.AfterHours < *r.BeforeHours {
			faster = true
		}
	}
	if len(c.Features) == 0 || !faster {
		t.Errorf("features %v, corridor changes %+v: want the CKU lines added and a faster corridor from UZB", c.Features, c.Corridors)
	}
	if code, _, _ := newEnv(t, nil).do("GET", "/api/network/compare?projects=cku-railway", ""); code != http.StatusNotFound {
		t.Errorf("without network data: %d, want 404", code)
	}
}
