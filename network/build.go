package network

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Options control how the graph is built from geometry.
type Options struct {
	// ToleranceKm: a line end within this distance of another line of the
	// same layer is snapped onto it (onto a vertex when one is within reach,
	// else onto the nearest point of the segment, which is split there).
	// Default 2 km.
	ToleranceKm float64
	// PointToleranceKm: a named point within this distance of a line becomes
	// a node of that line's layer. Default 5 km.
	PointToleranceKm float64
	// SampleKm: lines are sampled at most this far apart to find where they
	// cross a border; a border crossing becomes an edge between the last
	// sample in one country and the first in the next. Default 2 km.
	SampleKm float64
	// CrossingLayers: layers in which two lines that cross on the map are
	// joined at the crossing. Default: freight only (pipelines and power lines
	// that cross are not connected; they join only at ends and named points).
	// Two segments that both follow the track (features with geometry
	// "traced" or "partial", outside their placeholder segments) are never
	// joined where they cross: real track that crosses without a station is
	// a bridge, or the same track drawn by two lines.
	CrossingLayers []Layer
	// BorderNoiseKm: a line drawn along its track that leaves a country and
	// returns within this distance, with no named point on the way, crosses
	// no border there (the border polygons are generalised; see
	// splitBorders). Default 10 km; negative turns the filter off.
	BorderNoiseKm float64
}

func (o Options) withDefaults() Options {
	if o.ToleranceKm <= 0 {
		o.ToleranceKm = 2
	}
	if o.PointToleranceKm <= 0 {
		o.PointToleranceKm = 5
	}
	if o.SampleKm <= 0 {
		o.SampleKm = 2
	}
	if o.BorderNoiseKm == 0 {
		o.BorderNoiseKm = 10
	}
	if o.CrossingLayers == nil {
		o.CrossingLayers = []Layer{Freight}
	}
	return o
}

// Snap records one line end moved onto another line.
type Snap struct {
	Feature string  `json:"feature"`
	End     string  `json:"end"` // "start" or "end" of part
	Part    int     `json:"part"`
	DistKm  float64 `json:"dist_km"`
	Onto    string  `json:"onto"` // feature id snapped onto
}

// Dangle is a line end that met nothing within tolerance.
type Dangle struct {
	Feature string `json:"feature"`
	End     string `json:"end"`
	Part    int    `json:"part"`
	At      Point  `json:"at"`
}

// BuildReport says what the builder did to the geometry.
type BuildReport struct {
	ToleranceKm      float64  `json:"tolerance_km"`
	PointToleranceKm float64  `json:"point_tolerance_km"`
	SampleKm         float64  `json:"sample_km"`
	Lines            int      `json:"lines"`
	Points           int      `json:"points"`
	Joined           int      `json:"joined"` // ends that met another line exactly
	Snapped          []Snap   `json:"snapped"`
	Crossings        int      `json:"crossings"` // map crossings noded as junctions
	Dangling         []Dangle `json:"dangling"`
	IsolatedPoints   []string `json:"isolated_points"` // named points near no line
	BorderCrossings  int      `json:"border_crossings"`
	Unattributed     int      `json:"unattributed_nodes"` // nodes in no country
	DroppedLoops     int      `json:"dropped_loops"`
	Skipped          int      `json:"skipped_inactive"`
}

type wline struct {
	feat *Feature
	part int
	pts  []Point
	cand []int32 // candidate id per vertex, -1 when a shape point
	// sch[i]: the segment from vertex i to i+1 is a straight placeholder
	// (the feature is schematic, or the segment is one of its Placeholder)
	sch []bool
}

type insertion struct {
	seg  int
	t    float64
	cand int32
	p    Point
}

type builder struct {
	opt     Options
	lines   []*wline
	layerOf []Layer // per line
	cands   []Point
	cLayer  []Layer
	parent  []int32
	names   map[int32][]*Feature
	ins     map[int][]insertion // line -> pending insertions
	rep     *BuildReport
}

func (b *builder) newCand(p Point, l Layer) int32 {
	b.cands = append(b.cands, p)
	b.cLayer = append(b.cLayer, l)
	b.parent = append(b.parent, int32(len(b.parent)))
	return int32(len(b.cands) - 1)
}

