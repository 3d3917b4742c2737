package network

import (
	"bytes"
	"math"
	"testing"

	"github.com/steppe-dev/steppe/data"
)

// distKm skips segments too far north or south to be within reach; the
// nearest country it finds must be the one a scan of every segment finds.
// Points on a grid over the Caspian and its coasts (where CountryAt falls
// back to the nearest country) and over land.
func TestCountryAtMatchesFullScan(t *testing.T) {
	src, err := data.ReadFile("boundaries/ne_50m_admin0_region.geojson")
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadBoundaries(bytes.NewReader(src), "boundaries")
	if err != nil {
		t.Fatal(err)
	}
	full := func(p Point) string {
		for i := range b.Countries {
			if b.Countries[i].contains(p) {
				return b.Countries[i].Code
			}
		}
		best, code := b.CoastKm, ""
		for i := range b.Countries {
			d := math.Inf(1)
			for _, r := range b.Countries[i].rings {
				for k := 0; k+1 < len(r.pts); k++ {
					a, c := r.pts[k], r.pts[k+1]
					if math.Abs(a.Lat-p.Lat) > 5 && math.Abs(c.Lat-p.Lat) > 5 {
						continue // the same coarse cut distKm makes
					}
					_, km := projectOnSegment(p, a, c)
					d = math.Min(d, km)
				}
			}
			if d <= best {
				best, code = d, b.Countries[i].Code
			}
		}
		return code
	}
	n, coast := 0, 0
	for lat := 36.0; lat <= 48.0; lat += 0.11 {
		for lon := 46.0; lon <= 56.0; lon += 0.23 {
			p := Point{Lon: lon, Lat: lat}
			got, want := b.CountryAt(p), full(p)
			if got != want {
				t.Fatalf("CountryAt(%v) = %q, full scan %q", p, got, want)
			}
			n++
			inside := false
			for i := range b.Countries {
				inside = inside || b.Countries[i].contains(p)
			}
			if !inside && want != "" {
				coast++
			}
		}
	}
	if coast < 50 {
		t.Errorf("only %d of %d points took the nearest-country path", coast, n)
	}
	t.Logf("%d points, %d by nearest country within %g km", n, coast, b.CoastKm)
}
