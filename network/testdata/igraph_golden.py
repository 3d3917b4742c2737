#!/usr/bin/env python3
"""Reference values from python-igraph for network's golden test.

Usage (from network/): /usr/bin/python3 testdata/igraph_golden.py testdata/igraph_graph.txt > testdata/igraph_golden.json
The graph file is network.Synthetic(12, 12, 300, 0.10, 5) as written by
`go test -run TestIgraphGolden -dump` (header "n m", then "u v w" lines).
"""
import json
import math
import sys

import igraph as ig

with open(sys.argv[1]) as f:
    n, m = map(int, f.readline().split())
    el, w = [], []
    for line in f:
        u, v, x = line.split()
        el.append([int(u), int(v)])
        w.append(float(x))
g = ig.Graph(n=n, edges=[tuple(e) for e in el], directed=False)
g.es["w"] = w
sources = [0, 77, 143]
pairs = [[0, 143], [5, 138], [12, 131], [40, 100], [66, 67]]
dist = g.distances(source=sources, weights="w")
edp = [g.edge_disjoint_paths(s, t) for s, t in pairs]
vdp = []
for s, t in pairs:
    if g.are_connected(s, t):
        # igraph refuses adjacent pairs for vertex_disjoint_paths; count the
        # direct edge(s) plus the vertex-disjoint paths without them
        h = g.copy()
        direct = len(h.es.select(_between=([s], [t])))
        h.delete_edges(h.es.select(_between=([s], [t])))
        vdp.append(direct + h.vertex_disjoint_paths(s, t))
    else:
        vdp.append(g.vertex_disjoint_paths(s, t))
access = []
for e in range(m):
    old = g.es[e]["w"]
    g.es[e]["w"] = math.inf
    d = g.distances(source=sources, weights="w")
    g.es[e]["w"] = old
    added, cut = 0.0, 0
    for r0, r in zip(dist, d):
        for a, b in zip(r0, r):
            if a == math.inf:
                continue
            if b == math.inf:
                cut += 1
            else:
                added += b - a
    access.append([added, cut])
json.dump({"source": "python-igraph %s (Debian python3-igraph), Graph.distances, edge_disjoint_paths, vertex_disjoint_paths" % ig.__version__,
           "n": n, "edges": el, "weights": w, "sources": sources, "distances": [[None if x == math.inf else x for x in r] for r in dist],
           "pairs": pairs, "edge_disjoint": edp, "vertex_disjoint": vdp, "access": access}, sys.stdout)
