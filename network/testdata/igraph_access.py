"""Accessibility loss with python-igraph, shared by network's golden script
(network/testdata/igraph_golden.py) and the network benchmark
(bench/network/igraph_criticality.py), so that both compute it one way.

The graph file has a header line "n m" and then m lines "u v w" (0-based
nodes, undirected, weight in km). Removing an edge sets its weight to +inf,
which igraph's Dijkstra treats as absent; the loss is

    added = sum over (s, x) reached before and after of d'(s,x) - d(s,x)
    cut   = number of (s, x) reached before but not after

exactly as steppe's network.View.AccessibilityCriticality.
"""
import math
import time

import igraph as ig


def read_graph(path):
    """Returns the undirected graph of the file (weights in the edge
    attribute "w"), its edge list as [u, v] pairs and its weights."""
    with open(path) as f:
        n, m = map(int, f.readline().split())
        el, w = [], []
        for line in f:
            u, v, x = line.split()
            el.append([int(u), int(v)])
            w.append(float(x))
    assert len(el) == m
    g = ig.Graph(n=n, edges=[tuple(e) for e in el], directed=False)
    g.es["w"] = w
    return g, el, w


def distances_without(g, sources, e):
    """Returns the distances from sources with edge e removed, and the
    seconds spent inside igraph's distances call."""
    old = g.es[e]["w"]
    g.es[e]["w"] = math.inf
    t0 = time.perf_counter()
    d = g.distances(source=sources, weights="w")
    spent = time.perf_counter() - t0
    g.es[e]["w"] = old
    return d, spent


def access_loss(base, d):
    """Returns [added, cut] between the distances before (base) and after
    (d) an edge's removal."""
    added, cut = 0.0, 0
    for r0, r in zip(base, d):
        for a, b in zip(r0, r):
            if a == math.inf:
                continue
            if b == math.inf:
                cut += 1
            else:
                added += b - a
    return [added, cut]
