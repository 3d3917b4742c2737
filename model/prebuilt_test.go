package model

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/gravity/ge"
	"github.com/steppe-dev/steppe/internal/golden"
)

// Every file under prebuilt/ was made from the bundled data files as they
// are and decodes to what the current code makes from them; with -update
// (go generate ./model) the test rewrites the files that do not.
func TestPrebuiltCurrent(t *testing.T) {
	checkPrebuilt(t, bundledGraph)
	checkPrebuilt(t, bundledTrade)
	checkPrebuilt(t, bundledV2)
}

func checkPrebuilt[T, S any](t *testing.T, p *prebuilt[T, S]) {
	t.Helper()
	fresh, err := p.build()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("prebuilt", p.file)
	b, err := os.ReadFile(path)
	var got T
	if err == nil {
		got, err = p.decode(bytes.NewReader(b))
	}
	if err == nil && reflect.DeepEqual(got, fresh) {
		return
	}
	if *golden.Update {
		b, err := p.encode(fresh)
		if err == nil {
			err = os.WriteFile(path, b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	if err == nil {
		err = errFresh
	}
	t.Errorf("%s is not current: %v; `go generate ./model` rewrites it", path, err)
}

var errFresh = errors.New("it differs from a fresh build by the current code")

// A prebuilt file made from other data files, or one that does not
// decode, is not used: the input is built from the data files.
func TestPrebuiltStale(t *testing.T) {
	b, err := prebuiltFiles.ReadFile("prebuilt/" + bundledTrade.file)
	if err != nil {
		t.Fatal(err)
	}
	other := *bundledTrade
	other.inputs = []string{ge.BundledGDP, ge.BundledHMR}
	if _, err := other.decode(bytes.NewReader(b)); err == nil || !strings.Contains(err.Error(), "not from the bundled "+ge.BundledGDP) {
		t.Errorf("a file made from other data decoded: %v", err)
	}
	if _, err := bundledTrade.decode(bytes.NewReader(b[:len(b)/2])); err == nil {
		t.Error("a truncated file decoded")
	}
	missing := *bundledTrade
	missing.file = "missing.gob"
	got, errGot := missing.get()
	want, errWant := bundledTrade.get()
	if err := errors.Join(errGot, errWant); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || got.Year != DefaultSettings.TradeBaselineYear {
		t.Error("a trade baseline built afresh differs from the prebuilt one")
	}
}

// The v2 posterior's draws come back from the float64s after the gob
// value as they were; draws that do not fit the posterior, a file cut
// short or one with bytes after the draws are refused.
func TestPrebuiltV2Draws(t *testing.T) {
	p, err := readBundledV2()
	if err != nil {
		t.Fatal(err)
	}
	b, err := bundledV2.encode(p)
	if err != nil {
		t.Fatal(err)
	}
	if p.Decision.Draws == nil || p.Hazards.Types[0].Mu == nil {
		t.Fatal("encoding took the draws out of the posterior")
	}
	got, err := bundledV2.decode(bytes.NewReader(b))
	if err != nil || !reflect.DeepEqual(got, p) {
		t.Fatalf("decoded posterior differs from the one encoded (%v)", err)
	}
	for name, b := range map[string][]byte{"a byte after the draws": append(slices.Clone(b), 0), "cut short": b[:len(b)-4]} {
		if _, err := bundledV2.decode(bytes.NewReader(b)); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
	for name, edit := range map[string]func(s *savedV2){
		"a longer row":    func(s *savedV2) { s.Rows[0]++ },
		"a negative row":  func(s *savedV2) { s.Rows[1], s.Rows[2] = -1, s.Rows[2]+s.Rows[1]+1 },
		"a block too few": func(s *savedV2) { s.Blocks = s.Blocks[1:] },
		"negative blocks": func(s *savedV2) { s.Blocks[0], s.Blocks[1] = -1, s.Blocks[1]+s.Blocks[0]+1 },
	} {
		s, fl := saveV2(p)
		edit(&s)
		if _, err := restoreV2(s, fl); err == nil {
			t.Errorf("%s: restored", name)
		}
	}
	if _, err := readFloats(bytes.NewReader(nil), maxSavedFloats+1); err == nil {
		t.Error("a count over the bound was read")
	}
}
