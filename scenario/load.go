package scenario

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/steppe-dev/steppe/world"
)

// Resolver finds the scenario an `extends:` refers to. ref is the text of
// the extends field and from the name of the extending file. It returns the
// name to report positions under and the file's contents. Callers choose
// what may be extended: the CLI allows embedded scenarios by name and files
// relative to the extending file; a server should allow only embedded
// scenarios and earlier uploads.
type Resolver func(ref, from string) (name string, src []byte, err error)

// Embedded resolves a bare name such as "central-asia" to
// scenarios/<name>.yaml in fsys (package data's FS), and nothing else.
func Embedded(fsys fs.FS) Resolver {
	return func(ref, _ string) (string, []byte, error) {
		if ref == "" || strings.ContainsAny(ref, `/\`) || strings.HasPrefix(ref, ".") {
			return "", nil, fmt.Errorf("%q is not the name of an embedded scenario", ref)
		}
		name := "scenarios/" + strings.TrimSuffix(ref, ".yaml") + ".yaml"
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "", nil, fmt.Errorf("no embedded scenario %q (available: %s)", ref, strings.Join(EmbeddedNames(fsys), ", "))
		}
		return "embedded:" + path.Base(name), b, nil
	}
}

// EmbeddedNames lists the embedded scenarios by name.
func EmbeddedNames(fsys fs.FS) []string {
	var names []string
	ents, _ := fs.ReadDir(fsys, "scenarios")
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && !e.IsDir() {
			names = append(names, n)
		}
	}
	return names
}

// Scenario is a loaded, validated scenario.
type Scenario struct {
	World *world.World
	// Resolved is the merged YAML with every extends applied: a
	// self-contained scenario equivalent to the loaded one.
	Resolved []byte
	// Files are the names of the files read, the extended ones first.
	Files []string
}

const maxExtends = 8

// Load parses src (named name in error messages), applies its extends chain
// through resolve (nil: extends is an error), validates everything and
// builds the world. Problems in the files are reported all at once as an
// ErrorList.
func Load(name string, src []byte, resolve Resolver) (*Scenario, error) {
	d := &decoder{file: map[*yaml.Node]string{}}
	var files []string
	root := d.parseChain(name, src, resolve, &files, 0)
	if len(d.errs) > 0 {
		return nil, d.errs
	}
	var fsc fileScenario
	d.decode(root, reflectValue(&fsc), "")
	w := resolveWorld(d, &fsc, name)
	if len(d.errs) > 0 {
		order := map[string]int{}
		for i, f := range files {
			order[f] = i
		}
		slices.SortStableFunc(d.errs, func(a, b *Error) int {
			if c := cmp.Compare(order[a.Pos.File], order[b.Pos.File]); c != 0 {
				return c
			}
			if c := cmp.Compare(a.Pos.Line, b.Pos.Line); c != 0 {
				return c
			}
			return cmp.Compare(a.Pos.Col, b.Pos.Col)
		})
		return nil, d.errs
	}
	out, err := yaml.Marshal(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}})
	if err != nil {
		return nil, fmt.Errorf("scenario %s: encode resolved scenario: %w", name, err)
	}
	return &Scenario{World: w, Resolved: out, Files: files}, nil
}

var lineRE = regexp.MustCompile(`line (\d+)`)

// parse returns the root mapping of src, or nil after recording an error.
func (d *decoder) parse(name string, src []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line := 1
		if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = lineRE.ReplaceAllString(msg, "")
		msg = strings.TrimLeft(msg, ": ")
		d.errs.add(Pos{File: name, Line: line, Col: 1}, "", "malformed YAML: %s", msg)
		return nil
	}
	if len(doc.Content) == 0 {
		d.errs.add(Pos{File: name, Line: 1, Col: 1}, "", "empty scenario")
		return nil
	}
	root := doc.Content[0]
	var mark func(n *yaml.Node)
	mark = func(n *yaml.Node) {
		if n == nil {
			return
		}
		if _, ok := d.file[n]; ok {
			return
		}
		d.file[n] = name
		for _, c := range n.Content {
			mark(c)
		}
	}
	mark(root)
	if root.Kind != yaml.MappingNode {
		d.errorf(root, "", "want a mapping at the top level, got %s", kindName(root))
		return nil
	}
	return root
}

func (d *decoder) parseChain(name string, src []byte, resolve Resolver, files *[]string, depth int) *yaml.Node {
	root := d.parse(name, src)
	if root == nil {
		return nil
	}
	ext, extKey := lookup(root, "extends")
	if ext == nil {
		*files = append(*files, name)
		return root
	}
	removeKey(root, "extends")
	if ext.Kind != yaml.ScalarNode || ext.Value == "" {
		d.errorf(ext, "extends", "want the name or path of a scenario, got %s", kindName(ext))
		return nil
	}
	if depth >= maxExtends {
		d.errorf(extKey, "extends", "more than %d levels of extends (a cycle?)", maxExtends)
		return nil
	}
	if resolve == nil {
		d.errorf(ext, "extends", "cannot extend %q here", ext.Value)
		return nil
	}
	bname, bsrc, err := resolve(ext.Value, name)
	if err != nil {
		d.errorf(ext, "extends", "%v", err)
		return nil
	}
	if slices.Contains(*files, bname) || bname == name {
		d.errorf(ext, "extends", "cycle: %s extends itself", bname)
		return nil
	}
	base := d.parseChain(bname, bsrc, resolve, files, depth+1)
	if base == nil {
		return nil
	}
	*files = append(*files, name)
	return merge(base, root)
}

func lookup(m *yaml.Node, key string) (val, k *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1], m.Content[i]
		}
	}
	return nil, nil
}

func removeKey(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i:i], m.Content[i+2:]...)
			return
		}
	}
}

// isValue reports whether a mapping is a Val (replaced whole by an
// override, so that a new number never inherits the old one's source).
func isValue(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch n.Content[i].Value {
		case "value", "source", "assumption", "dist":
			return true
		}
	}
	return false
}

// merge applies over onto base: mappings merge key by key (null deletes a
// key), value mappings, lists and scalars replace.
func merge(base, over *yaml.Node) *yaml.Node {
	base, over = resolveAlias(base), resolveAlias(over)
	if base == nil || over == nil || base.Kind != yaml.MappingNode || over.Kind != yaml.MappingNode || isValue(over) || isValue(base) {
		return over
	}
	for i := 0; i+1 < len(over.Content); i += 2 {
		k, v := over.Content[i], over.Content[i+1]
		bv, _ := lookup(base, k.Value)
		switch {
		case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
			removeKey(base, k.Value)
		case bv == nil:
			base.Content = append(base.Content, k, v)
		default:
			mv := merge(bv, v)
			for j := 0; j+1 < len(base.Content); j += 2 {
				if base.Content[j].Value == k.Value {
					base.Content[j+1] = mv
				}
			}
		}
	}
	return base
}

// IsInputError reports whether err describes a problem in a scenario file
// (as opposed to an internal failure).
func IsInputError(err error) bool {
	var l ErrorList
	return errors.As(err, &l)
}
