package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzRequests sends arbitrary bodies to the endpoints that parse JSON:
// the server must answer with a client error or success, never panic or
// answer 5xx, and always with a JSON body.
func FuzzRequests(f *testing.F) {
	for _, seed := range []string{
		`{"scenario":"central-asia"}`, `{"source":"title: x\nbad: y\n","file":"a.yaml","draws":5,"seed":"9"}`,
		`{"scenario":"central-asia","policies":["baseline","x"]}`, `{"seed":-1}`, `{"draws":1e99}`, `{`, `[]`, `null`,
		`{"name":"a","source":"extend: a\n"}`, "{\"source\":\"\\u0000\"}", `{"scenario":"../../etc/passwd"}`,
		`{"scenario":"central-asia","set":{"title":1}}`, `{"scenario":"central-asia","set":{"x":1e400}}`, `{"scenario":"central-asia","set":{"x":null}}`,
	} {
		f.Add(seed, uint8(0))
		f.Add(seed, uint8(1))
		f.Add(seed, uint8(2))
	}
	s, err := New(Config{Runs: testRuns(f), Runner: &fakeRunner{}, Embedded: embedded, MaxBody: 2048, Queue: 2})
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	paths := []string{"/api/runs", "/api/validate", "/api/scenarios"}
	f.Fuzz(func(t *testing.T, body string, which uint8) {
		req := httptest.NewRequest("POST", paths[int(which)%len(paths)], bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Host = "127.0.0.1:8080"
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %q: status %d: %s", req.URL.Path, body, rec.Code, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %q: body is not JSON: %s", req.URL.Path, body, rec.Body)
		}
		switch rec.Code {
		case http.StatusOK, http.StatusCreated, http.StatusAccepted, http.StatusBadRequest, http.StatusConflict,
			http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity, http.StatusTooManyRequests:
		default:
			t.Fatalf("%s %q: unexpected status %d", req.URL.Path, body, rec.Code)
		}
	})
}

func FuzzSeed(f *testing.F) {
	for _, s := range []string{`1`, `"18446744073709551615"`, `-1`, `1.5`, `"x"`, `null`, `18446744073709551616`, `""`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var s Seed
		if err := json.Unmarshal([]byte(in), &s); err != nil {
			return
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back Seed
		if err := json.Unmarshal(b, &back); err != nil || back != s {
			t.Fatalf("round trip %s -> %s -> %d (%v)", in, b, back, err)
		}
	})
}

// FuzzExplore posts arbitrary CSV tables, columns and options to the
// explore endpoints: the answer is 200, 400 or 422 with a JSON body, never
// a panic or 5xx.
func FuzzExplore(f *testing.F) {
	for _, seed := range []string{
		"a,b,y\n1,2,3\n2,3,1\n3,1,2\n4,4,4\n",
		"# factor a uniform(0,1)\n# factor b uniform(0,1)\nexperiment,a,b,y\n0,0.1,0.2,1\n1,0.5,0.2,2\n2,0.1,0.7,3\n3,0.5,0.7,4\n",
		"a,b,y\n1,x,0\n2,y,1\n3,x,1\n4,y,0\n", "a,b,y\n1,,3\n", "a,y\n\"1,2\n", "a,a,y\n1,2,3\n", "y\n1\n", "",
		"a,b,y\nNaN,Inf,1\n-Inf,2,0\n1e308,1e-308,1\n2,3,0\n",
	} {
		f.Add(seed, "a,b", "y", 1.5, uint8(0))
		f.Add(seed, "", "y", 0.5, uint8(1))
		f.Add(seed, "a", "b", -1.0, uint8(2))
	}
	s, err := New(Config{Runs: testRuns(f), Runner: &fakeRunner{}, Embedded: embedded, MaxCSV: 1 << 16})
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	f.Fuzz(func(t *testing.T, csv, inputs, outcome string, threshold float64, which uint8) {
		req := map[string]any{"csv": csv, "outcome": outcome, "resamples": 20}
		var in []string
		for _, s := range bytes.Split([]byte(inputs), []byte(",")) {
			if len(s) > 0 {
				in = append(in, string(s))
			}
		}
		req["inputs"] = in
		path := "/api/explore/sobol"
		switch which % 3 {
		case 1:
			path = "/api/explore/prim"
			delete(req, "resamples")
			req["threshold"] = threshold
		case 2:
			path = "/api/explore/prim"
			delete(req, "resamples")
			req["positive"] = true
		}
		body, err := json.Marshal(req)
		if err != nil {
			return // NaN or Inf threshold: not JSON
		}
		r := httptest.NewRequest("POST", path, bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Host = "127.0.0.1:8080"
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, r)
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %s: body is not JSON: %s", path, body, rec.Body)
		}
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
		default:
			t.Fatalf("%s %s: status %d: %s", path, body, rec.Code, rec.Body)
		}
	})
}
