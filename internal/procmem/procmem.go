// Package procmem reads how much memory a process and its descendants hold,
// from /proc. Linux only: elsewhere every figure is 0.
package procmem

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Tree is the memory root and its descendants hold, in bytes: the sum of
// Of over Pids(root).
func Tree(root int) int64 {
	var total int64
	for _, p := range Pids(root) {
		total += Of(p)
	}
	return total
}

// Pids is root and its descendants, read from /proc.
func Pids(root int) []int {
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

// Of is a process's proportional set size (Pss, shared pages split among
// the processes sharing them) from smaps_rollup, else its VmRSS; 0 when
// the process is gone.
func Of(pid int) int64 {
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
