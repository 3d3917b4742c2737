package risk

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/csvfile"
	"github.com/steppe-dev/steppe/world"
)

// TriggerEvent is one counted trigger: a country-month with at least one
// qualifying event of a type (the rules are in data/triggers/README.md).
type TriggerEvent struct {
	Country string
	Month   world.Month
	Type    world.TriggerType
	Source  string // dataset and record id, e.g. "MM:7032002001" or "UCDP-ACD:395"
	Detail  string
}

// Focus states of the trigger model, in scenario order, with their Mass
// Mobilization country names.
var FocusStates = []string{"KAZ", "UZB", "KGZ", "TJK", "TKM"}

var mmNames = map[string]string{
	"Kazakhstan": "KAZ", "Uzbekistan": "UZB", "Kyrgyzstan": "KGZ", "Tajikistan": "TJK", "Turkmenistan": "TKM",
}

// ProtestRule is the definition of a protest trigger in the Mass
// Mobilization data: a protest event (protest = 1) that started in
// [From, To] and had at least MinParticipants participants (the leading
// number of the participants field, "thousands" = 1000, or the lower bound
// of participants_category) or a state response of killings or shootings.
// Several such events in one country-month are one trigger.
type ProtestRule struct {
	MinParticipants int
	From, To        int // years, inclusive
}

// DefaultProtestRule: 10,000 or more participants or lethal force,
// 1992-2019 (the years of full Mass Mobilization coverage after
// independence).
var DefaultProtestRule = ProtestRule{MinParticipants: 10000, From: 1992, To: 2019}

var leadingNum = regexp.MustCompile(`^[>~< ]*([0-9][0-9,]*)`)

// participants parses the MM participants and participants_category fields
// into a lower bound on the crowd size (0 when unknown).
func participants(free, cat string) int {
	n := 0
	f := strings.ToLower(strings.TrimSpace(free))
	if m := leadingNum.FindStringSubmatch(f); m != nil {
		n, _ = strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	} else if strings.Contains(f, "thousand") {
		n = 1000
	}
	switch cat {
	case "1000-1999":
		n = max(n, 1000)
	case "2000-4999":
		n = max(n, 2000)
	case "5000-10000":
		n = max(n, 5000)
	case ">10000":
		n = max(n, 10000)
	}
	return n
}

// DeriveProtestEvents applies rule to a Mass Mobilization CSV (columns as in
// the v5.1 codebook) and returns one event per focus-state month, sorted.
func DeriveProtestEvents(r io.Reader, rule ProtestRule) ([]TriggerEvent, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("mass mobilization header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	for _, need := range []string{"id", "country", "protest", "startyear", "startmonth", "participants", "participants_category", "stateresponse1", "stateresponse7", "location"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("mass mobilization: missing column %q", need)
		}
	}
	seen := map[string]bool{}
	var out []TriggerEvent
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("mass mobilization: %w", err)
		}
		iso, ok := mmNames[rec[col["country"]]]
		if !ok || rec[col["protest"]] != "1" {
			continue
		}
		y, err1 := strconv.Atoi(rec[col["startyear"]])
		mo, err2 := strconv.Atoi(rec[col["startmonth"]])
		if err1 != nil || err2 != nil || mo < 1 || mo > 12 || y < rule.From || y > rule.To {
			continue
		}
		lethal := false
		for k := 1; k <= 7; k++ {
			s := rec[col["stateresponse"+strconv.Itoa(k)]]
			lethal = lethal || s == "killings" || s == "shootings"
		}
		n := participants(rec[col["participants"]], rec[col["participants_category"]])
		if n < rule.MinParticipants && !lethal {
			continue
		}
		m := world.Month(y*12 + mo - 1)
		key := iso + m.String()
		if seen[key] {
			continue
		}
		seen[key] = true
		detail := fmt.Sprintf("%s; participants %q", rec[col["location"]], rec[col["participants"]])
		if lethal {
			detail += "; lethal force"
		}
		out = append(out, TriggerEvent{Country: iso, Month: m, Type: world.TriggerProtest, Source: "MM:" + rec[col["id"]], Detail: detail})
	}
	sortEvents(out)
	return out, nil
}

func sortEvents(ev []TriggerEvent) {
	sort.Slice(ev, func(a, b int) bool {
		if ev[a].Type != ev[b].Type {
			return ev[a].Type < ev[b].Type
		}
		if ev[a].Country != ev[b].Country {
			return ev[a].Country < ev[b].Country
		}
		return ev[a].Month < ev[b].Month
	})
}

var eventColumns = []string{"country", "month", "type", "source", "detail"}

// WriteEvents writes events as CSV (the format of data/triggers/events.csv).
func WriteEvents(w io.Writer, ev []TriggerEvent) error {
	cw := csv.NewWriter(w)
	cw.Write(eventColumns)
	for _, e := range ev {
		cw.Write([]string{e.Country, e.Month.String(), e.Type.String(), e.Source, e.Detail})
	}
	cw.Flush()
	return cw.Error()
}

// LoadEvents reads a trigger-events CSV; errors name file:line:column, and
// a file with any problem yields no events.
func LoadEvents(name string, r io.Reader) ([]TriggerEvent, error) {
	var out []TriggerEvent
	errs := csvfile.ReadTable(r, name, eventColumns, func(f *csvfile.Table, rec []string) {
		e := TriggerEvent{Country: rec[0], Source: rec[3], Detail: rec[4]}
		var err error
		if e.Month, err = world.ParseMonth(rec[1]); err != nil {
			f.Bad(1, err)
		}
		if e.Type, err = world.ParseTriggerType(rec[2]); err != nil {
			f.Bad(2, err)
		}
		if e.Country == "" {
			f.Bad(0, errors.New("empty country"))
		}
		if e.Source == "" {
			f.Bad(3, errors.New("event without a source"))
		}
		out = append(out, e)
	})
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}
