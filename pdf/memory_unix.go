//go:build unix

package pdf

import (
	"context"
	"syscall"

	"github.com/tetratelabs/wazero/experimental"
)

// withReservedMemory makes PDFium's linear memory one reservation of its
// maximum size that the kernel backs page by page as PDFium touches it.
// wazero's default grows memory by appending to a Go slice, which copies
// it on every growth and leaves the old copies to the garbage collector:
// a PDF that fills a 256 MiB memory left the process at 860 MiB resident.
func withReservedMemory(ctx context.Context) context.Context {
	return experimental.WithMemoryAllocator(ctx, experimental.MemoryAllocatorFunc(reserve))
}

func reserve(_, max uint64) experimental.LinearMemory {
	buf, err := syscall.Mmap(-1, 0, int(max), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON|syscall.MAP_NORESERVE)
	if err != nil {
		// No address space to reserve: a Go slice of the same size, which
		// the runtime also takes from fresh, untouched pages.
		buf = make([]byte, max)
		return &reserved{buf: buf, heap: true}
	}
	return &reserved{buf: buf}
}

type reserved struct {
	buf  []byte
	heap bool // made by the Go runtime, not mapped here
}

// Reallocate never moves the memory: it shows more of the reservation.
func (m *reserved) Reallocate(size uint64) []byte {
	if size > uint64(len(m.buf)) {
		return nil // past the cap: PDFium's allocation fails
	}
	return m.buf[:size]
}

func (m *reserved) Free() {
	if m.buf != nil && !m.heap {
		_ = syscall.Munmap(m.buf)
	}
	m.buf = nil
}
