#!/usr/bin/python3
"""python-igraph's side of `steppe bench network` (bench/network/README.md).

Usage: /usr/bin/python3 igraph_measures.py CONFIG.json

CONFIG: {"edges": path of an edge list in network.ReadEdgeList's format
(optional "directed" line, "node ID" lines, then "FROM TO" lines), "sources":
[node numbers], "cutoff": c, "threads": [1, 2], "full_limit_s": s}.

Builds the undirected, unweighted igraph Graph with the nodes numbered in
declaration order and the edges in file order (so edge ids match steppe's),
then times, with time.perf_counter (wall) and time.process_time (CPU, one
process only) around the igraph calls only:

- bridges: Graph.bridges() (sequential in igraph, as in steppe);
- bfs: Graph.distances(source=S) for the 50 sources, at 1 thread one call,
  at 2 threads two forked processes with half the sources each (igraph's C
  core is single-threaded; process start-up is not timed, and the rows stay
  in the workers, as steppe's stay in memory); the answer per source is (sum of finite distances, sum of
  node * distance, unreachable count);
- eb_cutoff: Graph.edge_betweenness(directed=False, cutoff=c), one call:
  python-igraph 0.10.2 cannot restrict betweenness to a subset of sources,
  so it cannot be split over processes, and its 2-thread figure is this
  same single-threaded call;
- eb_full: Graph.edge_betweenness(directed=False) in a forked process killed
  after full_limit_s seconds (0: not run).

Prints one JSON object with the igraph version, the times and the answers.
"""
import json
import multiprocessing as mp
import os
import sys
import time

# Debian's matplotlib, which igraph imports, fails without /etc/matplotlibrc
os.environ.setdefault("MATPLOTLIBRC", "/usr/share/matplotlib/mpl-data")
import igraph as ig  # noqa: E402

G = None


def read_edge_list(path):
    ids, edges, directed = {}, [], False
    with open(path) as f:
        for line in f:
            fields = line.split("#", 1)[0].split()
            if not fields:
                continue
            if fields == ["directed"]:
                directed = True
            elif fields[0] == "node" and len(fields) == 2:
                ids[fields[1]] = len(ids)
            else:
                for x in fields[:2]:
                    if x not in ids:
                        ids[x] = len(ids)
                edges.append((ids[fields[0]], ids[fields[1]]))
    return ig.Graph(n=len(ids), edges=edges, directed=directed)


def bfs_answers(src):
    rows = G.distances(source=src)
    out = []
    for r in rows:
        s = sv = cut = 0
        for v, d in enumerate(r):
            if d == float("inf"):
                cut += 1
            else:
                s += int(d)
                sv += v * int(d)
        out.append([s, sv, cut])
    return out


def distances_count(src):
    # the rows stay in the worker, as steppe's stay in memory
    return len(G.distances(source=src))


def full_child(conn):
    t0, c0 = time.perf_counter(), time.process_time()
    eb = G.edge_betweenness(directed=False)
    conn.send((time.perf_counter() - t0, time.process_time() - c0, eb))
    conn.close()


def main():
    global G
    cfg = json.load(open(sys.argv[1]))
    t0 = time.perf_counter()
    G = read_edge_list(cfg["edges"])
    out = {"igraph": ig.__version__, "load_s": time.perf_counter() - t0,
           "nodes": G.vcount(), "edges": G.ecount()}
    t0, c0 = time.perf_counter(), time.process_time()
    br = G.bridges()
    out["bridges"] = {"s": time.perf_counter() - t0, "cpu": time.process_time() - c0, "set": sorted(br)}
    src = cfg["sources"]
    out["bfs_answers"] = bfs_answers(src)
    ctx = mp.get_context("fork")
    for th in cfg["threads"]:
        if th == 1:
            t0, c0 = time.perf_counter(), time.process_time()
            G.distances(source=src)
            out["bfs_%d" % th] = time.perf_counter() - t0
            out["bfs_cpu"] = time.process_time() - c0
            continue
        parts = [src[i::th] for i in range(th)]
        with ctx.Pool(th) as pool:
            pool.map(abs, range(th))  # start the workers before timing
            t0 = time.perf_counter()
            pool.map(distances_count, parts)
            out["bfs_%d" % th] = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    eb = G.edge_betweenness(directed=False, cutoff=cfg["cutoff"])
    out["eb_cutoff"] = {"s": time.perf_counter() - t0, "cpu": time.process_time() - c0, "values": eb}
    limit = cfg.get("full_limit_s", 0)
    if limit > 0:
        a, b = ctx.Pipe(duplex=False)
        p = ctx.Process(target=full_child, args=(b,))
        p.start()
        if a.poll(limit):
            s, cpu, eb = a.recv()
            out["eb_full"] = {"s": s, "cpu": cpu, "values": eb}
        else:
            out["eb_full"] = {"skipped": "not finished in %g s" % limit}
        p.kill()
        p.join()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
