package ge

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
)

// RouteChange is the change in a route's generalized cost (hours) between
// two places, as package network's comparison of a policy reports it
// (`steppe network compare --json`: route_changes and corridor_changes).
type RouteChange struct {
	From        string  `json:"from"`
	To          string  `json:"to"`
	Corridor    string  `json:"corridor,omitempty"`
	BeforeHours float64 `json:"before_hours"`
	AfterHours  float64 `json:"after_hours"`
}

// ReadNetworkComparison reads the route and corridor changes of a network
// comparison written as JSON. Other fields are ignored.
func ReadNetworkComparison(r io.Reader, name string) ([]RouteChange, error) {
	var doc struct {
		Routes    []RouteChange `json:"route_changes"`
		Corridors []RouteChange `json:"corridor_changes"`
	}
	dec := json.NewDecoder(r)
	if err := dec.Decode(&doc); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, fmt.Errorf("%s: byte %d: %w", name, se.Offset, err)
		case errors.As(err, &te):
			return nil, fmt.Errorf("%s: byte %d: field %s: %w", name, te.Offset, te.Field, err)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return append(doc.Routes, doc.Corridors...), nil
}

// CorridorPartners maps the corridors of the bundled network to the
// economy at their end, for pricing a corridor's time change as a change in
// trade costs with that economy: "china" ends at Urumqi and Kashgar,
// "northern" at Moscow, "southern-iran" at Bandar Abbas and
// "southern-afghanistan" at Peshawar. The "middle" corridor (Caspian,
// Caucasus, Turkey) ends at several economies and is left out.
var CorridorPartners = map[string]string{
	"china": "CHN", "northern": "RUS", "southern-iran": "IRN", "southern-afghanistan": "PAK",
}

// RouteHours turns route changes into per-pair hours before and after,
// for the economies of countries: a route counts when its origin is an
// economy and its destination is one (routes between capitals) or its
// corridor is in CorridorPartners. Routes that did not exist before
// (+Inf hours) or that got no faster are skipped, with a note; when a pair
// appears twice the larger saving is kept.
func RouteHours(changes []RouteChange, countries []string) (map[Pair][2]float64, []string) {
	in := map[string]bool{}
	for _, c := range countries {
		in[c] = true
	}
	out := map[Pair][2]float64{}
	var notes []string
	for _, c := range changes {
		to := c.To
		if !in[to] {
			p, ok := CorridorPartners[c.Corridor]
			if !ok {
				notes = append(notes, fmt.Sprintf("route %s-%s (corridor %q): destination is not one economy; skipped", c.From, c.To, c.Corridor))
				continue
			}
			to = p
		}
		if !in[c.From] || c.From == to {
			notes = append(notes, fmt.Sprintf("route %s-%s: origin not in the trade table; skipped", c.From, c.To))
			continue
		}
		if math.IsInf(c.BeforeHours, 0) || math.IsNaN(c.BeforeHours) || !(c.BeforeHours > 0) || !(c.AfterHours > 0) || math.IsInf(c.AfterHours, 0) {
			notes = append(notes, fmt.Sprintf("route %s-%s: no route before or after (%v -> %v hours); a new connection has no time saving to price", c.From, c.To, c.BeforeHours, c.AfterHours))
			continue
		}
		if c.AfterHours >= c.BeforeHours {
			continue
		}
		p := Pair{c.From, to}
		if old, ok := out[p]; !ok || c.BeforeHours-c.AfterHours > old[0]-old[1] {
			out[p] = [2]float64{c.BeforeHours, c.AfterHours}
		}
	}
	sort.Strings(notes)
	return out, notes
}