func (b *builder) find(x int32) int32 {
	for b.parent[x] != x {
		b.parent[x] = b.parent[b.parent[x]]
		x = b.parent[x]
	}
	return x
}

// union keeps the older candidate as the root so that a node stays where
// the line it was snapped onto put it.
func (b *builder) union(x, y int32) {
	x, y = b.find(x), b.find(y)
	if x == y {
		return
	}
	if y < x {
		x, y = y, x
	}
	b.parent[y] = x
}

func (b *builder) vertexCand(li, vi int) int32 {
	l := b.lines[li]
	if l.cand[vi] < 0 {
		l.cand[vi] = b.newCand(l.pts[vi], b.layerOf[li])
	}
	return l.cand[vi]
}

// trackScale is the factor from the drawn length of l's traced segments to
// the feature's TrackKm (the simplified drawing is a little shorter than the
// track), or 1 without TrackKm.
func (l *wline) trackScale() float64 {
	if l.feat.TrackKm <= 0 {
		return 1
	}
	drawn := 0.0
	for i := 0; i+1 < len(l.pts); i++ {
		if !l.sch[i] {
			drawn += HaversineKm(l.pts[i], l.pts[i+1])
		}
	}
	if drawn <= 0 {
		return 1
	}
	return l.feat.TrackKm / drawn
}

// scaledKm is the length of l from vertex a to vertex z, traced segments
// scaled to the track by scale.
func (l *wline) scaledKm(a, z int, scale float64) float64 {
	km := 0.0
	for i := a; i < z; i++ {
		d := HaversineKm(l.pts[i], l.pts[i+1])
		if !l.sch[i] {
			d *= scale
		}
		km += d
	}
	return km
}

// applyInsertions splits segments at the pending insertion points.
func (b *builder) applyInsertions() {
	for li, ins := range b.ins {
		l := b.lines[li]
		sort.Slice(ins, func(i, j int) bool {
			if ins[i].seg != ins[j].seg {
				return ins[i].seg < ins[j].seg
			}
			return ins[i].t < ins[j].t
		})
		pts := make([]Point, 0, len(l.pts)+len(ins))
		cand := make([]int32, 0, len(l.pts)+len(ins))
		sch := make([]bool, 0, len(l.pts)+len(ins))
		k := 0
		for i := range l.pts {
			pts = append(pts, l.pts[i])
			cand = append(cand, l.cand[i])
			sch = append(sch, l.sch[i])
			for k < len(ins) && ins[k].seg == i {
				last := len(pts) - 1
				if pts[last] == ins[k].p {
					if cand[last] < 0 {
						cand[last] = ins[k].cand
					} else {
						b.union(cand[last], ins[k].cand)
					}
				} else if i+1 < len(l.pts) && l.pts[i+1] == ins[k].p {
					// merged with the next vertex below
					if l.cand[i+1] < 0 {
						l.cand[i+1] = ins[k].cand
					} else {
						b.union(l.cand[i+1], ins[k].cand)
					}
				} else {
					// the new vertex splits segment i and keeps its geometry kind
					pts = append(pts, ins[k].p)
					cand = append(cand, ins[k].cand)
					sch = append(sch, l.sch[i])
				}
				k++
			}
		}
		l.pts, l.cand, l.sch = pts, cand, sch
	}
	b.ins = map[int][]insertion{}
}

// segGrid indexes segments by the grid cells their boxes cover.
type segGrid struct {
	cell float64
	m    map[[2]int32][][2]int32
}

func (b *builder) grid(layer Layer, cell float64) *segGrid {
	g := &segGrid{cell: cell, m: map[[2]int32][][2]int32{}}
	for li, l := range b.lines {
		if b.layerOf[li] != layer {
			continue
		}
		for s := 0; s+1 < len(l.pts); s++ {
			p, q := l.pts[s], l.pts[s+1]
			x0, x1 := g.c(math.Min(p.Lon, q.Lon)), g.c(math.Max(p.Lon, q.Lon))
			y0, y1 := g.c(math.Min(p.Lat, q.Lat)), g.c(math.Max(p.Lat, q.Lat))
			for x := x0; x <= x1; x++ {
				for y := y0; y <= y1; y++ {
					k := [2]int32{x, y}
					g.m[k] = append(g.m[k], [2]int32{int32(li), int32(s)})
				}
			}
		}
	}
	return g
}

