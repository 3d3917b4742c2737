// Package explore is placeholder doc; rewritten below.
package explore
