// Package fuzztime gives fuzz targets a time limit per input: an input
// that makes a parser or a differ slow (a quadratic path, a loop) is a
// failure the fuzzer reports and keeps, not a run that merely takes long.
package fuzztime

import (
	"fmt"
	"testing"
	"time"
)

// PerInput is the time one input may take. The race detector slows code
// several times over; the limit grows with it.
var PerInput = 2 * time.Second * raceFactor

// onSlow ends the process: the input is still running and cannot be
// stopped from outside, and a crashed fuzz worker makes the fuzzer save
// the input as a failure. Tests of this package replace it.
var onSlow = func(msg string) { panic(msg) }

// Within runs f on the test's goroutine (so f may call t.Fatal) and ends
// the run when f takes longer than PerInput.
func Within(t testing.TB, f func()) {
	t.Helper()
	timer := time.AfterFunc(PerInput, func() {
		onSlow(fmt.Sprintf("fuzztime: %s: input took longer than %s: a slow input is a bug", t.Name(), PerInput))
	})
	defer timer.Stop()
	f()
}
