// Package csvfile reads the CSV tables that users hand to steppe (episode
// records, trade flows, cost ratios, tables of experiments) keeping the
// position of every field, so that a problem is reported where the user
// can find it: file:line:column: field: message, as a [*FieldError].
//
// It wraps encoding/csv (RFC 4180 with its relaxations: any number of
// fields per record, fields trimmed by the callers that want it), whose
// FieldPos gives the positions; columns are counted in bytes from the
// start of the line, 1-based, as encoding/csv counts them. A [Reader]
// reads a header row and then records, one at a time; [ReadTable] reads a
// file of fixed columns and collects every problem of the file at once
// (up to [MaxErrors]), for loaders that must report a bad file whole and
// return no data from it. A [Scanner] reads a table held in memory with
// the same syntax and positions but hands out fields as slices of the
// data, for loaders that parse large numeric tables in place.
package csvfile
