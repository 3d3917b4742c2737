package server

import (
	"os"
	"path/filepath"
	"testing"
)

// TestAccessToken: a first start writes a new token (mode 0600), a second
// reads it back, and a token given as a flag wins (moved from the binary).
func TestAccessToken(t *testing.T) {
	dir := t.TempDir()
	tok, created, err := AccessToken(dir, "")
	if err != nil || !created || len(tok) != 32 {
		t.Fatalf("first start: %q %v %v", tok, created, err)
	}
	fi, err := os.Stat(filepath.Join(dir, "token"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v %v", fi, err)
	}
	again, created, err := AccessToken(dir, "")
	if err != nil || created || again != tok {
		t.Fatalf("second start: %q %v %v, want the stored token", again, created, err)
	}
	if flag, _, _ := AccessToken(dir, "given"); flag != "given" {
		t.Fatalf("flag token ignored: %q", flag)
	}
}
