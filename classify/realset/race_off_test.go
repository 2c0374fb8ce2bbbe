//go:build !race

package realset

const raceEnabled = false
