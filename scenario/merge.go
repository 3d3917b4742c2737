package scenario

import (
	"reflect"
	"slices"

	"go.yaml.in/yaml/v3"
)

// merge applies over, a mapping of type t in the scenario format (nil:
// not part of the format), onto base and returns the result, reusing
// base's nodes. The rules, documented in docs/scenario.md under extends:
//
//   - mappings merge key by key, at every depth, whatever they hold:
//     collections by id, entries by field; a key set to null is deleted;
//   - scalars and lists replace;
//   - a value (a number with provenance, or a prior) that the override
//     gives a figure (value, year or dist; mean or sd) is replaced whole,
//     so that a new figure never inherits the old one's source or its
//     distribution: the override states its own provenance, or is
//     reported. A value given only provenance or a note (a corrected
//     citation) merges key by key and keeps its figure;
//   - an entry whose provenance is one source string (a membership, a
//     history event, a claim) keeps it when the override changes only
//     free text, but an override that changes one of its facts (the
//     dates of a membership, the month of an event, the text of a claim)
//     must give its own source.
//
// Keys are found through a map, so that merging is linear in the size of
// the files.
func (d *decoder) merge(base, over *yaml.Node, t reflect.Type, path string) *yaml.Node {
	base, over = resolveAlias(base), resolveAlias(over)
	if base == nil || over == nil || base.Kind != yaml.MappingNode || over.Kind != yaml.MappingNode {
		return over
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if hasKey(over, figureKeys[t]) {
		return over
	}
	idx := make(map[string]int, len(base.Content)/2)
	for i := 0; i+1 < len(base.Content); i += 2 {
		idx[base.Content[i].Value] = i
	}
	deleted := false
	for i := 0; i+1 < len(over.Content); i += 2 {
		if d.stop() {
			return base
		}
		k, v := over.Content[i], over.Content[i+1]
		j, ok := idx[k.Value]
		switch {
		case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
			if ok {
				base.Content[j], deleted = nil, true
				delete(idx, k.Value)
			}
		case !ok:
			idx[k.Value] = len(base.Content)
			base.Content = append(base.Content, k, v)
		default:
			base.Content[j+1] = d.merge(base.Content[j+1], v, fieldType(t, k.Value), join(path, k.Value))
		}
	}
	if deleted {
		kept := base.Content[:0]
		for i := 0; i+1 < len(base.Content); i += 2 {
			if base.Content[i] != nil {
				kept = append(kept, base.Content[i], base.Content[i+1])
			}
		}
		base.Content = kept
	}
	if facts := sourcedFacts[t]; facts != nil && !hasKey(over, []string{"source"}) {
		for i := 0; i+1 < len(over.Content); i += 2 {
			if k := over.Content[i]; slices.Contains(facts, k.Value) {
				d.errorf(k, join(path, k.Value), "changes a fact of an entry from %s: give the entry's source too (that file's source does not vouch for the new %s)", d.file[base], k.Value)
				break
			}
		}
	}
	return base
}

// figureKeys are the keys of a value's figures: an override that gives one
// replaces the value whole.
var figureKeys = map[reflect.Type][]string{
	reflect.TypeFor[Val]():       {"value", "year", "dist"},
	reflect.TypeFor[filePrior](): {"mean", "sd"},
}

// sourcedFacts are, for the entries whose provenance is one source string,
// the keys that source vouches for.
var sourcedFacts = map[reflect.Type][]string{
	reflect.TypeFor[fileMembership](): {"org", "member", "from", "to"},
	reflect.TypeFor[fileEvent]():      {"month", "country", "trigger", "outcome", "request"},
	reflect.TypeFor[fileClaim]():      {"text"},
}

func hasKey(m *yaml.Node, keys []string) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if slices.Contains(keys, m.Content[i].Value) {
			return true
		}
	}
	return false
}

// keyed is implemented by Keyed collections, whose entries all have one
// type.
type keyed interface{ entryType() reflect.Type }

func (*Keyed[T]) entryType() reflect.Type { return reflect.TypeFor[T]() }

var keyedType = reflect.TypeFor[keyed]()

// fieldType is the type of key in a mapping of type t in the scenario
// format, or nil where the format has no such key.
func fieldType(t reflect.Type, key string) reflect.Type {
	if t == nil {
		return nil
	}
	if reflect.PointerTo(t).Implements(keyedType) {
		return reflect.New(t).Interface().(keyed).entryType()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	idx, _ := fieldInfo(t)
	if i, ok := idx[key]; ok {
		return t.Field(i).Type
	}
	return nil
}
