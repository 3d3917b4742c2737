package scenario

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/steppe-dev/steppe/world"
)

// richBase is the minimal scenario with an entry of every kind that carries
// provenance: a project with a source and a note, a value with a
// distribution, a membership, a history event and a claim.
var richBase = strings.NewReplacer(
	`    cost_usd: {value: 1e6, source: "test"}`+"\n",
	`    cost_usd: {value: 1e6, source: "test"}`+"\n    source: \"project plan\"\n    note: \"a note\"\n",
	`growth: {value: 3, assumption: true, reason: "test"}`,
	`growth: {value: 3, assumption: true, reason: "test", dist: {type: normal, mean: 3, sd: 1}}`,
).Replace(minimal) + `memberships:
  m1: {org: CSTO, member: AAA, from: 2002-10, source: "CSTO charter"}
history:
  e1: {month: 2020-01, country: AAA, trigger: protest, outcome: csto-deployment, request: true, troops: {value: 2000, source: "report"}, source: "news"}
claims:
  c1: {text: "a claim", source: "a paper", fields: [actors.AAA.growth]}
`

// files resolves extends among a set of named sources.
type files map[string]string

func (f files) resolve(ref, _ string) (string, []byte, error) {
	s, ok := f[ref]
	if !ok {
		return "", nil, errNotFound(ref)
	}
	return ref, []byte(s), nil
}

// TestExtendsOverrideOneField: an extending scenario changes one field of
// an entry and keeps the others with their sources.
func TestExtendsOverrideOneField(t *testing.T) {
	fs := files{"base.yaml": richBase}
	if _, err := Load("base.yaml", []byte(richBase), nil); err != nil {
		t.Fatalf("base: %v", err)
	}
	tests := []struct {
		name, child string
		check       func(w *world.World) string
	}{
		{"project duration", "projects:\n  p1:\n    duration_months: {value: 24, source: \"new plan\"}\n",
			func(w *world.World) string {
				p := w.Projects[0]
				if p.Duration.V != 24 || p.Duration.Source != "new plan" || p.CostUSD.V != 1e6 || p.CostUSD.Source != "test" ||
					p.Source != "project plan" || p.Note != "a note" || len(p.Effects) != 1 || p.Effects[0].Size.Reason != "test" {
					return fmt.Sprintf("%+v", p)
				}
				return ""
			}},
		{"project note deleted", "projects:\n  p1:\n    note: null\n",
			func(w *world.World) string {
				if p := w.Projects[0]; p.Note != "" || p.Source != "project plan" || p.Duration.V != 12 {
					return fmt.Sprintf("%+v", p)
				}
				return ""
			}},
		{"value corrected source keeps its figure", "bases:\n  b1:\n    lease_end: {source: \"corrected citation\"}\n",
			func(w *world.World) string {
				if v := w.Bases[0].LeaseEnd; v.V != 2030 || v.Source != "corrected citation" {
					return fmt.Sprintf("%+v", v)
				}
				return ""
			}},
		{"new figure replaces the value whole", "actors:\n  AAA:\n    growth: {value: 5, source: \"IMF\"}\n",
			func(w *world.World) string {
				if v := w.Actors[0].Attr.Growth; v.V != 5 || v.Source != "IMF" || v.Assumption || v.Reason != "" || v.Dist != nil {
					return fmt.Sprintf("%+v", v)
				}
				return ""
			}},
		{"membership end", "memberships:\n  m1: {to: 2021-06, source: \"withdrawal note\"}\n",
			func(w *world.World) string {
				m := w.Memberships[0]
				if m.To.String() != "2021-06" || m.From.String() != "2002-10" || m.Org != "CSTO" || m.Member != "AAA" || m.Source != "withdrawal note" {
					return fmt.Sprintf("%+v", m)
				}
				return ""
			}},
		{"membership note keeps the source", "memberships:\n  m1: {note: \"checked against the treaty\"}\n",
			func(w *world.World) string {
				if m := w.Memberships[0]; m.Source != "CSTO charter" || m.From.String() != "2002-10" {
					return fmt.Sprintf("%+v", m)
				}
				return ""
			}},
		{"history event troops", "history:\n  e1:\n    troops: {value: 3000, source: \"other report\"}\n",
			func(w *world.World) string {
				e := w.History[0]
				if e.Troops.V != 3000 || e.Troops.Source != "other report" || e.Month.String() != "2020-01" || e.Outcome != world.OutcomeCSTODeployment ||
					!e.Request || e.Source != "news" {
					return fmt.Sprintf("%+v", e)
				}
				return ""
			}},
		{"claim fields", "claims:\n  c1: {fields: [actors.AAA.population]}\n",
			func(w *world.World) string {
				c := w.Claims[0]
				if c.Text != "a claim" || c.Source != "a paper" || len(c.Fields) != 1 || c.Fields[0] != "actors.AAA.population" {
					return fmt.Sprintf("%+v", c)
				}
				return ""
			}},
		{"claim text with its source", "claims:\n  c1: {text: \"a narrower claim\", source: \"another paper\"}\n",
			func(w *world.World) string {
				if c := w.Claims[0]; c.Text != "a narrower claim" || c.Source != "another paper" || len(c.Fields) != 1 {
					return fmt.Sprintf("%+v", c)
				}
				return ""
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Load("child.yaml", []byte("extends: base.yaml\n"+tc.child), fs.resolve)
			if err != nil {
				t.Fatal(err)
			}
			if msg := tc.check(sc.World); msg != "" {
				t.Errorf("merged wrong: %s", msg)
			}
			if _, err := Load("resolved.yaml", sc.Resolved, nil); err != nil {
				t.Errorf("the resolved scenario does not load on its own: %v", err)
			}
		})
	}
}

