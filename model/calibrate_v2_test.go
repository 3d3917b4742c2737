package model_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/risk"
)

// TestCalibrateV2BadCrises: an episode set that cannot be read, or does
// not load, is the user's error (a *risk.InputError), before any fit.
func TestCalibrateV2BadCrises(t *testing.T) {
	var ie *risk.InputError
	calibrate := func(path string) error {
		_, err := model.CalibrateV2(context.Background(), path, 1, false, 1, "steppe calibrate", "")
		return err
	}
	bad := filepath.Join(t.TempDir(), "crises.csv")
	if err := calibrate(bad); !errors.As(err, &ie) {
		t.Errorf("missing file: %v, want a *risk.InputError", err)
	}
	if err := os.WriteFile(bad, []byte("id,country\nx,KGZ\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := calibrate(bad); !errors.As(err, &ie) {
		t.Errorf("malformed file: %v, want a *risk.InputError", err)
	}
}
