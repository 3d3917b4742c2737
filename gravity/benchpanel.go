package gravity

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"strconv"
)

// Benchmark panel of the fixest comparison (testdata/README.md and the
// reference data's README): 150 countries, all ordered pairs, 45 years
// (1,005,750 rows), with exporter-year, importer-year and pair fixed
// effects, generated as a pure function of the indices (SplitMix64 hashes,
// inversion Poisson draws). True coefficients: rta 0.5, tariff −2.0.
const (
	BenchCountries = 150
	BenchYears     = 45
	BenchRows      = BenchCountries * (BenchCountries - 1) * BenchYears
	// BenchFormula is the fixest specification fitted on the panel.
	BenchFormula = "y ~ rta + tariff | exp^year + imp^year + exp^imp"
)

// BenchChecksums are the published checksums of the panel's CSV form.
var BenchChecksums = BenchSums{1005750, 3503621, 376396, 18053963, "8bf68a6043876421b5491666f5fd1ccb87bf8cd200f16ff06c9736bfcaec6854"}

func splitmix(z uint64) uint64 {
	z += 0x9E3779B97F4A7C15
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func bh(s, a, b, c uint64) uint64 { return splitmix(s<<40 | a<<24 | b<<8 | c) }

func unif(x uint64) float64 { return float64(x>>11) * (1.0 / (1 << 53)) }

func poisInv(mu, u float64) int {
	p := math.Exp(-mu)
	f := p
	k := 0
	for u > f {
		k++
		p = p * mu / float64(k)
		f += p
		if p == 0 && float64(k) > mu {
			break
		}
	}
	return k
}

// BenchPanel builds the benchmark panel as a Frame with numeric columns
// exp, imp, year, rta, tariff_pct, tariff (= tariff_pct/100) and y.
func BenchPanel() *Frame {
	n := BenchRows
	exp := make([]float64, n)
	imp := make([]float64, n)
	year := make([]float64, n)
	rta := make([]float64, n)
	tp := make([]float64, n)
	tariff := make([]float64, n)
	y := make([]float64, n)
	r := 0
	for i := uint64(0); i < BenchCountries; i++ {
		e0 := int64(bh(2, i, 0, 0)%201) - 100
		for j := uint64(0); j < BenchCountries; j++ {
			if i == j {
				continue
			}
			lo, hi := min(i, j), max(i, j)
			p := int64(bh(5, i, j, 0)%301) - 150
			if bh(6, i, j, 0)%50 == 0 {
				p = -1500
			}
			hasRTA := bh(7, lo, hi, 0)%10 < 4
			start := 1 + bh(8, lo, hi, 0)%44
			b := int64(bh(9, i, j, 0) % 31)
			i0 := int64(bh(4, j, 0, 0)%201) - 100
			for t := uint64(0); t < BenchYears; t++ {
				rt := int64(0)
				if hasRTA && t >= start {
					rt = 1
				}
				tpv := (b*(44-int64(t)))/44 + int64(bh(10, i, j, t)%4)
				if rt == 1 {
					tpv /= 2
				}
				e := int64(bh(1, i, 0, t)%201) - 100 + e0 + int64(t)
				im := int64(bh(3, j, 0, t)%201) - 100 + i0
				m := e + im + p + 50*rt - 2*tpv
				yv := poisInv(math.Exp(float64(m)/100), unif(bh(11, i, j, t)))
				exp[r], imp[r], year[r] = float64(i), float64(j), float64(1980+t)
				rta[r], tp[r], tariff[r], y[r] = float64(rt), float64(tpv), float64(tpv)/100, float64(yv)
				r++
			}
		}
	}
	f := NewFrame()
	for _, c := range []struct {
		name string
		v    []float64
	}{{"exp", exp}, {"imp", imp}, {"year", year}, {"rta", rta}, {"tariff_pct", tp}, {"tariff", tariff}, {"y", y}} {
		if err := f.AddFloat(c.name, c.v); err != nil {
			panic(err) // broken invariant: fixed column set of equal length
		}
	}
	return f
}

// BenchPanelChecksums computes the published checksums of a panel built by
// BenchPanel: rows, Σy, zeros, and the size and SHA-256 of its CSV text
// (header exp,imp,year,rta,tariff_pct,y; LF line ends).
func BenchPanelChecksums(f *Frame) (rows, sumY, zeros, csvBytes int, sha string) {
	c, _ := WriteBenchCSV(io.Discard, f)
	return c.Rows, c.SumY, c.Zeros, c.CSVBytes, c.SHA256
}

// BenchSums are the checksums of a benchmark panel's CSV.
type BenchSums struct {
	Rows, SumY, Zeros, CSVBytes int
	SHA256                      string
}

// OK reports whether the sums are the published ones ([BenchChecksums]).
func (c BenchSums) OK() bool { return c == BenchSums(BenchChecksums) }

func (c BenchSums) String() string {
	return fmt.Sprintf("rows %d, sum(y) %d, zeros %d, CSV %d bytes, SHA-256 %s", c.Rows, c.SumY, c.Zeros, c.CSVBytes, c.SHA256)
}

// BenchCSVFormula is [BenchFormula] on the panel's CSV form, which holds
// tariff_pct instead of tariff.
const BenchCSVFormula = "y ~ rta + I(tariff_pct/100) | exp^year + imp^year + exp^imp"

// WriteBenchCSV writes a panel built by BenchPanel as the published CSV
// (header exp,imp,year,rta,tariff_pct,y; integers; LF line ends) and
// returns its checksums.
func WriteBenchCSV(w io.Writer, f *Frame) (BenchSums, error) {
	cols := []string{"exp", "imp", "year", "rta", "tariff_pct", "y"}
	vals := make([][]float64, len(cols))
	for j, c := range cols {
		var ok bool
		if vals[j], ok = f.Float(c); !ok {
			return BenchSums{}, fmt.Errorf("benchmark panel: no numeric column %q", c)
		}
	}
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(w, h), 1<<16)
	header := "exp,imp,year,rta,tariff_pct,y\n"
	bw.WriteString(header)
	sums := BenchSums{Rows: f.NRow(), CSVBytes: len(header)}
	buf := make([]byte, 0, 64)
	for i := range f.NRow() {
		buf = buf[:0]
		for j := range cols {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = strconv.AppendInt(buf, int64(vals[j][i]), 10)
		}
		buf = append(buf, '\n')
		bw.Write(buf)
		sums.CSVBytes += len(buf)
		yv := int(vals[5][i])
		sums.SumY += yv
		if yv == 0 {
			sums.Zeros++
		}
	}
	if err := bw.Flush(); err != nil {
		return BenchSums{}, err
	}
	sums.SHA256 = hex.EncodeToString(h.Sum(nil))
	return sums, nil
}

// FixestBench holds fixest's published figures for the benchmark panel
// (reference data README and issue 3): estimates from
// testdata/fixest_golden.json (bench_synthetic_1m) and timings of fixest
// 0.12 on the 2-core reference machine, which vary by about 20% between
// runs.
var FixestBench = struct {
	Rta, Tariff                float64
	NObs, Removed              int
	Secs1Lo, Secs1Hi           float64 // one thread
	Secs2Lo, Secs2Hi           float64 // two threads
	PeakMB                     float64
	TradeSecs1Lo, TradeSecs1Hi float64 // spec a on the trade data, one thread
	TradeSecs2Lo, TradeSecs2Hi float64
}{
	Rta: 0.5015586217477925, Tariff: -2.0108735397459476,
	NObs: 985950, Removed: 19800,
	Secs1Lo: 1.9, Secs1Hi: 2.4, Secs2Lo: 1.4, Secs2Hi: 1.7, PeakMB: 460,
	TradeSecs1Lo: 0.09, TradeSecs1Hi: 0.13, TradeSecs2Lo: 0.06, TradeSecs2Hi: 0.08,
}
