package model

import (
	"bytes"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/internal/fixture"
)

// TestV2FileRoundTrip reads the bundled posterior and writes it again, byte
// for byte (`steppe calibrate --out` writes it with [V2Posterior.Write]),
// and checks that it records the decision model's out-of-sample scores:
// four schemes, each with the model and its two baselines.
func TestV2FileRoundTrip(t *testing.T) {
	b, err := data.ReadFile(V2File)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ReadV2Posterior(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := p.Write(&out); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), b) {
		t.Error("data/posterior/v2.json is not written back byte for byte")
	}
	v := p.Validation
	if v == nil || len(v.Schemes) != 4 {
		t.Fatalf("validation %+v: want four schemes", v)
	}
	for _, s := range v.Schemes {
		if len(s.Scores) != 3 || s.Scores[0].Method != "model" || s.Scores[0].AUROC == nil || s.Forecasts == 0 {
			t.Errorf("%s: scores %+v", s.Scheme, s.Scores)
		}
	}
}

// TestModelValidation carries a posterior's scores into the model that
// decides with it, naming the file, and says why where there are none.
func TestModelValidation(t *testing.T) {
	c := new(Cache)
	bundled, err := c.V2()
	if err != nil {
		t.Fatal(err)
	}
	bare := *bundled
	bare.Validation = nil
	for _, tc := range []struct {
		p    *V2Posterior
		want string
	}{{bundled, ""}, {&bare, "records no out-of-sample scores"}} {
		w := fixture.Load(t, "hindcast/1995.yaml").World
		m, err := c.Assemble(w, Config{V2: tc.p, V2File: "mine.json", NoIntegration: true})
		if err != nil {
			t.Fatal(err)
		}
		v := m.Validation()
		if v.Source != "mine.json" || !strings.Contains(v.Note, tc.want) || (tc.want == "") != (len(v.Schemes) == 4) {
			t.Errorf("validation of %s: source %q, note %q, %d schemes", tc.want, v.Source, v.Note, len(v.Schemes))
		}
	}
}
