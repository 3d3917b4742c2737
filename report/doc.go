// Package report writes a run as one self-contained HTML file: the scenario
// summary, the key results as a table, the figures (a map of the five states
// coloured by the probability of intervention, fan charts with 5–95% bands,
// policy deltas with Monte Carlo errors), every assumption with its
// distribution, range and source, the argument's claims, and how to
// reproduce the run.
//
// The file makes no request of any kind: styles, the script that draws the
// figures (the dashboard's charts, built from server/ui/src into assets/)
// and the data (the run's view, see [View], and the country boundaries) are
// inline, and a Content-Security-Policy in the page forbids loading
// anything else. Tables are rendered in Go with html/template, which escapes
// every user-supplied string; the figures need JavaScript, and the page says
// so where it is off.
//
// The map uses the Albers equal-area conic projection (Snyder 1987, "Map
// Projections: A Working Manual", USGS Professional Paper 1395, ch. 14)
// with standard parallels 38°N and 50°N.
package report
