// Package ge computes general-equilibrium trade counterfactuals.
package ge
