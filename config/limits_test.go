package config

import (
	"testing"

	"github.com/tracker-dev/tracker/wayback"
)

// The limits checked here are the client's.
func TestWaybackLimitsMatchTheClient(t *testing.T) {
	d := Default().Wayback
	if d.CDXPerMinute != wayback.DefaultCDXPerMinute || d.CapturesPerMinute != wayback.DefaultCapturesPerMinute ||
		d.NearestWindow != wayback.DefaultNearestWindow || maxCDXPerMinute != wayback.MaxCDXPerMinute || maxCapturesPerMinute != wayback.MaxCapturesPerMinute {
		t.Errorf("config %+v and limits %d, %d differ from the wayback client's", d, maxCDXPerMinute, maxCapturesPerMinute)
	}
}
