package scenario

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// decoder turns yaml.Nodes into the file types below, strictly: unknown
// fields and wrong types are errors with positions (duplicate keys are
// reported earlier, file by file, before extends merges them), and
// decoding continues so that every problem is reported at once.
type decoder struct {
	ctx    context.Context
	file   map[*yaml.Node]string // file of each node (extends merges files)
	errs   ErrorList
	nodes  int   // nodes parsed, in all files, bounded by maxVisits
	visits int   // nodes decoded, bounded so that nested aliases cannot explode
	steps  int   // nodes walked, merged and decoded, for checking ctx
	cerr   error // ctx's error, once seen
}

// stop reports whether the load was cancelled, looking at ctx every 1024
// steps (walking, merging and decoding take well under a millisecond for
// that many nodes).
func (d *decoder) stop() bool {
	d.steps++
	if d.cerr == nil && d.steps&1023 == 0 {
		d.cerr = d.ctx.Err()
	}
	return d.cerr != nil
}

// cut reports whether decoding has stopped, cancelled or over maxVisits,
// so that the loops over entries stop too.
func (d *decoder) cut() bool { return d.cerr != nil || d.visits > maxVisits }

// ctxErr is ctx's error once a step has seen it, or now.
func (d *decoder) ctxErr() error {
	if d.cerr == nil {
		d.cerr = d.ctx.Err()
	}
	return d.cerr
}

// maxVisits bounds the nodes of a scenario, in its files as written and
// once merged and decoded (aliases expanded where they are used). The
// default scenario has 4,287 nodes in 67 kB; at its 13 to 16 bytes a node
// (a file of claims has 13), the bound is about 14 MB of YAML: 245 times
// the default, and a hostile document is refused after parsing, before it
// is merged or decoded.
const maxVisits = 1 << 20

func (d *decoder) pos(n *yaml.Node) Pos {
	return Pos{File: d.file[n], Line: n.Line, Col: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, path, format string, a ...any) {
	d.errs.add(d.pos(n), path, format, a...)
}

// unmarshaler is implemented by file types that decode themselves.
type unmarshaler interface {
	decodeNode(d *decoder, n *yaml.Node, path string)
}

var unmarshalerType = reflect.TypeFor[unmarshaler]()

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return fmt.Sprintf("%q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 16; i++ {
		n = n.Alias
	}
	return n
}

// decode decodes n into v (addressable), recording errors at path.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	n = resolveAlias(n)
	if n == nil || n.Kind == yaml.AliasNode {
		return
	}
	if d.stop() {
		return
	}
	d.visits++
	if d.visits > maxVisits {
		if d.visits == maxVisits+1 {
			d.errorf(n, path, "scenario too large: more than %d YAML nodes once aliases are expanded", maxVisits)
		}
		return
	}
	if v.CanAddr() && v.Addr().Type().Implements(unmarshalerType) {
		v.Addr().Interface().(unmarshaler).decodeNode(d, n, path)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), path)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, path, "want a list, got %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.decode(c, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	default:
		panic(fmt.Sprintf("scenario: no decoder for %v", v.Type()))
	}
}

// fieldInfo maps yaml keys to struct fields, and lists the keys in field
// order. It is computed once per type.
func fieldInfo(t reflect.Type) (map[string]int, []string) {
	f := typeFields(t)
	return f.idx, f.names
}

func typeFields(t reflect.Type) fields {
	if fi, ok := fieldInfos.Load(t); ok {
		return fi.(fields)
	}
	f := fields{idx: map[string]int{}, pos: -1}
	for i := 0; i < t.NumField(); i++ {
		if sf := t.Field(i); sf.Name == "Pos" && sf.Type == posType {
			f.pos = i
		}
		tag := t.Field(i).Tag.Get("yaml")
		if tag == "" || tag == "-" {
			continue
		}
		f.idx[tag] = i
		f.names = append(f.names, tag)
	}
	fieldInfos.Store(t, f)
	return f
}

type fields struct {
	idx   map[string]int
	names []string
	pos   int // index of the field Pos (type Pos), -1 when none
}

var posType = reflect.TypeFor[Pos]()

// posField returns the field Pos of struct v, which decodeStruct sets to
// the mapping's position, or an invalid Value when v has none.
func posField(v reflect.Value) reflect.Value {
	if i := typeFields(v.Type()).pos; i >= 0 {
		return v.Field(i)
	}
	return reflect.Value{}
}

var fieldInfos sync.Map // reflect.Type → fields

