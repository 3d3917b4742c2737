package scenario

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"reflect"
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
	// self-contained scenario equivalent to the loaded one (nil from
	// CheckContext).
	Resolved []byte
	// Files are the names of the files read, the extended ones first.
	Files []string

	ranges map[string]constraint // by path, for CheckSet
}

// maxBytes bounds the size of a scenario file, so that a file far larger
// than any scenario is refused before it is parsed: parsed, a file of
// claims takes 12 times its size in memory (115 MB for 9 MB). 16 MiB is
// 250 times the default scenario and a little more than maxVisits nodes.
const maxBytes = 16 << 20

// maxExtends bounds the length of an extends chain.
const maxExtends = 8

// Load is LoadContext without a deadline.
func Load(name string, src []byte, resolve Resolver) (*Scenario, error) {
	return LoadContext(context.Background(), name, src, resolve)
}

// LoadContext parses src (named name in error messages), applies its
// extends chain through resolve (nil: extends is an error), validates
// everything and builds the world. Problems in the files are reported all
// at once as an ErrorList. Parsing, merging, decoding and writing the
// resolved scenario check ctx as they go, so that a cancelled load of even
// a large file returns promptly, with ctx's error (not an ErrorList).
func LoadContext(ctx context.Context, name string, src []byte, resolve Resolver) (*Scenario, error) {
	return load(ctx, name, src, resolve, true)
}

// CheckContext is LoadContext for a caller that does not keep the
// scenario's text (a validation): the Scenario it returns has no
// Resolved, which saves the 40% of a large load's CPU time that writing
// it takes.
func CheckContext(ctx context.Context, name string, src []byte, resolve Resolver) (*Scenario, error) {
	return load(ctx, name, src, resolve, false)
}

func load(ctx context.Context, name string, src []byte, resolve Resolver, resolved bool) (*Scenario, error) {
	// A scenario has a node for every 13 to 16 bytes (see maxVisits); the
	// hint is capped, as a larger map takes longer to make than to grow.
	d := &decoder{ctx: ctx, file: make(map[*yaml.Node]string, min(len(src)/16, 1<<16))}
	var files []string
	root := d.parseChain(name, src, resolve, &files, nil, nil)
	if err := d.ctxErr(); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", name, err)
	}
	if len(d.errs) > 0 {
		d.sortErrors(files)
		return nil, d.errs
	}
	// The resolved scenario is written while the merged tree is decoded
	// (neither changes the tree): writing is 40% of the CPU time of a large
	// load (BenchmarkExtendsMerge), decoding and resolving under 15%.
	ectx, stopEncoding := context.WithCancel(ctx)
	defer stopEncoding()
	encoded := make(chan resolvedText, 1)
	if resolved {
		go func() {
			b, err := encodeResolved(ectx, root, encodeChunk)
			encoded <- resolvedText{b, err}
		}()
	} else {
		encoded <- resolvedText{}
	}
	fail := func(err error) (*Scenario, error) {
		stopEncoding()
		<-encoded
		return nil, err
	}
	var fsc fileScenario
	d.decode(root, reflectValue(&fsc), "")
	if err := d.ctxErr(); err != nil {
		return fail(fmt.Errorf("scenario %s: %w", name, err))
	}
	if d.visits > maxVisits {
		d.sortErrors(files)
		return fail(d.errs) // what was not decoded would all be reported missing
	}
	w, ranges := resolveWorld(d, &fsc, name)
	if len(d.errs) > 0 {
		d.sortErrors(files)
		return fail(d.errs)
	}
	out := <-encoded
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", name, err)
	}
	if out.err != nil {
		return nil, fmt.Errorf("scenario %s: encode resolved scenario: %w", name, out.err)
	}
	return &Scenario{World: w, Resolved: out.b, Files: files, ranges: ranges}, nil
}

