package browser

import "github.com/tracker-dev/tracker/internal/procmem"

// Stats are a Browser's counters since it was made.
type Stats struct {
	Pages     int     // rendered
	Failures  int     // pages that failed
	Seconds   float64 // spent rendering, failures included
	Bytes     int64   // downloaded by pages, documents included
	Starts    int     // browser processes started
	Restarts  int     // of which replaced after RestartEvery pages or a death
	Crashes   int     // processes that died under a page
	IdleStops int     // processes stopped after IdleTimeout without a page
}

// Stats returns the counters.
func (b *Browser) Stats() Stats {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stats
}

// Memory is the memory the running browser's processes hold, in bytes
// (proportional set size: shared pages split among the processes sharing
// them), or 0 when no browser runs. Linux only; 0 elsewhere.
func (b *Browser) Memory() int64 {
	b.mu.Lock()
	cur := b.cur
	b.mu.Unlock()
	if cur == nil || cur.dead() {
		return 0
	}
	pid := cur.pid()
	if pid == 0 {
		return 0
	}
	return procmem.Tree(pid)
}
