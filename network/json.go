package network

import (
	"encoding/json"
	"math"
)

// jnum encodes NaN and ±Inf as JSON null (JSON has no such numbers).
func jnum(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// MarshalJSON writes an undefined share (no external capacity) as null.
func (d Dependence) MarshalJSON() ([]byte, error) {
	type plain Dependence
	return json.Marshal(struct {
		plain
		Share *float64 `json:"share"`
	}{plain(d), jnum(d.Share)})
}

// MarshalJSON writes a missing route's hours as null.
func (d RouteDelta) MarshalJSON() ([]byte, error) {
	type plain RouteDelta
	return json.Marshal(struct {
		plain
		BeforeHours *float64 `json:"before_hours"`
		AfterHours  *float64 `json:"after_hours"`
	}{plain(d), jnum(d.BeforeHours), jnum(d.AfterHours)})
}

// MarshalJSON writes an undefined share as null.
func (d DependenceDelta) MarshalJSON() ([]byte, error) {
	type plain DependenceDelta
	return json.Marshal(struct {
		plain
		Before *float64 `json:"before"`
		After  *float64 `json:"after"`
	}{plain(d), jnum(d.Before), jnum(d.After)})
}
