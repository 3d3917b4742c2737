package sweep

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"math/bits"
	"slices"
)

// partialMagic opens every partial; the digit is the encoding's version.
const partialMagic = "STEPPEP2"

// A partial is partialMagic, the sweep id's 16 bytes, the task's phase
// and block (unsigned varints), the payload, then the CRC-32C
// (Castagnoli) of all that, little-endian: it catches accidental
// corruption at a small fraction of a block's cost (a SHA-256 of a default
// block's 5.7 MB took 11 ms here, a tenth of the block's sampling; the CRC
// 0.3 ms, in hardware), which is what it is for: a transport's
// authentication keeps out forged partials, not the checksum.
// Numbers in the payload are unsigned varints; float slices are their
// length then each value's IEEE 754 bits, little-endian.
type partial struct{ b []byte }

// newPartial starts the partial of task t of sweep id, with room for
// size more bytes.
func newPartial(id string, t Task, size int) *partial {
	p := &partial{b: make([]byte, 0, len(partialMagic)+16+4*binary.MaxVarintLen64+size+sumSize)}
	p.b = append(p.b, partialMagic...)
	p.b, _ = hex.AppendDecode(p.b, []byte(id)) // an ID: 32 hex digits
	p.uvarint(uint64(t.Phase))
	p.uvarint(uint64(t.Block))
	return p
}

func (p *partial) uvarint(v uint64) { p.b = binary.AppendUvarint(p.b, v) }

func (p *partial) floats(x []float64) {
	p.uvarint(uint64(len(x)))
	p.values(x)
}

// values writes x with no length: part of a slice whose length is written.
func (p *partial) values(x []float64) {
	n := len(p.b)
	p.b = slices.Grow(p.b, 8*len(x))[:n+8*len(x)]
	dst := p.b[n:]
	for i, v := range x {
		binary.LittleEndian.PutUint64(dst[8*i:], math.Float64bits(v))
	}
}

// sparse writes x's length, a bitmap of the values whose bits are not
// all zero (+0.0 is left out, −0.0 is not), little-endian bit order,
// then those values: a third of a run's sums are zero.
func (p *partial) sparse(x []float64) {
	p.uvarint(uint64(len(x)))
	n := len(p.b)
	p.b = slices.Grow(p.b, (len(x)+7)/8)[:n+(len(x)+7)/8]
	bits := p.b[n:]
	clear(bits)
	for i, v := range x {
		if math.Float64bits(v) != 0 {
			bits[i/8] |= 1 << (i % 8)
		}
	}
	for _, v := range x {
		if b := math.Float64bits(v); b != 0 {
			p.b = binary.LittleEndian.AppendUint64(p.b, b)
		}
	}
}

// close appends the checksum and returns the partial's bytes.
func (p *partial) close() []byte {
	return binary.LittleEndian.AppendUint32(p.b, crc32.Checksum(p.b, castagnoli))
}

// sumSize is the checksum's length in bytes.
const sumSize = 4

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// reader reads a partial's fields; the first problem sticks in err.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(format string, a ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, a...)
	}
}

func (r *reader) uvarint(what string) int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > math.MaxInt32 {
		r.fail("%s: not a count", what)
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

// floats reads a float slice, which must have want values (want < 0:
// any number that the remaining bytes hold).
func (r *reader) floats(what string, want int) []float64 {
	n := r.uvarint(what)
	if r.err != nil {
		return nil
	}
	if want >= 0 && n != want {
		r.fail("%s: %d values, want %d", what, n, want)
		return nil
	}
	if n > len(r.b)/8 {
		r.fail("%s: %d values, but %d bytes left", what, n, len(r.b))
		return nil
	}
	x := make([]float64, n)
	for i := range x {
		x[i] = math.Float64frombits(binary.LittleEndian.Uint64(r.b[8*i:]))
	}
	r.b = r.b[8*n:]
	return x
}

// sparse reads what partial.sparse wrote, which must have want values.
func (r *reader) sparse(what string, want int) []float64 {
	n := r.uvarint(what)
	if r.err != nil {
		return nil
	}
	if n != want {
		r.fail("%s: %d values, want %d", what, n, want)
		return nil
	}
	nb := (n + 7) / 8
	if nb > len(r.b) {
		r.fail("%s: %d values, but %d bytes left", what, n, len(r.b))
		return nil
	}
	bits := r.b[:nb]
	if n%8 != 0 && bits[nb-1]>>(n%8) != 0 {
		r.fail("%s: bits beyond the %d values", what, n)
		return nil
	}
	set := 0
	for _, b := range bits {
		set += popcount(b)
	}
	if set > (len(r.b)-nb)/8 {
		r.fail("%s: %d values, but %d bytes left", what, set, len(r.b)-nb)
		return nil
	}
	vals := r.b[nb:]
	x := make([]float64, n)
	k := 0
	for i := range x {
		if bits[i/8]>>(i%8)&1 == 1 {
			u := binary.LittleEndian.Uint64(vals[8*k:])
			if u == 0 {
				r.fail("%s: value %d marked but zero", what, i)
				return nil
			}
			x[i] = math.Float64frombits(u)
			k++
		}
	}
	r.b = vals[8*set:]
	return x
}

func popcount(b byte) int { return bits.OnesCount8(b) }

// ErrCorrupt is wrapped by the error of a partial whose framing or
// checksum is wrong.
var ErrCorrupt = errors.New("corrupted partial")

// open checks a partial's framing and checksum and returns its info and
// a reader of its payload.
func open(b []byte) (PartialInfo, *reader, error) {
	const head = len(partialMagic) + 16
	if len(b) < head+2+sumSize || string(b[:len(partialMagic)]) != partialMagic {
		return PartialInfo{}, nil, fmt.Errorf("sweep: %w: not a partial of this format (%d bytes)", ErrCorrupt, len(b))
	}
	body, sum := b[:len(b)-sumSize], binary.LittleEndian.Uint32(b[len(b)-sumSize:])
	if crc32.Checksum(body, castagnoli) != sum {
		return PartialInfo{}, nil, fmt.Errorf("sweep: %w: checksum mismatch", ErrCorrupt)
	}
	info := PartialInfo{Sweep: hex.EncodeToString(body[len(partialMagic):head]), Sum: sum, Len: len(b)}
	r := &reader{b: body[head:]}
	info.Task.Phase = r.uvarint("phase")
	info.Task.Block = r.uvarint("block")
	if r.err == nil && info.Task.Phase < 1 {
		r.fail("phase %d", info.Task.Phase)
	}
	if r.err != nil {
		return PartialInfo{}, nil, fmt.Errorf("sweep: %w: %v", ErrCorrupt, r.err)
	}
	return info, r, nil
}

// PartialInfo is what a partial says about itself ([Inspect]).
type PartialInfo struct {
	Sweep string // the sweep's ID
	Task  Task
	// Sum is the partial's checksum (the CRC-32C of the rest of it) and
	// Len its length: two partials of one task with the same Sum and Len
	// are the same but for a chance of 2^-32.
	Sum uint32
	Len int
}

// Inspect checks a partial's framing and checksum and returns its sweep
// id and task, without the sweep's header: a transport uses it to file a
// partial (for example under the subject of its sweep).
func Inspect(partial []byte) (PartialInfo, error) {
	info, _, err := open(partial)
	return info, err
}
