package explore

import (
	"bufio"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
)

// The first points of the unscrambled sequence in three dimensions follow
// by hand from the direction numbers (m = 1; 1,3; 1,3,1): they are the
// textbook values also printed by scipy.stats.qmc.Sobol(3, scramble=False).
func TestSobolFirstPointsByHand(t *testing.T) {
	want := [][]float64{
		{0, 0, 0},
		{0.5, 0.5, 0.5},
		{0.75, 0.25, 0.25},
		{0.25, 0.75, 0.75},
		{0.375, 0.375, 0.625},
		{0.875, 0.875, 0.125},
		{0.625, 0.125, 0.875},
		{0.125, 0.625, 0.375},
	}
	s, err := NewSobol(3, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := make([]float64, 3)
	for i, w := range want {
		s.Next(p)
		for j := range w {
			if p[j] != w[j] {
				t.Fatalf("point %d = %v, want %v", i, p, w)
			}
		}
	}
}

// testdata/sobol_scipy_60d_64.csv: first 64 points in 60 dimensions from
// scipy.stats.qmc.Sobol(60, scramble=False) (scipy 1.10.1), which uses the
// same Joe-Kuo table.
func TestSobolMatchesScipy(t *testing.T) {
	f := fixture.Open(t, "testdata/sobol_scipy_60d_64.csv")
	s, err := NewSobol(60, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := make([]float64, 60)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	row := 0
	for sc.Scan() {
		s.Next(p)
		for j, c := range strings.Split(sc.Text(), ",") {
			w, err := strconv.ParseFloat(c, 64)
			if err != nil {
				t.Fatal(err)
			}
			if p[j] != w {
				t.Fatalf("point %d dim %d = %v, want %v", row, j+1, p[j], w)
			}
		}
		row++
	}
	if row != 64 {
		t.Fatalf("read %d rows", row)
	}
}

func TestSobolShiftKeepsStratification(t *testing.T) {
	s, _ := NewSobol(5, rand.New(rand.NewPCG(1, 2)))
	p := make([]float64, 5)
	// Any 2^k consecutive points from 0 put exactly one point in each
	// 1/2^k-interval of every coordinate: a digital shift keeps that.
	const n = 64
	for j := 0; j < 5; j++ {
		_ = j
	}
	seen := make([][n]bool, 5)
	for i := 0; i < n; i++ {
		s.Next(p)
		for j := range p {
			k := int(p[j] * n)
			if seen[j][k] {
				t.Fatalf("dim %d: two points in stratum %d", j, k)
			}
			seen[j][k] = true
		}
	}
}

func TestSobolDimLimits(t *testing.T) {
	if _, err := NewSobol(0, nil); err == nil {
		t.Error("dim 0 accepted")
	}
	if _, err := NewSobol(MaxSobolDim+1, nil); err == nil {
		t.Error("dim too large accepted")
	}
	s, err := NewSobol(MaxSobolDim, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := make([]float64, MaxSobolDim)
	s.Next(p)
	s.Next(p)
	for j, v := range p {
		if v != 0.5 {
			t.Fatalf("second point dim %d = %v, want 0.5", j, v)
		}
	}
}
