// Package report writes a run as one self-contained HTML file, a briefing
// paper: key findings in plain words (computed from the run: the regional
// and worst-state risk with their 5–95% ranges over parameter draws, each
// policy's effect with its range and the share of draws in which it lowers
// the risk), the scenario, the results table, the figures (a map of the five
// states coloured by the probability of intervention, fan charts with 5–95%
// bands, policy deltas with their range over draws, a delta fan chart per
// country), the engines' results (integration effects, outcome types, the
// network's Russian-transit dependence and corridor times before and after
// each policy when the caller passes them, the parameters an engine
// replaced), methods and validation (the implied intervention rate against
// the historical ones; the decision model's out-of-sample Brier, log score
// and AUROC against the base rates, from results.validation, with every
// score it loses on said in words), known weaknesses computed from the run,
// every assumption with its distribution, range and source, the argument's
// claims, and how to reproduce the run.
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
