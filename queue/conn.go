package queue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Names of the streams, consumer and bucket the queue uses, and subject
// prefixes; see the package comment.
const (
	taskStream    = "STEPPE_TASKS"
	partialStream = "STEPPE_PARTIALS"
	consumerName  = "steppe-workers"
	specBucket    = "steppe-sweeps"
	taskPrefix    = "steppe.task."
	partialPrefix = "steppe.partial."
	failedPrefix  = "steppe.failed."
	// aliveSubject carries workers' heartbeats (core NATS, not stored),
	// which coordinators count to report the workers alive.
	aliveSubject = "steppe.alive"
)

// Headers of task and result messages.
const (
	hdrSweep      = "Steppe-Sweep"
	hdrSpec       = "Steppe-Spec"
	hdrKey        = "Steppe-Key"
	hdrName       = "Steppe-Name"
	hdrSubmission = "Steppe-Submission"
	hdrWorker     = "Steppe-Worker"
	hdrDeliveries = "Steppe-Deliveries"
)

// Defaults of the workers' consumer: a block of 2,000 draws of the default
// scenario takes a few seconds, and a worker heartbeats every AckWait/4, so
// 30 s leaves room for a stalled machine before a block moves; a block that
// fails five times is not a fluke.
const (
	DefaultAckWait    = 30 * time.Second
	DefaultMaxDeliver = 5
	// duplicates is the streams' de-duplication window by Nats-Msg-Id.
	duplicates = 10 * time.Minute
	// apiTimeout bounds a JetStream request (a publish's acknowledgement,
	// a stored partial's read) whose context has no deadline: a partial of
	// several MB on a machine busy with workers can take longer than the
	// client's default of 5 s.
	apiTimeout = time.Minute
)

// ConnOptions say how to reach a NATS server.
type ConnOptions struct {
	// URL is the server, such as nats://host:4222; a token may be given in
	// it (nats://TOKEN@host:4222).
	URL string
	// Token is the server's token, if it has one.
	Token string
	// Creds is a NATS credentials file (a user JWT and NKey seed), for a
	// server run in operator mode.
	Creds string
	// Name names the connection in the server's monitoring.
	Name string
}

// Conn is a connection to a NATS server with JetStream.
type Conn struct {
	nc *nats.Conn
	js jetstream.JetStream
}

// Connect connects to the server o names.
func Connect(o ConnOptions) (*Conn, error) {
	if o.URL == "" {
		return nil, errors.New("no NATS server URL")
	}
	opts := []nats.Option{nats.Name(o.Name), nats.MaxReconnects(-1), nats.ReconnectWait(time.Second)}
	if o.Token != "" {
		opts = append(opts, nats.Token(o.Token))
	}
	if o.Creds != "" {
		opts = append(opts, nats.UserCredentials(o.Creds))
	}
	nc, err := nats.Connect(o.URL, opts...)
	if err != nil {
		return nil, fmt.Errorf("connect to NATS at %s: %w", o.URL, err)
	}
	js, err := jetstream.New(nc, jetstream.WithDefaultTimeout(apiTimeout))
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("JetStream at %s: %w", o.URL, err)
	}
	return &Conn{nc: nc, js: js}, nil
}

// Close drains and closes the connection.
func (c *Conn) Close() {
	if err := c.nc.Drain(); err != nil {
		c.nc.Close()
	}
}

// QueueOptions tune the workers' consumer. Zero values take the defaults.
type QueueOptions struct {
	// AckWait is how long a delivered task may go without an
	// acknowledgement or heartbeat before it is delivered again.
	AckWait time.Duration
	// MaxDeliver is how many times a task is delivered before it counts as
	// poisoned.
	MaxDeliver int
}

func (o QueueOptions) withDefaults() QueueOptions {
	if o.AckWait <= 0 {
		o.AckWait = DefaultAckWait
	}
	if o.MaxDeliver <= 0 {
		o.MaxDeliver = DefaultMaxDeliver
	}
	return o
}

// setup creates or updates the streams, the bucket and, when qo is not
// nil, the workers' consumer with qo's settings; a nil qo binds to the
// consumer as it is, creating it with the defaults if it does not exist
// (workers do not change what a coordinator set).
func (c *Conn) setup(ctx context.Context, qo *QueueOptions) (jetstream.Consumer, jetstream.KeyValue, error) {
	if _, err := c.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: taskStream, Subjects: []string{taskPrefix + ">"}, Retention: jetstream.WorkQueuePolicy,
		Storage: jetstream.FileStorage, Duplicates: duplicates,
		Description: "steppe sweep blocks waiting for a worker",
	}); err != nil {
		return nil, nil, fmt.Errorf("stream %s: %w", taskStream, err)
	}
	if _, err := c.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: partialStream, Subjects: []string{partialPrefix + ">", failedPrefix + ">"}, Retention: jetstream.LimitsPolicy,
		MaxMsgsPerSubject: 1, Storage: jetstream.FileStorage, Duplicates: duplicates,
		// direct gets hand a partial over as it is stored, not as base64
		// in JSON (a third larger, and encoded and decoded on the way)
		AllowDirect: true,
		Description: "steppe sweep blocks' partial results",
	}); err != nil {
		return nil, nil, fmt.Errorf("stream %s: %w", partialStream, err)
	}
	kv, err := c.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: specBucket, Storage: jetstream.FileStorage,
		Description: "steppe sweep specs by sweep id"})
	if err != nil {
		return nil, nil, fmt.Errorf("bucket %s: %w", specBucket, err)
	}
	cfg := func(o QueueOptions) jetstream.ConsumerConfig {
		o = o.withDefaults()
		return jetstream.ConsumerConfig{
			Durable: consumerName, AckPolicy: jetstream.AckExplicitPolicy, AckWait: o.AckWait, MaxDeliver: o.MaxDeliver,
			FilterSubject: taskPrefix + ">", MaxAckPending: -1,
			Description: "steppe workers (shared by all)",
		}
	}
	var cons jetstream.Consumer
	if qo != nil {
		cons, err = c.js.CreateOrUpdateConsumer(ctx, taskStream, cfg(*qo))
	} else {
		// a worker binds to the consumer as it is, or creates it with the
		// defaults if no coordinator has yet (and binds to a coordinator's
		// if one created it meanwhile)
		cons, err = c.js.Consumer(ctx, taskStream, consumerName)
		if errors.Is(err, jetstream.ErrConsumerNotFound) {
			cons, err = c.js.CreateConsumer(ctx, taskStream, cfg(QueueOptions{}))
			if errors.Is(err, jetstream.ErrConsumerExists) {
				cons, err = c.js.Consumer(ctx, taskStream, consumerName)
			}
		}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("consumer %s: %w", consumerName, err)
	}
	return cons, kv, nil
}
