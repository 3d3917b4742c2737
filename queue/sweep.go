package queue

import (
	"context"
	"fmt"

	"github.com/steppe-dev/steppe/sweep"
)

// SweepStatus is how far a sweep of package sweep has got: the current
// phase (a run whose draws do not fit the summary's pilot takes more than
// one) and the queue's status in it.
type SweepStatus struct {
	Phase int
	Status
}

// RunSweep gathers co's sweep, whose header is given, through the queue:
// phase by phase, it submits the phase's pending blocks and adds their
// partials to co in block order, until co is done. Blocks stored by an
// earlier submission are not computed again.
func (c *Conn) RunSweep(ctx context.Context, co *sweep.Coordinator, header []byte, o RunOptions, progress func(SweepStatus)) error {
	for !co.Done() {
		pend := co.Pending()
		if len(pend) == 0 {
			return fmt.Errorf("sweep %s: phase %d has no pending blocks but is not done", co.ID(), co.Phase())
		}
		sw := Sweep{Spec: header, Tasks: make([]Task, len(pend))}
		for i, t := range pend {
			sw.Tasks[i] = Task{Name: BlockName(co.Sweep(), t), Payload: t.Encode()}
		}
		ro := o
		if progress != nil {
			phase := co.Phase()
			ro.Progress = func(st Status) { progress(SweepStatus{Phase: phase, Status: st}) }
		}
		err := c.Run(ctx, sw, ro, func(i int, p []byte) error {
			if _, err := co.Add(p); err != nil {
				return fmt.Errorf("%s: %w", sw.Tasks[i].Name, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// BlockName names a block for people: the experiments of an explore
// sweep's block (numbered as in the results file's experiment column, from
// 0) and, where an experiment's draws are split into blocks, its draws;
// the draws of a run's.
func BlockName(s *sweep.Sweep, t sweep.Task) string {
	lo, hi := s.Range(t.Block)
	phase := ""
	if t.Phase > 1 {
		phase = fmt.Sprintf(", pass %d", t.Phase)
	}
	if s.Kind == sweep.KindExplore {
		if dlo, dhi := s.DrawRange(t.Block); dlo > 0 || dhi < s.Explore.Outcomes.Draws {
			return fmt.Sprintf("experiment %d, draws %d-%d (block %d%s)", lo, dlo, dhi-1, t.Block, phase)
		}
		if hi-lo == 1 {
			return fmt.Sprintf("experiment %d (block %d%s)", lo, t.Block, phase)
		}
		return fmt.Sprintf("experiments %d-%d (block %d%s)", lo, hi-1, t.Block, phase)
	}
	return fmt.Sprintf("draws %d-%d (block %d%s)", lo, hi-1, t.Block, phase)
}

// SweepOpener is the Opener of sweeps of package sweep: its Jobs run
// blocks with w (which keeps the last sweep's model).
func SweepOpener(w *sweep.Worker) Opener {
	return func(_ context.Context, header []byte) (Job, error) {
		if _, err := sweep.Decode(header); err != nil {
			return nil, err
		}
		return sweepJob{w: w, header: header}, nil
	}
}

type sweepJob struct {
	w      *sweep.Worker
	header []byte
}

func (j sweepJob) Run(ctx context.Context, task []byte) ([]byte, error) {
	return j.w.Execute(ctx, j.header, task)
}
