"""Fit station-placed rail lines to OpenStreetMap track geometry.

Used by build_network.py (Python 3 standard library only). The track is the
union of two OSM extracts in steppe's shared data (both ODbL 1.0, (c)
OpenStreetMap contributors; provenance in their READMEs and in README.md):

  rail-osm-west/osm_railways_tkm_afg.geojson  Turkmenistan, Afghanistan, western
      Uzbekistan, southern Tajikistan, north-east Iran, northern Pakistan
  rail/osm_uzbekistan_railways.geojson        Uzbekistan (Geofabrik-style, 50 m)

Method, per pair of consecutive stations a, b of a line:
  1. Graph: every vertex of every way is a node (coordinates as given, 5
     decimals); consecutive vertices are joined by their great-circle
     distance. A way end that shares no node with another way is joined to the
     nearest vertex of another way within JOIN_KM (OSM ways that meet at a
     switch do not always share a node after simplification).
  2. Search: A* (heuristic: great-circle distance to b) from a to b, where a
     and b are joined to every track vertex within SNAP_KM by a connector that
     costs CONNECT_PENALTY times its length (so the nearest track is preferred)
     and the search gives up beyond MAX_DETOUR * d(a, b) + SLACK_KM.
  3. Accept: the path is used when both connectors are under SNAP_KM; its
     length (connectors + track) is the pair's track length.
  4. Simplify: Douglas-Peucker with tolerance SIMPLIFY_KM on an equirectangular
     projection about the pair's mid-latitude; station points are kept.
A pair that fails stays a straight placeholder and is listed in the line's
placeholder_segments. Hand-placed shape points between two stations (e.g.
"Tejen valley") are dropped when the stations around them fit, since the
track then gives the shape; otherwise they stay in the placeholder.
"""
import heapq
import json
import math
import os

R_KM = 6371.0088   # mean Earth radius (IUGG), as in steppe's network package
SNAP_KM = 7.0      # a station farther than this from the track does not fit
JOIN_KM = 0.5      # a dangling way end is joined to another way within 500 m
CONNECT_PENALTY = 4.0
MAX_DETOUR = 1.6   # track at most 1.6x the straight distance + SLACK_KM
SLACK_KM = 20.0
SIMPLIFY_KM = 0.1  # Douglas-Peucker tolerance: about 100 m
CELL = 0.05        # degrees, spatial index cell


def hav(a, b):
    la1, la2 = math.radians(a[1]), math.radians(b[1])
    dla = la2 - la1
    dlo = math.radians(b[0] - a[0])
    h = math.sin(dla / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dlo / 2) ** 2
    return 2 * R_KM * math.asin(min(1.0, math.sqrt(h)))


def poly_km(pts):
    return sum(hav(pts[i], pts[i + 1]) for i in range(len(pts) - 1))


def douglas_peucker(pts, tol_km):
    if len(pts) < 3:
        return list(pts)
    lat0 = math.radians(sum(p[1] for p in pts) / len(pts))
    kx, ky = R_KM * math.pi / 180 * math.cos(lat0), R_KM * math.pi / 180
    xy = [(p[0] * kx, p[1] * ky) for p in pts]
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        (x1, y1), (x2, y2) = xy[i], xy[j]
        dx, dy = x2 - x1, y2 - y1
        ll = dx * dx + dy * dy
        best, bk = -1.0, -1
        for k in range(i + 1, j):
            px, py = xy[k]
            if ll == 0:
                d = math.hypot(px - x1, py - y1)
            else:
                t = max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / ll))
                d = math.hypot(px - x1 - t * dx, py - y1 - t * dy)
            if d > best:
                best, bk = d, k
        if best > tol_km:
            keep[bk] = True
            stack.append((i, bk))
            stack.append((bk, j))
    return [p for p, k in zip(pts, keep) if k]


