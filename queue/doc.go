// Package queue runs the blocks of a sweep on worker processes through a
// NATS JetStream work queue, and gathers their partial results for the
// coordinator that submitted it. It knows nothing of what a block computes:
// a sweep is a spec (bytes every worker turns into a Job) and a list of
// tasks (bytes a Job turns into a partial result), and the coordinator gets
// back the partials in task order, to merge as it would merge blocks
// computed in one process. Package sweep cuts steppe's runs and designs
// into such blocks; this package only carries them.
//
// # The model
//
// JetStream (https://docs.nats.io/nats-concepts/jetstream) persists
// messages in streams and hands them to consumers with acknowledgement.
// The queue uses three stores on one server:
//
//   - STEPPE_TASKS, a work-queue stream (retention WorkQueuePolicy: a
//     message is deleted once acknowledged) with subjects
//     steppe.task.SWEEP.KEY, read by one durable pull consumer,
//     steppe-workers, that every worker shares. The consumer delivers a
//     task to one worker at a time; a task not acknowledged within AckWait
//     is delivered again (to any worker), up to MaxDeliver times. A worker
//     running a task sends InProgress every AckWait/4, which restarts the
//     AckWait clock, so a long block is never taken from a live worker,
//     and a killed worker's block goes to another one AckWait after its
//     last heartbeat.
//   - STEPPE_PARTIALS, a stream of results that keeps one message per
//     subject: steppe.partial.SWEEP.KEY for a finished task,
//     steppe.failed.SWEEP.KEY for a task that failed on its last delivery.
//     A coordinator reads the stream from the start, so one that restarts,
//     or the same sweep submitted again, finds the partials already stored
//     and submits only the tasks that lack one.
//   - steppe-sweeps, a key-value bucket of sweep specs by their hash (the
//     phases of one run share theirs), which a worker reads once per sweep
//     to build the Job.
//
// A sweep's id is a hash of its spec and tasks, so the same sweep has the
// same id on every machine and on every submission. Tasks and partials
// carry a Nats-Msg-Id: SWEEP.KEY for a partial, so that a worker that
// publishes a partial twice (it crashed between publishing and
// acknowledging, and the task was run again) stores it once within the
// stream's duplicate window, and the subject's one-message limit and the
// coordinator's count by key keep it from being counted twice after it
// (a partial whose id the stream remembers although its copy was purged
// is stored under an id of its own); SWEEP.KEY.SUBMISSION for a task, so
// that a retried publish is stored once. A submission first removes the
// sweep's tasks still queued by an earlier one (one may be poisoned or
// held by a dead worker). A task is acknowledged only after its partial
// is stored (the publish's acknowledgement), so no acknowledged task
// lacks its partial. The coordinator reads partials back by direct get,
// as stored, in task order, one at a time.
//
// A task whose Job returns an error is released (Nak) and retried; on its
// MaxDeliver-th delivery the worker publishes the error under
// steppe.failed.SWEEP.KEY and terminates the task, and a task whose worker
// died on every delivery is reported by the server's max-deliveries
// advisory. Either stops the sweep with an error naming the task (the
// name the submitter gave it, such as "experiment 12, block 3").
//
// # Servers
//
// Serve starts an embedded server with JetStream on file storage, for one
// machine or a small sweep; it listens on loopback unless given another
// address, and takes a token or a nats-server configuration file (users,
// NKeys, accounts, TLS). Users with a NATS cluster point workers and
// coordinators at it instead (Connect takes a URL, a token and a
// credentials file).
package queue
