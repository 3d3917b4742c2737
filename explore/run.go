package explore

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// ExperimentColumn is the name of the column holding each experiment's
// index in experiments and results files.
const ExperimentColumn = "experiment"

// Experiments is a design as rows of cells, ready to be evaluated: built
// from a Design or read back from an experiments file.
type Experiments struct {
	// Comments are the metadata lines of the design.
	Comments []string
	// Factors name the factor columns, in order.
	Factors []string
	// Cells[i] are the factor cells of experiment i as written to a file.
	Cells [][]string
	// X[i] are the factor values (level index for categorical factors).
	X [][]float64
}

// Experiments returns the design's rows as cells.
func (d *Design) Experiments() *Experiments {
	e := &Experiments{Comments: d.Comments(), Cells: make([][]string, len(d.X)), X: d.X}
	for _, f := range d.Factors {
		e.Factors = append(e.Factors, f.Name)
	}
	for i, x := range d.X {
		row := make([]string, len(x))
		for j, f := range d.Factors {
			row[j] = f.Cell(x[j])
		}
		e.Cells[i] = row
	}
	return e
}

// Write writes the design file: metadata comments, then one row
// per experiment with its index and factor values.
func (e *Experiments) Write(w io.Writer) error {
	rows := make([][]string, len(e.Cells))
	for i, c := range e.Cells {
		rows[i] = append([]string{strconv.Itoa(i)}, c...)
	}
	return WriteCSV(w, e.Comments, append([]string{ExperimentColumn}, e.Factors...), rows)
}

// ExperimentsFromTable reads a design back from an experiments file: the
// factor columns are every column but the experiment index; levels maps a
// categorical factor's name to its levels (its cells must be among them),
// and all other factors must be numeric.
func ExperimentsFromTable(t *Table, levels map[string][]string) (*Experiments, error) {
	e := &Experiments{Comments: t.Comments}
	for _, n := range t.Names {
		if n != ExperimentColumn {
			e.Factors = append(e.Factors, n)
		}
	}
	if len(e.Factors) == 0 {
		return nil, fmt.Errorf("%s: no factor columns", t.Source())
	}
	if t.Len() == 0 {
		return nil, fmt.Errorf("%s: no experiments", t.Source())
	}
	if t.Has(ExperimentColumn) {
		idx, err := t.Numbers(ExperimentColumn)
		if err != nil {
			return nil, err
		}
		for i, v := range idx {
			if v != float64(i) {
				return nil, fmt.Errorf("%s:%d: experiment %v out of order; want %d", t.Source(), t.Lines[i], v, i)
			}
		}
	}
	cols := make([][]float64, len(e.Factors))
	for j, name := range e.Factors {
		if lv, ok := levels[name]; ok {
			pos := map[string]int{}
			for k, l := range lv {
				pos[l] = k
			}
			cells, _ := t.Strings(name)
			cols[j] = make([]float64, len(cells))
			for i, c := range cells {
				k, ok := pos[c]
				if !ok {
					return nil, fmt.Errorf("%s:%d: %s is %q; want one of %s", t.Source(), t.Lines[i], name, c, strings.Join(lv, ", "))
				}
				cols[j][i] = float64(k)
			}
			continue
		}
		v, err := t.Numbers(name)
		if err != nil {
			return nil, err
		}
		cols[j] = v
	}
	e.Cells = make([][]string, t.Len())
	e.X = make([][]float64, t.Len())
	for i := range e.X {
		e.X[i] = make([]float64, len(e.Factors))
		e.Cells[i] = make([]string, len(e.Factors))
		for j, name := range e.Factors {
			e.X[i][j] = cols[j][i]
			e.Cells[i][j] = t.Cell(name, i)
		}
	}
	return e, nil
}

// EvalFunc computes the outcomes of experiment i with factor values x (in
// the order of Experiments.Factors). It must be safe for concurrent use and
// deterministic in (i, x): seed any randomness from i.
type EvalFunc func(ctx context.Context, i int, x []float64) ([]float64, error)

// RunOptions configures Run.
type RunOptions struct {
	// Workers evaluating experiments in parallel (default GOMAXPROCS).
	Workers int
	// Progress is called with the experiments done (including those
	// resumed) and the total, after each row is written.
	Progress func(done, total int)
}

// ResultsFile is where Run writes: an open file, read first when resuming.
type ResultsFile interface {
	io.ReadWriteSeeker
	Truncate(size int64) error
}

