package risk

import (
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
	"github.com/steppe-dev/steppe/world"
)

// TestBundledProtestEvents re-derives the protest triggers of
// data/triggers/events.csv from the Mass Mobilization extract.
func TestBundledProtestEvents(t *testing.T) {
	f := fixture.Open(t, "testdata/mm_central_asia.csv")
	got, err := DeriveProtestEvents(f, DefaultProtestRule)
	if err != nil {
		t.Fatal(err)
	}
	b := fixture.Open(t, "../data/triggers/events.csv")
	all, err := LoadEvents("events.csv", b)
	if err != nil {
		t.Fatal(err)
	}
	var want []TriggerEvent
	for _, e := range all {
		if e.Type == world.TriggerProtest {
			want = append(want, e)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("derived %d protest events, bundled %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("event %d: derived %+v, bundled %+v", i, got[i], want[i])
		}
	}
}

func TestParticipants(t *testing.T) {
	for _, tt := range []struct {
		free, cat string
		want      int
	}{
		{"1000", "NA", 1000}, {">50", "NA", 50}, {"100s", "NA", 100}, {"Thousands", "NA", 1000},
		{"1000s", "NA", 1000}, {".", ">10000", 10000}, {"dozens", "NA", 0}, {"4000 arrested", "NA", 4000},
		{"15,000", "NA", 15000}, {"NA", "5000-10000", 5000},
	} {
		if got := participants(tt.free, tt.cat); got != tt.want {
			t.Errorf("participants(%q, %q) = %d, want %d", tt.free, tt.cat, got, tt.want)
		}
	}
}

func TestLoadEventsErrors(t *testing.T) {
	src := "country,month,type,source,detail\nKGZ,2014-13,riot,,x\n"
	_, err := LoadEvents("e.csv", strings.NewReader(src))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"e.csv:2:5: month", "e.csv:2:13: type: unknown trigger type \"riot\"", "e.csv:2:18: source: event without a source"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}
