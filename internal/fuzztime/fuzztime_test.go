package fuzztime

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestWithin(t *testing.T) {
	old, oldSlow := PerInput, onSlow
	defer func() { PerInput, onSlow = old, oldSlow }()
	PerInput = 50 * time.Millisecond
	var slow atomic.Int32
	onSlow = func(string) { slow.Add(1) }

	Within(t, func() {})
	time.Sleep(100 * time.Millisecond)
	if slow.Load() != 0 {
		t.Error("a fast input was reported slow")
	}
	Within(t, func() { time.Sleep(150 * time.Millisecond) })
	if slow.Load() != 1 {
		t.Error("a slow input was not reported")
	}
}
