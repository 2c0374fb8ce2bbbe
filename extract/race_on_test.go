//go:build race

package extract

// raceEnabled: the race detector slows extraction about tenfold, and the
// real-world replay would take minutes; .ci/run replays the same set with
// the built binary instead.
const raceEnabled = true
