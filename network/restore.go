package network

import "fmt"

// Restore returns the network of nodes and edges as [Build] made them, for
// example a built network saved and decoded again, so that a caller that
// keeps a built network need not build it again: it checks that nodes and
// edges are numbered in order and that every edge joins two of the nodes,
// and indexes them as Build does. The network owns the slices.
func Restore(nodes []Node, edges []Edge) (*Network, error) {
	for i := range nodes {
		if nodes[i].ID != i {
			return nil, fmt.Errorf("network: node %d has id %d", i, nodes[i].ID)
		}
	}
	for i := range edges {
		e := &edges[i]
		if e.Index != i {
			return nil, fmt.Errorf("network: edge %d has index %d", i, e.Index)
		}
		if e.From < 0 || e.From >= len(nodes) || e.To < 0 || e.To >= len(nodes) {
			return nil, fmt.Errorf("network: edge %s joins nodes %d and %d of %d", e.ID, e.From, e.To, len(nodes))
		}
	}
	g := &Network{Nodes: nodes, Edges: edges}
	g.index()
	return g, nil
}
