package hugemem

import (
	"syscall"
	"unsafe"
)

// mapFloats maps an anonymous private region with room for n float64s
// starting on a huge-page boundary, advises that part with MADV_HUGEPAGE,
// and returns the mapping and the buffer (nil, nil if mapping fails).
func mapFloats(n int) ([]byte, []float64) {
	size := n * 8
	mem, err := syscall.Mmap(-1, 0, size+hugePage, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil, nil
	}
	off := 0
	if r := int(uintptr(unsafe.Pointer(&mem[0])) % hugePage); r != 0 {
		off = hugePage - r
	}
	body := mem[off : off+size]
	// Advice is a hint: without transparent huge pages it fails or does
	// nothing, and the region works as ordinary pages.
	_ = syscall.Madvise(body, syscall.MADV_HUGEPAGE)
	return mem, unsafe.Slice((*float64)(unsafe.Pointer(&body[0])), n)
}

func unmap(mem []byte) { _ = syscall.Munmap(mem) }