// Run evaluates every experiment and writes a results file: the design's
// comments, then experiment, factor and outcome columns, one row per
// experiment in index order. Rows are written as they complete in order,
// so an interrupted run leaves a valid prefix; run again on the same file
// and Run resumes: it checks that the file's comments and rows match the
// design, keeps the complete rows, drops a torn last line, and evaluates
// only the rest. The file's bytes do not depend on Workers or on resuming.
func Run(ctx context.Context, e *Experiments, outcomes []string, eval EvalFunc, f ResultsFile, opt RunOptions) (done int, err error) {
	header := append(append([]string{ExperimentColumn}, e.Factors...), outcomes...)
	var hb bytes.Buffer
	if err := WriteCSV(&hb, e.Comments, header, nil); err != nil {
		return 0, err
	}
	start, offset, err := resumePoint(f, hb.Bytes(), e, len(outcomes))
	if err != nil {
		return 0, err
	}
	if err := f.Truncate(offset); err != nil {
		return 0, resultsFileErr("results file: %w", err)
	}
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return 0, resultsFileErr("results file: %w", err)
	}
	if offset == 0 {
		if _, err := f.Write(hb.Bytes()); err != nil {
			return 0, resultsFileErr("results file: %w", err)
		}
	}
	total := len(e.X)
	if opt.Progress != nil {
		opt.Progress(start, total)
	}
	if start == total {
		return total, nil
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type result struct {
		i   int
		y   []float64
		err error
	}
	// On a failure, stop handing out experiments but let those in flight
	// finish, so that every row before the failed one is written.
	stop := make(chan struct{})
	stopped := false
	halt := func() {
		if !stopped {
			stopped = true
			close(stop)
		}
	}
	jobs := make(chan int)
	results := make(chan result, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				y, err := eval(ctx, i, e.X[i])
				if err == nil && len(y) != len(outcomes) {
					err = fmt.Errorf("%d outcomes, want %d", len(y), len(outcomes))
				}
				results <- result{i, y, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := start; i < total; i++ {
			select {
			case jobs <- i:
			case <-stop:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	pending := map[int][]float64{}
	next := start
	failAt := total
	var failErr, writeErr error
	var line bytes.Buffer
	for r := range results {
		if r.err != nil {
			if r.i < failAt {
				failAt, failErr = r.i, r.err
			}
			halt()
			continue
		}
		pending[r.i] = r.y
		for writeErr == nil && next < failAt {
			y, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			line.Reset()
			cw := csv.NewWriter(&line)
			row := append([]string{strconv.Itoa(next)}, e.Cells[next]...)
			for _, v := range y {
				row = append(row, FormatFloat(v))
			}
			_ = cw.Write(row)
			cw.Flush()
			if _, werr := f.Write(line.Bytes()); werr != nil {
				writeErr = resultsFileErr("results file: %w", werr)
				halt()
				break
			}
			next++
			if opt.Progress != nil {
				opt.Progress(next, total)
			}
		}
	}
	switch {
	case writeErr != nil:
		err = writeErr
	case failErr != nil:
		err = fmt.Errorf("experiment %d: %w", failAt, failErr)
	case next < total:
		if cerr := ctx.Err(); cerr != nil {
			err = cerr
		} else {
			err = errors.New("run stopped early")
		}
	}
	return next, err
}

// ResultsFileError is a problem with the results file that Run writes or
// resumes: it was written for another design, a row does not match the
// design, or it cannot be read or written. The command line reports it as
// a problem with its --out file.
type ResultsFileError struct{ Err error }

func (e *ResultsFileError) Error() string { return e.Err.Error() }
func (e *ResultsFileError) Unwrap() error { return e.Err }

func resultsFileErr(format string, a ...any) error {
	return &ResultsFileError{fmt.Errorf(format, a...)}
}

// resumePoint reads an existing results file and returns the number of
// complete rows that match the design and the byte offset after them.
func resumePoint(f ResultsFile, header []byte, e *Experiments, nOut int) (int, int64, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, 0, err
	}
	old, err := io.ReadAll(f)
	if err != nil {
		return 0, 0, resultsFileErr("results file: %w", err)
	}
	if len(old) == 0 {
		return 0, 0, nil
	}
	if !bytes.HasPrefix(old, header) {
		return 0, 0, resultsFileErr("results file exists but was written for another design, seed or set of outcomes (its header differs); choose a new --out or delete it")
	}
	off := int64(len(header))
	body := old[len(header):]
	done := 0
	for len(body) > 0 {
		nl := bytes.IndexByte(body, '\n')
		if nl < 0 {
			break // torn last line: evaluate again
		}
		rec, err := csv.NewReader(bytes.NewReader(body[:nl+1])).Read()
		if err != nil || len(rec) != 1+len(e.Factors)+nOut || done >= len(e.X) {
			return 0, 0, resultsFileErr("results file: row %d is not a complete result of this design; choose a new --out or delete it", done)
		}
		if rec[0] != strconv.Itoa(done) || strings.Join(rec[1:1+len(e.Factors)], "\x00") != strings.Join(e.Cells[done], "\x00") {
			return 0, 0, resultsFileErr("results file: row %d has other factor values than the design; choose a new --out or delete it", done)
		}
		for _, c := range rec[1+len(e.Factors):] {
			if _, err := strconv.ParseFloat(c, 64); err != nil {
				return 0, 0, resultsFileErr("results file: row %d has outcome %q", done, c)
			}
		}
		done++
		off += int64(nl + 1)
		body = body[nl+1:]
	}
	return done, off, nil
}
