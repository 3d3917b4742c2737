package network

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// Boundaries attributes positions to countries by point-in-polygon.
type Boundaries struct {
	Countries []Country
	// CoastKm: a position outside every polygon but within this distance of
	// a country's boundary belongs to that country. Generalised coastlines
	// (Natural Earth 1:50m) put some ports a few km offshore. Default 15.
	CoastKm float64
}

// Country is one country's shape.
type Country struct {
	Code  string // ISO 3166-1 alpha-3 (Natural Earth ADM0_A3)
	Name  string
	rings []*ring // outer rings and holes, even-odd rule per polygon
	polys [][]*ring
	box   [4]float64 // minLon, minLat, maxLon, maxLat
}

type ring struct {
	pts        []Point
	box        [4]float64
	band0, inv float64
	bands      [][]int32 // edge indices per latitude band
}

const nBands = 256

func newRing(pts []Point) *ring {
	r := &ring{pts: pts, box: [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}}
	for _, p := range pts {
		r.box[0] = math.Min(r.box[0], p.Lon)
		r.box[1] = math.Min(r.box[1], p.Lat)
		r.box[2] = math.Max(r.box[2], p.Lon)
		r.box[3] = math.Max(r.box[3], p.Lat)
	}
	h := r.box[3] - r.box[1]
	if h <= 0 {
		h = 1e-9
	}
	r.band0 = r.box[1]
	r.inv = nBands / h
	r.bands = make([][]int32, nBands)
	for i := 0; i+1 < len(pts); i++ {
		lo, hi := math.Min(pts[i].Lat, pts[i+1].Lat), math.Max(pts[i].Lat, pts[i+1].Lat)
		b0, b1 := r.band(lo), r.band(hi)
		for b := b0; b <= b1; b++ {
			r.bands[b] = append(r.bands[b], int32(i))
		}
	}
	return r
}

func (r *ring) band(lat float64) int {
	b := int((lat - r.band0) * r.inv)
	return max(0, min(nBands-1, b))
}

// contains is the even-odd ray-casting test (Shimrat 1962, "Algorithm 112:
// Position of point relative to polygon", CACM 5(8):434).
func (r *ring) contains(p Point) bool {
	if p.Lon < r.box[0] || p.Lon > r.box[2] || p.Lat < r.box[1] || p.Lat > r.box[3] {
		return false
	}
	in := false
	for _, i := range r.bands[r.band(p.Lat)] {
		a, b := r.pts[i], r.pts[i+1]
		if (a.Lat > p.Lat) != (b.Lat > p.Lat) &&
			p.Lon < (b.Lon-a.Lon)*(p.Lat-a.Lat)/(b.Lat-a.Lat)+a.Lon {
			in = !in
		}
	}
	return in
}

func inRing(p Point, pts []Point) bool {
	in := false
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		if (a.Lat > p.Lat) != (b.Lat > p.Lat) &&
			p.Lon < (b.Lon-a.Lon)*(p.Lat-a.Lat)/(b.Lat-a.Lat)+a.Lon {
			in = !in
		}
	}
	return in
}

func (c *Country) contains(p Point) bool {
	if p.Lon < c.box[0] || p.Lon > c.box[2] || p.Lat < c.box[1] || p.Lat > c.box[3] {
		return false
	}
	for _, poly := range c.polys {
		if !poly[0].contains(p) {
			continue
		}
		inHole := false
		for _, h := range poly[1:] {
			if h.contains(p) {
				inHole = true
				break
			}
		}
		if !inHole {
			return true
		}
	}
	return false
}