// CheckSet checks a value x given for the parameter at path from outside
// the file (steppe run --set, an API override) against the range the file
// format states for it, as a value in the file is checked: a probability
// in [0, 1], a non-negative quantity at or above 0, a change in a share in
// [-1, 1], a year in 1900..2200. A path the scenario states without a
// range, or does not state, is not checked here (the model decides whether
// it is a parameter).
func (s *Scenario) CheckSet(path string, x float64) error {
	if msg := s.ranges[path].problem(x); msg != "" {
		return fmt.Errorf("%s: %s", path, msg)
	}
	return nil
}

type resolvedText struct {
	b   []byte
	err error
}

// sortErrors puts the errors in file order: the extended files first, then
// by line and column.
func (d *decoder) sortErrors(files []string) {
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
}

// ctxIO stops the YAML parser and encoder, which read and write in small
// chunks, once ctx is done: it reads from r or writes to w until then.
type ctxIO struct {
	ctx context.Context
	r   io.Reader
	w   io.Writer
}

func (c ctxIO) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func (c ctxIO) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

var (
	lineRE   = regexp.MustCompile(`line (\d+)`)
	quotedRE = regexp.MustCompile("'[^']*'|\"[^\"]*\"|`[^`]*`")
)

// parse returns the root mapping of src, or nil after recording an error.
// It records the file of every node and reports duplicate keys in every
// mapping, before any merging can hide them. from is the extends field
// that named this file (nil for the file loaded): such a file must look
// like a scenario, and its problems are reported without quoting its
// content, which may be any file the resolver can read.
func (d *decoder) parse(name string, src []byte, from *yaml.Node) *yaml.Node {
	if len(src) > maxBytes {
		d.errs.add(Pos{File: name, Line: 1, Col: 1}, "", "scenario too large: %d MiB, at most %d MiB", len(src)>>20, maxBytes>>20)
		return nil
	}
	var doc yaml.Node
	err := yaml.NewDecoder(ctxIO{ctx: d.ctx, r: bytes.NewReader(src)}).Decode(&doc)
	if d.ctxErr() != nil {
		return nil
	}
	if err != nil && err != io.EOF {
		line := 1
		if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = lineRE.ReplaceAllString(msg, "")
		msg = strings.TrimLeft(msg, ": ")
		if from != nil {
			msg = quotedRE.ReplaceAllString(msg, "…")
		}
		d.errs.add(Pos{File: name, Line: line, Col: 1}, "", "malformed YAML: %s", msg)
		return nil
	}
	if len(doc.Content) == 0 {
		d.errs.add(Pos{File: name, Line: 1, Col: 1}, "", "empty scenario")
		return nil
	}
	root := doc.Content[0]
	if from != nil && !d.looksLikeScenario(root, name, from) {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		d.file[root] = name
		got := kindName(root)
		if root.Kind == yaml.ScalarNode && root.Tag != "!!null" {
			got = "text" // not quoted: the file may be anything the user named
		}
		d.errorf(root, "", "want a mapping of the scenario's sections at the top level, got %s", got)
		return nil
	}
	d.walk(root, name, "")
	if d.nodes > maxVisits {
		return nil
	}
	return root
}

// looksLikeScenario checks that root, the top of a file named by the
// extends field from, is a mapping of scenario sections only, and reports
// it otherwise without quoting it: the resolver may have read any file.
func (d *decoder) looksLikeScenario(root *yaml.Node, name string, from *yaml.Node) bool {
	idx, _ := fieldInfo(reflect.TypeFor[fileScenario]())
	known := false
	var unknown []*yaml.Node
	for i := 0; root.Kind == yaml.MappingNode && i+1 < len(root.Content); i += 2 {
		if _, ok := idx[root.Content[i].Value]; ok {
			known = true
		} else {
			unknown = append(unknown, root.Content[i])
		}
	}
	if !known {
		d.errorf(from, "extends", "%s is not a scenario (want a YAML mapping with the scenario's sections)", name)
		return false
	}
	for _, k := range unknown {
		d.errs.add(Pos{File: name, Line: k.Line, Col: k.Column}, "", "not a section of a scenario (a file named by extends holds only those: see docs/scenario.md)")
	}
	return len(unknown) == 0
}

