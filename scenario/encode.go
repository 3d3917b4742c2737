package scenario

import (
	"bytes"
	"context"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// encodeChunk is the number of entries of a collection written by one YAML
// encoder: the encoder keeps every event it has emitted until it is done,
// so a 4 MB scenario written in one piece allocates hundreds of megabytes.
const encodeChunk = 512

// encodeResolved writes root, a mapping, as the YAML document yaml.Marshal
// would write, checking ctx as it goes. A block mapping is written one
// top-level entry at a time, and a large block collection under a plain
// key in chunks of encodeChunk entries, each with its key line dropped but
// for the first: the same text, written with bounded memory.
func encodeResolved(ctx context.Context, root *yaml.Node, chunk int) ([]byte, error) {
	var out bytes.Buffer
	w := ctxWriter{ctx, &out}
	if !splittable(root) {
		if err := encodeOne(w, root); err != nil {
			return nil, err
		}
		return out.Bytes(), nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if !splittable(v) || !plainKey(k) || len(v.Content) <= 2*chunk {
			if err := encodeOne(w, mapping(root, k, v)); err != nil {
				return nil, err
			}
			continue
		}
		for j := 0; j < len(v.Content); j += 2 * chunk {
			part := *v
			part.Content = v.Content[j:min(j+2*chunk, len(v.Content))]
			if j == 0 {
				if err := encodeOne(w, mapping(root, k, &part)); err != nil {
					return nil, err
				}
				continue
			}
			var b bytes.Buffer
			if err := encodeOne(ctxWriter{ctx, &b}, mapping(root, k, &part)); err != nil {
				return nil, err
			}
			_, body, _ := bytes.Cut(b.Bytes(), []byte("\n"))
			if _, err := w.Write(body); err != nil {
				return nil, err
			}
		}
	}
	return out.Bytes(), nil
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
