package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/steppe-dev/steppe/server"
	"github.com/steppe-dev/steppe/store"
)

// ServeConfig is what [Serve] measures: Conns concurrent connections, at
// most Requests requests and Duration per endpoint, and a stored run of
// Scenario with Draws draws.
type ServeConfig struct {
	Conns    int
	Requests int
	Duration time.Duration
	Draws    int
	Scenario string
}

// loadResult is one endpoint's measurement.
type loadResult struct {
	name     string
	n        int
	errors   int64
	bytes    int64
	elapsed  time.Duration
	lat      []time.Duration // sorted
	firstErr string
}

func (r loadResult) q(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(p * float64(len(r.lat)-1))
	return r.lat[i]
}

// load runs GETs of url from conns goroutines sharing one client.
func load(ctx context.Context, name, url, acceptEncoding string, conns, requests int, dur time.Duration) loadResult {
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	lat := make([]time.Duration, requests)
	var next atomic.Int64
	var errs, nbytes atomic.Int64
	var firstErr atomic.Value
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	start := time.Now()
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && time.Now().Before(deadline) {
				i := next.Add(1) - 1
				if i >= int64(requests) {
					return
				}
				t0 := time.Now()
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
				if acceptEncoding != "" {
					req.Header.Set("Accept-Encoding", acceptEncoding)
				}
				resp, err := client.Do(req)
				if err == nil {
					var n int64
					n, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					nbytes.Add(n)
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				lat[i] = time.Since(t0)
				if err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	n := int(min(next.Load(), int64(requests)))
	done := slices.Clone(lat[:n])
	slices.Sort(done)
	r := loadResult{name: name, n: n, errors: errs.Load(), bytes: nbytes.Load(), elapsed: elapsed, lat: done}
	if s, ok := firstErr.Load().(string); ok {
		r.firstErr = s
	}
	return r
}

// Serve starts a server from config(st) on a loopback port with a fresh
// store st in a temporary directory, stores one run of f.Scenario with
// f.Draws draws through the API, then reads its results and the
// references under f.Conns connections, f.Requests requests or
// f.Duration per endpoint, and prints the table of throughput and latency
// quantiles with the ratios and the goal's verdict to stdout; progress goes
// to stderr. It fails when any request failed.
func Serve(ctx context.Context, f ServeConfig, config func(*store.Store) (server.Config, error), stdout, stderr io.Writer) error {
	dir, err := os.MkdirTemp("", "steppe-bench-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, filepath.Join(dir, "steppe.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	sc, err := config(st)
	if err != nil {
		return err
	}
	srv, err := server.New(sc)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0") // loopback only
	if err != nil {
		return err
	}
	hs := srv.HTTPServer(ln.Addr().String())
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()

	// Store one run through the API.
	fmt.Fprintf(stderr, "bench serve: running the default scenario with %d draws to have results to read...\n", f.Draws)
	resp, err := http.Post(base+"/api/runs", "application/json", strings.NewReader(fmt.Sprintf(`{"scenario":%q,"draws":%d}`, f.Scenario, f.Draws)))
	if err != nil {
		return err
	}
	var run struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Error  string `json:"error"`
	}
	json.NewDecoder(resp.Body).Decode(&run)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("bench serve: create run: status %d", resp.StatusCode)
	}
	for run.Status != "done" {
		if run.Status == "failed" || run.Status == "cancelled" {
			return fmt.Errorf("bench serve: run %s: %s", run.Status, run.Error)
		}
		time.Sleep(50 * time.Millisecond)
		resp, err := http.Get(base + "/api/runs/" + run.ID)
		if err != nil {
			return err
		}
		json.NewDecoder(resp.Body).Decode(&run)
		resp.Body.Close()
	}

	endpoints := []struct{ name, path, enc string }{
		{"results, gzip (GET /api/runs/{id}/results)", "/api/runs/" + run.ID + "/results", "gzip"},
		{"reference: version (GET /api/version)", "/api/version", ""},
		{"results, identity encoding", "/api/runs/" + run.ID + "/results", ""},
		{"reference: run record from SQLite (GET /api/runs/{id})", "/api/runs/" + run.ID, ""},
	}
	var res []loadResult
	for _, e := range endpoints {
		fmt.Fprintf(stderr, "bench serve: %s, %d connections...\n", e.name, f.Conns)
		r := load(ctx, e.name, base+e.path, e.enc, f.Conns, f.Requests, f.Duration)
		res = append(res, r)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "endpoint\trequests\terrors\treq/s\tMB/s\tp50 ms\tp90 ms\tp99 ms\tmax ms\t\n")
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d.Microseconds())/1000) }
	for _, r := range res {
		sec := r.elapsed.Seconds()
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%.1f\t%s\t%s\t%s\t%s\t\n", r.name, r.n, r.errors, float64(r.n)/sec,
			float64(r.bytes)/sec/1e6, ms(r.q(0.5)), ms(r.q(0.9)), ms(r.q(0.99)), ms(r.q(1)))
	}
	tw.Flush()
	main, ref := res[0], res[1]
	fmt.Fprintf(stdout, "\nresults body %d bytes gzip, %d bytes identity; %d connections on loopback, client and server in one process on %d CPUs\n",
		main.bytes/int64(max(1, main.n)), res[2].bytes/int64(max(1, res[2].n)), f.Conns, runtime.NumCPU())
	fmt.Fprintf(stdout, "results throughput is %.2f× the version endpoint's; p99 %.2f× its p99\n",
		(float64(main.n)/main.elapsed.Seconds())/(float64(ref.n)/ref.elapsed.Seconds()),
		float64(main.q(0.99))/float64(max(1, ref.q(0.99))))
	verdict := "met"
	if main.q(0.99) >= 50*time.Millisecond {
		verdict = "NOT met"
	}
	fmt.Fprintf(stdout, "goal p99 < 50 ms for the results read (gzip, as browsers ask): %s (p99 %s ms)\n", verdict, ms(main.q(0.99)))
	for _, r := range res {
		if r.errors > 0 {
			return fmt.Errorf("bench serve: %s: %d errors, first: %s", r.name, r.errors, r.firstErr)
		}
	}
	return nil
}
