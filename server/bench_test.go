package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/steppe-dev/steppe/store"
)

// BenchmarkGetResults measures the results endpoint on the cached path
// (finished files are read from the store once), identity and gzip.
func BenchmarkGetResults(b *testing.B) {
	runs := testRuns(b)
	big := `{"cells":[` + strings.Repeat(`{"policy":"baseline","country":"KAZ","year":2030,"p_intervention":{"mean":0.123456,"se":0.001}},`, 1500) + `{}]}`
	runs.CreateRun(context.Background(), store.Run{ID: "r", Status: store.Queued, Draws: 1, Created: time.Now()})
	runs.Finish(context.Background(), "r", store.Outcome{Status: store.Done, Artifacts: []store.Artifact{{Name: "results.json", ContentType: "application/json", Data: []byte(big)}}})
	s, err := New(Config{Runs: runs, Runner: &fakeRunner{}})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	h := s.Handler()
	for _, enc := range []string{"identity", "gzip"} {
		b.Run(enc, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, "/api/runs/r/results", nil)
				req.Host = "127.0.0.1"
				req.Header.Set("Accept-Encoding", enc)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}
