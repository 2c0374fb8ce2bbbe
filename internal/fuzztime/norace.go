//go:build !race

package fuzztime

const raceFactor = 1
