package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// AccessToken returns the token for a non-loopback server: flag when it
// is given, else the one stored in dir/token, else a new one (NewToken)
// written there with mode 0600, with created true.
func AccessToken(dir, flag string) (tok string, created bool, err error) {
	if flag != "" {
		return flag, false, nil
	}
	path := filepath.Join(dir, "token")
	if b, err := os.ReadFile(path); err == nil {
		if t := strings.TrimSpace(string(b)); t != "" {
			return t, false, nil
		}
	}
	tok = NewToken()
	if err := os.WriteFile(path, []byte(tok+"\n"), 0o600); err != nil {
		return "", false, fmt.Errorf("store access token: %w", err)
	}
	return tok, true, nil
}