// TestCheckContext: CheckContext finds what LoadContext finds, the same
// world or the same errors, without the resolved text.
func TestCheckContext(t *testing.T) {
	fs := files{"base.yaml": richBase}
	for _, src := range []string{
		"extends: base.yaml\nprojects:\n  p1:\n    duration_months: {value: 24, source: \"new plan\"}\n",
		"extends: base.yaml\nmemberships:\n  m1: {to: 2021-06}\n",
	} {
		loaded, lerr := LoadContext(context.Background(), "child.yaml", []byte(src), fs.resolve)
		checked, cerr := CheckContext(context.Background(), "child.yaml", []byte(src), fs.resolve)
		if fmt.Sprint(lerr) != fmt.Sprint(cerr) {
			t.Errorf("%q: CheckContext error %v, LoadContext %v", src, cerr, lerr)
		}
		if lerr != nil {
			continue
		}
		if !reflect.DeepEqual(loaded.World, checked.World) || checked.Resolved != nil || len(loaded.Resolved) == 0 {
			t.Errorf("%q: CheckContext's scenario differs from LoadContext's, or has a resolved text", src)
		}
	}
}

// TestExtendsErrors: overrides that lose provenance, duplicate keys in any
// file, with or without extends, cycles of two and three files, and files
// that are not scenarios.
func TestExtendsErrors(t *testing.T) {
	fs := files{
		"base.yaml":     richBase,
		"dup.yaml":      strings.Replace(richBase, "name: mini\n", "name: mini\nname: again\n", 1),
		"a.yaml":        "extends: b.yaml\nname: a\n",
		"b.yaml":        "extends: a.yaml\n",
		"c.yaml":        "extends: d.yaml\n",
		"d.yaml":        "extends: e.yaml\n",
		"e.yaml":        "extends: c.yaml\n",
		"f.yaml":        "extends: d.yaml\n",
		"self.yaml":     "extends: self.yaml\n",
		"passwd":        "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
		"secret.yaml":   "API_TOKEN: hunter2\n",
		"workflow.yaml": "name: ci\non: push\njobs: {hunter2: {}}\n",
		"anchor.yaml":   "name: *hunter2\n",
		"listing.yaml":  "- hunter2\n",
	}
	tests := []struct {
		name, file, src string
		want            []string
	}{
		{"new figure without provenance", "child.yaml", "extends: base.yaml\nprojects:\n  p1:\n    duration_months: {value: 24}\n",
			[]string{"child.yaml:4:22: projects.p1.duration_months: no source: give source, or assumption: true with a reason"}},
		{"membership fact without source", "child.yaml", "extends: base.yaml\nmemberships:\n  m1: {to: 2021-06}\n",
			[]string{"child.yaml:3:8: memberships.m1.to: changes a fact of an entry from base.yaml: give the entry's source too (that file's source does not vouch for the new to)"}},
		{"event outcome without source", "child.yaml", "extends: base.yaml\nhistory:\n  e1: {outcome: covert}\n",
			[]string{"child.yaml:3:8: history.e1.outcome: changes a fact of an entry from base.yaml: give the entry's source too (that file's source does not vouch for the new outcome)"}},
		{"fact with an empty source", "child.yaml", "extends: base.yaml\nmemberships:\n  m1: {to: 2021-06, source: \" \"}\n",
			[]string{`child.yaml:3:29: memberships.m1.source: empty source`}},
		{"source of the wrong type", "child.yaml", "extends: base.yaml\nhistory:\n  e1: {outcome: covert, source: [a]}\n",
			[]string{`child.yaml:3:33: history.e1.source: want a string, got a list`}},
		{"claim text without source", "child.yaml", "extends: base.yaml\nclaims:\n  c1: {text: \"another claim\"}\n",
			[]string{"child.yaml:3:8: claims.c1.text: changes a fact of an entry from base.yaml: give the entry's source too (that file's source does not vouch for the new text)"}},
		{"duplicate key without extends", "base.yaml", strings.Replace(richBase, "    lease_end:", "    host: AAA\n    lease_end:", 1),
			[]string{`base.yaml:17:5: bases.b1.host: duplicate key "host" (first on line 15)`}},
		{"duplicate key in a value", "base.yaml", strings.Replace(richBase, `{value: 1e6, source: "test"}`, `{value: 1e6, value: 2e6, source: "test"}`, 1),
			[]string{`base.yaml:21:28: projects.p1.cost_usd.value: duplicate key "value" (first on line 21)`}},
		{"duplicate top-level key with extends", "child.yaml", "extends: base.yaml\nname: one\nname: two\n",
			[]string{`child.yaml:3:1: name: duplicate key "name" (first on line 2)`}},
		{"duplicate id with extends", "child.yaml", "extends: base.yaml\nprojects:\n  p1: {note: x}\n  p1: {note: y}\n",
			[]string{`child.yaml:4:3: projects.p1: duplicate key "p1" (first on line 3)`}},
		{"duplicate field with extends", "child.yaml", "extends: base.yaml\nprojects:\n  p1:\n    note: x\n    note: y\n",
			[]string{`child.yaml:5:5: projects.p1.note: duplicate key "note" (first on line 4)`}},
		{"duplicate key in the extended file", "child.yaml", "extends: dup.yaml\n",
			[]string{`dup.yaml:2:1: name: duplicate key "name" (first on line 1)`}},
		{"duplicates in both files", "child.yaml", "extends: dup.yaml\nnote: 1\nnote: 2\n",
			[]string{`dup.yaml:2:1: name: duplicate key "name" (first on line 1)`, `child.yaml:3:1: note: duplicate key "note" (first on line 2)`}},
		{"self", "self.yaml", fs["self.yaml"], []string{"self.yaml:1:10: extends: cycle: self.yaml extends self.yaml"}},
		{"two-file cycle", "a.yaml", fs["a.yaml"], []string{"b.yaml:1:10: extends: cycle: a.yaml extends b.yaml extends a.yaml"}},
		{"three-file cycle", "c.yaml", fs["c.yaml"], []string{"e.yaml:1:10: extends: cycle: c.yaml extends d.yaml extends e.yaml extends c.yaml"}},
		{"cycle below the loaded file", "f.yaml", fs["f.yaml"], []string{"c.yaml:1:10: extends: cycle: d.yaml extends e.yaml extends c.yaml extends d.yaml"}},
		{"not a scenario", "child.yaml", "extends: passwd\n", []string{"child.yaml:1:10: extends: passwd is not a scenario (want a YAML mapping with the scenario's sections)"}},
		{"a mapping but not a scenario", "child.yaml", "extends: secret.yaml\n", []string{"child.yaml:1:10: extends: secret.yaml is not a scenario (want a YAML mapping with the scenario's sections)"}},
		{"a mapping with one scenario key", "child.yaml", "extends: workflow.yaml\n", []string{
			"workflow.yaml:2:1: not a section of a scenario (a file named by extends holds only those: see docs/scenario.md)",
			"workflow.yaml:3:1: not a section of a scenario (a file named by extends holds only those: see docs/scenario.md)"}},
		{"a list", "child.yaml", "extends: listing.yaml\n", []string{"child.yaml:1:10: extends: listing.yaml is not a scenario (want a YAML mapping with the scenario's sections)"}},
		{"malformed extended file", "child.yaml", "extends: anchor.yaml\n", []string{"anchor.yaml:1:1: malformed YAML: unknown anchor … referenced"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(tc.file, []byte(tc.src), fs.resolve)
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %v, want an ErrorList", err)
			}
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for _, secret := range []string{"root:", "daemon", "hunter2", "API_TOKEN"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("the error quotes a file that is not a scenario: %v", err)
				}
			}
		})
	}
}

