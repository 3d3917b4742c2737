package main

import (
	"context"
	"errors"
	"os"
	"strconv"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/scenario"
)

// defaultScenario is the embedded scenario run when --scenario is not given.
const defaultScenario = "central-asia"

// loadScenario loads a scenario given as a file path or an embedded name,
// with its resolved text (Scenario.Resolved) for a caller that writes or
// digests it. Problems with the scenario are bad input (exit 2). The load
// stops with ctx's error once ctx is done (Ctrl-C, SIGTERM), however large
// the file.
func loadScenario(ctx context.Context, ref string) (*scenario.Scenario, error) {
	return readScenario(ctx, ref, scenario.LoadContext)
}

// checkScenario is loadScenario for a caller that does not use the
// resolved text: writing it is 40% of a large scenario's load
// (scenario.CheckContext).
func checkScenario(ctx context.Context, ref string) (*scenario.Scenario, error) {
	return readScenario(ctx, ref, scenario.CheckContext)
}

func readScenario(ctx context.Context, ref string, load func(context.Context, string, []byte, scenario.Resolver) (*scenario.Scenario, error)) (*scenario.Scenario, error) {
	var name string
	var src []byte
	if scenario.IsFileRef(ref) {
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
	sc, err := load(ctx, name, src, scenario.FilesOrEmbedded(data.FS()))
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
	return scenario.LoadEmbeddedUnder(data.FS(), "hindcast", strconv.Itoa(year))
}
