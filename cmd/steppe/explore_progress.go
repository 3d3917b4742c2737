package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// exProgress draws a one-line bar on w when w is a terminal, and nothing
// otherwise (so logs and pipes stay clean).
type exProgress struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	on    bool
	start time.Time
	last  time.Time
	drawn bool
}

func exNewProgress(w io.Writer, label string) *exProgress {
	on := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			on = true
		}
	}
	return &exProgress{w: w, label: label, on: on, start: time.Now()}
}

// update redraws the bar at most ten times a second, and always at the end.
func (p *exProgress) update(done, total int) {
	if !p.on || total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if done < total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	const width = 30
	fill := done * width / total
	eta := ""
	if el := now.Sub(p.start); done > 0 && done < total {
		rem := time.Duration(float64(el) / float64(done) * float64(total-done))
		eta = " eta " + rem.Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d%s   ", p.label, strings.Repeat("=", fill), strings.Repeat(" ", width-fill), done, total, eta)
	p.drawn = true
}

func (p *exProgress) finish() {
	if p.on && p.drawn {
		fmt.Fprintln(p.w)
	}
}
