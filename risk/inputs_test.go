package risk

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// bundledData is steppe's data directory, the file system the binary
// passes to LoadInputs (embedded there).
var bundledData = os.DirFS("../data")

// TestLoadInputsBundled: with no paths every input comes from the bundled
// files, each with its SHA-256 under its base name.
func TestLoadInputsBundled(t *testing.T) {
	in, err := LoadInputs(bundledData, InputPaths{})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Episodes) == 0 || len(in.Events) == 0 || len(in.Growth) == 0 || len(in.Countries) == 0 {
		t.Fatalf("an input is empty: %d episodes, %d events, %d growth, %d countries", len(in.Episodes), len(in.Events), len(in.Growth), len(in.Countries))
	}
	for key, p := range map[string]string{"episodes.csv": BundledEpisodes, "events.csv": BundledEvents, "gdp_growth.csv": BundledGrowth, "countries_2021.csv": BundledCountries} {
		b, err := fs.ReadFile(bundledData, p)
		if err != nil {
			t.Fatal(err)
		}
		if in.SHA256[key] != Digest(b) {
			t.Errorf("SHA256[%q] = %q, want the digest of %s", key, in.SHA256[key], p)
		}
	}
	if len(in.SHA256) != 4 {
		t.Errorf("SHA256 has %d entries, want 4: %v", len(in.SHA256), in.SHA256)
	}
}

// TestLoadInputsUser: a user's file replaces the bundled one and is
// recorded under the bundled base name; a bad one is an *InputError naming
// its place.
func TestLoadInputsUser(t *testing.T) {
	dir := t.TempDir()
	b, err := fs.ReadFile(bundledData, BundledEpisodes)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	short := filepath.Join(dir, "short.csv")
	if err := os.WriteFile(short, []byte(strings.Join(lines[:11], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := LoadInputs(bundledData, InputPaths{Episodes: short})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Episodes) != 10 {
		t.Errorf("%d episodes from a file of 10", len(in.Episodes))
	}
	if want := Digest([]byte(strings.Join(lines[:11], ""))); in.SHA256["episodes.csv"] != want {
		t.Errorf("SHA256 of the user's file %q, want %q", in.SHA256["episodes.csv"], want)
	}

	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("country,year\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		paths InputPaths
		want  string // the start of the message
		cause error  // what the error also is, if not nil
	}{
		{InputPaths{Growth: bad}, bad + ":1:", nil},
		{InputPaths{Countries: bad}, bad + ":1:", nil},
		{InputPaths{Events: filepath.Join(dir, "missing.csv")}, "open " + filepath.Join(dir, "missing.csv"), fs.ErrNotExist},
	} {
		_, err := LoadInputs(bundledData, tc.paths)
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("%+v: error %v (%T), want an *InputError", tc.paths, err, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%+v: %q, want it to start %q", tc.paths, err, tc.want)
		}
		if tc.cause != nil && !errors.Is(err, tc.cause) {
			t.Errorf("%+v: %v is not %v", tc.paths, err, tc.cause)
		}
	}
}

// TestLoadInputsBundledMissing: a bundled file that is not there is the
// program's fault, not the user's: a plain error.
func TestLoadInputsBundledMissing(t *testing.T) {
	_, err := LoadInputs(fstest.MapFS{}, InputPaths{})
	var ie *InputError
	if err == nil || errors.As(err, &ie) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v (%T), want a plain not-exist error", err, err)
	}
}
