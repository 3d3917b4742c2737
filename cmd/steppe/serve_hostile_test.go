package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/scenario"
	"github.com/steppe-dev/steppe/server"
)

// The hostile-request suite (issue 21) sends a live server what took it
// down or slowed it before: a run whose horizon asks for a 153 GB
// allocation, one over the memory budget, twenty 1 MB validations at once,
// clients that hang up in the middle of an upload, and the inputs the
// scenario fuzzers found. The server must answer each as documented and
// then answer every later request, within the memory stated below.
// TestHostileInProcess runs it against an in-process server,
// TestHostileChild against a steppe serve process, whose peak resident
// memory it reads from the kernel.

// hostileMaxMemory is the most memory the server may use during the suite.
const hostileMaxMemory = 500 << 20

// hostileLoads is the server's --max-loads in the suite: the flood's
// requests beyond it are refused with 503 before their bodies are read.
const hostileLoads = 4

// floodSource is a valid scenario of about 1 MB that extends the bundled
// one: 7,700 claims, each about 130 bytes.
func floodSource() string {
	var b strings.Builder
	b.WriteString("extends: central-asia\nclaims:\n")
	for i := 0; b.Len() < 1_000_000; i++ {
		fmt.Fprintf(&b, "  k%d: {text: \"claim number %d of a large scenario\", source: \"history.kaz-2022-01\", fields: [actors.KAZ.fuel_price_exposure]}\n", i, i)
	}
	return b.String()
}

// overBudget is a run request and the budget, half the model's own
// estimate of its memory, under which the server must refuse it.
func overBudget(t *testing.T) (body string, budget float64) {
	t.Helper()
	src := "extends: central-asia\nhorizon: 2100-12\n"
	sc, err := scenario.Load("far.yaml", []byte(src), scenario.Embedded(data.FS()))
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.Assemble(sc.World, model.Config{Stated: true})
	if err != nil {
		t.Fatal(err)
	}
	need := m.ResultBytes(model.Options{Draws: 200000})
	b, _ := json.Marshal(map[string]any{"source": src, "draws": 200000})
	return string(b), need / 2
}

// fuzzInputs are the scenario fuzzers' saved inputs (testdata/fuzz), each
// the source of a scenario.
func fuzzInputs(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "scenario", "testdata", "fuzz", "*", "*"))
	if len(files) == 0 {
		t.Fatal("no fuzz inputs in scenario/testdata/fuzz")
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// "go test fuzz v1" then one value a line: []byte("...") or string("...").
		for _, line := range strings.Split(string(b), "\n")[1:] {
			_, lit, ok := strings.Cut(line, "(")
			if !ok {
				continue
			}
			if s, err := strconv.Unquote(strings.TrimSuffix(lit, ")")); err == nil {
				out = append(out, s)
			}
		}
	}
	return out
}

type hostile struct {
	t      *testing.T
	base   string // the server's URL, without a trailing slash
	budget string // the over-budget run's body
}

