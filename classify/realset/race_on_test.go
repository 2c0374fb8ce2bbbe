//go:build race

package realset

// raceEnabled: the race detector slows the set's run tenfold, and the
// run then crowds the timing-sensitive tests of other packages.
const raceEnabled = true
