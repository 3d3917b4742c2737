// Package hugemem gives large, short-lived float64 buffers whose pages the
// kernel may back with transparent huge pages.
//
// A fresh 4 KiB page costs one minor page fault when it is first written;
// on a virtual machine a fault can cost ten microseconds or more (12 µs on
// the project's 2-core CI machine, measured with perf stat), so filling a
// 20 MB buffer costs tens of milliseconds in faults alone. Where
// transparent huge pages are enabled for advised memory
// (/sys/kernel/mm/transparent_hugepage/enabled set to always or madvise,
// the default of most Linux distributions), a 2 MiB-aligned region advised
// with madvise(MADV_HUGEPAGE) is faulted in 2 MiB at a time: 512 times
// fewer faults (Linux kernel documentation, admin-guide/mm/transhuge).
//
// The Go runtime does not advise its heap so (since Go 1.21.1), and a
// buffer from the heap cannot be advised safely, hence this package: it
// maps the memory itself, outside the Go heap. Such memory is not scanned
// by the garbage collector, so it may hold only values without pointers,
// and it must not be used after [Floats.Release]. Elsewhere (other
// systems, small buffers, a failed mapping) it falls back to make.
package hugemem

import "runtime"

// Floats is a zeroed []float64 buffer. The zero value is an empty buffer.
type Floats struct {
	// X is the buffer. Do not use it, or any slice of it, after Release.
	X       []float64
	mem     []byte // the mapping, nil when X came from make
	cleanup runtime.Cleanup
}

// minBytes is the smallest buffer worth a mapping of its own: below it the
// faults saved are fewer than a mapping's system calls cost.
const minBytes = 4 << 20

// hugePage is the size of an x86-64 or arm64 transparent huge page.
const hugePage = 2 << 20

// NewFloats returns a zeroed buffer of n float64s.
func NewFloats(n int) *Floats {
	if n*8 >= minBytes {
		if mem, x := mapFloats(n); x != nil {
			f := &Floats{X: x, mem: mem}
			// A buffer dropped without Release (a run that stopped on an
			// error) is unmapped when f is collected: nothing else can
			// reach the memory then, since slices of it are not traced.
			f.cleanup = runtime.AddCleanup(f, unmap, mem)
			return f
		}
	}
	return &Floats{X: make([]float64, n)}
}

// Release returns the buffer's memory to the system; X is nil after it.
// It may be called more than once.
func (f *Floats) Release() {
	if f.mem != nil {
		f.cleanup.Stop()
		unmap(f.mem)
		f.mem = nil
	}
	f.X = nil
}
