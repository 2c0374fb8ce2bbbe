//go:build race

package browser

// raceEnabled: under the race detector Chromium's pages take several times
// longer and crowd out the timing of the daemon tests running beside them;
// .ci/run runs the tests that drive Chromium again without it.
const raceEnabled = true
