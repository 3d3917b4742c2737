package progress

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// newFake returns a reporter for command and unit that writes to a buffer
// and reads a fake clock.
func newFake(command, unit string, terminal bool) (*Reporter, *bytes.Buffer, *fakeClock) {
	b, c := new(bytes.Buffer), &fakeClock{}
	return newAt(b, command, unit, terminal, c.now), b, c
}

// TestProgressPlain: off a terminal, nothing for a quick command, then one
// plain line every every, and the final count at the end.
func TestProgressPlain(t *testing.T) {
	var b bytes.Buffer
	c := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := newAt(&b, "steppe run", "draws", false, c.now)
	steps := []struct {
		after      time.Duration
		done       int
		wantOutput string
	}{
		{500 * time.Millisecond, 500, ""},
		{time.Second, 1500, ""}, // past the delay, but a plain line waits every
		{3 * time.Second, 4500, ""},
		{time.Second, 5000, "steppe run: 5000/10000 draws, 50%, 5 s elapsed\n"},
		{time.Second, 6000, ""},
		{4 * time.Second, 8000, "steppe run: 8000/10000 draws, 80%, 10 s elapsed\n"},
		{time.Second, 9000, ""},
		{time.Second, 10000, ""},
	}
	for i, s := range steps {
		c.advance(s.after)
		n := b.Len()
		p.Update(s.done, 10000)
		if got := b.String()[n:]; got != s.wantOutput {
			t.Errorf("step %d (%d done): wrote %q, want %q", i, s.done, got, s.wantOutput)
		}
	}
	n := b.Len()
	p.Finish()
	if got, want := b.String()[n:], "steppe run: 10000/10000 draws, 100%, 12 s elapsed\n"; got != want {
		t.Errorf("finish wrote %q, want %q", got, want)
	}
	if strings.ContainsAny(b.String(), "\r\033") {
		t.Errorf("control characters off a terminal: %q", b.String())
	}
}

// TestProgressPlainFinalShown: when the last plain line already had the
// final count, finish adds nothing.
func TestProgressPlainFinalShown(t *testing.T) {
	p, b, c := newFake("steppe explore sweep", "experiments", false)
	c.advance(6 * time.Second)
	p.Update(40, 40)
	p.Finish()
	if want := "steppe explore sweep: 40/40 experiments, 100%, 6 s elapsed\n"; b.String() != want {
		t.Errorf("wrote %q, want %q", b.String(), want)
	}
}

// TestProgressQuick: a command that ends within the delay prints nothing,
// on a terminal or not.
func TestProgressQuick(t *testing.T) {
	for _, term := range []bool{false, true} {
		p, b, c := newFake("steppe run", "draws", term)
		for i := 1; i <= 100; i++ {
			c.advance(9 * time.Millisecond)
			p.Update(i, 100)
		}
		p.Finish()
		if b.Len() != 0 {
			t.Errorf("terminal %v: wrote %q for a 0.9 s command", term, b.String())
		}
	}
}

// TestProgressTerminal: on a terminal the bar appears after the delay, is
// redrawn in place at most every redraw (but always at the end) and
// cleared by finish.
func TestProgressTerminal(t *testing.T) {
	p, b, c := newFake("steppe run", "draws", true)
	c.advance(900 * time.Millisecond)
	p.Update(10, 100)
	if b.Len() != 0 {
		t.Fatalf("drawn before the delay: %q", b.String())
	}
	c.advance(100 * time.Millisecond)
	p.Update(20, 100)
	want := "\rsteppe run: [######                        ] 20/100 draws, 20%, 1 s elapsed, about 4 s left\033[K"
	if b.String() != want {
		t.Fatalf("bar %q, want %q", b.String(), want)
	}
	c.advance(50 * time.Millisecond)
	p.Update(21, 100) // too soon to redraw
	if b.String() != want {
		t.Errorf("redrawn within %v: %q", redraw, b.String()[len(want):])
	}
	c.advance(50 * time.Millisecond)
	p.Update(100, 100) // the end is always drawn
	if got := b.String()[len(want):]; !strings.HasPrefix(got, "\rsteppe run: [##############################] 100/100 draws, 100%, 1 s elapsed\033[K") {
		t.Errorf("final bar %q", got)
	}
	n := b.Len()
	p.Finish()
	if got := b.String()[n:]; got != "\r\033[K" {
		t.Errorf("finish wrote %q, want the line cleared", got)
	}
	if strings.Contains(b.String(), "\n") {
		t.Errorf("a terminal bar wrote a newline: %q", b.String())
	}
}

// TestProgressConcurrent: updates from many goroutines (as sim's workers
// send them) are serialised: every plain line is whole.
func TestProgressConcurrent(t *testing.T) {
	var b bytes.Buffer
	var mu sync.Mutex
	c := &fakeClock{}
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); c.advance(10 * time.Millisecond); return c.t }
	p := newAt(&b, "steppe run", "draws", false, clock)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 1000 {
				p.Update(w*1000+i, 8000)
			}
		})
	}
	wg.Wait()
	p.Finish()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) < 10 {
		t.Fatalf("%d lines for 80 s of updates: %q", len(lines), b.String())
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "steppe run: ") || !strings.HasSuffix(l, " s elapsed") {
			t.Errorf("garbled line %q", l)
		}
	}
}

// TestProgressNote: a note follows the count, on a terminal and off it.
func TestProgressNote(t *testing.T) {
	for _, terminal := range []bool{false, true} {
		p, b, c := newFake("steppe run", "blocks", terminal)
		p.Note("3 workers alive")
		c.advance(6 * time.Second)
		p.Update(2, 8)
		if want := "2/8 blocks, 25%, 3 workers alive, 6 s elapsed"; !strings.Contains(b.String(), want) {
			t.Errorf("terminal %v: wrote %q, want %q in it", terminal, b.String(), want)
		}
	}
}

// TestProgressNil: a nil reporter (--quiet) accepts updates and finish.
func TestProgressNil(t *testing.T) {
	var p *Reporter
	p.Note("ignored")
	p.Update(1, 2)
	p.Finish()
}

func TestProgressDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0 s"}, {2900 * time.Millisecond, "2 s"}, {59 * time.Second, "59 s"},
		{125 * time.Second, "2 min 05 s"}, {3720 * time.Second, "1 h 02 min"},
	} {
		if got := duration(tc.d); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.d, got, tc.want)
		}
	}
}

// TestWriterIsTerminal: buffers and regular files are not terminals, so
// tests and redirected output get plain lines.
func TestWriterIsTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) || isTerminal(&bytes.Buffer{}) {
		t.Error("a file or a buffer taken for a terminal")
	}
}