class Track:
    """The OSM track as a graph of vertices."""

    def __init__(self, shared):
        self.xy = []      # node -> (lon, lat)
        self.idx = {}     # (lon, lat) -> node
        self.adj = []     # node -> list of (node, km)
        self.grid = {}    # cell -> nodes
        self.ways = 0
        ends = []
        for path, keep in (("rail-osm-west/osm_railways_tkm_afg.geojson", lambda p: p.get("railway") in ("rail", "narrow_gauge")),
                           ("rail/osm_uzbekistan_railways.geojson", lambda p: p.get("fclass") in ("rail", "narrow_gauge"))):
            with open(os.path.join(shared, path)) as f:
                for ft in json.load(f)["features"]:
                    if not keep(ft["properties"]):
                        continue
                    g = ft["geometry"]
                    parts = g["coordinates"] if g["type"] == "MultiLineString" else [g["coordinates"]]
                    for cs in parts:
                        ids = [self.node(c) for c in cs]
                        for u, v in zip(ids, ids[1:]):
                            if u != v:
                                self.link(u, v)
                        ends += [ids[0], ids[-1]]
                        self.ways += 1
        for n, (x, y) in enumerate(self.xy):
            self.grid.setdefault((int(math.floor(x / CELL)), int(math.floor(y / CELL))), []).append(n)
        self.joined = 0
        for e in ends:
            if len(self.adj[e]) != 1:
                continue  # already a junction or mid-way node
            best, bd = -1, JOIN_KM
            nbr = {v for v, _ in self.adj[e]}
            for n in self.near(self.xy[e], JOIN_KM):
                if n == e or n in nbr:
                    continue
                d = hav(self.xy[e], self.xy[n])
                if d < bd:
                    best, bd = n, d
            if best >= 0:
                self.link(e, best)
                self.joined += 1

    def node(self, c):
        k = (round(c[0], 5), round(c[1], 5))
        n = self.idx.get(k)
        if n is None:
            n = len(self.xy)
            self.idx[k] = n
            self.xy.append(k)
            self.adj.append([])
        return n

    def link(self, u, v):
        d = hav(self.xy[u], self.xy[v])
        self.adj[u].append((v, d))
        self.adj[v].append((u, d))

    def near(self, p, km):
        r = km / 111.0 / max(0.2, math.cos(math.radians(p[1])))
        x0, x1 = int(math.floor((p[0] - r) / CELL)), int(math.floor((p[0] + r) / CELL))
        y0, y1 = int(math.floor((p[1] - km / 111.0) / CELL)), int(math.floor((p[1] + km / 111.0) / CELL))
        for gx in range(x0, x1 + 1):
            for gy in range(y0, y1 + 1):
                for n in self.grid.get((gx, gy), ()):
                    yield n

    def fit(self, a, b):
        """Track between points a and b: (coordinates, track km) or None."""
        starts = [(hav(a, self.xy[n]), n) for n in self.near(a, SNAP_KM)]
        goals = {n: hav(b, self.xy[n]) for n in self.near(b, SNAP_KM)}
        starts = [(d, n) for d, n in starts if d <= SNAP_KM]
        goals = {n: d for n, d in goals.items() if d <= SNAP_KM}
        if not starts or not goals:
            return None
        limit = MAX_DETOUR * hav(a, b) + SLACK_KM
        bound = limit + 2 * CONNECT_PENALTY * SNAP_KM
        dist, prev, heap = {}, {}, []
        for d, n in starts:
            g = CONNECT_PENALTY * d
            if g < dist.get(n, math.inf):
                dist[n], prev[n] = g, -1
                heapq.heappush(heap, (g + hav(self.xy[n], b), g, n))
        best, bestn = math.inf, -1
        while heap:
            f, g, u = heapq.heappop(heap)
            if f >= best:
                break
            if g > dist[u]:
                continue
            if u in goals:
                tot = g + CONNECT_PENALTY * goals[u]
                if tot < best:
                    best, bestn = tot, u
            for v, w in self.adj[u]:
                ng = g + w
                if ng < dist.get(v, math.inf):
                    h = hav(self.xy[v], b)
                    if ng + h > bound:
                        continue
                    dist[v], prev[v] = ng, u
                    heapq.heappush(heap, (ng + h, ng, v))
        if bestn < 0:
            return None
        path = []
        n = bestn
        while n >= 0:
            path.append(self.xy[n])
            n = prev[n]
        path.reverse()
        pts = [tuple(a)] + path + [tuple(b)]
        km = poly_km(pts)
        if km > limit:
            return None
        return pts, km


def fit_line(track, stops, coord_of, shape_only):
    """Coordinates, placeholder segment indices and track km for one line.

    stops: station names in order; coord_of(name) -> (lon, lat); shape_only:
    names that are hand-placed shape points rather than stations.
    Returns (coords, placeholder_segments, fitted_km, placeholder_km, pairs).
    """
    anchors = [i for i, s in enumerate(stops) if s not in shape_only or i in (0, len(stops) - 1)]
    coords = [list(coord_of(stops[0]))]
    placeholders, pairs = [], []
    fitted_km = placeholder_km = 0.0
    for i, j in zip(anchors, anchors[1:]):
        a, b = coord_of(stops[i]), coord_of(stops[j])
        got = track.fit(a, b)
        if got is not None:
            pts, km = got
            simple = douglas_peucker(pts, SIMPLIFY_KM)
            coords += [[round(p[0], 5), round(p[1], 5)] for p in simple[1:-1]] + [list(b)]
            fitted_km += km
            pairs.append((stops[i], stops[j], "track", km))
        else:
            seq = [coord_of(stops[k]) for k in range(i, j + 1)]
            for p in seq[1:]:
                placeholders.append(len(coords) - 1)
                coords.append(list(p))
            km = poly_km(seq)
            placeholder_km += km
            pairs.append((stops[i], stops[j], "placeholder", km))
    return coords, placeholders, fitted_km, placeholder_km, pairs
