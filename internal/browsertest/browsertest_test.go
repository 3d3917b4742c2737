package browsertest

import (
	"fmt"
	"testing"
)

// recorder is a testing.TB that keeps what Errorf reports.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, a ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, a...))
}

// TestCheck: console messages fail the test unless a step expected them,
// and any request outside the origin fails it.
func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name               string
		errs, expected, ex []string
		want               int
	}{
		{"clean", nil, nil, nil, 0},
		{"console error", []string{"log error: boom"}, nil, nil, 1},
		{"expected 422", []string{"log error: status of 422 (Unprocessable Entity) http://x/api"}, []string{"status of 422"}, nil, 0},
		{"one expected, one not", []string{"log error: status of 422", "exception: x"}, []string{"status of 422"}, nil, 1},
		{"external request", nil, nil, []string{"https://tile.example.org/1.png"}, 1},
		{"both", []string{"exception: x"}, nil, []string{"https://cdn.example.org/a.js"}, 2},
	} {
		r := &recorder{TB: t}
		b := &Browser{t: r, opt: Options{Origin: "http://127.0.0.1:1/"}, errs: tc.errs, expected: tc.expected, external: tc.ex}
		b.Check()
		if len(r.errs) != tc.want {
			t.Errorf("%s: %d failures %q, want %d", tc.name, len(r.errs), r.errs, tc.want)
		}
	}
}

// TestChromiumFromEnv: $STEPPE_CHROMIUM names the browser before PATH.
func TestChromiumFromEnv(t *testing.T) {
	t.Setenv("STEPPE_CHROMIUM", "/opt/chrome/chrome")
	if got := Chromium(); got != "/opt/chrome/chrome" {
		t.Errorf("Chromium() = %q with STEPPE_CHROMIUM set", got)
	}
}
