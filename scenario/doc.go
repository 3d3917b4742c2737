// Package scenario reads scenario files: YAML documents that state a
// world (actors, links, bases, projects, policies, the trigger hazards,
// the intervention model, shocks, history and the argument's claims) with
// a source for every number. The format is documented in docs/scenario.md;
// the types in file.go mirror it, one yaml tag per key.
//
// # Resolution
//
// LoadContext (and Load, without a deadline) turns a file into a
// world.World in four steps:
//
//  1. parse each file into a yaml.Node tree, recording the file of every
//     node and reporting duplicate keys in every mapping of every file;
//  2. apply the extends chain, depth first: the extended scenario is the
//     base and the extending one is merged onto it (below);
//  3. decode the merged tree strictly into the file types: an unknown
//     field or a value of the wrong type is an error at its position;
//  4. resolve the decoded scenario into the world section by section
//     (sections.go), checking every reference (actors, projects, policies,
//     the values a claim names), every range and every distribution.
//
// Every problem found is reported, not only the first, as an ErrorList
// sorted by file (extended files first), line and column; each Error
// prints as "file:line:column: field: message", the field a dotted path
// such as actors.KGZ.population. A file named by extends must be a mapping
// of scenario sections and nothing else; errors never quote a file that is
// not, whatever an extends field names.
//
// # Provenance
//
// A number is a value, {value, year, source, dist, assumption, reason,
// note}: a bare number is an error, and a value needs a non-empty source
// or assumption: true with a one-line reason. A value's distribution (dist),
// where it has one, must contain the value and keep to the value's range
// (a probability's stays in [0, 1]). Memberships, history events
// and claims carry one source string for the facts they state.
//
// # Extends
//
// extends names a scenario to start from, found by the caller's Resolver
// (the CLI allows embedded scenarios and files beside the extending one,
// a server only embedded scenarios and earlier uploads). Mappings merge
// key by key at every depth, whatever they hold; scalars and lists
// replace; null deletes a key. A value given a new figure (value, year or
// dist) is replaced whole, so that the new figure states its own
// provenance rather than inherit the old source and distribution; a
// value given only a source, a reason or a note keeps its figure. An
// override that changes a fact of a membership, event or claim must give
// that entry's source. A cycle of extends is an error that names its
// files; chains are at most 8 files deep. Scenario.Resolved is the merged
// scenario, which loads on its own.
//
// Merging finds keys through maps and is linear in the size of the files;
// parsing, merging, decoding and writing the resolved scenario check the
// context, so a cancelled load returns within milliseconds. A file over
// 16 MiB, or a scenario of more than 2^20 YAML nodes, is refused (the
// default is 67 kB and 4,287 nodes).
package scenario
