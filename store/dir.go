package store

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultDir is where steppe keeps its run database (steppe.db) and the
// server's access token: $XDG_DATA_HOME/steppe, else ~/.local/share/steppe
// on Unix, else the user configuration directory's steppe (XDG Base
// Directory Specification 0.8).
func DefaultDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "steppe"), nil
	}
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, ".local", "share", "steppe"), nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "steppe"), nil
}
