package network

import "math"

// EarthRadiusKm is the mean Earth radius (IUGG, R1 = 6371.0088 km) used for
// all great-circle lengths.
const EarthRadiusKm = 6371.0088

// Point is a position in WGS84 degrees.
type Point struct{ Lon, Lat float64 }

// HaversineKm returns the great-circle distance between a and b in km
// (Sinnott 1984, "Virtues of the haversine", Sky and Telescope 68(2):159).
func HaversineKm(a, b Point) float64 {
	const rad = math.Pi / 180
	dLat := (b.Lat - a.Lat) * rad
	dLon := (b.Lon - a.Lon) * rad
	s := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	if s > 1 {
		s = 1
	}
	return 2 * EarthRadiusKm * math.Asin(math.Sqrt(s))
}

// polylineKm is the haversine length of a polyline.
func polylineKm(pts []Point) float64 {
	var d float64
	for i := 1; i < len(pts); i++ {
		d += HaversineKm(pts[i-1], pts[i])
	}
	return d
}

// local is an equirectangular projection around a reference latitude, in km.
// It is used only for snapping and intersection tests over short distances,
// where its error (well under 1% within 100 km at these latitudes) does not
// matter; lengths are always haversine.
type local struct{ kx, ky float64 }

func newLocal(lat float64) local {
	const kmPerDeg = EarthRadiusKm * math.Pi / 180
	return local{kx: kmPerDeg * math.Cos(lat*math.Pi/180), ky: kmPerDeg}
}

func (l local) xy(p Point) (float64, float64) { return p.Lon * l.kx, p.Lat * l.ky }

// projectOnSegment returns the parameter t in [0,1] of the point of segment
// ab closest to p, and the distance in km, using a local projection.
func projectOnSegment(p, a, b Point) (t, km float64) {
	l := newLocal((a.Lat + b.Lat + p.Lat) / 3)
	px, py := l.xy(p)
	ax, ay := l.xy(a)
	bx, by := l.xy(b)
	dx, dy := bx-ax, by-ay
	den := dx*dx + dy*dy
	if den > 0 {
		t = ((px-ax)*dx + (py-ay)*dy) / den
	}
	t = math.Max(0, math.Min(1, t))
	qx, qy := ax+t*dx, ay+t*dy
	return t, math.Hypot(px-qx, py-qy)
}

func lerp(a, b Point, t float64) Point {
	return Point{Lon: a.Lon + t*(b.Lon-a.Lon), Lat: a.Lat + t*(b.Lat-a.Lat)}
}

// segmentIntersection reports whether segments ab and cd cross properly
// (at interior points of both) and returns the parameters along each.
func segmentIntersection(a, b, c, d Point) (t, u float64, ok bool) {
	rx, ry := b.Lon-a.Lon, b.Lat-a.Lat
	sx, sy := d.Lon-c.Lon, d.Lat-c.Lat
	den := rx*sy - ry*sx
	if den == 0 {
		return 0, 0, false
	}
	qx, qy := c.Lon-a.Lon, c.Lat-a.Lat
	t = (qx*sy - qy*sx) / den
	u = (qx*ry - qy*rx) / den
	const eps = 1e-9
	if t <= eps || t >= 1-eps || u <= eps || u >= 1-eps {
		return 0, 0, false
	}
	return t, u, true
}

// validCoord reports whether p is a finite WGS84 position.
func validCoord(p Point) bool {
	return !math.IsNaN(p.Lon) && !math.IsNaN(p.Lat) && !math.IsInf(p.Lon, 0) && !math.IsInf(p.Lat, 0) &&
		p.Lon >= -180 && p.Lon <= 180 && p.Lat >= -90 && p.Lat <= 90
}
