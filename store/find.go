package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// AmbiguousError is a prefix of a run id that several runs' ids start
// with.
type AmbiguousError struct {
	Prefix string
	IDs    []string // sorted
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%q is the start of %d run ids (%s); give more characters", e.Prefix, len(e.IDs), strings.Join(e.IDs, ", "))
}

// FindRun returns the run with id, or the one run whose id starts with id
// when id has at least minPrefix characters (as a user copies the start of
// an id the dashboard shows). A prefix of no run is ErrNotFound; one that
// several runs share is an *AmbiguousError naming them.
func (s *Store) FindRun(ctx context.Context, id string, minPrefix int) (Run, error) {
	run, err := s.Run(ctx, id)
	if !errors.Is(err, ErrNotFound) || len(id) < minPrefix {
		return run, err
	}
	runs, err := s.Runs(ctx, 100_000)
	if err != nil {
		return Run{}, err
	}
	var match []string
	for _, r := range runs {
		if strings.HasPrefix(r.ID, id) {
			match = append(match, r.ID)
		}
	}
	slices.Sort(match)
	switch len(match) {
	case 0:
		return Run{}, ErrNotFound
	case 1:
		return s.Run(ctx, match[0])
	}
	return Run{}, &AmbiguousError{Prefix: id, IDs: match}
}
