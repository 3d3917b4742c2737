package network

import (
	"encoding/json"

	"github.com/steppe-dev/steppe/internal/jsonnum"
)

// MarshalJSON writes an undefined share (no external capacity) as null.
func (d Dependence) MarshalJSON() ([]byte, error) {
	type plain Dependence
	return json.Marshal(struct {
		plain
		Share jsonnum.Float `json:"share"`
	}{plain(d), jsonnum.Float(d.Share)})
}

// MarshalJSON writes a missing route's hours as null.
func (d RouteDelta) MarshalJSON() ([]byte, error) {
	type plain RouteDelta
	return json.Marshal(struct {
		plain
		BeforeHours jsonnum.Float `json:"before_hours"`
		AfterHours  jsonnum.Float `json:"after_hours"`
	}{plain(d), jsonnum.Float(d.BeforeHours), jsonnum.Float(d.AfterHours)})
}

// MarshalJSON writes an undefined share as null.
func (d DependenceDelta) MarshalJSON() ([]byte, error) {
	type plain DependenceDelta
	return json.Marshal(struct {
		plain
		Before jsonnum.Float `json:"before"`
		After  jsonnum.Float `json:"after"`
	}{plain(d), jsonnum.Float(d.Before), jsonnum.Float(d.After)})
}

// MarshalJSON writes an undefined share as null.
func (d TradeDependence) MarshalJSON() ([]byte, error) {
	type plain TradeDependence
	return json.Marshal(struct {
		plain
		Share jsonnum.Float `json:"share"`
	}{plain(d), jsonnum.Float(d.Share)})
}
