package explore

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
)

// joeKuo holds the primitive polynomials and initial direction numbers of
// Joe & Kuo (2008), file new-joe-kuo-6.21201, dimensions 2 to 1000 (see
// README.md in this folder and LICENSE-joe-kuo.txt).
//
//go:embed joe-kuo-6.1000.txt
var joeKuo []byte

// MaxSobolDim is the largest dimension the embedded direction numbers cover.
const MaxSobolDim = 1000

const sobolBits = 52 // points are k/2^52: exact in a float64

type jkRow struct {
	s, a int
	m    []uint64
}

var (
	jkOnce sync.Once
	jkRows []jkRow
	jkErr  error
)

func loadJoeKuo() ([]jkRow, error) {
	jkOnce.Do(func() {
		sc := bufio.NewScanner(bytes.NewReader(joeKuo))
		first := true
		for sc.Scan() {
			if first { // header "d s a m_i"
				first = false
				continue
			}
			f := strings.Fields(sc.Text())
			if len(f) < 4 {
				jkErr = fmt.Errorf("joe-kuo table: short line %q", sc.Text())
				return
			}
			var v [3]int
			for i := 0; i < 3; i++ {
				v[i], jkErr = strconv.Atoi(f[i])
				if jkErr != nil {
					return
				}
			}
			row := jkRow{s: v[1], a: v[2]}
			if len(f) != 3+row.s || v[0] != len(jkRows)+2 {
				jkErr = fmt.Errorf("joe-kuo table: bad line %q", sc.Text())
				return
			}
			for _, x := range f[3:] {
				m, err := strconv.ParseUint(x, 10, 64)
				if err != nil {
					jkErr = err
					return
				}
				row.m = append(row.m, m)
			}
			jkRows = append(jkRows, row)
		}
	})
	return jkRows, jkErr
}

// Sobol generates points of the Sobol' (1967) low-discrepancy sequence in
// [0,1)^dim with the direction numbers of Joe & Kuo (2008), in Gray-code
// order (Antonov & Saleev 1979), as in Joe & Kuo's reference generator and
// scipy.stats.qmc.Sobol without scrambling. An optional random digital
// shift (XOR of each coordinate with a fixed random bit string) randomises
// the sequence while keeping its net structure (Owen 2003), so that repeated
// designs with different seeds give independent estimates.
type Sobol struct {
	dim   int
	v     [][sobolBits]uint64 // direction numbers per dimension, scaled to sobolBits
	x     []uint64            // current point (before shift)
	shift []uint64
	n     uint64 // index of the next point
}

// NewSobol returns a generator for dim dimensions (1..MaxSobolDim). With
// rng non-nil the sequence is digitally shifted by random bits from rng.
func NewSobol(dim int, rng *rand.Rand) (*Sobol, error) {
	if dim < 1 || dim > MaxSobolDim {
		return nil, fmt.Errorf("sobol: %d dimensions; supported 1 to %d", dim, MaxSobolDim)
	}
	rows, err := loadJoeKuo()
	if err != nil {
		return nil, err
	}
	s := &Sobol{dim: dim, v: make([][sobolBits]uint64, dim), x: make([]uint64, dim), shift: make([]uint64, dim)}
	// Dimension 1: all m_k = 1 (van der Corput).
	for k := 0; k < sobolBits; k++ {
		s.v[0][k] = 1 << (sobolBits - 1 - k)
	}
	for j := 1; j < dim; j++ {
		row := rows[j-1]
		deg := row.s
		m := make([]uint64, sobolBits)
		copy(m, row.m)
		for k := deg; k < sobolBits; k++ {
			// m_k = 2a_1 m_{k-1} xor 4a_2 m_{k-2} ... xor 2^s m_{k-s} xor m_{k-s}
			mk := m[k-deg] ^ (m[k-deg] << deg)
			for i := 1; i < deg; i++ {
				if (row.a>>(deg-1-i))&1 == 1 {
					mk ^= m[k-i] << i
				}
			}
			m[k] = mk
		}
		for k := 0; k < sobolBits; k++ {
			s.v[j][k] = m[k] << (sobolBits - 1 - k)
		}
	}
	if rng != nil {
		for j := range s.shift {
			s.shift[j] = rng.Uint64() >> (64 - sobolBits)
		}
	}
	return s, nil
}

// Dim is the number of dimensions.
func (s *Sobol) Dim() int { return s.dim }

// Next writes the next point into p (len Dim) and returns it. The first
// point of an unshifted sequence is the origin.
func (s *Sobol) Next(p []float64) []float64 {
	if s.n > 0 {
		// Gray code: flip the direction number of the lowest zero bit of n-1.
		c := 0
		for v := s.n - 1; v&1 == 1; v >>= 1 {
			c++
		}
		if c >= sobolBits {
			panic("sobol: sequence exhausted")
		}
		for j := range s.x {
			s.x[j] ^= s.v[j][c]
		}
	}
	s.n++
	const scale = 1.0 / (1 << sobolBits)
	for j := range s.x {
		p[j] = float64(s.x[j]^s.shift[j]) * scale
	}
	return p
}

// Skip advances the sequence by n points.
func (s *Sobol) Skip(n int) {
	p := make([]float64, s.dim)
	for i := 0; i < n; i++ {
		s.Next(p)
	}
}
