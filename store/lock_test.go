//go:build unix

package store

import (
	"errors"
	"testing"
)

// TestLockDir checks that the lock on a data directory is exclusive (a
// second LockDir, on its own open file as a second server's would be,
// fails with ErrDirInUse) and released by unlock.
func TestLockDir(t *testing.T) {
	dir := t.TempDir()
	unlock, err := LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LockDir(dir); !errors.Is(err, ErrDirInUse) {
		t.Errorf("second lock: %v, want ErrDirInUse", err)
	}
	unlock()
	again, err := LockDir(dir)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	again()
	if _, err := LockDir(dir + "/missing"); err == nil || errors.Is(err, ErrDirInUse) {
		t.Errorf("lock in a missing directory: %v", err)
	}
}
