package main

import "runtime/debug"

// defaultMemoryLimit is the soft limit of the Go heap unless GOMEMLIMIT
// says otherwise. The collector normally lets the heap grow to twice what
// is live: a crawl that compares a 5 MB page rewritten whole while bombs
// are refused beside it (bench/cmd/hostile) peaked at 137 MiB with half of
// it garbage. Near the limit the collector runs sooner; it is soft, so a
// larger live heap (a big daemon) only makes collections more frequent,
// and Go caps their share of the CPU.
const defaultMemoryLimit = 80 << 20

// softMemoryLimit applies defaultMemoryLimit when GOMEMLIMIT is not set
// (the runtime has read it then).
func softMemoryLimit(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}
