package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/server"
	"github.com/steppe-dev/steppe/store"
)

type serveFlags struct {
	addr       string
	dataDir    string
	token      string
	workers    int
	queue      int
	simWorkers int
	maxBody    int64
	maxCSV     int64
	maxDraws   int
	maxLoads   int
	maxMemory  float64
	maxCPU     time.Duration
}

// serveRunner, when set (by tests), replaces the simulation behind the
// server.
var serveRunner server.Runner

func newServeCmd() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the HTTP API and web dashboard",
		Long: `Serve the web dashboard and the HTTP API (documented at /api/openapi.json).
Runs are stored in an SQLite database in the data directory and survive
restarts: runs still queued when the server stopped run at the next start;
runs it left running are marked failed.

By default steppe listens on 127.0.0.1 only. Listening on any other address
requires an access token: give one with --token, or steppe generates one on
first start, stores it in the data directory and prints it. Clients send it as
"Authorization: Bearer TOKEN"; browsers open /?token=TOKEN once.`,
		Example: `  steppe serve
  steppe serve --addr 127.0.0.1:9000 --data-dir ./runs
  steppe serve --addr 0.0.0.0:8080            # prints the access token`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd.Context(), f, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port)")
	fl.StringVar(&f.dataDir, "data-dir", "", "directory of the run database (default: the per-user data directory, e.g. ~/.local/share/steppe)")
	fl.StringVar(&f.token, "token", "", "access token required from clients (default: none on loopback; generated for other addresses)")
	fl.IntVar(&f.workers, "workers", 1, "runs that execute at once")
	fl.IntVar(&f.queue, "queue", 8, "runs that may wait for a worker; more are refused with 429")
	fl.IntVar(&f.simWorkers, "sim-workers", 0, "simulation workers per run (0: all cores)")
	fl.Int64Var(&f.maxBody, "max-body", 1<<20, "largest request body in bytes")
	fl.Int64Var(&f.maxCSV, "max-csv", 32<<20, "largest request body of the explore endpoints (a CSV of experiments) in bytes")
	fl.IntVar(&f.maxDraws, "max-draws", 200000, "largest draw count a run may ask for")
	fl.Float64Var(&f.maxMemory, "max-run-bytes", 0, "largest memory a run may need, as the model estimates it before the run is accepted; more is refused with 422 (0: the model's own bound, 8e9)")
	fl.DurationVar(&f.maxCPU, "max-run-cpu", 0, "largest CPU time a run may need, as the model estimates it before the run is accepted; more is refused with 422 (0: the model's own bound, 1h)")
	fl.IntVar(&f.maxLoads, "max-loads", 4, "validations, uploads, new runs and explore analyses loaded at once; more are refused with 503 and Retry-After")
	return cmd
}

func runServe(ctx context.Context, f serveFlags, stdout, stderr io.Writer) error {
	if f.workers < 1 || f.queue < 0 || f.simWorkers < 0 || f.maxBody < 1024 || f.maxCSV < 1024 || f.maxDraws < 1 || f.maxLoads < 1 || !(f.maxMemory >= 0) || f.maxCPU < 0 {
		return inputErrf("serve: --workers must be at least 1, --queue and --sim-workers not negative, --max-body and --max-csv at least 1024, --max-draws and --max-loads at least 1, --max-run-bytes and --max-run-cpu not negative")
	}
	if _, _, err := net.SplitHostPort(f.addr); err != nil {
		return inputErrf("serve: --addr %q: %v", f.addr, err)
	}
	dir := f.dataDir
	if dir == "" {
		var err error
		if dir, err = store.DefaultDir(); err != nil {
			return fmt.Errorf("serve: data directory: %w (give --data-dir)", err)
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("serve: data directory: %w", err)
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	unlock, err := store.LockDir(dir)
	if errors.Is(err, store.ErrDirInUse) {
		return inputErrf("serve: another steppe serve is using the data directory %s", dir)
	} else if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer unlock()
	st, err := store.Open(ctx, filepath.Join(dir, "steppe.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	failed, queued, err := st.Recover(ctx, time.Now().UTC())
	if err != nil {
		return err
	}
	if failed > 0 {
		logger.Warn("marked runs left running by a previous server as failed", "runs", failed)
	}

	token := f.token
	if !server.IsLoopback(f.addr) {
		var created bool
		if token, created, err = server.AccessToken(dir, f.token); err != nil {
			return err
		}
		if created {
			fmt.Fprintf(stdout, "steppe serve: generated an access token (stored in %s):\n  %s\n", filepath.Join(dir, "token"), token)
		}
	}

	cfg, err := serveConfig(st, f.simWorkers)
	if err != nil {
		return err
	}
	if serveRunner != nil {
		cfg.Runner = serveRunner
	}
	cfg.Workers, cfg.Queue, cfg.MaxBody, cfg.MaxCSV, cfg.MaxDraws, cfg.MaxLoads, cfg.Token, cfg.Log = f.workers, f.queue, f.maxBody, f.maxCSV, f.maxDraws, f.maxLoads, token, logger
	cfg.MaxResultBytes, cfg.MaxRunCPU = f.maxMemory, f.maxCPU
	srv, err := server.New(cfg)
	if err != nil {
		return err
	}
	srv.Resume(queued)
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		srv.Close()
		return fmt.Errorf("serve: %w", err)
	}
	hs := srv.HTTPServer(f.addr)
	hs.ErrorLog = slog.NewLogLogger(logger.Handler(), slog.LevelWarn)
	url := "http://" + ln.Addr().String() + "/"
	if token != "" {
		fmt.Fprintf(stdout, "steppe serve: dashboard at %s?token=%s (data in %s)\n", url, token, dir)
	} else {
		fmt.Fprintf(stdout, "steppe serve: dashboard at %s (data in %s)\n", url, dir)
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err = <-errc:
	case <-ctx.Done():
	}
	// Stop the runs first (they are recorded as failed after their last
	// write), which also ends their event streams; then the connections.
	srv.Close()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	hs.Shutdown(sctx)
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(stdout, "steppe serve: stopped")
	return nil
}

// serveConfig is the server's configuration for the store st, with
// simWorkers simulation workers per run (server.BundledConfig).
func serveConfig(st *store.Store, simWorkers int) (server.Config, error) {
	return server.BundledConfig(st, simWorkers, defaultScenario, version)
}