func (g *segGrid) c(v float64) int32 { return int32(math.Floor(v / g.cell)) }

// near returns the segments in the cells within radiusKm of p, deduplicated.
func (g *segGrid) near(p Point, radiusKm float64) [][2]int32 {
	dLat := radiusKm / 111.0
	dLon := radiusKm / (111.0 * math.Max(0.05, math.Cos(p.Lat*math.Pi/180)))
	seen := map[[2]int32]bool{}
	var out [][2]int32
	for x := g.c(p.Lon - dLon); x <= g.c(p.Lon+dLon); x++ {
		for y := g.c(p.Lat - dLat); y <= g.c(p.Lat+dLat); y++ {
			for _, s := range g.m[[2]int32{x, y}] {
				if !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i][0] != out[j][0] {
			return out[i][0] < out[j][0]
		}
		return out[i][1] < out[j][1]
	})
	return out
}

// Build turns features into a Network: lines become edges between nodes at
// line ends, junctions, named points and border crossings; named points name
// nodes; every node gets a country from bnd (nil leaves countries empty).
// Inactive lines are skipped. Polygon features are ignored.
func Build(feats []Feature, bnd *Boundaries, opt Options) (*Network, *BuildReport, error) {
	opt = opt.withDefaults()
	rep := &BuildReport{ToleranceKm: opt.ToleranceKm, PointToleranceKm: opt.PointToleranceKm, SampleKm: opt.SampleKm}
	b := &builder{opt: opt, names: map[int32][]*Feature{}, ins: map[int][]insertion{}, rep: rep}
	var points []*Feature
	seenID := map[string]int{}
	var errs ErrorList
	for i := range feats {
		f := &feats[i]
		switch f.Geom {
		case GeomLine:
			if j, dup := seenID[f.ID]; dup {
				errs = append(errs, &FeatureError{Index: f.Index, ID: f.ID, Msg: fmt.Sprintf("duplicate line id (also feature %d); edge ids must be stable and unique", j)})
				continue
			}
			seenID[f.ID] = f.Index
			if f.Status == Inactive {
				rep.Skipped++
				continue
			}
			rep.Lines++
			for p, pts := range f.Lines {
				l := &wline{feat: f, part: p, pts: append([]Point(nil), pts...), cand: make([]int32, len(pts)), sch: make([]bool, len(pts))}
				for k := range l.cand {
					l.cand[k] = -1
					l.sch[k] = f.Schematic
				}
				for _, k := range f.Placeholder {
					l.sch[k] = true
				}
				b.lines = append(b.lines, l)
				b.layerOf = append(b.layerOf, LayerOf(f.Mode))
				li := len(b.lines) - 1
				b.vertexCand(li, 0)
				b.vertexCand(li, len(pts)-1)
			}
		case GeomPoint:
			rep.Points++
			points = append(points, f)
		}
	}
	if len(errs) > 0 {
		return nil, rep, errs
	}
	if len(b.lines) == 0 {
		return nil, rep, errors.New("no active line features: a network needs LineString or MultiLineString features")
	}
	for _, l := range Layers {
		if containsLayer(opt.CrossingLayers, l) {
			b.nodeCrossings(l)
		}
	}
	b.applyInsertions()
	dangling := b.snapEnds()
	b.applyInsertions()
	b.snapPoints(points)
	b.applyInsertions()
	// ends that a named point reached are not dangling
	for _, d := range dangling {
		l := b.lines[d.li]
		vi := 0
		if d.vi > 0 {
			vi = len(l.cand) - 1 // insertions have shifted the last index
		}
		if c := l.cand[vi]; c >= 0 && len(b.names[b.find(c)]) > 0 {
			continue
		}
		rep.Dangling = append(rep.Dangling, d.Dangle)
	}
	// exact coincidences within a layer are one node
	same := map[struct {
		p Point
		l Layer
	}]int32{}
	for i := range b.cands {
		k := struct {
			p Point
			l Layer
		}{b.cands[i], b.cLayer[i]}
		if j, ok := same[k]; ok {
			b.union(j, int32(i))
		} else {
			same[k] = int32(i)
		}
	}
	b.splitBorders(bnd)
	b.applyInsertions()
	g := b.assemble(bnd)
	return g, rep, nil
}