// TestMessages: every error has a file and a position, and a bad number is
// reported once.
func TestMessages(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"no actors", "name: x\nstart: 2022-01\nhorizon: 2023-01\nbaseline: b\npolicies: {b: {}}\n",
			"x.yaml:1:1: actors: no focus actors (set role: focus on the states to forecast)"},
		{"no focus actors", "name: x\nstart: 2022-01\nhorizon: 2023-01\nbaseline: b\npolicies: {b: {}}\nactors: {RUS: {role: external}}\n",
			"x.yaml:6:9: actors: no focus actors (set role: focus on the states to forecast)"},
		{"not a scenario", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
			"x.yaml:1:1: want a mapping of the scenario's sections at the top level, got text"},
		{"a list", "- root\n- daemon\n", "x.yaml:1:1: want a mapping of the scenario's sections at the top level, got a list"},
		{"non-finite sd", strings.Replace(minimal, `growth: {value: 3, assumption: true, reason: "test"}`,
			`growth: {value: 3, assumption: true, reason: "test", dist: {type: normal, mean: 3, sd: .inf}}`, 1),
			`x.yaml:10:92: actors.AAA.growth.dist.sd: want a finite number, got ".inf"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load("x.yaml", []byte(tc.src), nil)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, tc.want)
			}
		})
	}
}

// TestAliasBomb: aliases that expand to over a million nodes (600
// projects, each an alias of one with 600 aliased links: 10 kB of YAML)
// are refused once a million have been decoded, with one
// error rather than one for every entry left undecoded.
func TestAliasBomb(t *testing.T) {
	var adds, projects strings.Builder
	adds.WriteString("    adds: {a0: &a {kind: rail, from: AAA, to: RUS}")
	for i := 1; i < 600; i++ {
		fmt.Fprintf(&adds, ", a%d: *a", i)
		fmt.Fprintf(&projects, "  q%d: *p\n", i)
	}
	adds.WriteString("}\n")
	src := strings.NewReplacer("projects:\n  p1:\n", "projects:\n  p1: &p\n",
		"policies:\n", adds.String()+projects.String()+"policies:\n").Replace(minimal)
	_, err := Load("bomb.yaml", []byte(src), nil)
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 1 || list[0].Msg != "scenario too large: more than 1048576 YAML nodes once aliases are expanded" {
		t.Errorf("error %.300v", err)
	}
}

// countCtx is a context whose Err reports cancellation from its n-th call
// on: a deterministic stand-in for a cancellation at any point of a load.
type countCtx struct {
	context.Context
	calls atomic.Int64
	n     int64
}

func (c *countCtx) Err() error {
	if c.calls.Add(1) >= c.n {
		return context.Canceled
	}
	return nil
}

// TestLoadContextCancel: a load cancelled at any point of parsing,
// merging, decoding or writing the resolved scenario returns the context's
// error and nothing else.
func TestLoadContextCancel(t *testing.T) {
	fs := files{"base.yaml": bigScenario(richBase, 400, "")}
	src := []byte(bigScenario("extends: base.yaml\n", 800, "overridden"))
	never := &countCtx{Context: context.Background(), n: 1 << 62}
	if _, err := LoadContext(never, "child.yaml", src, fs.resolve); err != nil {
		t.Fatal(err)
	}
	calls := never.calls.Load()
	if calls < 100 {
		t.Fatalf("a load of %d bytes looked at its context %d times", len(src), calls)
	}
	for n := int64(1); n <= calls; n += max(1, calls/29) {
		sc, err := LoadContext(&countCtx{Context: context.Background(), n: n}, "child.yaml", src, fs.resolve)
		if sc != nil || !errors.Is(err, context.Canceled) || IsInputError(err) {
			t.Fatalf("cancelled at the %d-th of %d looks: scenario %v, error %v", n, calls, sc != nil, err)
		}
	}
}

// bigScenario appends n claims to head. With note set, the first half
// override claims of the base (by id) and the second half are new.
func bigScenario(head string, n int, note string) string {
	var b strings.Builder
	b.WriteString(head)
	if !strings.Contains(head, "\nclaims:\n") {
		b.WriteString("claims:\n")
	}
	for i := range n {
		id := i
		if note != "" && i >= n/2 {
			id = i + n
		}
		if note != "" && i < n/2 {
			fmt.Fprintf(&b, "  k%d: {fields: [actors.AAA.population]}\n", id)
			continue
		}
		fmt.Fprintf(&b, "  k%d: {text: \"claim number %d of a large scenario\", source: \"generated\"}\n", id, i)
	}
	return b.String()
}

// BenchmarkExtendsMerge loads a scenario that extends a base of the same
// size, half of its claims overriding the base's and half new, at 1, 2 and
// 4 MB in all, with LoadContext (load) and without writing the resolved
// text, as a validation does (check): merging is linear when the MB/s
// column stays flat.
func BenchmarkExtendsMerge(b *testing.B) {
	for _, mb := range []int{1, 2, 4} {
		n := mb << 20 / 2 / 70 // claims per file, about 70 bytes each
		fs := files{"base.yaml": bigScenario(richBase, n, "")}
		src := []byte(bigScenario("extends: base.yaml\n", n, "overridden"))
		for _, mode := range []struct {
			name string
			load func(context.Context, string, []byte, Resolver) (*Scenario, error)
		}{{"load", LoadContext}, {"check", CheckContext}} {
			b.Run(fmt.Sprintf("%s/%dMB", mode.name, mb), func(b *testing.B) {
				b.SetBytes(int64(len(src) + len(fs["base.yaml"])))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := mode.load(context.Background(), "child.yaml", src, fs.resolve); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkLoadCancel cancels the load of a 12 MB scenario of claims that
// extends another, near the largest accepted, 300 ms in, and reports how
// long LoadContext took to return after the cancellation: stop-ms (a 50 MB
// file, which ran for over 11 minutes before loads checked their context,
// is now refused before it is parsed).
func BenchmarkLoadCancel(b *testing.B) {
	fs := files{"base.yaml": richBase}
	src := []byte(bigScenario("extends: base.yaml\n", 12<<20/70, ""))
	var late time.Duration
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		at := make(chan time.Time, 1)
		timer := time.AfterFunc(300*time.Millisecond, func() { at <- time.Now(); cancel() })
		_, err := LoadContext(ctx, "child.yaml", src, fs.resolve)
		done := time.Now()
		timer.Stop()
		cancel()
		if !errors.Is(err, context.Canceled) {
			b.Fatalf("not cancelled: %.200v", err)
		}
		late += done.Sub(<-at)
	}
	b.ReportMetric(float64(late.Milliseconds())/float64(b.N), "stop-ms")
}

// TestTooLarge: a file far larger than any scenario is refused before it
// is parsed, whether loaded or extended.
func TestTooLarge(t *testing.T) {
	line := "# a comment line of sixty-four bytes, repeated to make 17 MiB..\n"
	if len(line) != 64 {
		t.Fatalf("test bug: %d bytes a line", len(line))
	}
	huge := bytes.Repeat([]byte(line), 17<<20/64)
	_, err := Load("huge.yaml", huge, nil)
	if err == nil || err.Error() != "huge.yaml:1:1: scenario too large: 17 MiB, at most 16 MiB" {
		t.Errorf("error %v", err)
	}
	fs := files{"huge.yaml": string(huge)}
	_, err = Load("child.yaml", []byte("extends: huge.yaml\n"), fs.resolve)
	if err == nil || err.Error() != "huge.yaml:1:1: scenario too large: 17 MiB, at most 16 MiB" {
		t.Errorf("error %v", err)
	}
}
