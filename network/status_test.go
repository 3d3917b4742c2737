package network

import "testing"

// TestParseStatus covers the status table: steppe's own words, those of
// Global Energy Monitor and OpenStreetMap-style data, case and space, the
// empty default and an unknown word.
func TestParseStatus(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Status
		ok   bool
	}{
		{"existing", Existing, true},
		{"Operating", Existing, true},
		{"operational", Existing, true},
		{" open ", Existing, true},
		{"", Existing, true},
		{"Construction", Construction, true},
		{"under_construction", Construction, true},
		{"In development", Construction, true},
		{"Proposed", Planned, true},
		{"Announced", Planned, true},
		{"Pre-construction", Planned, true},
		{"Mothballed", Inactive, true},
		{"canceled", Inactive, true},
		{"Retired", Inactive, true},
		{"abandoned", "", false},
	} {
		got, ok := ParseStatus(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