func containsLayer(ls []Layer, l Layer) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

func (b *builder) nodeCrossings(layer Layer) {
	g := b.grid(layer, 0.25)
	type pair struct{ a, b [2]int32 }
	done := map[pair]bool{}
	keys := make([][2]int32, 0, len(g.m))
	for k := range g.m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		segs := g.m[k]
		for i := 0; i < len(segs); i++ {
			for j := i + 1; j < len(segs); j++ {
				s1, s2 := segs[i], segs[j]
				if s1[0] == s2[0] && absI32(s1[1]-s2[1]) <= 1 {
					continue
				}
				pk := pair{s1, s2}
				if done[pk] {
					continue
				}
				done[pk] = true
				l1, l2 := b.lines[s1[0]], b.lines[s2[0]]
				if l1.feat.Traced && l2.feat.Traced && !l1.sch[s1[1]] && !l2.sch[s2[1]] {
					continue
				}
				t, u, ok := segmentIntersection(l1.pts[s1[1]], l1.pts[s1[1]+1], l2.pts[s2[1]], l2.pts[s2[1]+1])
				if !ok {
					continue
				}
				p := lerp(l1.pts[s1[1]], l1.pts[s1[1]+1], t)
				c := b.newCand(p, layer)
				b.ins[int(s1[0])] = append(b.ins[int(s1[0])], insertion{seg: int(s1[1]), t: t, cand: c, p: p})
				b.ins[int(s2[0])] = append(b.ins[int(s2[0])], insertion{seg: int(s2[1]), t: u, cand: c, p: p})
				b.rep.Crossings++
			}
		}
	}
}

func absI32(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}

type dangleAt struct {
	Dangle
	li, vi int
}

// nearestOn finds the nearest segment point within tol of p among segs,
// skipping those for which skip returns true.
func (b *builder) nearestOn(p Point, segs [][2]int32, tol float64, skip func(li, si int) bool) (li, si int, t, d float64, ok bool) {
	d = math.Inf(1)
	for _, s := range segs {
		l := b.lines[s[0]]
		if skip != nil && skip(int(s[0]), int(s[1])) {
			continue
		}
		tt, dd := projectOnSegment(p, l.pts[s[1]], l.pts[s[1]+1])
		if dd < d {
			li, si, t, d = int(s[0]), int(s[1]), tt, dd
		}
	}
	return li, si, t, d, d <= tol
}

// attach makes (li, si, t) a node candidate for p: an existing vertex of
// the segment when one is within tol of p, else a new vertex at t.
func (b *builder) attach(p Point, li, si int, t, tol float64) int32 {
	l := b.lines[li]
	a, c := l.pts[si], l.pts[si+1]
	da, dc := HaversineKm(p, a), HaversineKm(p, c)
	if da <= tol && da <= dc {
		return b.vertexCand(li, si)
	}
	if dc <= tol {
		return b.vertexCand(li, si+1)
	}
	q := lerp(a, c, t)
	cd := b.newCand(q, b.layerOf[li])
	b.ins[li] = append(b.ins[li], insertion{seg: si, t: t, cand: cd, p: q})
	return cd
}

