package server

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/scenario"
)

// TestDraws: a finished run's per-draw results from the API are the bytes
// that the model writes for the same scenario, set, draws and seed (as
// steppe run --draws-out does); a run that has not finished is 409, an
// unknown one 404, and a runner that cannot write draws 501.
func TestDraws(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the default scenario twice (-short)")
	}
	const set = `{"triggers.hazard.KGZ.protest":0.5}`
	e := newEnv(t, func(c *Config) { c.Runner, c.Embedded = &ModelRunner{Workers: 1}, EmbeddedScenarios() })
	id := e.create(`{"scenario":"central-asia","draws":64,"seed":3,"set":` + set + `}`)
	if r := e.wait(id); r.Status != "done" {
		t.Fatalf("run %s: %s", id, r.Status)
	}
	code, hdr, got := e.do("GET", "/api/runs/"+id+"/draws.parquet", "")
	if code != http.StatusOK || hdr.Get("Content-Type") != "application/vnd.apache.parquet" {
		t.Fatalf("status %d, content type %q: %.200s", code, hdr.Get("Content-Type"), got)
	}

	src, _ := embeddedResolver("central-asia")
	sc, err := scenario.Load("central-asia.yaml", src, byName(embeddedResolver))
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.Assemble(sc.World, model.Config{Set: map[string]float64{"triggers.hazard.KGZ.protest": 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if _, err := m.Run(context.Background(), model.Options{Draws: 64, Seed: 3, Policies: policyOrder(sc.World)[1:], Workers: 1, DrawsOut: &want}); err != nil {
		t.Fatal(err)
	}
	if want.Len() == 0 || got != want.String() {
		t.Errorf("the API's per-draw file (%d bytes) differs from the model's for the same run (%d bytes)", len(got), want.Len())
	}

	if code, _, body := e.do("GET", "/api/runs/nosuchrun/draws.parquet", ""); code != http.StatusNotFound {
		t.Errorf("unknown run: %d %s", code, body)
	}
	fake := newEnv(t, nil) // the fake runner writes no draws
	fid := fake.create(`{"scenario":"central-asia","draws":10}`)
	fake.wait(fid)
	if code, _, body := fake.do("GET", "/api/runs/"+fid+"/draws.parquet", ""); code != http.StatusNotImplemented || !strings.Contains(body, "per-draw") {
		t.Errorf("fake runner: %d %s", code, body)
	}
}
