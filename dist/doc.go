// Package dist provides the probability distributions used to state the
// uncertainty of a scenario's numbers: Normal, LogNormal, Uniform, Beta,
// Triangular and Fixed.
//
// Every distribution is a value with Sample (drawing from an explicit
// *rand.Rand, never a global source), Quantile (the inverse CDF, used by
// experiment designs such as Latin hypercube and Sobol sequences, which map a
// point of the unit cube onto a parameter), Mean and Support. Quantiles of
// the Beta and Normal families are computed with gonum's distuv and mathext;
// the Triangular quantile is the closed form of Kotz and van Dorp (2004),
// "Beyond Beta", ch. 1.
package dist