func (b *builder) snapEnds() []dangleAt {
	tol := b.opt.ToleranceKm
	var dangling []dangleAt
	for _, layer := range Layers {
		g := b.grid(layer, 0.1)
		for li, l := range b.lines {
			if b.layerOf[li] != layer {
				continue
			}
			for _, vi := range []int{0, len(l.pts) - 1} {
				end := "start"
				if vi > 0 {
					end = "end"
				}
				p := l.pts[vi]
				oli, osi, t, d, ok := b.nearestOn(p, g.near(p, tol), tol, func(x, s int) bool {
					return x == li && (s == vi || s == vi-1)
				})
				if !ok {
					dangling = append(dangling, dangleAt{Dangle{Feature: l.feat.ID, End: end, Part: l.part, At: p}, li, vi})
					continue
				}
				c := b.attach(p, oli, osi, t, tol)
				b.union(c, l.cand[vi])
				if d == 0 || b.cands[c] == p {
					b.rep.Joined++
				} else {
					b.rep.Snapped = append(b.rep.Snapped, Snap{Feature: l.feat.ID, End: end, Part: l.part, DistKm: round3(HaversineKm(p, b.cands[c])), Onto: b.lines[oli].feat.ID})
				}
			}
		}
	}
	return dangling
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func (b *builder) snapPoints(points []*Feature) {
	tol := b.opt.PointToleranceKm
	grids := map[Layer]*segGrid{}
	for _, l := range Layers {
		grids[l] = b.grid(l, 0.1)
	}
	for _, f := range points {
		found := false
		for _, layer := range Layers {
			li, si, t, _, ok := b.nearestOn(f.At, grids[layer].near(f.At, tol), tol, nil)
			if !ok {
				continue
			}
			c := b.attach(f.At, li, si, t, b.opt.ToleranceKm)
			b.names[c] = append(b.names[c], f)
			found = true
		}
		if !found {
			b.rep.IsolatedPoints = append(b.rep.IsolatedPoints, f.Name)
		}
	}
}

// splitBorders samples every segment and inserts a pair of nodes around
// each change of country, so that every border crossing is one edge.
//
// Where a line drawn along its track (Feature.Traced, outside placeholder
// segments) leaves a country and comes back within BorderNoiseKm with no
// named point on the way, the excursion is taken for the generalisation of
// the border polygons (Natural Earth 1:50m is drawn to about 1 km at best,
// and rail lines run along the Amu Darya and the Fergana valley borders)
// and not counted as two crossings.
func (b *builder) splitBorders(bnd *Boundaries) {
	if bnd == nil {
		return
	}
	memo := map[Point]string{}
	at := func(p Point) string {
		if c, ok := memo[p]; ok {
			return c
		}
		c := bnd.CountryAt(p)
		memo[p] = c
		return c
	}
	type sample struct {
		seg int
		t   float64
		p   Point
		c   string
		km  float64 // along the line from its start
	}
	for li, l := range b.lines {
		var ss []sample
		km := 0.0
		for s := 0; s+1 < len(l.pts); s++ {
			a, z := l.pts[s], l.pts[s+1]
			segKm := HaversineKm(a, z)
			n := int(math.Ceil(segKm / b.opt.SampleKm))
			n = max(n, 1)
			for j := 0; j <= n; j++ {
				if j == 0 && s > 0 {
					continue // same as the previous segment's last sample
				}
				t := float64(j) / float64(n)
				p := lerp(a, z, t)
				if j == 0 {
					p = a
				} else if j == n {
					p = z
				}
				if c := at(p); c != "" {
					ss = append(ss, sample{seg: s, t: t, p: p, c: c, km: km + t*segKm})
				}
			}
			km += segKm
		}
		b.smoothExcursions(l, len(ss), func(i int) (string, float64, int) { return ss[i].c, ss[i].km, ss[i].seg },
			func(i int, c string) { ss[i].c = c })
		for i := 1; i < len(ss); i++ {
			if ss[i-1].c != ss[i].c {
				b.rep.BorderCrossings++
				b.borderCand(li, ss[i-1].seg, ss[i-1].t, ss[i-1].p)
				b.borderCand(li, ss[i].seg, ss[i].t, ss[i].p)
			}
		}
	}
}

// smoothExcursions relabels the samples of short excursions of a traced line
// into another country (see splitBorders). get returns sample i's country,
// km along the line and segment; set relabels it.
func (b *builder) smoothExcursions(l *wline, n int, get func(int) (string, float64, int), set func(int, string)) {
	if !l.feat.Traced || b.opt.BorderNoiseKm <= 0 {
		return
	}
	for i := 1; i < n; i++ {
		out, _, _ := get(i - 1)
		c, _, _ := get(i)
		if c == out {
			continue
		}
		// samples i..j-1 are in c; j is the first sample after them
		j := i
		for j < n {
			cj, _, _ := get(j)
			if cj != c {
				break
			}
			j++
		}
		if j == n {
			break
		}
		back, endKm, endSeg := get(j)
		_, startKm, startSeg := get(i - 1)
		if back != out || endKm-startKm >= b.opt.BorderNoiseKm || !b.tracedQuiet(l, startSeg, endSeg) {
			i = j - 1
			continue
		}
		for k := i; k < j; k++ {
			set(k, out)
		}
		i = j - 1
	}
}

// tracedQuiet reports whether segments from..to of l all follow the track and
// no named point lies on a vertex strictly inside them.
func (b *builder) tracedQuiet(l *wline, from, to int) bool {
	for s := from; s <= to; s++ {
		if l.sch[s] {
			return false
		}
		if s > from {
			if c := l.cand[s]; c >= 0 && len(b.names[b.find(c)]) > 0 {
				return false
			}
		}
	}
	return true
}

func (b *builder) borderCand(li, seg int, t float64, p Point) {
	switch {
	case t == 0:
		b.vertexCand(li, seg)
	case t == 1:
		b.vertexCand(li, seg+1)
	default:
		c := b.newCand(p, b.layerOf[li])
		b.ins[li] = append(b.ins[li], insertion{seg: seg, t: t, cand: c, p: p})
	}
}

func (b *builder) assemble(bnd *Boundaries) *Network {
	g := &Network{}
	rootNode := map[int32]int{}
	// Only candidates that end up on a line are nodes; nodes are numbered
	// in the order of their root candidate, which is deterministic.
	used := make([]bool, len(b.cands))
	for _, l := range b.lines {
		for _, c := range l.cand {
			if c >= 0 {
				used[b.find(c)] = true
			}
		}
	}
	for i := range b.cands {
		r := int32(i)
		if b.find(r) != r || !used[r] {
			continue
		}
		n := Node{ID: len(g.Nodes), Layer: b.cLayer[r], At: b.cands[r]}
		if bnd != nil {
			n.Country = bnd.CountryAt(n.At)
		}
		rootNode[r] = n.ID
		g.Nodes = append(g.Nodes, n)
	}
	for c, fs := range b.names {
		id, ok := rootNode[b.find(c)]
		if !ok {
			continue
		}
		n := &g.Nodes[id]
		for _, f := range fs {
			n.Names = append(n.Names, f.Name)
			if n.Kind == "" {
				n.Kind = f.Kind
			}
			if f.CapitalOf != "" {
				n.CapitalOf = f.CapitalOf
			}
			if f.Corridor != "" {
				n.Corridor = f.Corridor
				n.Avoid = f.Avoid
			}
		}
	}
	for i := range g.Nodes {
		sort.Strings(g.Nodes[i].Names)
		if g.Nodes[i].Country == "" {
			b.rep.Unattributed++
		}
	}
	seq := map[string]int{}
	for _, l := range b.lines {
		partKm := polylineKm(l.pts)
		scale := l.trackScale()
		prev, prevV := -1, 0
		for vi, c := range l.cand {
			if c < 0 {
				continue
			}
			id := rootNode[b.find(c)]
			if prev >= 0 {
				length := l.scaledKm(prevV, vi, scale)
				if id == prev {
					b.rep.DroppedLoops++
				} else {
					f := l.feat
					seq[f.ID]++
					schematic := false
					for _, s := range l.sch[prevV:vi] {
						schematic = schematic || s
					}
					e := Edge{
						Index: len(g.Edges), ID: f.ID + "/" + itoa(seq[f.ID]), Feature: f.ID, FeatureIndex: f.Index,
						Name: f.Name, From: prev, To: id, Mode: f.Mode, Status: f.Status, LengthKm: length, PartKm: partKm,
						Capacity: f.Capacity, CapacityUnit: f.CapacityUnit, Gauge: f.Gauge, Flow: f.Flow, Schematic: schematic, Source: f.Source,
						Countries: [2]string{g.Nodes[prev].Country, g.Nodes[id].Country},
					}
					e.Crossing = e.Countries[0] != "" && e.Countries[1] != "" && e.Countries[0] != e.Countries[1]
					g.Edges = append(g.Edges, e)
				}
			}
			prev, prevV = id, vi
		}
	}
	for i := range g.Edges {
		e := &g.Edges[i]
		if e.Crossing {
			g.Nodes[e.From].Border = true
			g.Nodes[e.To].Border = true
		}
	}
	g.index()
	return g
}
