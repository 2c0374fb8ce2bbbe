package procmem

import (
	"os"
	"os/exec"
	"runtime"
	"slices"
	"testing"
)

func TestTreeCountsChildren(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("procmem reads /proc: Linux only")
	}
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Skipf("no sleep command to start a child: %v", err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()

	self := os.Getpid()
	if pids := Pids(self); !slices.Contains(pids, cmd.Process.Pid) || pids[0] != self {
		t.Fatalf("Pids(%d) = %v, want %d first and the child %d in it", self, pids, self, cmd.Process.Pid)
	}
	own, child := Of(self), Of(cmd.Process.Pid)
	if own <= 0 || child <= 0 {
		t.Fatalf("Of: own %d, child %d: want both above 0", own, child)
	}
	if tree := Tree(self); tree < own+child {
		t.Errorf("Tree = %d, want at least own %d + child %d", tree, own, child)
	}
	if got := Of(1 << 30); got != 0 {
		t.Errorf("Of(a pid that does not exist) = %d, want 0", got)
	}
}
