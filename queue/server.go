package queue

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// DefaultListen is where Serve listens unless told otherwise: loopback, on
// NATS's registered client port.
const DefaultListen = "127.0.0.1:4222"

// maxPayload is the largest message the embedded server takes. A sweep's
// spec (a resolved scenario) and a block's partial can exceed NATS's default
// of 1 MiB (a run's partial carries its draws' values, about 2.5 kB a draw
// of the default scenario: 5.1 MB for a block of 2,048 draws); a cluster run by
// others must allow as much (max_payload) for runs' partials.
const maxPayload = 16 << 20

// ServerOptions configure an embedded server.
type ServerOptions struct {
	// Listen is host:port; empty means DefaultListen. Port 0 picks a free
	// port (for tests).
	Listen string
	// Store is the directory of JetStream's files. Required: the queue
	// outlives the server process.
	Store string
	// Token, when not empty, is the token every client must give.
	Token string
	// Config is a nats-server configuration file (users, NKeys, accounts,
	// TLS). Listen, Store and Token override its values when given.
	Config string
	// Log turns on the server's own log on standard error.
	Log bool
}

// Server is an embedded NATS server with JetStream.
type Server struct {
	s *server.Server
}

// Serve starts an embedded NATS server with JetStream on file storage in
// o.Store, and returns once it accepts connections.
func Serve(o ServerOptions) (*Server, error) {
	opts := &server.Options{}
	if o.Config != "" {
		var err error
		if opts, err = server.ProcessConfigFile(o.Config); err != nil {
			return nil, fmt.Errorf("nats-server configuration %s: %w", o.Config, err)
		}
	}
	if o.Listen != "" || o.Config == "" {
		host, port, err := splitListen(o.Listen)
		if err != nil {
			return nil, err
		}
		opts.Host, opts.Port = host, port
	}
	if o.Store == "" {
		return nil, errors.New("a store directory is required")
	}
	opts.JetStream, opts.StoreDir = true, o.Store
	if o.Token != "" {
		opts.Authorization = o.Token
	}
	if opts.MaxPayload < maxPayload {
		opts.MaxPayload = maxPayload
	}
	opts.NoSigs = true // the caller handles signals
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("nats server: %w", err)
	}
	if o.Log {
		s.ConfigureLogger()
	}
	go s.Start()
	if !s.ReadyForConnections(30 * time.Second) {
		s.Shutdown()
		return nil, fmt.Errorf("nats server on %s:%d did not start within 30 s (port in use, or the store %s locked by another server?)", opts.Host, opts.Port, o.Store)
	}
	return &Server{s: s}, nil
}

// splitListen parses host:port; empty is DefaultListen.
func splitListen(listen string) (string, int, error) {
	if listen == "" {
		listen = DefaultListen
	}
	host, p, err := net.SplitHostPort(listen)
	if err != nil {
		return "", 0, fmt.Errorf("listen address %q: %w", listen, err)
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("listen address %q: port %q is not a number from 0 to 65535", listen, p)
	}
	if port == 0 {
		port = server.RANDOM_PORT
	}
	return host, port, nil
}

// URL is the address clients connect to, such as nats://127.0.0.1:4222.
func (s *Server) URL() string { return s.s.ClientURL() }

// Close shuts the server down and waits until it has, its store flushed.
func (s *Server) Close() {
	s.s.Shutdown()
	s.s.WaitForShutdown()
}

// Wait blocks until the server shuts down.
func (s *Server) Wait() { s.s.WaitForShutdown() }
