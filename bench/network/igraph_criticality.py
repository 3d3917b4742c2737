#!/usr/bin/env python3
"""Edge criticality by accessibility loss with python-igraph, for steppe's
network benchmark (`steppe bench network`, or bench/network/run.sh).

Reads a JSON config: {"edges": path, "sources": [...], "sample": [...]}. The
edge file has a header line "n m" and then m lines "u v w" (0-based nodes,
undirected, weight in km). For every sampled edge e it removes e (weight set
to +inf, which igraph's Dijkstra treats as absent) and computes the shortest
distances from all sources with Graph.distances, then

    added = sum over (s, x) reached before and after of d'(s,x) - d(s,x)
    cut   = number of (s, x) reached before but not after

exactly as steppe's network.View.AccessibilityCriticality. Only the time spent
inside igraph's distances calls is counted (the Python sums are not), which
favours igraph. Prints JSON: igraph version, base_s, per_edge_s, values.
"""
import json
import math
import sys
import time

import igraph as ig


def main():
    cfg = json.load(open(sys.argv[1]))
    with open(cfg["edges"]) as f:
        n, m = map(int, f.readline().split())
        el, w = [], []
        for line in f:
            u, v, x = line.split()
            el.append((int(u), int(v)))
            w.append(float(x))
    assert len(el) == m
    g = ig.Graph(n=n, edges=el, directed=False)
    g.es["w"] = w
    src = cfg["sources"]
    t0 = time.perf_counter()
    base = g.distances(source=src, weights="w")
    base_s = time.perf_counter() - t0
    values = []
    spent = 0.0
    for e in cfg["sample"]:
        old = g.es[e]["w"]
        g.es[e]["w"] = math.inf
        t0 = time.perf_counter()
        d = g.distances(source=src, weights="w")
        spent += time.perf_counter() - t0
        g.es[e]["w"] = old
        added, cut = 0.0, 0
        for row0, row in zip(base, d):
            for a, b in zip(row0, row):
                if a == math.inf:
                    continue
                if b == math.inf:
                    cut += 1
                else:
                    added += b - a
        values.append([added, cut])
    print(json.dumps({"igraph": ig.__version__, "base_s": base_s,
                      "per_edge_s": spent / max(1, len(cfg["sample"])), "values": values}))


if __name__ == "__main__":
    main()