// walk records the file of every node under n and reports every duplicate
// key, with the line of the first. Aliases are not followed: the node they
// name is walked where it is defined.
func (d *decoder) walk(n *yaml.Node, name, path string) {
	if n == nil || d.stop() || d.nodes > maxVisits {
		return
	}
	if _, ok := d.file[n]; ok {
		return
	}
	d.file[n] = name
	if d.nodes++; d.nodes > maxVisits {
		d.errorf(n, path, "scenario too large: more than %d YAML nodes", maxVisits)
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		d.duplicates(n, path)
		for i := 0; i+1 < len(n.Content); i += 2 {
			d.walk(n.Content[i], name, path)
			d.walk(n.Content[i+1], name, join(path, n.Content[i].Value))
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			d.walk(c, name, fmt.Sprintf("%s[%d]", path, i))
		}
	default:
		for _, c := range n.Content {
			d.walk(c, name, path)
		}
	}
}

// duplicates reports the scalar keys of m that repeat an earlier one.
// Small mappings are scanned, larger ones indexed, so that the check is
// linear in the size of the file.
func (d *decoder) duplicates(m *yaml.Node, path string) {
	n := len(m.Content) / 2
	report := func(k, first *yaml.Node) {
		d.errs.add(Pos{File: d.file[m], Line: k.Line, Col: k.Column}, join(path, k.Value),
			"duplicate key %q (first on line %d)", k.Value, first.Line)
	}
	if n <= 8 {
		for i := 2; i < 2*n; i += 2 {
			k := m.Content[i]
			if k.Kind != yaml.ScalarNode {
				continue
			}
			for j := 0; j < i; j += 2 {
				if f := m.Content[j]; f.Kind == yaml.ScalarNode && f.Value == k.Value {
					report(k, f)
					break
				}
			}
		}
		return
	}
	first := make(map[string]*yaml.Node, n)
	for i := 0; i < 2*n; i += 2 {
		k := m.Content[i]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		if f, ok := first[k.Value]; ok {
			report(k, f)
			continue
		}
		first[k.Value] = k
	}
}

// parseChain parses one file and, depth first, the files it extends, and
// returns their merge. chain holds the names of the files that extend this
// one, from is the extends field that named it.
func (d *decoder) parseChain(name string, src []byte, resolve Resolver, files *[]string, chain []string, from *yaml.Node) *yaml.Node {
	root := d.parse(name, src, from)
	if root == nil {
		return nil
	}
	chain = append(chain, name)
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
	if resolve == nil {
		d.errorf(ext, "extends", "cannot extend %q here", ext.Value)
		return nil
	}
	bname, bsrc, err := resolve(ext.Value, name)
	if err != nil {
		d.errorf(ext, "extends", "%v", err)
		return nil
	}
	if i := slices.Index(chain, bname); i >= 0 {
		d.errorf(ext, "extends", "cycle: %s", strings.Join(append(slices.Clone(chain[i:]), bname), " extends "))
		return nil
	}
	if len(chain) > maxExtends {
		d.errorf(extKey, "extends", "more than %d levels of extends", maxExtends)
		return nil
	}
	base := d.parseChain(bname, bsrc, resolve, files, chain, ext)
	if base == nil || d.ctxErr() != nil {
		return nil
	}
	*files = append(*files, name)
	return d.merge(base, root, reflect.TypeFor[fileScenario](), "")
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

// IsInputError reports whether err describes a problem in a scenario file
// (as opposed to an internal failure or a cancelled load).
func IsInputError(err error) bool {
	var l ErrorList
	return errors.As(err, &l)
}
