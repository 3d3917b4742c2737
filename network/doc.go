// Package network is steppe's infrastructure-graph engine: Central Asia's
// rail lines, pipelines, power interconnectors, ferries and border
// crossings as a graph, and the measures an analyst needs to see how thick
// the region's linkages are, how far each state depends on Russian
// territory, which links are critical, and what a project changes. It is
// usable without the rest of steppe (CLI: steppe network).
//
// # Graph from geometry
//
// [ReadGeoJSON] reads an RFC 7946 FeatureCollection. Lines (LineString,
// MultiLineString) carry properties mode (rail, road, ferry, gas, oil,
// power), status (existing, construction, planned; cancelled, mothballed,
// shelved and idle read as inactive), capacity and capacity_unit, gauge,
// name and source, and geometry: schematic (straight between stations, a
// placeholder for the track), traced (drawn along the track) or partial
// (traced except the straight segments listed in placeholder_segments);
// named Points (capitals with capital_of, ports, stations,
// corridor gateways with corridor and corridor_avoid) name nodes;
// Polygon/MultiPolygon features are country boundaries ([ReadBoundaries]).
// Every malformed feature (empty geometry, NaN or out-of-range positions,
// unclosed rings, holes outside their shell, unknown modes) is reported with
// its index and id in an [ErrorList]; the reader never panics.
//
// [Build] makes nodes at line ends, at named points, at map crossings of
// freight lines (pipelines and power lines that cross on a map are not
// connected), and where a line crosses a border. A line end within
// Options.ToleranceKm (default 2 km) of another line of the same layer is
// snapped onto it; ends that meet nothing are reported as dangling. Every
// node gets a country by point-in-polygon (even-odd ray casting, Shimrat
// 1962) against the boundaries, with ports that the generalised coastline
// leaves offshore attributed to the nearest country within 15 km. Lines are
// sampled every Options.SampleKm (2 km); where consecutive samples lie in
// two countries the builder inserts a node on each side, so that every
// border crossing is one short edge between two countries: closing a border
// is removing its crossing edges. Lengths are great-circle (haversine,
// Sinnott 1984) on a sphere of radius 6371.0088 km. Two segments that both
// follow the track are not joined where they cross on the map (a bridge, or
// one track drawn by two lines), and a traced line's excursion of under
// Options.BorderNoiseKm (10 km) into the next country and back, with no
// named point on it, is taken for the generalisation of the border
// polygons, not two crossings. Edges on placeholder segments are Schematic,
// and routes report their km on them.
//
// Modes form layers: rail, road and ferry carry freight between each other
// at shared nodes; gas, oil and power are layers of their own. Every measure
// is computed within one layer.
//
// # Measures
//
// Routes ([View.Route]): shortest paths by Dijkstra (1959) by length (km) or
// by generalized cost in hours: length over a mode's speed plus a delay per
// border crossing and per ferry leg. Defaults ([DefaultCosts]) are the CAREC
// Corridor Performance Measurement and Monitoring Annual Report 2022 (ADB
// 2023): 40.6 h to clear a rail border-crossing point, 9.9 h by road, speed
// without delay 53.9 km/h by rail and 42.0 km/h by road; Caspian ferries at
// 20 km/h with 48 h waiting and handling per leg are stated assumptions.
// Generalized cost as travel time plus fixed crossing delays follows the
// time/cost-distance method (Banomyong 2000, PhD thesis, Cardiff
// University; adopted by UNESCAP and by CAREC's CPMM).
//
// Corridors ([View.Corridors]): the cheapest route from an origin to each
// named group of gateways (bundled: northern to Moscow; middle to Kars and
// Poti across the Caspian; southern-iran to Bandar Abbas; southern-
// afghanistan to Peshawar; china to Urumqi and Kashgar). A corridor whose
// gateways carry corridor_avoid is routed without those countries: the
// Middle Corridor and the southern routes are, by definition, the routes
// that do not enter Russia; the report says whether each route does.
//
// Linkage ([View.DisjointPaths]): the number of edge-disjoint and of
// internally node-disjoint paths between each pair of the region's capitals,
// once over all territory and once with every Russian node removed. By
// Menger's theorem (Menger 1927) these equal maximum flows with unit
// capacities (Ford and Fulkerson 1956), computed with Dinic's algorithm
// (Dinic 1970); node-disjoint counts split each node into an in- and an
// out-node joined by a unit arc. A link that exists only through Russia is
// a lever for Moscow, not for the region: the gap between the two counts
// measures it.
//
// Dependence on Russian transit ([View.Dependence]): for a state c and a
// layer, External is the maximum flow from all of c's nodes to all nodes of
// countries outside the region (including Russia), with edge capacities;
// WithoutRussia is the same flow with Russian nodes removed; the dependence
// share is 1 - WithoutRussia/External: the part of c's external capacity
// that can only be used by entering Russia (to reach Russia or to cross it).
// Capacities are the features' (bcm/y for the bundled gas lines, boe/d for
// oil, MW for power); when fewer than half of a layer's edges give one, each
// line counts as one unit ("lines"), so that dependence is a share of
// independent line capacity. Capacity flows are the max-flow formulation of
// network capacity (Ford and Fulkerson 1956); the share is in the spirit of
// transit-dependence indices of landlocked states (UNCTAD 2013, "The Way to
// the Ocean"). [View.TradeDependence] weights the same test by trade:
// for each partner p, the share of the flow capacity from c to p's nodes
// that cannot avoid Russia (1 for Russia itself), averaged with the trade
// values the caller gives (customs data, or the gravity engine's flows).
//
// Criticality ([View.Critical]): every active edge, every node and every
// border (all crossing edges between two states, in all layers, removed
// together, i.e. a closed border) is removed in turn and scored by the loss
// of the measures above: freight origin-destination pairs (capital to
// capital and capital to corridor) that lose every route, added hours on
// the pairs that stay connected, lost edge-disjoint paths between capitals
// (with and without Russia), and the rise of the dependence shares. This is
// the full-scan vulnerability analysis of Jenelius, Petersen and Mattsson
// (2006, Transportation Research A 40:537-560) and Taylor, Sekhar and
// D'Este (2006, Networks and Spatial Economics 6:267-291). Work is shared
// across goroutines; removals reuse the baseline: a route is recomputed
// only if the removed edges lie on it, a path count only if they carry
// flow in the baseline maximum flow, a dependence share only if they carry
// flow in either of its maximum flows (an edge outside a maximum flow can
// be removed without changing its value).
//
// [AccessibilityCriticality] is the same scan for large networks with one
// measure, the loss of accessibility from a set of sources (sum of shortest
// distances to every node, and the number of nodes cut off), computed by
// repairing each source's shortest-path tree: removing a tree edge changes
// only the distances in the subtree below it, which are recomputed from the
// rest of the tree by a Dijkstra restricted to the subtree (the dynamic
// shortest-path idea of Ramalingam and Reps 1996, J. Algorithms 21:267-305).
//
// Directions: a pipeline may carry properties.flow (forward along the line
// as drawn, or reverse); capacity flows use such a line only in its
// direction, so an import line adds nothing to a state's export capacity.
// Lines without flow carry both ways.
//
// # Plain graphs
//
// [Graph] is any graph from an edge list ([NewGraph], [ReadEdgeList]):
// BFS and multi-source BFS and Dijkstra with reusable buffers ([Search]),
// connected components, bridges and articulation points (iterative Tarjan,
// linear time), and edge and node betweenness ([Graph.Betweenness]: Brandes
// 2001, weighted or not, with a path-length cutoff, exact or from a sample
// of sources with a Hoeffding bound, [SampleErrorBound]), parallel over
// sources with results bit-identical for any number of workers. They are
// checked against python-igraph 0.10.2 (testdata/measures). Criticality
// items carry their betweenness on the network as one graph by hours.
// `steppe bench network` times them against igraph on [Lattice].
//
// Policies ([Compare]): the measures with and without a policy's project
// edges, and every figure that changes; [ProjectMap.PolicyProjects] and
// [ProjectMap.Features] resolve a policy to the line features its projects
// add, and [PolicyComparison] reports the result.
//
// Reports: [Load] builds a network and its base view from GeoJSON sources;
// [WriteSummary], [WriteRoute], [WriteCritical], [PolicyComparison.Write]
// and [WriteTradeDependence] print the tables of `steppe network`.
package network
