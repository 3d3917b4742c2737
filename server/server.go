package server

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/steppe-dev/steppe/model"
)

// Config configures a Server. Runs and Runner are required.
type Config struct {
	Runs   Runs
	Runner Runner
	// Embedded holds the embedded scenarios as NAME.yaml files at its root.
	Embedded fs.FS
	// Map is the JSON served at /api/map: country boundaries (GeoJSON) and
	// the default scenario's bases and infrastructure.
	Map []byte
	// Network is a GeoJSON FeatureCollection of the infrastructure network
	// (data/network/central-asia.geojson) and NetworkProjects its projects
	// file (data/network/projects.json); the dashboard draws the lines,
	// served at /api/network. Both optional.
	Network, NetworkProjects []byte
	// Version is the steppe version recorded with each run.
	Version string
	// Workers is how many runs execute at once (default 1); Queue how many
	// more may wait (default 4).
	Workers, Queue int
	// MaxBody caps request bodies in bytes (default 1 MiB).
	MaxBody int64
	// MaxCSV caps the bodies of the explore endpoints, which carry a table
	// of experiments as CSV (default 32 MiB).
	MaxCSV int64
	// MaxLoads caps the requests that read a body and load a scenario or a
	// table at once: validations, uploads, new runs and the explore
	// analyses (default 4). One more is answered 503 with Retry-After at
	// once, before its body is read, so that a flood of large requests
	// holds at most MaxLoads bodies and loads in memory.
	MaxLoads int
	// MaxDraws caps a run's draw count (default 200,000).
	MaxDraws int
	// MaxResultBytes caps a run's memory, as the Runner estimates it before
	// the run is accepted ([Runner.Admit]; the ModelRunner asks
	// model.Model.Estimate). Default model.DefaultSettings.MaxResultBytes,
	// the bound Model.Run enforces.
	MaxResultBytes float64
	// MaxRunCPU caps a run's CPU time, estimated in the same way (default
	// model.DefaultSettings.MaxRunCPU, the bound Model.Run enforces). With
	// the summaries' memory bounded, time is what grows with draws,
	// policies and years.
	MaxRunCPU time.Duration
	// Token, when not empty, is required on every request: as
	// "Authorization: Bearer TOKEN", as the steppe_token cookie, or once as
	// ?token=TOKEN on the dashboard page, which sets the cookie.
	Token string
	// Log receives one line per run event; nil discards.
	Log *slog.Logger
	// Now returns the current time (default time.Now).
	Now func() time.Time
}

// Server serves the API and the dashboard. Create it with New, serve
// Handler (or HTTPServer), and call Close to stop running work.
type Server struct {
	cfg     Config
	handler http.Handler
	mux     *http.ServeMux
	routes  []route

	// admission admits runs (Workers+Queue slots); workers executes them.
	admission chan struct{}
	workers   chan struct{}
	// loads bounds the requests that load scenarios or tables (MaxLoads).
	loads chan struct{}

	mu     sync.Mutex
	active map[string]*activeRun
	avgRun time.Duration // exponentially weighted mean run duration

	cache *fileCache

	network []byte // the map layer of cfg.Network, built once

	baseCtx context.Context
	stop    context.CancelFunc
	wg      sync.WaitGroup
}

type activeRun struct {
	cancel  context.CancelCauseFunc
	tracker *tracker
}

// errCancelled is the cause recorded when a user cancels a run.
var errCancelled = errors.New("cancelled by user")

// errShutdown is the cause recorded when the server stops.
var errShutdown = errors.New("server shutting down")

