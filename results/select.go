package results

import (
	"math"
	"math/bits"
)

// selectBuckets is the number of equal-width value buckets orderStats
// spreads a series over: for 10,000 draws, about ten values a bucket when
// they are spread evenly, and an 8 KB count table that stays in cache.
const selectBuckets = 1024

// selScratch is one summarising worker's reusable memory for orderStats.
type selScratch struct {
	count [selectBuckets]int32
	start [selectBuckets]int32
	want  [selectBuckets]bool
	buf   []float64
}

// orderStats sets v[j] to the ranks[j]-th smallest value of x (0-based,
// ranks ascending and distinct, within x), leaving x as it is. It is a
// bucket selection: the values' range [lo, hi] is cut into equal-width
// buckets, one pass counts the values of each, and a second gathers only
// the buckets that hold a wanted rank, where selectRanks finds it. The
// bucket of a value, ⌊(x−lo)·s⌋, never decreases as x grows (each
// floating-point step rounds monotonically), so every value of a bucket is
// at most every value of the next: the k-th smallest of all is the
// (k − values in earlier buckets)-th smallest of its bucket, the same
// value that a selection over all of x finds. Two passes of arithmetic
// replace the partitions of a quickselect over the whole series (default
// run: 382 series of 10,000 draws). It reports false, having done
// nothing, when x holds a NaN or an infinity, or has no spread to cut;
// the caller then selects over all of x.
func orderStats(x []float64, ranks []int, v []float64, sc *selScratch) bool {
	if len(x) == 0 {
		return false
	}
	lo, hi := x[0], x[0]
	for _, e := range x {
		lo, hi = min(lo, e), max(hi, e)
	}
	w := hi - lo
	if math.IsNaN(w) || math.IsInf(w, 0) || w == 0 {
		return false // a NaN makes min and max NaN; equal values need no buckets
	}
	s := selectBuckets / w
	if math.IsInf(s, 0) {
		return false
	}
	bucket := func(e float64) int { return min(int((e-lo)*s), selectBuckets-1) }
	count, start, want := &sc.count, &sc.start, &sc.want
	clear(count[:])
	clear(want[:])
	for _, e := range x {
		count[bucket(e)]++
	}
	// The bucket of each rank, and where its values go in buf (wanted
	// buckets only, in bucket order).
	var rb [8]int
	if len(ranks) > len(rb) {
		return false
	}
	cum, b, gathered := 0, 0, int32(0)
	for j, r := range ranks {
		for cum+int(count[b]) <= r {
			cum += int(count[b])
			b++
		}
		rb[j] = b
		if !want[b] {
			want[b] = true
			start[b] = gathered
			gathered += count[b]
		}
	}
	if cap(sc.buf) < int(gathered) {
		sc.buf = make([]float64, gathered)
	}
	buf := sc.buf[:gathered]
	next := *start
	for _, e := range x {
		if b := bucket(e); want[b] {
			buf[next[b]] = e
			next[b]++
		}
	}
	// Select within each wanted bucket the ranks it holds, offset to it.
	var lb [8]int
	local := lb[:0]
	for j := 0; j < len(ranks); {
		b := rb[j]
		before := 0
		for k := range b {
			before += int(count[k])
		}
		seg := buf[start[b] : start[b]+count[b]]
		local = local[:0]
		k := j
		for ; k < len(ranks) && rb[k] == b; k++ {
			local = append(local, ranks[k]-before)
		}
		selectRanks(seg, local, 0, len(seg)-1, 2*bits.Len(uint(len(seg))))
		for i := j; i < k; i++ {
			v[i] = seg[local[i-j]]
		}
		j = k
	}
	return true
}
