package explore

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// GroupSpec defines a group of factors by path patterns. A pattern is a
// dot-separated prefix of factor names in which "*" matches any one
// segment: "actors.KGZ" matches "actors.KGZ.growth", and
// "triggers.hazard.*.protest" matches "triggers.hazard.TJK.protest". A
// pattern equal to a whole name matches that name.
type GroupSpec struct {
	Name     string
	Patterns []string
}

// MatchPattern reports whether pattern matches the factor name (see
// GroupSpec).
func MatchPattern(pattern, name string) bool {
	ps := strings.Split(pattern, ".")
	ns := strings.Split(name, ".")
	if len(ps) > len(ns) {
		return false
	}
	for i, p := range ps {
		if p != "*" && p != ns[i] {
			return false
		}
	}
	return true
}

// OtherGroup names the group that collects factors no GroupSpec matches.
const OtherGroup = "other"

// AssignGroups puts each factor in the first spec (in order) with a
// matching pattern; factors that no spec matches go to a final group named
// OtherGroup, and are returned as unmatched. Specs that match no factor
// are left out and returned as unused, so a grouping written for one
// scenario can serve another.
func AssignGroups(factors []string, specs []GroupSpec) (groups []Group, unmatched, unused []string, err error) {
	seen := map[string]bool{}
	for _, s := range specs {
		if s.Name == "" {
			return nil, nil, nil, fmt.Errorf("groups: a group has no name")
		}
		if seen[s.Name] {
			return nil, nil, nil, fmt.Errorf("groups: group %q is defined twice", s.Name)
		}
		if s.Name == OtherGroup {
			return nil, nil, nil, fmt.Errorf("groups: %q is reserved for the factors no group matches", OtherGroup)
		}
		seen[s.Name] = true
		if len(s.Patterns) == 0 {
			return nil, nil, nil, fmt.Errorf("groups: group %q has no patterns", s.Name)
		}
	}
	members := make([][]string, len(specs))
	for _, f := range factors {
		hit := false
		for i, s := range specs {
			for _, p := range s.Patterns {
				if MatchPattern(p, f) {
					members[i] = append(members[i], f)
					hit = true
					break
				}
			}
			if hit {
				break
			}
		}
		if !hit {
			unmatched = append(unmatched, f)
		}
	}
	for i, s := range specs {
		if len(members[i]) == 0 {
			unused = append(unused, s.Name)
			continue
		}
		groups = append(groups, Group{Name: s.Name, Members: members[i]})
	}
	if len(unmatched) > 0 {
		groups = append(groups, Group{Name: OtherGroup, Members: unmatched})
	}
	return groups, unmatched, unused, nil
}

// ParseGroupSpec parses one group definition "name=pattern1,pattern2".
func ParseGroupSpec(s string) (GroupSpec, error) {
	name, pats, ok := strings.Cut(s, "=")
	if !ok {
		return GroupSpec{}, fmt.Errorf("group %q: want name=pattern1,pattern2", s)
	}
	return newGroupSpec(name, pats, ",")
}

func newGroupSpec(name, pats, sep string) (GroupSpec, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return GroupSpec{}, fmt.Errorf("group has no name")
	}
	if strings.ContainsAny(name, " \t,=:") {
		return GroupSpec{}, fmt.Errorf("group name %q: no spaces, commas, '=' or ':'", name)
	}
	g := GroupSpec{Name: name}
	for _, p := range strings.Split(pats, sep) {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		for _, seg := range strings.Split(p, ".") {
			if seg == "" {
				return GroupSpec{}, fmt.Errorf("group %q: pattern %q has an empty segment", name, p)
			}
		}
		g.Patterns = append(g.Patterns, p)
	}
	if len(g.Patterns) == 0 {
		return GroupSpec{}, fmt.Errorf("group %q has no patterns", name)
	}
	return g, nil
}

// ReadGroupSpecs reads a groups file: one group per line as
// "name: pattern1, pattern2" (or "name = ..."); blank lines and lines
// starting with # are skipped. Errors name file:line. Group order is kept.
func ReadGroupSpecs(r io.Reader, file string) ([]GroupSpec, error) {
	var out []GroupSpec
	sc := bufio.NewScanner(r)
	line := 0
	seen := map[string]int{}
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		i := strings.IndexAny(t, ":=")
		if i < 0 {
			return nil, fmt.Errorf("%s:%d:1: want \"name: pattern1, pattern2\"", file, line)
		}
		g, err := newGroupSpec(t[:i], t[i+1:], ",")
		if err != nil {
			return nil, fmt.Errorf("%s:%d:1: %w", file, line, err)
		}
		if l, ok := seen[g.Name]; ok {
			return nil, fmt.Errorf("%s:%d:1: group %q already defined on line %d", file, line, g.Name, l)
		}
		seen[g.Name] = line
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no groups", file)
	}
	return out, nil
}
