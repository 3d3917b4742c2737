package scenario

import (
	"bytes"
	"context"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/steppe-dev/steppe/data"
)

// TestEncodeResolvedChunks: writing the resolved scenario in pieces gives
// the text yaml.Marshal gives in one, for the embedded scenarios (with
// their comments), a large generated one, and a flow-style one.
func TestEncodeResolvedChunks(t *testing.T) {
	srcs := map[string][]byte{
		"big":      []byte(bigScenario(richBase, 50, "")),
		"flow":     []byte(`{name: x, claims: {a: {text: t}, b: {text: u}, c: {text: v}}}`),
		"odd keys": []byte("\"quoted\":\n  a: 1\n  b: 2\n  c: 3\n? complex\n: {a: 1, b: 2, c: 3}\n# foot\nlast:\n  # head\n  a: 1 # line\n  b: 2\n  c: 3\n  # foot\n"),
	}
	for _, n := range EmbeddedNames(data.FS()) {
		b, err := data.ReadFile("scenarios/" + n + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		srcs[n] = b
	}
	split := 0
	for name, src := range srcs {
		var doc yaml.Node
		if err := yaml.Unmarshal(src, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		root := doc.Content[0]
		want, err := yaml.Marshal(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}})
		if err != nil {
			t.Fatal(err)
		}
		for _, chunk := range []int{1, 2, 3, encodeChunk} {
			got, err := encodeResolved(context.Background(), root, chunk)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s in chunks of %d:\n%s\nwant:\n%s", name, chunk, got, want)
			}
		}
		if splittable(root) {
			split++
		}
	}
	if split < 3 {
		t.Errorf("only %d of the %d documents were written in pieces", split, len(srcs))
	}
}