// post sends a JSON body and returns the status, the Retry-After header
// and the body.
func (h *hostile) post(path, body string) (int, string, string) {
	h.t.Helper()
	resp, err := http.Post(h.base+path, "application/json", strings.NewReader(body))
	if err != nil {
		h.t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Retry-After"), string(b)
}

// postPatiently posts until the server has a load slot for it (at most 5 s).
func (h *hostile) postPatiently(path, body string) (int, string) {
	h.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		code, _, out := h.post(path, body)
		if code != http.StatusServiceUnavailable || time.Now().After(deadline) {
			return code, out
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (h *hostile) run() {
	t := h.t
	t.Run("horizon 9999-12, 200k draws", func(t *testing.T) {
		code, body := h.postPatiently("/api/runs", `{"source":"extends: central-asia\nhorizon: 9999-12\n","draws":200000}`)
		if code != 422 || !strings.Contains(body, `"field":"horizon","message":"9999-12 is after 2200-12`) {
			t.Errorf("status %d: %s; want 422 naming the horizon", code, body)
		}
	})
	t.Run("over the memory budget", func(t *testing.T) {
		code, body := h.postPatiently("/api/runs", h.budget)
		if code != 422 || !strings.Contains(body, `"error":"draws: 200000 draws of 2 policies over 79 years`) {
			t.Errorf("status %d: %s; want 422 naming the draws", code, body)
		}
	})
	t.Run("twenty 1 MB validations at once", func(t *testing.T) {
		body, _ := json.Marshal(map[string]string{"file": "big.yaml", "source": floodSource()})
		var wg sync.WaitGroup
		var ok, busy atomic.Int32
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				code, retry, out := h.post("/api/validate", string(body))
				switch {
				case code == 200 && strings.Contains(out, `"valid":true`):
					ok.Add(1)
				case code == 503 && retry != "":
					busy.Add(1)
				default:
					t.Errorf("status %d (Retry-After %q): %.300s", code, retry, out)
				}
			}()
		}
		wg.Wait()
		t.Logf("%d validated, %d refused as busy", ok.Load(), busy.Load())
		if ok.Load() == 0 {
			t.Error("no validation of the flood went through")
		}
	})
	t.Run("clients that hang up mid-upload", func(t *testing.T) {
		u, _ := url.Parse(h.base)
		for _, path := range []string{"/api/validate", "/api/scenarios", "/api/runs", "/api/validate", "/api/validate"} {
			c, err := net.Dial("tcp", u.Host)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n{\"source\":\"", path, u.Host)
			c.Write(bytes.Repeat([]byte("x"), 300_000))
			c.Close()
		}
	})
	t.Run("clients that hang up mid-validation", func(t *testing.T) {
		// Take every load slot with a whole 1 MB validation, hang up 300 ms
		// in, while the scenarios load: the loads stop with the requests'
		// contexts, so a second later the slots are free again.
		body, _ := json.Marshal(map[string]string{"file": "big.yaml", "source": floodSource()})
		u, _ := url.Parse(h.base)
		var conns []net.Conn
		for range hostileLoads {
			c, err := net.Dial("tcp", u.Host)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(c, "POST /api/validate HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", u.Host, len(body))
			c.Write(body)
			conns = append(conns, c)
		}
		time.Sleep(300 * time.Millisecond)
		for _, c := range conns {
			c.Close()
		}
		time.Sleep(time.Second)
		if code, _, out := h.post("/api/validate", `{"source":"extends: central-asia\n"}`); code != 200 {
			t.Errorf("a second after %d clients hung up mid-validation: %d %.300s", hostileLoads, code, out)
		}
	})
	t.Run("the fuzzers' inputs", func(t *testing.T) {
		for _, src := range fuzzInputs(t) {
			b, _ := json.Marshal(map[string]string{"source": src})
			if code, out := h.postPatiently("/api/validate", string(b)); code != 200 || !json.Valid([]byte(out)) {
				t.Errorf("validate %q: status %d: %.300s", src, code, out)
			}
		}
	})
	t.Run("later requests", func(t *testing.T) {
		resp, err := http.Get(h.base + "/api/version")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET /api/version: %v %v", resp, err)
		}
		resp.Body.Close()
		// Every load slot is free again once the hung-up uploads are gone.
		for range hostileLoads + 1 {
			if code, out := h.postPatiently("/api/validate", `{"source":"extends: central-asia\n"}`); code != 200 || !strings.Contains(out, `"valid":true`) {
				t.Errorf("validate after the suite: %d %.300s", code, out)
			}
		}
	})
}

// TestHostileInProcess runs the suite against an in-process server and
// samples the heap of this process meanwhile.
func TestHostileInProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("validates twenty 1 MB scenarios")
	}
	body, budget := overBudget(t)
	ts, _, _ := startServe(t, func(c *server.Config) {
		c.MaxBody, c.MaxLoads, c.MaxResultBytes = 2<<20, hostileLoads, budget
	})
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if v := ms.HeapInuse + ms.StackInuse; v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	(&hostile{t: t, base: ts.URL, budget: body}).run()
	close(stop)
	<-sampled
	t.Logf("peak heap and stacks in use %d MB (the test process, server included)", peak.Load()>>20)
	if peak.Load() > hostileMaxMemory {
		t.Errorf("peak heap %d MB, want under %d MB", peak.Load()>>20, hostileMaxMemory>>20)
	}
}

// TestHostileChild runs the suite against a steppe serve process with the
// simulation, stops it with SIGTERM and reads its peak resident set.
func TestHostileChild(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process and validates twenty 1 MB scenarios")
	}
	body, budget := overBudget(t)
	flags := []string{"--max-body", strconv.Itoa(2 << 20), "--max-loads", strconv.Itoa(hostileLoads), "--max-run-bytes", strconv.FormatFloat(budget, 'g', -1, 64)}
	c := startChild(t, t.TempDir(), "STEPPE_SERVE_REAL=1", "STEPPE_SERVE_FLAGS="+strings.Join(flags, "\n"))
	(&hostile{t: t, base: c.url, budget: body}).run()
	c.cmd.Process.Signal(syscall.SIGTERM)
	c.cmd.Wait()
	ru, ok := c.cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no resource usage of the child on this system")
	}
	rss := int64(ru.Maxrss) << 10 // Linux reports kilobytes
	t.Logf("server process: peak resident set %d MB, exit %d", rss>>20, c.cmd.ProcessState.ExitCode())
	if rss > hostileMaxMemory {
		t.Errorf("peak resident set %d MB, want under %d MB", rss>>20, hostileMaxMemory>>20)
	}
}
