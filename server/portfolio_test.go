package server

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/portfolio"
	"github.com/steppe-dev/steppe/scenario"
)

// frontierQuery is a small computation: 4 draws per design portfolio, 8
// per frontier portfolio (about a second).
const frontierQuery = "?draws=4&resim_draws=8"

// pollFrontier requests path until it is no longer 202.
func pollFrontier(t *testing.T, e *env, path string) (int, string) {
	t.Helper()
	for range 300 {
		code, h, body := e.do("GET", path, "")
		if code != http.StatusAccepted {
			return code, body
		}
		if h.Get("Retry-After") == "" || !strings.Contains(body, `"status":"computing"`) {
			t.Fatalf("202 without Retry-After or progress: %v %s", h, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s still computing", path)
	return 0, ""
}

// TestFrontier: the endpoint answers the JSON of steppe optimize --json
// for the same options, caches it, and refuses bad parameters with 422.
func TestFrontier(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Embedded = EmbeddedScenarios() })
	code, body := pollFrontier(t, e, "/api/scenarios/central-asia/frontier"+frontierQuery)
	if code != http.StatusOK {
		t.Fatalf("frontier: %d %s", code, body)
	}
	src, err := fs.ReadFile(data.FS(), "scenarios/central-asia.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Load("central-asia.yaml", src, scenario.Embedded(data.FS()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := portfolio.Optimize(context.Background(), new(model.Cache), sc.World, portfolio.Options{Objective: portfolio.Risk,
		Target: portfolio.Target{Year: sc.World.Horizon.Year()}, Budgets: map[string]float64{}, Draws: 4, ResimDraws: 8, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := res.WriteJSON(&want); err != nil {
		t.Fatal(err)
	}
	if body != want.String() {
		t.Fatalf("frontier differs from portfolio.Optimize's JSON:\n%s\nwant\n%s", body, want.String())
	}
	start := time.Now()
	if code, _, again := e.do("GET", "/api/scenarios/central-asia/frontier"+frontierQuery, ""); code != http.StatusOK || again != body {
		t.Fatalf("cached frontier: %d, same body %v", code, again == body)
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Logf("the cached answer took %v", d) // informative only: never assert on time
	}

	for _, c := range []struct{ path, want string }{
		{"central-asia/frontier?objective=welfare", "objective"},
		{"central-asia/frontier?draws=1", "draws"},
		{"central-asia/frontier?draws=8&resim_draws=4", "resim_draws"},
		{"central-asia/frontier?draws=99999", "draws"},
		{"central-asia/frontier?year=x", "year"},
		{"central-asia/frontier?seed=-1", "seed"},
		{"central-asia/frontier?budget=US-DFC", "budget"},
		{"central-asia/frontier?budget=US-DFC=-1", "negative"},
		{"central-asia/frontier?budget=NOBODY=1e9", "NOBODY"},
		{"central-asia/frontier?colour=red", "colour"},
		{"central-asia/frontier" + frontierQuery + "&year=1990", "year"},
		{"central-asia/frontier" + frontierQuery + "&states=FRA", "FRA"},
	} {
		code, body := pollFrontier(t, e, "/api/scenarios/"+c.path)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s, want 422 naming %q", c.path, code, body, c.want)
		}
	}
	if code, _, body := e.do("GET", "/api/scenarios/nothing-here/frontier", ""); code != http.StatusNotFound {
		t.Errorf("unknown scenario: %d %s", code, body)
	}
}

// TestFrontierBusy: with every load slot taken, a new computation is
// refused with 503 rather than queued without bound.
func TestFrontierBusy(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Embedded = EmbeddedScenarios(); c.MaxLoads = 1 })
	e.srv.loads <- struct{}{}
	code, h, body := e.do("GET", "/api/scenarios/central-asia/frontier"+frontierQuery, "")
	<-e.srv.loads
	if code != http.StatusServiceUnavailable || h.Get("Retry-After") == "" {
		t.Fatalf("busy: %d %v %s", code, h, body)
	}
}
