// Package data holds steppe's bundled datasets and canonical scenarios,
// embedded in the binary so that steppe runs with no files around it.
//
// Each folder is one dataset with a README.md that gives its origin,
// licence, date, units and what was changed. The package exposes the files
// as an [fs.FS]; it parses nothing, so that each engine reads its own formats.
package data

import (
	"embed"
	"io/fs"
)

//go:embed *
var files embed.FS

// FS returns the bundled files. Paths are relative to the data folder, for
// example "scenarios/central-asia.yaml".
func FS() fs.FS { return files }

// ReadFile returns the contents of the bundled file at name.
func ReadFile(name string) ([]byte, error) { return files.ReadFile(name) }
