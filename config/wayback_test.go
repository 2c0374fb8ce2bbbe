package config

import (
	"strings"
	"testing"
	"time"
)

const oneVendor = "vendors:\n  - id: a\n    name: A\n    documents:\n      - {type: privacy, url: https://a.example/p}\n"

func TestWaybackLimits(t *testing.T) {
	tests := []struct {
		name          string
		yaml          string
		cdx, captures int
		window        time.Duration
		warning       string // "" for none
		err           string // "" for a valid file
	}{
		{name: "defaults", cdx: 20, captures: 120, window: 24 * time.Hour},
		{name: "set", yaml: "wayback:\n  cdx_per_minute: 30\n  captures_per_minute: 500\n  nearest_window: 2h\n", cdx: 30, captures: 500, window: 2 * time.Hour},
		{name: "index above the archive's limit", yaml: "wayback:\n  cdx_per_minute: 31\n",
			err: "cfg.yaml:2: wayback.cdx_per_minute: must be between 1 and 30"},
		{name: "replays above", yaml: "wayback:\n  captures_per_minute: 501\n",
			err: "cfg.yaml:2: wayback.captures_per_minute: must be between 1 and 500"},
		{name: "window", yaml: "wayback:\n  nearest_window: 0s\n", err: "cfg.yaml:2: wayback.nearest_window: must be"},
		{name: "window too wide", yaml: "wayback:\n  nearest_window: 800h\n", err: "cfg.yaml:2: wayback.nearest_window: must be"},
		// An old file still loads: its one limit caps both, the index at
		// most at its default.
		{name: "old key, slow", yaml: "wayback:\n  requests_per_minute: 10\n", cdx: 10, captures: 10, window: 24 * time.Hour,
			warning: "cfg.yaml:2: wayback.requests_per_minute is deprecated: the archive limits its index and its replays apart; write cdx_per_minute: 10 and captures_per_minute: 10 instead"},
		{name: "old key, 60 (above the index's limit)", yaml: "wayback:\n  requests_per_minute: 60\n", cdx: 20, captures: 60, window: 24 * time.Hour,
			warning: "write cdx_per_minute: 20 and captures_per_minute: 60 instead"},
		{name: "old key out of its old range", yaml: "wayback:\n  requests_per_minute: 100\n",
			err: "cfg.yaml:2: wayback.requests_per_minute: is replaced by cdx_per_minute (at most 30) and captures_per_minute (at most 500)"},
		{name: "old and new keys", yaml: "wayback:\n  requests_per_minute: 15\n  cdx_per_minute: 10\n",
			err: "cfg.yaml:2: wayback.requests_per_minute: is replaced by cdx_per_minute and captures_per_minute: remove it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse([]byte(tt.yaml+oneVendor), "cfg.yaml")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			w := cfg.Wayback
			if w.CDXPerMinute != tt.cdx || w.CapturesPerMinute != tt.captures || w.NearestWindow != tt.window {
				t.Errorf("wayback = %+v, want %d, %d, %v", w, tt.cdx, tt.captures, tt.window)
			}
			if got := strings.Join(cfg.Warnings, "\n"); (tt.warning == "") != (got == "") || !strings.Contains(got, tt.warning) {
				t.Errorf("warnings %q, want %q", got, tt.warning)
			}
		})
	}
}