// decodeStruct decodes a mapping into struct v field by field (by yaml
// tag), and sets v's field Pos, when it has one, to the mapping's position.
func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if p := posField(v); p.IsValid() {
		p.Set(reflect.ValueOf(d.pos(n)))
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "want a mapping, got %s", kindName(n))
		return
	}
	idx, names := fieldInfo(v.Type())
	for i := 0; i+1 < len(n.Content) && !d.cut(); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		fp := join(path, k.Value)
		f, ok := idx[k.Value]
		if !ok {
			d.errorf(k, fp, "unknown field (want one of %s)", strings.Join(names, ", "))
			continue
		}
		if p, ok := v.Field(f).Addr().Interface().(interface{ setKeyPos(Pos) }); ok {
			p.setKeyPos(d.pos(k))
		}
		d.decode(val, v.Field(f), fp)
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Scalar is a scalar of the scenario file (a string, a number or a
// boolean) with its position. Set is true once the file has given a value
// of the right kind.
type Scalar[T string | float64 | bool] struct {
	V   T
	Pos Pos
	Set bool
}

// Str is a string scalar with its position.
type Str = Scalar[string]

// Num is a number scalar with its position.
type Num = Scalar[float64]

// Bool is a boolean scalar with its position.
type Bool = Scalar[bool]

func (s *Scalar[T]) decodeNode(d *decoder, n *yaml.Node, path string) {
	s.Pos = d.pos(n)
	switch v := any(&s.V).(type) {
	case *string:
		if x, ok := scanStr(d, n, path); ok {
			*v, s.Set = x, true
		}
	case *float64:
		if x, ok := scanNum(d, n, path); ok {
			*v, s.Set = x, true
		}
	case *bool:
		if x, ok := scanBool(d, n, path); ok {
			*v, s.Set = x, true
		}
	}
}

func scanStr(d *decoder, n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, path, "want a string, got %s", kindName(n))
		return "", false
	}
	return n.Value, true
}

func scanNum(d *decoder, n *yaml.Node, path string) (float64, bool) {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		d.errorf(n, path, "want a number, got %s", kindName(n))
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	if err != nil {
		if iv, err2 := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err2 == nil {
			v, err = float64(iv), nil
		}
	}
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		d.errorf(n, path, "want a finite number, got %s", kindName(n))
		return 0, false
	}
	return v, true
}

func scanBool(d *decoder, n *yaml.Node, path string) (bool, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.errorf(n, path, "want true or false, got %s", kindName(n))
		return false, false
	}
	return n.Value == "true" || n.Value == "True" || n.Value == "TRUE", true
}

// Strs is a list of strings (a single string is accepted as a list of one).
type Strs []Str

func (s *Strs) decodeNode(d *decoder, n *yaml.Node, path string) {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		var x Str
		x.decodeNode(d, n, path)
		*s = Strs{x}
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, "want a list of strings, got %s", kindName(n))
		return
	}
	out := make(Strs, len(n.Content))
	for i, c := range n.Content {
		out[i].decodeNode(d, resolveAlias(c), fmt.Sprintf("%s[%d]", path, i))
	}
	*s = out
}

// Item is one entry of a Keyed collection.
type Item[T any] struct {
	Key    string
	KeyPos Pos
	V      T
}

// Keyed is a YAML mapping from ids to entries, kept in file order. Ids are
// the keys, so that duplicate ids are duplicate keys and an extending
// scenario can override one entry by its id.
type Keyed[T any] struct {
	Items  []Item[T]
	Pos    Pos
	KeyPos Pos
	Set    bool
}

func (k *Keyed[T]) setKeyPos(p Pos) { k.KeyPos = p }

func (k *Keyed[T]) decodeNode(d *decoder, n *yaml.Node, path string) {
	k.Pos = d.pos(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		k.Set = true
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "want a mapping of ids to entries, got %s", kindName(n))
		return
	}
	k.Set = true
	k.Items = make([]Item[T], 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content) && !d.cut(); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		fp := join(path, kn.Value)
		if kn.Kind != yaml.ScalarNode {
			d.errorf(kn, path, "want an id, got %s", kindName(kn))
			continue
		}
		k.Items = append(k.Items, Item[T]{Key: kn.Value, KeyPos: d.pos(kn)})
		it := &k.Items[len(k.Items)-1] // decoded in place: entries are large
		d.decode(vn, reflect.ValueOf(&it.V).Elem(), fp)
	}
}
