package explore

import (
	"slices"
	"testing"
)

func TestSaltelliLayout(t *testing.T) {
	in := []string{"a", "b", "c"}
	if got := SaltelliFactors(in, nil); !slices.Equal(got, in) {
		t.Errorf("ungrouped factors %v", got)
	}
	gs := []Group{{Name: "g1", Members: []string{"a", "b"}}, {Name: "g2", Members: []string{"c"}}}
	if got := SaltelliFactors(in, gs); !slices.Equal(got, []string{"g1", "g2"}) {
		t.Errorf("grouped factors %v", got)
	}
	// k = 3: first-order rows per base 5, second-order 8.
	for _, tc := range []struct {
		setting string
		meta    map[string]string
		rows    int
		want    bool
		bad     bool
	}{
		{"auto", map[string]string{"second_order": "true"}, 40, true, false},
		{"", map[string]string{"second_order": "false"}, 16, false, false},
		{"auto", nil, 16, true, false},  // 8 fits, 5 does not
		{"auto", nil, 40, false, false}, // both fit: first order
		{"true", nil, 10, true, false},
		{"false", nil, 16, false, false},
		{"yes", nil, 16, false, true},
	} {
		got, err := SaltelliSecondOrder(tc.setting, tc.meta, tc.rows, 3)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("SaltelliSecondOrder(%q, %v, %d) = %v, %v; want %v (error %v)", tc.setting, tc.meta, tc.rows, got, err, tc.want, tc.bad)
		}
	}
}
