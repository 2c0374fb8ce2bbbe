package browser

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

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
	var total int64
	for _, p := range processTree(pid) {
		total += processMemory(p)
	}
	return total
}

// processTree is root and its descendants, read from /proc.
func processTree(root int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	children := map[int][]int{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// The command name in parentheses may hold spaces: the parent's
		// pid is the second field after its closing parenthesis.
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(stat[i+1:]))
		if len(f) < 2 {
			continue
		}
		if ppid, err := strconv.Atoi(f[1]); err == nil {
			children[ppid] = append(children[ppid], pid)
		}
	}
	out := []int{root}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i]]...)
	}
	return out
}

// processMemory is a process's Pss from smaps_rollup, else its VmRSS.
func processMemory(pid int) int64 {
	for _, src := range []struct{ file, key string }{{"smaps_rollup", "Pss:"}, {"status", "VmRSS:"}} {
		f, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), src.file))
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), src.key); ok {
				f.Close()
				kb, _ := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
				return kb << 10
			}
		}
		f.Close()
	}
	return 0
}
