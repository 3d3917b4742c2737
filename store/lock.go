package store

import "errors"

// ErrDirInUse is LockDir's error when another process holds the data
// directory.
var ErrDirInUse = errors.New("another process holds the data directory's lock")
