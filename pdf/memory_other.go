//go:build !unix

package pdf

import "context"

// withReservedMemory leaves wazero's own memory allocation in place where
// there is no mmap (see memory_unix.go).
func withReservedMemory(ctx context.Context) context.Context { return ctx }
