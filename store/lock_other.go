//go:build !unix

package store

// LockDir does not lock on systems without flock; do not run two servers
// on one data directory there.
func LockDir(string) (func(), error) { return func() {}, nil }
