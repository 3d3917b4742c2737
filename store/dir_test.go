package store

import (
	"path/filepath"
	"testing"
)

// TestDefaultDirXDG checks that $XDG_DATA_HOME decides the directory.
func TestDefaultDirXDG(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/x/data")
	if d, err := DefaultDir(); err != nil || d != filepath.Join("/x/data", "steppe") {
		t.Errorf("DefaultDir() = %q, %v", d, err)
	}
}
