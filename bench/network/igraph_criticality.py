#!/usr/bin/env python3
"""Edge criticality by accessibility loss with python-igraph, for steppe's
network benchmark (`steppe bench network`, or bench/network/run.sh).

Reads a JSON config: {"edges": path, "sources": [...], "sample": [...]}. The
edge file has a header line "n m" and then m lines "u v w" (0-based nodes,
undirected, weight in km). For every sampled edge e it removes e and computes
the shortest distances from all sources with Graph.distances, then the
accessibility loss (added distance, pairs cut) of
network/testdata/igraph_access.py, the module network's golden test uses,
exactly as steppe's network.View.AccessibilityCriticality. Only the time spent
inside igraph's distances calls is counted (the Python sums are not), which
favours igraph. Prints JSON: igraph version, base_s, per_edge_s, values.
"""
import json
import os
import sys
import time

import igraph as ig

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "network", "testdata"))
from igraph_access import access_loss, distances_without, read_graph  # noqa: E402


def main():
    cfg = json.load(open(sys.argv[1]))
    g, _, _ = read_graph(cfg["edges"])
    src = cfg["sources"]
    t0 = time.perf_counter()
    base = g.distances(source=src, weights="w")
    base_s = time.perf_counter() - t0
    values = []
    spent = 0.0
    for e in cfg["sample"]:
        d, s = distances_without(g, src, e)
        spent += s
        values.append(access_loss(base, d))
    print(json.dumps({"igraph": ig.__version__, "base_s": base_s,
                      "per_edge_s": spent / max(1, len(cfg["sample"])), "values": values}))


if __name__ == "__main__":
    main()
