package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/steppe-dev/steppe/store"
)

var embedded = fstest.MapFS{
	"central-asia.yaml": {Data: []byte("title: Central Asia\nsteps: 4\n")},
	"slow.yaml":         {Data: []byte("title: slow\nsteps: 1000\nstep: 20ms\n")},
}

type env struct {
	t    *testing.T
	srv  *Server
	ts   *httptest.Server
	runs *store.Store
}

func newEnv(t *testing.T, mod func(*Config)) *env {
	t.Helper()
	runs := testRuns(t)
	cfg := Config{Runs: runs, Runner: &fakeRunner{}, Embedded: embedded, Version: "test",
		Map: []byte(`{"boundaries":{"type":"FeatureCollection","features":[]}}`), MaxBody: 4096, Workers: 1, Queue: 1}
	if mod != nil {
		mod(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() { ts.Close(); s.Close() })
	return &env{t: t, srv: s, ts: ts, runs: runs}
}

// do sends a request and returns status, headers and body.
func (e *env) do(method, path, body string, hdr ...string) (int, http.Header, string) {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.ts.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i] == "Host" {
			req.Host = hdr[i+1]
			continue
		}
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// create starts a run and returns its id.
func (e *env) create(body string) string {
	e.t.Helper()
	code, _, b := e.do("POST", "/api/runs", body)
	if code != http.StatusAccepted {
		e.t.Fatalf("create %s: %d %s", body, code, b)
	}
	var r runJSON
	json.Unmarshal([]byte(b), &r)
	return r.ID
}

// wait polls a run until it is final.
func (e *env) wait(id string) runJSON {
	e.t.Helper()
	return e.waitFor(id, "finish", store.Status.Final)
}

// waitFor polls a run until its status satisfies ok. The deadline is
// generous: a loaded machine (CI runs packages in parallel) may take a
// while to pick a queued run up.
func (e *env) waitFor(id, what string, ok func(store.Status) bool) runJSON {
	e.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		_, _, b := e.do("GET", "/api/runs/"+id, "")
		var r runJSON
		if err := json.Unmarshal([]byte(b), &r); err != nil {
			e.t.Fatalf("get run: %v: %s", err, b)
		}
		if ok(r.Status) {
			return r
		}
		time.Sleep(5 * time.Millisecond)
	}
	e.t.Fatalf("run %s did not %s", id, what)
	return runJSON{}
}

