package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/wayback/waybacktest"
)

// 9. Progress shows captures done / total with a real rate and an ETA,
// from the first line on.
func TestBackfillProgressRateAndETA(t *testing.T) {
	clk := waybacktest.NewClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	var out bytes.Buffer
	report := progress(&out, clk.Now)
	tg := pipeline.Target{Vendor: config.Vendor{ID: "ex"}, Doc: config.Document{Type: "privacy"}}
	report(tg, 0, 10) // the document starts
	for i := 1; i <= 4; i++ {
		clk.Advance(500 * time.Millisecond) // 120 captures a minute
		report(tg, i, 10)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{
		"backfill: ex/privacy: 1/10 captures, 120.0/min, ETA 5s",
		"backfill: ex/privacy: 2/10 captures, 120.0/min, ETA 4s",
		"backfill: ex/privacy: 3/10 captures, 120.0/min, ETA 4s",
		"backfill: ex/privacy: 4/10 captures, 120.0/min, ETA 3s",
	}
	if got := lines[len(lines)-4:]; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("progress:\n%s\nwant the last lines\n%s", out.String(), strings.Join(want, "\n"))
	}
}

// 9. A site the archive blocks (CDX 403 with X-Archive-Wayback-Runtime-Error)
// is a permanent failure: the message must not send the user back to a
// rerun.
func TestBackfillBlockedSiteIsPermanent(t *testing.T) {
	arch := waybacktest.New(t, waybacktest.Capture{Timestamp: "20170929002712", Original: "https://nationalpost.com/health/", Body: "<p>x</p>"})
	arch.Exclude("https://nationalpost.com/health")
	dir := t.TempDir()
	conf := writeConfig(t, dir, fmt.Sprintf("database: %s\nwayback: {base_url: %s}\nvendors:\n  - id: np\n    name: National Post\n    documents:\n      - {type: privacy, url: \"https://nationalpost.com/health/\"}\n",
		filepath.Join(dir, "t.db"), arch.URL))
	code, out, errOut := tracker(t, "backfill", "--config", conf)
	if code != 1 {
		t.Errorf("exit %d, want 1\n%s%s", code, out, errOut)
	}
	all := out + errOut
	if !strings.Contains(all, "permanent") || strings.Contains(all, "run backfill again") {
		t.Errorf("output does not say the block is permanent, or sends the user to a rerun:\n%s", all)
	}
}

func TestBackfillCommand(t *testing.T) {
	const page = "http://www.usatoday.com/2000/century/tech/004.htm"
	var caps []waybacktest.Capture
	for i, c := range waybacktest.RecordedIndex(t, "cdx-usatoday.com-bad-timestamps.txt") {
		c.Body = fmt.Sprintf("<html><body><main><h1>Privacy</h1><p>We keep your data for %d days. We never sell it to anyone at all.</p></main></body></html>", 10*(i+1))
		c.Digest = ""
		caps = append(caps, c)
	}
	arch := waybacktest.New(t, caps...)
	dir := t.TempDir()
	conf := writeConfig(t, dir, fmt.Sprintf("database: %s\nwayback: {base_url: %s, captures_per_minute: 500}\nvendors:\n  - id: usa\n    name: USA Today\n    documents:\n      - {type: privacy, url: %q}\n",
		filepath.Join(dir, "t.db"), arch.URL, page))
	code, out, errOut := tracker(t, "backfill", "--config", conf)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	// The line is longer than 100 columns: its end wraps under the status.
	if want := "usa/privacy                  4 captures, 4 fetched, 4 new versions, 0 skipped, 2 index timestamps\n" +
		strings.Repeat(" ", 31) + "repaired\n"; out != want {
		t.Errorf("output %q, want %q", out, want)
	}
	var progressLines int
	for _, l := range strings.Split(errOut, "\n") {
		if strings.HasPrefix(l, "backfill: usa/privacy: ") {
			progressLines++
			if !strings.Contains(l, "/min, ETA ") {
				t.Errorf("progress line without rate and ETA: %q", l)
			}
		}
	}
	if progressLines != 4 {
		t.Errorf("%d progress lines, want 4:\n%s", progressLines, errOut)
	}
}
