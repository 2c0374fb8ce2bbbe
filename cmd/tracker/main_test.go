package main

import (
	"os"
	"testing"
)

// TestMain lets a test run this test binary as the tracker program itself
// (TRACKER_RUN_MAIN=1), so that daemon tests can signal and kill a real
// process without building another binary.
func TestMain(m *testing.M) {
	if os.Getenv("TRACKER_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}