func TestAPI(t *testing.T) {
	e := newEnv(t, nil)
	done := e.create(`{"scenario":"central-asia","draws":50,"seed":"18446744073709551615","name":"<b>mine</b>"}`)
	if r := e.wait(done); r.Status != store.Done || r.Seed != 18446744073709551615 || r.Draws != 50 || r.Name != "<b>mine</b>" {
		t.Fatalf("finished run = %+v", r)
	}
	big := `{"source":"` + strings.Repeat("x", 5000) + `"}`
	tests := []struct {
		name, method, path, body string
		want                     int
		contains                 string
	}{
		{"openapi", "GET", "/api/openapi.json", "", 200, `"openapi": "3.0.3"`},
		{"version", "GET", "/api/version", "", 200, `"version":"test"`},
		{"map", "GET", "/api/map", "", 200, `FeatureCollection`},
		{"unknown endpoint", "GET", "/api/nope", "", 404, "no such endpoint"},
		{"wrong method", "PUT", "/api/runs", "", 405, ""},
		{"list scenarios", "GET", "/api/scenarios", "", 200, `{"name":"central-asia","kind":"embedded"}`},
		{"get scenario", "GET", "/api/scenarios/central-asia", "", 200, "title: Central Asia"},
		{"unknown scenario", "GET", "/api/scenarios/nope", "", 404, ""},
		{"scenario path traversal", "GET", "/api/scenarios/..%2f..%2fetc%2fpasswd", "", 404, ""},
		{"validate ok", "POST", "/api/validate", `{"source":"title: x\n"}`, 200, `"valid":true`},
		{"validate problems", "POST", "/api/validate", `{"file":"a/b/mine.yaml","source":"title: x\nbad: oops\n"}`, 200,
			`"problems":[{"file":"mine.yaml","line":2,"column":6,"field":"bad","message":"oops"}]`},
		{"validate extend embedded", "POST", "/api/validate", `{"source":"extend: central-asia\n"}`, 200, `"valid":true`},
		{"validate extend file", "POST", "/api/validate", `{"source":"extend: /etc/passwd\n"}`, 200, `not found`},
		{"validate malformed", "POST", "/api/validate", `{"source":`, 400, "malformed JSON"},
		{"validate unknown field", "POST", "/api/validate", `{"src":"x"}`, 400, "unknown field"},
		{"validate trailing", "POST", "/api/validate", `{"source":"x"} {}`, 400, "after the JSON"},
		{"validate empty", "POST", "/api/validate", ``, 400, "empty body"},
		{"validate oversized", "POST", "/api/validate", big, 413, "larger than 4096"},
		{"list runs", "GET", "/api/runs", "", 200, done},
		{"list runs bad limit", "GET", "/api/runs?limit=0", "", 400, ""},
		{"create malformed", "POST", "/api/runs", `{"scenario":`, 400, "malformed JSON"},
		{"create wrong type", "POST", "/api/runs", `{"scenario":"central-asia","draws":"many"}`, 400, "malformed JSON"},
		{"create bad seed", "POST", "/api/runs", `{"scenario":"central-asia","seed":-1}`, 400, "seed must be"},
		{"create neither", "POST", "/api/runs", `{"draws":5}`, 400, "exactly one"},
		{"create both", "POST", "/api/runs", `{"scenario":"central-asia","source":"x: y"}`, 400, "exactly one"},
		{"create oversized", "POST", "/api/runs", big, 413, ""},
		{"create unknown scenario", "POST", "/api/runs", `{"scenario":"atlantis"}`, 422, `no scenario named \"atlantis\"`},
		{"create invalid scenario", "POST", "/api/runs", `{"source":"title: x\nbad: horizon before start\n","file":"s.yaml"}`, 422,
			`"problems":[{"file":"s.yaml","line":2,"column":6,"field":"bad","message":"horizon before start"}]`},
		{"create unknown policy", "POST", "/api/runs", `{"scenario":"central-asia","policies":["peace"]}`, 422, "baseline, fast-track-integration"},
		{"create duplicate policy", "POST", "/api/runs", `{"scenario":"central-asia","policies":["baseline","baseline"]}`, 422, "twice"},
		{"create too many draws", "POST", "/api/runs", `{"scenario":"central-asia","draws":1000000000}`, 422, "draws"},
		{"create not json", "POST", "/api/runs", "", 415, ""},
		{"get run", "GET", "/api/runs/" + done, "", 200, `"status":"done"`},
		{"get unknown run", "GET", "/api/runs/nope", "", 404, ""},
		{"results", "GET", "/api/runs/" + done + "/results", "", 200, `"schema":"steppe.results/v1"`},
		{"results csv", "GET", "/api/runs/" + done + "/results.csv", "", 200, "policy,country,year"},
		{"view", "GET", "/api/runs/" + done + "/view", "", 200, `steppe.view/v1`},
		{"results unknown run", "GET", "/api/runs/nope/results", "", 404, ""},
		{"csv unknown run", "GET", "/api/runs/nope/results.csv", "", 404, ""},
		{"run scenario", "GET", "/api/runs/" + done + "/scenario", "", 200, "title: Central Asia"},
		{"run scenario resolved", "GET", "/api/runs/" + done + "/scenario?resolved=true", "", 200, "resolved: central-asia.yaml"},
		{"run scenario unknown", "GET", "/api/runs/nope/scenario", "", 404, ""},
		{"events finished", "GET", "/api/runs/" + done + "/events", "", 200, "event: end"},
		{"events unknown", "GET", "/api/runs/nope/events", "", 404, ""},
		{"cancel finished", "POST", "/api/runs/" + done + "/cancel", "", 409, "already done"},
		{"cancel unknown", "POST", "/api/runs/nope/cancel", "", 404, ""},
		{"delete unknown", "DELETE", "/api/runs/nope", "", 404, ""},
		{"upload bad name", "POST", "/api/scenarios", `{"name":"../x","source":"title: x"}`, 422, "name"},
		{"upload embedded name", "POST", "/api/scenarios", `{"name":"central-asia","source":"title: x"}`, 409, "embedded"},
		{"upload invalid", "POST", "/api/scenarios", `{"name":"mine","source":"bad: no"}`, 422, `"problems"`},
		{"upload malformed", "POST", "/api/scenarios", `{"name":`, 400, ""},
		{"upload oversized", "POST", "/api/scenarios", big, 413, ""},
		{"dashboard", "GET", "/", "", 200, "<"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hdr := []string{}
			if tc.name == "create not json" {
				hdr = []string{"Content-Type", "text/plain"}
				tc.body = "x"
			}
			code, h, body := e.do(tc.method, tc.path, tc.body, hdr...)
			if code != tc.want {
				t.Fatalf("%s %s: status %d, want %d; body %s", tc.method, tc.path, code, tc.want, body)
			}
			if !strings.Contains(body, tc.contains) {
				t.Fatalf("body %q does not contain %q", body, tc.contains)
			}
			if code >= 400 && !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
				t.Fatalf("error response is %q, want JSON", h.Get("Content-Type"))
			}
			if h.Get("Content-Security-Policy") == "" || h.Get("X-Content-Type-Options") != "nosniff" {
				t.Fatalf("missing security headers: %v", h)
			}
		})
	}
}

