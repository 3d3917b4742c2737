package network

import (
	"math"
	"math/rand/v2"
)

// Synthetic returns a deterministic road-like test network: a rows x cols
// grid of nodes 1 km apart, each moved by up to 0.3 km in each direction,
// with a share drop of the grid links removed (missing links, rivers) and
// random diagonal links added until the graph has exactly edges edges (when
// the grid allows). Edge lengths are the Euclidean distance between the
// moved nodes times a factor in [1, 1.4) (road winding). Coordinates are
// planar km stored as lon/lat; the graph has no countries. The same
// arguments give the same network.
func Synthetic(rows, cols, edges int, drop float64, seed uint64) *Network {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	g := &Network{}
	id := func(i, j int) int { return i*cols + j }
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			g.Nodes = append(g.Nodes, Node{ID: id(i, j), Layer: Freight,
				At: Point{Lon: float64(j) + 0.6*(r.Float64()-0.5), Lat: float64(i) + 0.6*(r.Float64()-0.5)}})
		}
	}
	add := func(a, b int) {
		pa, pb := g.Nodes[a].At, g.Nodes[b].At
		l := math.Hypot(pa.Lon-pb.Lon, pa.Lat-pb.Lat) * (1 + 0.4*r.Float64())
		k := len(g.Edges)
		g.Edges = append(g.Edges, Edge{Index: k, ID: "e" + itoa(k), Feature: "e" + itoa(k), From: a, To: b, Mode: Road, Status: Existing, LengthKm: l})
	}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			if j+1 < cols && r.Float64() >= drop {
				add(id(i, j), id(i, j+1))
			}
			if i+1 < rows && r.Float64() >= drop {
				add(id(i, j), id(i+1, j))
			}
		}
	}
	for tries := 0; rows > 1 && cols > 1 && len(g.Edges) < edges && tries < 10*edges; tries++ {
		i, j := r.IntN(rows-1), r.IntN(cols-1)
		if r.IntN(2) == 0 {
			add(id(i, j), id(i+1, j+1))
		} else {
			add(id(i, j+1), id(i+1, j))
		}
	}
	if len(g.Edges) > edges {
		g.Edges = g.Edges[:edges]
	}
	g.index()
	return g
}

// Lengths returns the edge lengths in km, the weights of ByLength.
func (g *Network) Lengths() []float64 {
	w := make([]float64, len(g.Edges))
	for i := range g.Edges {
		w[i] = g.Edges[i].LengthKm
	}
	return w
}

// Lattice returns the rows x cols square lattice (node r*cols+c; edges to
// the right and downward neighbours, row by row) with round(drop * edges)
// of its edges removed, chosen uniformly without replacement from the seed
// (PCG), the rest kept in lattice order; unweighted and undirected. With
// rows = cols = 224, drop 0.1 and seed 1 it is the anchor graph of `steppe
// bench network`: 50,176 nodes and 89,914 of the 99,904 edges.
func Lattice(rows, cols int, drop float64, seed uint64) *Graph {
	var from, to []int
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			v := r*cols + c
			if c+1 < cols {
				from, to = append(from, v), append(to, v+1)
			}
			if r+1 < rows {
				from, to = append(from, v), append(to, v+cols)
			}
		}
	}
	m := len(from)
	k := int(math.Round(drop * float64(m)))
	gone := make([]bool, m)
	for _, e := range rand.New(rand.NewPCG(seed, 0x1a77)).Perm(m)[:max(0, min(k, m))] {
		gone[e] = true
	}
	kf, kt := from[:0:0], to[:0:0]
	for e := range from {
		if !gone[e] {
			kf, kt = append(kf, from[e]), append(kt, to[e])
		}
	}
	g, err := NewGraph(rows*cols, kf, kt, nil, false)
	if err != nil {
		panic(err) // unreachable: the ends are in range by construction
	}
	return g
}
