package results

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Staging is a directory beside a run's output directory where its files
// are written before they are moved into place, so that an error or an
// interrupt leaves nothing half-written. It exists only while Commit
// writes: a process killed during the run (SIGKILL, out of memory) leaves
// no staging directory behind.
type Staging struct {
	dir, tmp string
}

// Stage checks that dir can be written, by creating and removing a
// staging directory beside it (and creating dir's parent, when missing).
func Stage(dir string) (*Staging, error) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", dir)
	}
	s := &Staging{dir: dir}
	if err := s.mkdir(); err != nil {
		return nil, err
	}
	return s, s.Remove()
}

// mkdir creates the staging directory beside s.dir.
func (s *Staging) mkdir() error {
	parent := filepath.Dir(filepath.Clean(s.dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("%s: %w", s.dir, err)
	}
	tmp, err := os.MkdirTemp(parent, ".steppe-out-*")
	if err != nil {
		return fmt.Errorf("%s: cannot write there: %w", s.dir, err)
	}
	s.tmp = tmp
	return nil
}

// Remove removes the staging directory and what is left in it.
func (s *Staging) Remove() error {
	if s.tmp == "" {
		return nil
	}
	err := os.RemoveAll(s.tmp)
	s.tmp = ""
	return err
}

// Commit writes the run's results.json, results.csv and the resolved
// scenario (scenario.yaml) into a new staging directory, then moves them
// into the output directory: a new directory whole, into an existing one
// file by file (each rename atomic). A failed move returns the
// *os.LinkError.
func (s *Staging) Commit(res *Results, resolved []byte) error {
	if err := s.mkdir(); err != nil {
		return err
	}
	write := func(name string, fn func(io.Writer) error) error {
		fh, err := os.Create(filepath.Join(s.tmp, name))
		if err != nil {
			return err
		}
		if err := fn(fh); err != nil {
			fh.Close()
			return err
		}
		return fh.Close()
	}
	if err := write("results.json", res.WriteJSON); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	if err := write("results.csv", res.WriteCSV); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	if err := write("scenario.yaml", func(w io.Writer) error { _, err := w.Write(resolved); return err }); err != nil {
		return fmt.Errorf("write resolved scenario: %w", err)
	}
	if _, err := os.Stat(s.dir); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(s.tmp, s.dir); err != nil {
			return err
		}
		s.tmp = ""
		return nil
	}
	for _, name := range []string{"results.json", "results.csv", "scenario.yaml"} {
		if err := os.Rename(filepath.Join(s.tmp, name), filepath.Join(s.dir, name)); err != nil {
			return err
		}
	}
	return nil
}
