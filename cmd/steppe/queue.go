package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/internal/progress"
	"github.com/steppe-dev/steppe/queue"
	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/scenario"
	"github.com/steppe-dev/steppe/sweep"
)

// natsTokenEnv holds the NATS token when no flag gives one (a flag's value
// shows in the process list).
const natsTokenEnv = "STEPPE_NATS_TOKEN"

func newQueueCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "queue",
		Short: "A NATS JetStream server for sweeps on several machines",
	}
	cmd.AddCommand(newQueueServeCmd())
	return cmd
}

func newQueueServeCmd() *cobra.Command {
	var o queue.ServerOptions
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run an embedded NATS server with JetStream for steppe worker and --nats",
		Long: `Run an embedded NATS server with JetStream on file storage in --store, for
'steppe worker --nats URL' and 'steppe run --nats URL' or 'steppe explore run
--nats URL' (see go doc github.com/steppe-dev/steppe/queue). Queued blocks and
stored partials survive a restart. It listens on loopback unless --listen
names another address, and then needs --token (or $STEPPE_NATS_TOKEN) or a
nats-server configuration (--config) with users, NKeys or TLS. A NATS cluster
of your own works as well: point the workers and --nats at it.`,
		Example: `  steppe queue serve --store /var/lib/steppe-queue
  STEPPE_NATS_TOKEN=s3cret steppe queue serve --listen 0.0.0.0:4222 --store ./q`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runQueueServe(cmd.Context(), o, cmd.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Listen, "listen", queue.DefaultListen, "address to listen on (host:port)")
	fl.StringVar(&o.Store, "store", "", "directory of JetStream's files (required)")
	fl.StringVar(&o.Token, "token", os.Getenv(natsTokenEnv), "token clients must give (default $"+natsTokenEnv+")")
	fl.StringVar(&o.Config, "config", "", "nats-server configuration file (authorization, accounts, TLS); --listen, --store and --token override it")
	fl.BoolVar(&o.Log, "log", false, "the server's own log on stderr")
	return cmd
}

func runQueueServe(ctx context.Context, o queue.ServerOptions, stderr io.Writer) error {
	if o.Store == "" {
		return inputErrf("--store is required")
	}
	host, _, err := net.SplitHostPort(o.Listen)
	if err != nil {
		return inputErrf("--listen %q: %v", o.Listen, err)
	}
	if ip := net.ParseIP(host); (ip == nil || !ip.IsLoopback()) && host != "localhost" && o.Token == "" && o.Config == "" {
		return inputErrf("--listen %s is not loopback: give --token (or $%s) or --config with authorization", o.Listen, natsTokenEnv)
	}
	s, err := queue.Serve(o)
	if err != nil {
		return inputErrf("queue serve: %w", err)
	}
	fmt.Fprintf(stderr, "steppe queue serve: NATS with JetStream on %s, store %s; stop with Ctrl-C or SIGTERM\n", s.URL(), o.Store)
	<-ctx.Done()
	s.Close()
	return nil
}

// natsFlags say how to reach the queue's NATS server.
type natsFlags struct {
	url, creds string
}

// register adds --nats (and --nats-creds) to fl; what is the verb's use
// of the queue.
func (n *natsFlags) register(fl *pflag.FlagSet, what string) {
	fl.StringVar(&n.url, "nats", "", what+" through the NATS server at this URL (nats://[TOKEN@]host:4222; token also from $"+natsTokenEnv+"), see steppe queue serve")
	fl.StringVar(&n.creds, "nats-creds", "", "NATS credentials file (user JWT and NKey seed) for --nats")
}

func (n *natsFlags) connect(name string) (*queue.Conn, error) {
	c, err := queue.Connect(queue.ConnOptions{URL: n.url, Token: os.Getenv(natsTokenEnv), Creds: n.creds, Name: name})
	if err != nil {
		return nil, inputErrf("--nats: %w", err)
	}
	return c, nil
}