// New returns a server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Runs == nil || cfg.Runner == nil {
		return nil, errors.New("server: Runs and Runner are required")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 1
	}
	if cfg.Queue < 0 {
		cfg.Queue = 0
	} else if cfg.Queue == 0 {
		cfg.Queue = 4
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.MaxCSV <= 0 {
		cfg.MaxCSV = 32 << 20
	}
	if cfg.MaxRunCPU <= 0 {
		cfg.MaxRunCPU = model.DefaultSettings.MaxRunCPU
	}
	if cfg.MaxLoads <= 0 {
		cfg.MaxLoads = 4
	}
	if cfg.MaxDraws <= 0 {
		cfg.MaxDraws = 200_000
	}
	if cfg.MaxResultBytes <= 0 {
		cfg.MaxResultBytes = model.DefaultSettings.MaxResultBytes
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Embedded == nil {
		cfg.Embedded = emptyFS{}
	}
	ctx, stop := context.WithCancel(context.Background())
	s := &Server{
		cfg:       cfg,
		admission: make(chan struct{}, cfg.Workers+cfg.Queue),
		workers:   make(chan struct{}, cfg.Workers),
		loads:     make(chan struct{}, cfg.MaxLoads),
		active:    map[string]*activeRun{},
		avgRun:    10 * time.Second,
		cache:     newFileCache(64 << 20),
		baseCtx:   ctx,
		stop:      stop,
	}
	if len(cfg.Network) > 0 {
		nl, err := buildNetworkLayer(cfg.Network, cfg.NetworkProjects)
		if err != nil {
			return nil, err
		}
		s.network = nl
	}
	s.mux = http.NewServeMux()
	s.routes = s.routeTable()
	for _, r := range s.routes {
		s.mux.HandleFunc(r.method+" "+r.pattern, r.handler)
	}
	ui, err := uiHandler()
	if err != nil {
		return nil, err
	}
	s.mux.Handle("/", s.fallback(ui))

	var h http.Handler = s.mux
	h = http.NewCrossOriginProtection().Handler(h)
	h = s.auth(h)
	h = securityHeaders(h)
	s.handler = h
	return s, nil
}

// Handler returns the HTTP handler for the API and the dashboard.
func (s *Server) Handler() http.Handler { return s.handler }

// HTTPServer returns an http.Server for addr serving Handler, with timeouts
// suited to a public or loopback address. Event streams extend their own
// write deadline, so the write timeout bounds every other response.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}

// Close cancels running runs (they are recorded as failed) and waits for
// their workers to finish writing. Runs still queued stay queued in the
// store: the next server's Resume runs them.
func (s *Server) Close() error {
	s.mu.Lock()
	for _, a := range s.active {
		a.cancel(errShutdown)
	}
	s.mu.Unlock()
	s.stop()
	s.wg.Wait()
	return nil
}

// bounded runs h only while it holds one of the MaxLoads slots, and
// answers 503 with Retry-After when none is free.
func (s *Server) bounded(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case s.loads <- struct{}{}:
			defer func() { <-s.loads }()
			h(w, r)
		default:
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Connection", "close")
			writeError(w, http.StatusServiceUnavailable, fmt.Sprintf("busy: %d scenarios or tables are being loaded; retry in a second", s.cfg.MaxLoads), nil)
		}
	}
}

// fallback serves the dashboard for GET and HEAD outside /api/, and
// answers everything else with a JSON 405 (the path exists for another
// method) or 404.
func (s *Server) fallback(ui http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		get := r.Method == http.MethodGet || r.Method == http.MethodHead
		if get && !strings.HasPrefix(r.URL.Path, "/api/") {
			ui.ServeHTTP(w, r)
			return
		}
		var allow []string
		for _, m := range []string{"GET", "POST", "DELETE"} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pat := s.mux.Handler(probe); pat != "/" && pat != "" {
				allow = append(allow, m)
			}
		}
		if len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeError(w, http.StatusMethodNotAllowed, r.Method+" is not allowed on "+r.URL.Path, nil)
			return
		}
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path, nil)
	})
}

// NewToken returns a fresh random access token (128 bits, hex).
func NewToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// IsLoopback reports whether the host part of addr (host:port) is a
// loopback address or "localhost". An empty host (all interfaces) is not.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

const tokenCookie = "steppe_token"

// auth enforces the access token, or, without one, that the Host header
// names a loopback host (so that a web page cannot reach a loopback server
// through DNS rebinding).
func (s *Server) auth(next http.Handler) http.Handler {
	if s.cfg.Token == "" {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !IsLoopback(r.Host) {
				writeError(w, http.StatusForbidden, "this server answers only requests addressed to a loopback host", nil)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	want := []byte(s.cfg.Token)
	ok := func(got string) bool { return got != "" && subtle.ConstantTimeCompare([]byte(got), want) == 1 }
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if t := r.URL.Query().Get("token"); t != "" && r.Method == http.MethodGet && !strings.HasPrefix(r.URL.Path, "/api/") {
			if !ok(t) {
				writeError(w, http.StatusUnauthorized, "wrong access token", nil)
				return
			}
			http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: t, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
			q := r.URL.Query()
			q.Del("token")
			u := *r.URL
			u.RawQuery = q.Encode()
			http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
			return
		}
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") && ok(strings.TrimPrefix(h, "Bearer ")) {
			next.ServeHTTP(w, r)
			return
		}
		if c, err := r.Cookie(tokenCookie); err == nil && ok(c.Value) {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="steppe"`)
		writeError(w, http.StatusUnauthorized, "access token required: send Authorization: Bearer TOKEN, or open the dashboard at /?token=TOKEN", nil)
	})
}

// csp allows only same-origin scripts, styles, fetches and images (data:
// URIs for downloads); no inline script, no other origin.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// newID returns a fresh run id: 12 random bytes, hex.
func newID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}
