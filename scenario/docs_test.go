package scenario_test

import (
	"os"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/scenario"
)

// TestDocsExtends keeps the extends section of docs/scenario.md true: its
// example loads against the embedded default with the effect it
// describes, and its sample error is the one a user gets.
func TestDocsExtends(t *testing.T) {
	doc, err := os.ReadFile("../docs/scenario.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, _ := strings.Cut(string(doc), "## extends: changing one assumption")
	_, example, _ := strings.Cut(sec, "```yaml\n")
	example, _, _ = strings.Cut(example, "```")
	resolve := scenario.Embedded(data.FS())
	sc, err := scenario.Load("kant-2027.yaml", []byte(example), resolve)
	if err != nil {
		t.Fatalf("the example in docs/scenario.md:\n%v", err)
	}
	base, err := scenario.Load("central-asia", []byte("extends: central-asia\n"), resolve)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := sc.World.Project("cku-railway")
	b, _ := base.World.Project("cku-railway")
	if !ok || p.Duration.V != 96 || !p.Duration.Assumption || p.Duration.Source != "" || p.Duration.Dist != nil ||
		p.CostUSD != b.CostUSD || p.Name != b.Name || len(p.Effects) != len(b.Effects) || len(p.Effects) == 0 {
		t.Errorf("cku-railway after the docs' override: %+v\nbefore: %+v", p, b)
	}
	for _, pl := range sc.World.Policies {
		for _, pp := range pl.Projects {
			if pl.ID == "fast-track-integration" && pp.Project == "afghan-border-policy" {
				t.Errorf("afghan-border-policy still scheduled by %s", pl.ID)
			}
		}
	}

	_, want, _ := strings.Cut(sec, "gives:\n\n  ```\n  ")
	want, _, _ = strings.Cut(want, "\n")
	_, err = scenario.Load("child.yaml", []byte("extends: central-asia\nmemberships:\n  csto-kgz: {to: 2030-01}\n"), resolve)
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nthe docs say:\n%s", err, want)
	}
}
