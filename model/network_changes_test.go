package model

import (
	"fmt"
	"testing"
)

// TestNetworkChanges holds the report's network tables to the network
// engine's comparison: the fast-track policy's Russian-transit dependence
// rows are those `steppe network compare --policy fast-track-integration`
// prints for the bundled network (KGZ gas 100% to 29%, TJK gas from none
// to 0%, ...), its corridor rows are the China corridor's, and a policy
// without projects is left out.
func TestNetworkChanges(t *testing.T) {
	n, err := new(Cache).NetworkChanges([]string{"none", "fast"}, [][]string{nil, {"cku-railway", "c5-trade-agreement", "regional-power-gas", "afghan-border-policy"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Policies) != 1 || n.Policies[0].Policy != "fast" || len(n.Policies[0].Tables) != 2 {
		t.Fatalf("policies %+v", n.Policies)
	}
	dep, routes := n.Policies[0].Tables[0], n.Policies[0].Tables[1]
	want := "[[KGZ gas 100% 29%] [TJK gas no outside route 0%] [TKM gas 75% 68%] [UZB gas 80% 72%] [KAZ power 67% 50%] [KGZ power 50% 33%] [UZB power 25% 20%]]"
	if dep.Name != "dependence" || fmt.Sprint(dep.Rows) != want {
		t.Errorf("dependence %s %v, want %s", dep.Name, dep.Rows, want)
	}
	if routes.Name != "corridors" || len(routes.Rows) == 0 || routes.Rows[0][2] != "china" {
		t.Errorf("routes %s %v", routes.Name, routes.Rows)
	}
	if n.Policies[0].Note == "" {
		t.Error("the projects without lines are not noted")
	}
}
