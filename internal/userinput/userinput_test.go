package userinput

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"testing"
)

func TestErrors(t *testing.T) {
	err := Errorf("--data %s: %w", "x.geojson", fs.ErrNotExist)
	if !Is(err) || !errors.Is(err, fs.ErrNotExist) || err.Error() != "--data x.geojson: file does not exist" {
		t.Errorf("Errorf: %v (Is %v)", err, Is(err))
	}
	if wrapped := fmt.Errorf("gravity ge: %w", err); !Is(wrapped) {
		t.Errorf("Is misses a wrapped input error: %v", wrapped)
	}
	if Is(errors.New("disk full")) || Wrap(nil) != nil || !Is(Wrap(fs.ErrNotExist)) {
		t.Error("Is or Wrap classify wrongly")
	}
}

func TestList(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{" , ,", nil},
		{"KAZ", []string{"KAZ"}},
		{" KAZ, UZB ,,TJK ", []string{"KAZ", "UZB", "TJK"}},
	} {
		if got := List(c.in); !slices.Equal(got, c.want) || (got == nil) != (c.want == nil) {
			t.Errorf("List(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
