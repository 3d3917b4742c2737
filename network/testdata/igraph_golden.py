#!/usr/bin/env python3
"""Reference values from python-igraph for network's golden test.

Usage (from network/): /usr/bin/python3 testdata/igraph_golden.py testdata/igraph_graph.txt > testdata/igraph_golden.json
The graph file is network.Synthetic(12, 12, 300, 0.10, 5) as written by
`go test -run TestIgraphGolden -dump` (header "n m", then "u v w" lines).
The accessibility loss is igraph_access.py's, shared with the benchmark.
"""
import json
import math
import os
import sys

import igraph as ig

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from igraph_access import access_loss, distances_without, read_graph  # noqa: E402

g, el, w = read_graph(sys.argv[1])
n, m = g.vcount(), g.ecount()
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
access = [access_loss(dist, distances_without(g, sources, e)[0]) for e in range(m)]
json.dump({"source": "python-igraph %s (Debian python3-igraph), Graph.distances, edge_disjoint_paths, vertex_disjoint_paths" % ig.__version__,
           "n": n, "edges": el, "weights": w, "sources": sources, "distances": [[None if x == math.inf else x for x in r] for r in dist],
           "pairs": pairs, "edge_disjoint": edp, "vertex_disjoint": vdp, "access": access}, sys.stdout)
