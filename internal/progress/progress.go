// Package progress reports how far a long command has got, on standard
// error: a bar redrawn in place on a terminal, and where the output is not
// a terminal (a log, a pipe, CI) a plain line every few seconds, so that a
// long run is never silent. Nothing is shown for a command that ends within
// a second. Its Reporter's Update has the signature of sim.Options.Progress
// and explore.RunOptions.Progress.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// Timing of progress reports. Nothing is shown before delay, so that quick
// commands print nothing; a terminal bar is redrawn at most every redraw;
// elsewhere (a log, a pipe, CI) a plain line is written every every, the
// first after every.
const (
	delay  = time.Second
	redraw = 100 * time.Millisecond
	every  = 5 * time.Second
)

// Reporter reports how far a long command has got, on its writer. On a
// terminal it draws a bar redrawn in place and cleared at the end:
//
//	steppe run: [#############                 ] 4500/10000 draws, 45%, 3 s elapsed, about 4 s left
//
// When the writer is not a terminal it writes a plain line every few
// seconds, and the final count at the end if it wrote any:
//
//	steppe run: 4500/10000 draws, 45%, 3 s elapsed
//
// Its Update method has the signature of sim.Options.Progress and
// explore.RunOptions.Progress and may be called from several goroutines. A
// nil *Reporter reports nothing (for --quiet).
type Reporter struct {
	mu       sync.Mutex
	w        io.Writer
	label    string // the command, e.g. "steppe run"
	unit     string // what is counted, e.g. "draws"
	terminal bool
	now      func() time.Time
	start    time.Time
	last     time.Time // of the last output
	shown    bool      // something was written
	done     int       // the latest update
	total    int
	printed  int // done at the last plain line
	note     string
}

// New reports progress on w under label (the command path, such as
// "steppe run"), counting unit ("draws", "experiments"), from now on.
func New(w io.Writer, label, unit string) *Reporter {
	return newAt(w, label, unit, isTerminal(w), time.Now)
}

// newAt is New with the terminal test and the clock given.
func newAt(w io.Writer, label, unit string, terminal bool, now func() time.Time) *Reporter {
	return &Reporter{w: w, label: label, unit: unit, terminal: terminal, now: now, start: now(), printed: -1}
}

// Update records that done of total units are finished and reports it when
// it is time to.
func (p *Reporter) Update(done, total int) {
	if p == nil || total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done, p.total = done, total
	now := p.now()
	el := now.Sub(p.start)
	if el < delay {
		return
	}
	if p.terminal {
		if p.shown && done < total && now.Sub(p.last) < redraw {
			return
		}
		p.draw(el)
	} else {
		if el < every || p.shown && now.Sub(p.last) < every {
			return
		}
		p.line(el)
	}
	p.last, p.shown = now, true
}

// Note sets a note shown after the count, such as "3 workers alive"; ""
// shows none.
func (p *Reporter) Note(note string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.note = note
	p.mu.Unlock()
}

// Finish ends the report: it clears a terminal bar, and after plain lines
// writes the final count if the last line did not have it.
func (p *Reporter) Finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.shown {
		return
	}
	if p.terminal {
		fmt.Fprint(p.w, "\r\033[K")
	} else if p.printed != p.done {
		p.line(p.now().Sub(p.start))
	}
	p.shown = false
}

func (p *Reporter) draw(el time.Duration) {
	const width = 30
	n := width * p.done / p.total
	fmt.Fprintf(p.w, "\r%s: [%s%s] %d/%d %s, %d%%%s, %s elapsed%s\033[K", p.label, strings.Repeat("#", n), strings.Repeat(" ", width-n),
		p.done, p.total, p.unit, 100*p.done/p.total, p.noted(), duration(el), p.left(el))
}

func (p *Reporter) line(el time.Duration) {
	fmt.Fprintf(p.w, "%s: %d/%d %s, %d%%%s, %s elapsed\n", p.label, p.done, p.total, p.unit, 100*p.done/p.total, p.noted(), duration(el))
	p.printed = p.done
}

// left is ", about D left" at the pace so far, or "" before the first unit
// and after the last; the terminal bar shows it.
func (p *Reporter) left(el time.Duration) string {
	if p.done <= 0 || p.done >= p.total {
		return ""
	}
	rem := time.Duration(float64(el) / float64(p.done) * float64(p.total-p.done))
	return ", about " + duration(rem) + " left"
}

// noted is ", note" or "".
func (p *Reporter) noted() string {
	if p.note == "" {
		return ""
	}
	return ", " + p.note
}

// duration prints d in whole seconds: "3 s", "2 min 05 s", "1 h 02 min".
func duration(d time.Duration) string {
	s := int(d / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%d s", s)
	case s < 3600:
		return fmt.Sprintf("%d min %02d s", s/60, s%60)
	default:
		return fmt.Sprintf("%d h %02d min", s/3600, s/60%60)
	}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
