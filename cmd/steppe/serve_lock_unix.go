//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDataDir takes an exclusive lock on dir/serve.lock, so that a second
// server on the same data directory refuses to start instead of marking the
// first one's running runs as interrupted. The lock dies with the process.
func lockDataDir(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, "serve.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("serve: lock data directory: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, inputErrf("serve: another steppe serve is using the data directory %s", dir)
		}
		return nil, fmt.Errorf("serve: lock data directory: %w", err)
	}
	return func() { f.Close() }, nil
}
