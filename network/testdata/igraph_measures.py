#!/usr/bin/python3
"""Golden values of network.Graph's measures from python-igraph.

Run from network/testdata with Debian's python3-igraph:

    /usr/bin/python3 igraph_measures.py

For each case it writes measures/NAME.txt, an edge list in the format
network.ReadEdgeList reads (every node declared, so numbering is the
declaration order), and measures/NAME.json with igraph's answers:
bridges(), articulation_points(), connected_components(mode="weak")
membership, distances(source=S, weights=W, mode="out") (null for
unreachable), edge_betweenness(directed=D, cutoff=C, weights=W) and
betweenness(directed=D, cutoff=C, weights=W) for C in CUTOFFS and W in
(None, "weight" when the case is weighted). TestIgraphMeasures compares.
"""
import json
import math
import os
import random

# Debian's matplotlib, which igraph imports, fails without /etc/matplotlibrc
os.environ.setdefault("MATPLOTLIBRC", "/usr/share/matplotlib/mpl-data")
import igraph as ig  # noqa: E402

CUTOFFS = [None, 2, 3.5]


def cases():
    out = {}
    # two components, an isolated node, a chain of bridges and a cycle
    out["disconnected"] = (9, False, [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (5, 6), (6, 7)], None)
    # parallel edges (not bridges) and self-loops (never on a shortest path)
    out["multi"] = (6, False, [(0, 1), (0, 1), (1, 2), (2, 2), (2, 3), (3, 4), (4, 2), (4, 5), (5, 5), (3, 4)], None)
    # directed, with a cycle, a one-way chain, parallel arcs and a self-loop
    out["directed"] = (7, True, [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 3), (4, 5), (5, 6), (0, 1), (6, 6), (1, 5)], None)
    # integer weights with ties between paths
    out["weighted"] = (6, False, [(0, 1), (1, 2), (0, 3), (3, 2), (2, 4), (0, 4), (4, 5), (1, 3)], [1, 1, 1, 1, 2, 4, 1, 3])
    rnd = random.Random(7)
    # a sparse random multigraph, undirected, weights 1..4 (ties), some isolated
    n = 40
    es = [(rnd.randrange(n), rnd.randrange(n)) for _ in range(55)]
    out["random"] = (n, False, es, [rnd.randint(1, 4) for _ in es])
    # a random directed graph with weights 1..3
    n = 30
    es = [(rnd.randrange(n), rnd.randrange(n)) for _ in range(80)]
    out["random-directed"] = (n, True, es, [rnd.randint(1, 3) for _ in es])
    # a 10x10 lattice with a fifth of the edges removed, unweighted
    n, side = 100, 10
    es = [(r * side + c, r * side + c + 1) for r in range(side) for c in range(side - 1)]
    es += [(r * side + c, (r + 1) * side + c) for r in range(side - 1) for c in range(side)]
    rnd.shuffle(es)
    es = sorted(es[: len(es) - len(es) // 5])
    out["lattice"] = (n, False, es, None)
    return out


def clean(xs):
    return [None if (x is None or math.isinf(x)) else x for x in xs]


def main():
    for name, (n, directed, es, w) in cases().items():
        with open(f"measures/{name}.txt", "w") as f:
            f.write(f"# made by igraph_measures.py (python-igraph {ig.__version__})\n")
            if directed:
                f.write("directed\n")
            for v in range(n):
                f.write(f"node {v}\n")
            for i, (a, b) in enumerate(es):
                f.write(f"{a} {b}" + (f" {w[i]}" if w else "") + "\n")
        g = ig.Graph(n=n, edges=es, directed=directed)
        if w:
            g.es["weight"] = w
        src = list(range(0, n, max(1, n // 5)))
        gold = {
            "igraph": ig.__version__,
            "bridges": sorted(g.bridges()),
            "articulation_points": sorted(g.articulation_points()),
            "membership": g.connected_components(mode="weak").membership,
            "sources": src,
            "hops": [clean(r) for r in g.distances(source=src, mode="out")],
            "betweenness": [],
        }
        if w:
            gold["distances"] = [clean(r) for r in g.distances(source=src, weights="weight", mode="out")]
        for weights in ([None, "weight"] if w else [None]):
            for cut in CUTOFFS:
                gold["betweenness"].append({
                    "weighted": weights is not None,
                    "cutoff": cut or 0,
                    "edge": g.edge_betweenness(directed=directed, cutoff=cut, weights=weights),
                    "node": g.betweenness(directed=directed, cutoff=cut, weights=weights),
                })
        with open(f"measures/{name}.json", "w") as f:
            json.dump(gold, f, indent=None, separators=(",", ":"))
            f.write("\n")


if __name__ == "__main__":
    main()