// gatherOnQueue submits the sweep to the queue at n and merges the partials
// its workers store, with blocks done, workers alive and the time left on
// stderr.
func gatherOnQueue(ctx context.Context, n natsFlags, s *sweep.Sweep, stderr io.Writer, label string) (*sweep.Coordinator, error) {
	s.Build = versionString()
	header, err := s.Encode()
	if err != nil {
		return nil, err
	}
	c, err := n.connect(label)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	co, err := sweep.NewCoordinator(ctx, nil, header)
	if err != nil {
		return nil, modelErr(err)
	}
	bar := progress.New(stderr, label, "blocks")
	err = c.RunSweep(ctx, co, header, queue.RunOptions{}, func(st queue.SweepStatus) {
		note := fmt.Sprintf("%d workers alive", st.Workers)
		if st.Phase > 1 {
			note = fmt.Sprintf("pass %d, %s", st.Phase, note)
		}
		bar.Note(note)
		bar.Update(st.Done, st.Total)
	})
	bar.Finish()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("interrupted; the queued blocks stay with the workers, and the same command gathers what they stored: %w", ctx.Err())
	}
	return co, err
}

// natsRunConflicts refuses the options of steppe run that a queued run
// does not carry.
func natsRunConflicts(f runFlags) error {
	if f.nats.url == "" {
		return nil
	}
	for flag, set := range map[string]bool{"--draws-out": f.drawsOut != "", "--decompose": f.decompose, "--trade-baseline": f.tradeBaseline != ""} {
		if set {
			return inputErrf("%s is not available with --nats", flag)
		}
	}
	return nil
}

// runOnQueue runs the scenario's draws on the queue's workers: the
// results are byte for byte those of the local run.
func runOnQueue(ctx context.Context, sc *scenario.Scenario, f runFlags, set map[string]float64, stderr io.Writer) (*results.Results, error) {
	s := &sweep.Sweep{Kind: sweep.KindRun, ScenarioName: f.scenario, Scenario: string(sc.Resolved), Model: sweep.ModelConfig{Set: set},
		Run: &sweep.RunSpec{Draws: f.draws, Seed: f.seed, Policies: f.policies, Paths: f.paths}}
	if f.posterior != "" {
		b, err := os.ReadFile(f.posterior)
		if err != nil {
			return nil, inputErrf("--posterior: %w", err)
		}
		s.Model.Posterior, s.Model.PosteriorFile = b, f.posterior
	}
	if f.quiet {
		stderr = io.Discard
	}
	co, err := gatherOnQueue(ctx, f.nats, s, stderr, "steppe run")
	if err != nil {
		return nil, err
	}
	return co.Results()
}

// exGatherOnQueue runs an explore design's experiments on the queue's
// workers and writes the results file explore.Run would write; it returns
// the experiments written.
func exGatherOnQueue(ctx context.Context, ef *exEvalFlags, e *explore.Experiments, fh explore.ResultsFile, stderr io.Writer) (int, error) {
	sc, err := loadScenario(ctx, cmp.Or(ef.scenario, defaultScenario))
	if err != nil {
		return 0, err
	}
	o, err := ef.outcomes()
	if err != nil {
		return 0, err
	}
	spec := &sweep.ExploreSpec{Comments: e.Comments, Factors: e.Factors, Cells: e.Cells, X: e.X, Outcomes: o}
	s := &sweep.Sweep{Kind: sweep.KindExplore, ScenarioName: cmp.Or(ef.scenario, defaultScenario), Scenario: string(sc.Resolved),
		Model: sweep.ModelConfig{Stated: ef.stated}, Explore: spec}
	co, err := gatherOnQueue(ctx, ef.nats, s, stderr, "steppe explore (NATS)")
	if err != nil {
		return 0, err
	}
	if err := co.WriteResults(ctx, fh); err != nil {
		return 0, err
	}
	return len(e.X), nil
}
