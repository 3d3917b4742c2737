package scenario

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"go.yaml.in/yaml/v3"
)

// encodeChunk is the number of entries of a collection written by one YAML
// encoder: the encoder keeps every event it has emitted until it is done,
// so a 4 MB scenario written in one piece holds hundreds of megabytes.
const encodeChunk = 512

// piece is part of the resolved scenario: a mapping of one top-level entry,
// written whole, or with its first line (the key, written by the piece
// before) dropped.
type piece struct {
	n       *yaml.Node
	dropKey bool
}

// encodeResolved writes root, a mapping, as the YAML document yaml.Marshal
// would write, checking ctx as it goes. A block mapping is written one
// top-level entry at a time, and a large block collection under a plain
// key in chunks of chunk entries, each with its key line dropped but for
// the first: the same text, written with bounded memory, the pieces in
// parallel (writing is the larger part of loading a large scenario).
func encodeResolved(ctx context.Context, root *yaml.Node, chunk int) ([]byte, error) {
	pieces := split(root, chunk)
	outs := make([][]byte, len(pieces))
	errs := make([]error, len(pieces))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(pieces)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(pieces) && ctx.Err() == nil; i = int(next.Add(1) - 1) {
				var b bytes.Buffer
				errs[i] = encodeOne(ctxIO{ctx: ctx, w: &b}, pieces[i].n)
				outs[i] = b.Bytes()
				if pieces[i].dropKey {
					_, outs[i], _ = bytes.Cut(outs[i], []byte("\n"))
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return bytes.Join(outs, nil), nil
}

// split cuts root into the pieces encodeResolved writes.
func split(root *yaml.Node, chunk int) []piece {
	if !splittable(root) {
		return []piece{{n: root}}
	}
	var pieces []piece
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if !splittable(v) || !plainKey(k) || len(v.Content) <= 2*chunk {
			pieces = append(pieces, piece{n: mapping(root, k, v)})
			continue
		}
		for j := 0; j < len(v.Content); j += 2 * chunk {
			part := *v
			part.Content = v.Content[j:min(j+2*chunk, len(v.Content))]
			pieces = append(pieces, piece{n: mapping(root, k, &part), dropKey: j > 0})
		}
	}
	return pieces
}

// splittable reports whether n is a block mapping without comments of its
// own, whose entries can be written separately.
func splittable(n *yaml.Node) bool {
	return n.Kind == yaml.MappingNode && n.Style&yaml.FlowStyle == 0 && n.Anchor == "" && n.Tag == "!!map" &&
		n.HeadComment == "" && n.LineComment == "" && n.FootComment == ""
}

// plainKey reports whether k is written on a line of its own, "key:".
func plainKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Style == 0 && k.Tag == "!!str" && k.Anchor == "" &&
		k.HeadComment == "" && k.LineComment == "" && k.FootComment == "" &&
		k.Value != "" && !strings.ContainsAny(k.Value, "\n:#{}[],&*!|>'\"%@`") && strings.TrimSpace(k.Value) == k.Value
}

func mapping(like, k, v *yaml.Node) *yaml.Node {
	m := *like
	m.Content = []*yaml.Node{k, v}
	return &m
}

func encodeOne(w io.Writer, n *yaml.Node) error {
	enc := yaml.NewEncoder(w)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{n}}); err != nil {
		return err
	}
	return enc.Close()
}
