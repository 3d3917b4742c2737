package risk

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path"
)

// The bundled calibration inputs of the intervention model v1, as paths in
// the file system given to [LoadInputs] (steppe's data package).
const (
	BundledEpisodes  = "episodes/episodes.csv"       // data/episodes/README.md
	BundledEvents    = "triggers/events.csv"         // data/triggers/README.md
	BundledGrowth    = "triggers/gdp_growth.csv"     // data/triggers/README.md
	BundledCountries = "episodes/countries_2021.csv" // data/episodes/README.md
	BundledPriors    = "posterior/priors.json"       // data/posterior/README.md
)

// InputPaths name the user's own files of the v1 calibration inputs; an
// empty path stands for the bundled file.
type InputPaths struct {
	Episodes  string // episodes CSV, the format of LoadEpisodes
	Events    string // trigger events CSV, the format of LoadEvents
	Growth    string // growth CSV, the format of LoadGrowth
	Countries string // backtest country features CSV, the format of LoadCountries
}

// InputError is a problem with an input file the user must fix: it cannot
// be read, or it is not a valid table (then Err is the loader's, such as an
// [ErrorList] of file:line:column problems). Its message is Err's.
type InputError struct {
	Name string // the file, as named in Err
	Err  error
}

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// LoadInputs reads the episodes, trigger events, growth and country
// features of the v1 calibration: each from the path in paths, or where
// that is empty from the bundled file (BundledEpisodes, ...) in bundled,
// and records each file's SHA-256 under its bundled base name (such as
// "episodes.csv") in Inputs.SHA256. A user's file that cannot be read and
// a file that does not load are an *InputError; a bundled file that cannot
// be read is a plain error, the program's fault.
func LoadInputs(bundled fs.FS, paths InputPaths) (*Inputs, error) {
	in := &Inputs{SHA256: map[string]string{}}
	for _, f := range []struct {
		path, bundled string
		load          func(name string, b []byte) error
	}{
		{paths.Episodes, BundledEpisodes, loadInto(&in.Episodes, LoadEpisodes)},
		{paths.Events, BundledEvents, loadInto(&in.Events, LoadEvents)},
		{paths.Growth, BundledGrowth, loadInto(&in.Growth, LoadGrowth)},
		{paths.Countries, BundledCountries, loadInto(&in.Countries, LoadCountries)},
	} {
		name, b, rerr := ReadInput(bundled, f.path, f.bundled)
		if rerr != nil {
			return nil, rerr
		}
		if err := f.load(name, b); err != nil {
			return nil, &InputError{Name: name, Err: err}
		}
		in.SHA256[path.Base(f.bundled)] = Digest(b)
	}
	return in, nil
}

// loadInto returns a function that loads a named file's bytes with load
// into *dst.
func loadInto[T any](dst *T, load func(name string, r io.Reader) (T, error)) func(string, []byte) error {
	return func(name string, b []byte) (err error) {
		*dst, err = load(name, bytes.NewReader(b))
		return err
	}
}

// ReadInput returns the file at name, or where name is empty the file at
// bundledPath in bundled, named by its base name (such as "episodes.csv")
// for error messages. A user's file that cannot be read is an *InputError;
// a bundled one is a plain error.
func ReadInput(bundled fs.FS, name, bundledPath string) (string, []byte, error) {
	if name == "" {
		b, err := fs.ReadFile(bundled, bundledPath)
		return path.Base(bundledPath), b, err
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return name, nil, &InputError{Name: name, Err: err}
	}
	return name, b, nil
}

// Digest is the hex SHA-256 of a file's contents, as Inputs.SHA256 and the
// posterior record it.
func Digest(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