func TestUploadExtendAndDelete(t *testing.T) {
	e := newEnv(t, nil)
	if code, _, b := e.do("POST", "/api/scenarios", `{"name":"base2","source":"extend: central-asia\npolicies: baseline, rail\n"}`); code != 201 {
		t.Fatalf("upload: %d %s", code, b)
	}
	if code, _, _ := e.do("POST", "/api/scenarios", `{"name":"base2","source":"title: again"}`); code != 409 {
		t.Fatalf("second upload of the same name: %d, want 409", code)
	}
	// A later upload extends the earlier one; its policies come through.
	code, _, b := e.do("POST", "/api/validate", `{"source":"extend: base2\n"}`)
	if code != 200 || !strings.Contains(b, `"policies":["baseline","rail"]`) {
		t.Fatalf("validate extend upload: %d %s", code, b)
	}
	id := e.create(`{"source":"extend: base2\n","policies":["rail"]}`)
	r := e.wait(id)
	if r.Status != store.Done || len(r.Policies) != 2 || r.Policies[0] != "baseline" || r.Policies[1] != "rail" {
		t.Fatalf("run = %+v", r)
	}
	if code, _, _ := e.do("GET", "/api/scenarios/base2", ""); code != 200 {
		t.Fatalf("get uploaded scenario: %d", code)
	}
	// ETag revalidation of results.
	_, h, _ := e.do("GET", "/api/runs/"+id+"/results", "")
	if code, _, _ := e.do("GET", "/api/runs/"+id+"/results", "", "If-None-Match", h.Get("ETag")); code != 304 {
		t.Fatalf("If-None-Match: %d, want 304", code)
	}
	if code, _, _ := e.do("DELETE", "/api/runs/"+id, ""); code != 204 {
		t.Fatalf("delete: %d", code)
	}
	for _, p := range []string{"", "/results", "/results.csv", "/view"} {
		if code, _, _ := e.do("GET", "/api/runs/"+id+p, ""); code != 404 {
			t.Fatalf("after delete GET %s: %d, want 404", p, code)
		}
	}
}

func TestFailuresAndCancel(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Queue = 2 })
	failed := e.wait(e.create(`{"source":"fail: out of coffee\n"}`))
	if failed.Status != store.Failed || failed.Error != "out of coffee" {
		t.Fatalf("failed run = %+v", failed)
	}
	if code, _, b := e.do("GET", "/api/runs/"+failed.ID+"/results", ""); code != 409 {
		t.Fatalf("results of failed run: %d %s, want 409", code, b)
	}
	panicked := e.wait(e.create(`{"source":"panic: yes\n"}`))
	if panicked.Status != store.Failed || !strings.Contains(panicked.Error, "internal error") {
		t.Fatalf("panicking run = %+v", panicked)
	}
	slow := e.create(`{"scenario":"slow"}`)
	waiting := e.create(`{"scenario":"central-asia"}`)
	e.waitFor(slow, "start", func(s store.Status) bool { return s == store.Running })
	if code, _, _ := e.do("DELETE", "/api/runs/"+slow, ""); code != 409 {
		t.Fatalf("delete running run: %d, want 409", code)
	}
	// Cancel the queued one first, then the running one.
	if code, _, b := e.do("POST", "/api/runs/"+waiting+"/cancel", ""); code != 202 {
		t.Fatalf("cancel queued: %d %s", code, b)
	}
	if code, _, b := e.do("POST", "/api/runs/"+slow+"/cancel", ""); code != 202 {
		t.Fatalf("cancel running: %d %s", code, b)
	}
	for _, id := range []string{slow, waiting} {
		if r := e.wait(id); r.Status != store.Cancelled {
			t.Fatalf("run %s = %+v, want cancelled", id, r)
		}
		if code, _, _ := e.do("GET", "/api/runs/"+id+"/results", ""); code != 409 {
			t.Fatalf("results of cancelled run: %d", code)
		}
	}
}

