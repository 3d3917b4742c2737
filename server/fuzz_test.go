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
	} {
		f.Add(seed, uint8(0))
		f.Add(seed, uint8(1))
		f.Add(seed, uint8(2))
	}
	s, err := New(Config{Runs: newMemRuns(), Runner: &fakeRunner{}, Embedded: embedded, MaxBody: 2048, Queue: 2})
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
