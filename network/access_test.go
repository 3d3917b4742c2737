package network

import (
	"math"
	"math/rand/v2"
	"testing"
)

// bruteAccess recomputes every source's distances with each edge removed.
func bruteAccess(v *View, sources []int, w []float64) []AccessLoss {
	g := v.G
	out := make([]AccessLoss, len(g.Edges))
	base := make([][]float64, len(sources))
	for i, s := range sources {
		base[i], _ = v.dijkstra([]int{s}, w)
	}
	for e := range g.Edges {
		out[e].Edge = e
		if !v.EdgeOn(e) {
			continue
		}
		u := v.WithoutEdges(e)
		for i, s := range sources {
			d, _ := u.dijkstra([]int{s}, w)
			for x := range d {
				if math.IsInf(base[i][x], 1) {
					continue
				}
				if math.IsInf(d[x], 1) {
					out[e].Cut++
				} else {
					out[e].Added += d[x] - base[i][x]
				}
			}
		}
	}
	return out
}

func TestAccessibilityMatchesBruteForce(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		g := Synthetic(9, 11, 170, 0.15, seed) // sparse: some bridges and cut-offs
		v, _ := g.View([]Status{Existing}, nil)
		r := rand.New(rand.NewPCG(seed, 9))
		src := []int{r.IntN(len(g.Nodes)), r.IntN(len(g.Nodes)), r.IntN(len(g.Nodes))}
		w := g.Lengths()
		want := bruteAccess(v, src, w)
		for _, workers := range []int{1, 3} {
			got := v.AccessibilityCriticality(src, w, workers)
			for e := range want {
				if got[e].Cut != want[e].Cut || math.Abs(got[e].Added-want[e].Added) > 1e-9*(1+want[e].Added) {
					t.Fatalf("seed %d workers %d edge %d: got %+v want %+v", seed, workers, e, got[e], want[e])
				}
			}
		}
	}
}

func TestAccessibilityPath(t *testing.T) {
	// path 0-1-2 (1 km each) plus a 5 km bypass 0-2; source 0.
	g := Synthetic(1, 3, 2, 0, 1)
	g.Edges = append(g.Edges, Edge{Index: 2, ID: "bypass", Feature: "bypass", From: 0, To: 2, Mode: Road, Status: Existing, LengthKm: 5})
	g.Edges[0].LengthKm, g.Edges[1].LengthKm = 1, 1
	g.index()
	v, _ := g.View([]Status{Existing}, nil)
	got := v.AccessibilityCriticality([]int{0}, g.Lengths(), 2)
	// removing 0-1: node 1 reached via 0-2-1 = 6 (+5), node 2 via bypass 5 (+3): +8
	// removing 1-2: node 2 via bypass 5 (+3); removing the bypass: nothing.
	want := []AccessLoss{{0, 8, 0}, {1, 3, 0}, {2, 0, 0}}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("edge %d: got %+v want %+v", i, got[i], want[i])
		}
	}
}

func TestSyntheticDeterministic(t *testing.T) {
	a, b := Synthetic(30, 30, 1800, 0.03, 7), Synthetic(30, 30, 1800, 0.03, 7)
	if len(a.Edges) != 1800 || len(a.Nodes) != 900 {
		t.Fatalf("nodes %d edges %d", len(a.Nodes), len(a.Edges))
	}
	for i := range a.Edges {
		if a.Edges[i] != b.Edges[i] {
			t.Fatal("not deterministic")
		}
	}
}

func BenchmarkAccessibilityCriticality(b *testing.B) {
	g := Synthetic(100, 100, 20000, 0.03, 1)
	v, _ := g.View([]Status{Existing}, nil)
	w := g.Lengths()
	src := []int{0, 5050, 9999, 2525}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.AccessibilityCriticality(src, w, 0)
	}
}