func TestQueueFull(t *testing.T) {
	e := newEnv(t, nil) // 1 worker + 1 queued
	a := e.create(`{"scenario":"slow"}`)
	b := e.create(`{"scenario":"slow"}`)
	code, h, body := e.do("POST", "/api/runs", `{"scenario":"slow"}`)
	if code != http.StatusTooManyRequests {
		t.Fatalf("third run: %d %s, want 429", code, body)
	}
	if ra := h.Get("Retry-After"); ra == "" || ra == "0" {
		t.Fatalf("Retry-After = %q", ra)
	}
	e.do("POST", "/api/runs/"+a+"/cancel", "")
	e.do("POST", "/api/runs/"+b+"/cancel", "")
	e.wait(a)
	e.wait(b)
	// Slots are free again.
	e.wait(e.create(`{"scenario":"central-asia"}`))
}

func TestEvents(t *testing.T) {
	e := newEnv(t, nil)
	id := e.create(`{"source":"steps: 10\nstep: 30ms\n"}`)
	resp, err := http.Get(e.ts.URL + "/api/runs/" + id + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	sc := bufio.NewScanner(resp.Body)
	var events []string
	var last string
	for sc.Scan() {
		line := sc.Text()
		if ev, ok := strings.CutPrefix(line, "event: "); ok {
			events = append(events, ev)
		}
		if d, ok := strings.CutPrefix(line, "data: "); ok {
			last = d
		}
	}
	progress := 0
	for _, ev := range events {
		if ev == "progress" {
			progress++
		}
	}
	if progress < 2 || events[len(events)-1] != "end" {
		t.Fatalf("events %v: want several progress events then end", events)
	}
	if !strings.Contains(last, `"status":"done"`) {
		t.Fatalf("end event data %s", last)
	}
}

func TestSecurity(t *testing.T) {
	t.Run("host check without token", func(t *testing.T) {
		e := newEnv(t, nil)
		code, _, _ := e.do("GET", "/api/version", "", "Host", "evil.example:80")
		if code != 403 {
			t.Fatalf("foreign Host: %d, want 403", code)
		}
		code, _, _ = e.do("GET", "/api/version", "", "Host", "localhost:1")
		if code != 200 {
			t.Fatalf("localhost Host: %d", code)
		}
	})
	t.Run("cross-origin POST", func(t *testing.T) {
		e := newEnv(t, nil)
		code, _, _ := e.do("POST", "/api/runs", `{"scenario":"central-asia"}`, "Sec-Fetch-Site", "cross-site")
		if code != 403 {
			t.Fatalf("cross-site POST: %d, want 403", code)
		}
	})
	t.Run("token", func(t *testing.T) {
		e := newEnv(t, func(c *Config) { c.Token = "s3cret" })
		if code, h, _ := e.do("GET", "/api/runs", ""); code != 401 || h.Get("WWW-Authenticate") == "" {
			t.Fatalf("no token: %d %v", code, h)
		}
		if code, _, _ := e.do("GET", "/api/runs", "", "Authorization", "Bearer wrong"); code != 401 {
			t.Fatalf("wrong token: %d", code)
		}
		if code, _, _ := e.do("GET", "/api/runs", "", "Authorization", "Bearer s3cret"); code != 200 {
			t.Fatalf("right token: %d", code)
		}
		if code, _, _ := e.do("GET", "/api/runs", "", "Host", "evil.example", "Authorization", "Bearer s3cret"); code != 200 {
			t.Fatalf("token on a public address: %d", code)
		}
		// The dashboard link sets a cookie and redirects.
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Get(e.ts.URL + "/?token=s3cret")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/" {
			t.Fatalf("token link: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		c := resp.Cookies()
		if len(c) != 1 || !c[0].HttpOnly || c[0].SameSite != http.SameSiteStrictMode {
			t.Fatalf("cookie %+v", c)
		}
		if code, _, _ := e.do("GET", "/api/runs", "", "Cookie", c[0].Name+"="+c[0].Value); code != 200 {
			t.Fatalf("cookie auth: %d", code)
		}
	})
	t.Run("timeouts", func(t *testing.T) {
		e := newEnv(t, nil)
		hs := e.srv.HTTPServer("127.0.0.1:0")
		if hs.ReadHeaderTimeout == 0 || hs.ReadTimeout == 0 || hs.WriteTimeout == 0 || hs.IdleTimeout == 0 {
			t.Fatalf("timeouts not all set: %+v", hs)
		}
	})
	for _, c := range []struct {
		addr string
		want bool
	}{{"127.0.0.1:8080", true}, {"[::1]:1", true}, {"localhost:80", true}, {":8080", false}, {"0.0.0.0:1", false}, {"192.168.1.2:80", false}} {
		if got := IsLoopback(c.addr); got != c.want {
			t.Errorf("IsLoopback(%q) = %v", c.addr, got)
		}
	}
}

// TestOpenAPIMatchesRoutes checks that the OpenAPI document describes
// exactly the registered endpoints, and that the mux routes each documented
// path and method to the documented pattern.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	s, err := New(Config{Runs: testRuns(t), Runner: &fakeRunner{}})
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for p, ops := range doc.Paths {
		for m, op := range ops {
			if m == "parameters" {
				continue
			}
			var o struct {
				OperationID string                     `json:"operationId"`
				Responses   map[string]json.RawMessage `json:"responses"`
			}
			if err := json.Unmarshal(op, &o); err != nil || o.OperationID == "" || len(o.Responses) == 0 {
				t.Errorf("%s %s: operation needs operationId and responses (%v)", m, p, err)
			}
			key := strings.ToUpper(m) + " " + p
			documented[key] = true
			// The mux must route a concrete request to this very pattern.
			concrete := strings.NewReplacer("{id}", "abc", "{name}", "central-asia").Replace(p)
			req := httptest.NewRequest(strings.ToUpper(m), concrete, nil)
			if _, pat := s.mux.Handler(req); pat != key {
				t.Errorf("documented %s routes to %q", key, pat)
			}
		}
	}
	for _, r := range s.routes {
		key := r.method + " " + r.pattern
		if !documented[key] {
			t.Errorf("route %s is not in openapi.json", key)
		}
		delete(documented, key)
	}
	for k := range documented {
		t.Errorf("openapi.json documents %s, which has no handler", k)
	}
	// Every $ref resolves.
	var all map[string]any
	json.Unmarshal(openAPI, &all)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				name := strings.TrimPrefix(ref, "#/components/schemas/")
				if _, ok := all["components"].(map[string]any)["schemas"].(map[string]any)[name]; !ok {
					t.Errorf("dangling $ref %s", ref)
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(all)
}

func TestSeedJSON(t *testing.T) {
	for _, c := range []struct {
		in   string
		want uint64
		ok   bool
	}{{`1`, 1, true}, {`"18446744073709551615"`, 1<<64 - 1, true}, {`-1`, 0, false}, {`1.5`, 0, false}, {`"x"`, 0, false}, {`null`, 0, false}} {
		var s Seed
		err := json.Unmarshal([]byte(c.in), &s)
		if (err == nil) != c.ok || (c.ok && uint64(s) != c.want) {
			t.Errorf("Seed(%s) = %d, %v", c.in, s, err)
		}
	}
	b, _ := json.Marshal(Seed(1<<64 - 1))
	if string(b) != `"18446744073709551615"` {
		t.Errorf("marshal: %s", b)
	}
	_ = fmt.Sprint()
}

func TestResultsGzip(t *testing.T) {
	e := newEnv(t, nil)
	big := `{"cells":[` + strings.Repeat(`{"policy":"baseline","p":0.123456},`, 2000) + `{}]}`
	e.runs.CreateRun(t.Context(), store.Run{ID: "r1", Status: store.Queued, Draws: 1, Created: time.Now()})
	e.runs.Finish(t.Context(), "r1", store.Outcome{Status: store.Done, Artifacts: []store.Artifact{{Name: "results.json", ContentType: "application/json", Data: []byte(big)}}})
	for _, enc := range []string{"gzip", "gzip;q=0", ""} {
		req, _ := http.NewRequest("GET", e.ts.URL+"/api/runs/r1/results", nil)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc) // set by hand: the client then does not decompress
		}
		tr := &http.Transport{DisableCompression: true}
		resp, err := (&http.Client{Transport: tr}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		gz := resp.Header.Get("Content-Encoding") == "gzip"
		if gz != (enc == "gzip") {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q", enc, resp.Header.Get("Content-Encoding"))
		}
		if gz && len(b) >= len(big)/5 {
			t.Errorf("gzip body %d bytes of %d", len(b), len(big))
		}
		if !gz && string(b) != big {
			t.Errorf("identity body differs")
		}
		if !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
			t.Error("no Vary: Accept-Encoding")
		}
	}
}
