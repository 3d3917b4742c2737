package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/scenario"
)

// defaultScenario is the embedded scenario run when --scenario is not given.
const defaultScenario = "central-asia"

// isFileRef reports whether ref names a file rather than an embedded scenario.
func isFileRef(ref string) bool {
	return strings.ContainsAny(ref, `/\`) || strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml")
}

// cliResolver resolves `extends:` for the command line: an embedded scenario
// by name, or a file path relative to the extending file.
func cliResolver(ref, from string) (string, []byte, error) {
	if !isFileRef(ref) {
		return scenario.Embedded(data.FS())(ref, from)
	}
	if strings.HasPrefix(from, "embedded:") {
		return "", nil, fmt.Errorf("an embedded scenario cannot extend the file %q", ref)
	}
	p := ref
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(from), ref)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return "", nil, fmt.Errorf("read %s: %w", p, err)
	}
	return p, b, nil
}

// loadScenario loads a scenario given as a file path or an embedded name.
// Problems with the scenario are bad input (exit 2).
func loadScenario(ref string) (*scenario.Scenario, error) {
	var name string
	var src []byte
	if isFileRef(ref) {
		b, err := os.ReadFile(ref)
		if err != nil {
			return nil, inputErrf("scenario: %w", err)
		}
		name, src = ref, b
	} else {
		n, b, err := scenario.Embedded(data.FS())(ref, "")
		if err != nil {
			if _, statErr := os.Stat(ref); statErr == nil {
				b, err = os.ReadFile(ref)
				n = ref
			}
			if err != nil {
				return nil, inputErrf("scenario: %w", err)
			}
		}
		name, src = n, b
	}
	sc, err := scenario.Load(name, src, cliResolver)
	if err != nil {
		if scenario.IsInputError(err) {
			return nil, inputErr(err)
		}
		return nil, err
	}
	return sc, nil
}

// asList extracts a scenario.ErrorList from err.
func asList(err error, list *scenario.ErrorList) bool { return errors.As(err, list) }

// modelErr maps the model's errors to the command line's: an option error
// names its flag, and input errors exit 2.
func modelErr(err error) error {
	if err == nil {
		return nil
	}
	var oe *model.OptionError
	if errors.As(err, &oe) {
		return inputErrf("--%v", oe)
	}
	if model.IsInputError(err) {
		return inputErr(err)
	}
	return err
}

// loadHindcastWorld loads the embedded world of a hindcast start year
// (data/hindcast/YEAR.yaml).
func loadHindcastWorld(year int) (*scenario.Scenario, error) {
	name := fmt.Sprintf("hindcast/%d.yaml", year)
	b, err := data.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return scenario.Load("embedded:"+name, b, func(ref, from string) (string, []byte, error) {
		p := "hindcast/" + strings.TrimSuffix(ref, ".yaml") + ".yaml"
		if b, err := data.ReadFile(p); err == nil {
			return "embedded:" + p, b, nil
		}
		return scenario.Embedded(data.FS())(ref, from)
	})
}