// distKm is the distance from p to the country's boundary (km, local
// projection) when it is within reach; otherwise some distance above reach
// (+Inf when no segment is near). It scans only rings whose box is within
// reach, and skips segments whose latitudes all lie more than reach from
// p's: in the local projection a point's distance to a segment is at least
// its north-south distance, so they cannot be within reach.
func (c *Country) distKm(p Point, reach float64) float64 {
	best := math.Inf(1)
	dDeg := reach / 111.0 / math.Max(0.1, math.Cos(p.Lat*math.Pi/180))
	rLat := reach / (EarthRadiusKm * math.Pi / 180) * 1.001
	for _, r := range c.rings {
		if p.Lon < r.box[0]-dDeg || p.Lon > r.box[2]+dDeg || p.Lat < r.box[1]-reach/111 || p.Lat > r.box[3]+reach/111 {
			continue
		}
		for i := 0; i+1 < len(r.pts); i++ {
			a, b := r.pts[i], r.pts[i+1]
			if math.Abs(a.Lat-p.Lat) > 5 && math.Abs(b.Lat-p.Lat) > 5 {
				continue
			}
			if (a.Lat > p.Lat+rLat && b.Lat > p.Lat+rLat) || (a.Lat < p.Lat-rLat && b.Lat < p.Lat-rLat) {
				continue
			}
			_, d := projectOnSegment(p, a, b)
			best = math.Min(best, d)
		}
	}
	return best
}

// CountryAt returns the code of the country containing p, or of the
// nearest country within CoastKm, or "" when p lies in no country.
func (b *Boundaries) CountryAt(p Point) string {
	if b == nil {
		return ""
	}
	for i := range b.Countries {
		if b.Countries[i].contains(p) {
			return b.Countries[i].Code
		}
	}
	reach := b.CoastKm
	if reach <= 0 {
		return ""
	}
	best, code := reach, ""
	for i := range b.Countries {
		c := &b.Countries[i]
		if d := c.distKm(p, reach); d <= best {
			best, code = d, c.Code
		}
	}
	return code
}

// NewBoundaries builds Boundaries from polygon features. The country code is
// taken from the first non-empty of properties ADM0_A3, ISO_A3, iso3, code
// (Natural Earth's "-99" is skipped); the name from NAME or name.
func NewBoundaries(feats []Feature, file string) (*Boundaries, error) {
	b := &Boundaries{CoastKm: 15}
	var errs ErrorList
	seen := map[string]bool{}
	for _, f := range feats {
		if f.Geom != GeomPolygon {
			continue
		}
		code := ""
		for _, k := range []string{"ADM0_A3", "ISO_A3", "iso3", "code"} {
			if s := strings.ToUpper(propString(f.Props, k)); s != "" && s != "-99" {
				code = s
				break
			}
		}
		if code == "" {
			errs = append(errs, &FeatureError{File: file, Index: f.Index, ID: f.ID, Msg: "boundary has no country code (properties ADM0_A3, ISO_A3, iso3 or code)"})
			continue
		}
		if seen[code] {
			errs = append(errs, &FeatureError{File: file, Index: f.Index, ID: f.ID, Msg: fmt.Sprintf("country %s appears twice; merge its polygons into one MultiPolygon", code)})
			continue
		}
		seen[code] = true
		name := propString(f.Props, "NAME")
		if name == "" {
			name = propString(f.Props, "name")
		}
		c := Country{Code: code, Name: name, box: [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}}
		for _, poly := range f.Polys {
			var pr []*ring
			for _, rp := range poly {
				r := newRing(rp)
				pr = append(pr, r)
				c.rings = append(c.rings, r)
			}
			c.polys = append(c.polys, pr)
			o := pr[0].box
			c.box = [4]float64{math.Min(c.box[0], o[0]), math.Min(c.box[1], o[1]), math.Max(c.box[2], o[2]), math.Max(c.box[3], o[3])}
		}
		b.Countries = append(b.Countries, c)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(b.Countries) == 0 {
		return nil, fmt.Errorf("%s: no Polygon or MultiPolygon features", file)
	}
	return b, nil
}

// ReadBoundaries reads country polygons from a GeoJSON FeatureCollection.
func ReadBoundaries(r io.Reader, name string) (*Boundaries, error) {
	feats, err := ReadGeoJSON(r, name)
	if err != nil {
		return nil, err
	}
	return NewBoundaries(feats, name)
}
