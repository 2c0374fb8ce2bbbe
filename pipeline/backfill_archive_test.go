package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/store"
	"github.com/tracker-dev/tracker/wayback"
	"github.com/tracker-dev/tracker/wayback/waybacktest"
)

// These tests replay what web.archive.org really answers (the recordings
// under wayback/waybacktest/testdata) through a whole backfill: one per
// numbered point of issue 17.

// backfillDoc opens an app watching one document at pageURL, archived by
// arch, and a client on a fake clock.
func backfillDoc(t *testing.T, arch *waybacktest.Server, pageURL string) (*App, *wayback.Client, *waybacktest.Clock, Target) {
	t.Helper()
	a := openTestApp(t, fmt.Sprintf("database: tracker.db\nwayback: {base_url: %s}\nvendors:\n  - id: ex\n    name: Example\n    documents:\n      - {type: privacy, url: %q}\n", arch.URL, pageURL))
	clk := waybacktest.NewClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	arch.SetClock(clk.Now)
	wb := wayback.New(wayback.Options{BaseURL: arch.URL, Sleep: clk.Sleep, Now: clk.Now})
	targets, err := a.Select(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	return a, wb, clk, targets[0]
}

func capturesByTimestamp(t *testing.T, a *App, tg Target) map[string]store.Capture {
	t.Helper()
	caps, err := a.Store().Captures(context.Background(), tg.Stored.ID)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]store.Capture{}
	for _, c := range caps {
		m[c.Timestamp] = c
	}
	return m
}

func versionTimes(t *testing.T, a *App, tg Target) []string {
	t.Helper()
	hist, err := a.History(context.Background(), tg)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range hist {
		out = append(out, h.Version.CapturedAt.UTC().Format("20060102150405"))
	}
	return out
}

// 1. An archived 429 or 5xx is a capture like any other: the site answered
// it. It is skipped and recorded, never taken for the archive refusing; a
// capture whose body cannot be read is given up for this run, not the run.
func TestBackfillArchivedErrorsAreSkippedCaptures(t *testing.T) {
	const page = "http://www.reddit.com/r/PokemonGiveaway"
	reddit := waybacktest.Recorded(t, "replay-reddit.com-20150129034904.http")
	arch := waybacktest.New(t,
		// The site's rate-limit page, captured in December: the index
		// filters 429 rows out, but a revisit of that payload in range
		// is listed ("-") and replays it, with its 429.
		waybacktest.Capture{Timestamp: "20141201000000", Original: page, Status: 429, Body: string(reddit.Body),
			Header: http.Header{"Content-Type": reddit.Header.Values("Content-Type")}},
		waybacktest.Capture{Timestamp: "20150101000000", Original: page, Body: policyHTML("a", texts[0]...)},
		waybacktest.Capture{Timestamp: "20150129034904", Original: page, Revisit: true, Body: string(reddit.Body)},
		// Listed, but the archive plays its nearest capture instead,
		// half an hour later: an archived 503.
		waybacktest.Capture{Timestamp: "20150201000000", Original: page, Unplayable: true, Body: "unplayable"},
		waybacktest.Capture{Timestamp: "20150201003000", Original: page, Status: 503, Body: "<html><body>Service Unavailable</body></html>"},
		waybacktest.Capture{Timestamp: "20150215000000", Original: page, Body: policyHTML("b", texts[1]...)},
		waybacktest.Capture{Timestamp: "20150301000000", Original: page, Body: policyHTML("c", texts[2]...)},
	)
	// The connection drops five times in a row while the 15 February
	// capture is read: more than one capture is allowed.
	for range 5 {
		arch.Fail(waybacktest.Fault{Drop: true, Path: "/web/20150215000000"})
	}
	a, wb, clk, tg := backfillDoc(t, arch, page)
	ctx := context.Background()
	since := BackfillOptions{Since: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)}

	outs, err := a.Backfill(ctx, wb, []Target{tg}, since)
	if err == nil || outs[0].Err == nil || !strings.Contains(outs[0].Err.Error(), "run backfill again") {
		t.Errorf("first run: err %v, outcome %v; want the unread capture reported for the next run", err, outs[0].Err)
	}
	if got := versionTimes(t, a, tg); strings.Join(got, " ") != "20150101000000 20150301000000" {
		t.Errorf("versions at %v, want 2015-01-01 and 2015-03-01", got)
	}
	recorded := capturesByTimestamp(t, a, tg)
	for _, ts := range []string{"20150129034904", "20150201000000"} {
		if c, ok := recorded[ts]; !ok || c.Error == "" || c.VersionID != 0 {
			t.Errorf("archived error at %s: recorded %v as %+v, want a skipped capture", ts, ok, c)
		}
	}
	if _, ok := recorded["20150215000000"]; ok {
		t.Errorf("the unread capture was recorded: it would never be fetched again")
	}
	for _, d := range clk.Sleeps() {
		if d >= 10*time.Minute {
			t.Errorf("slept %v: an archived error paused the archive", d)
		}
	}

	replays := arch.Count(waybacktest.ReplayPrefix)
	_, err = a.Backfill(ctx, wb, []Target{tg}, since)
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	// Two more drops, then the capture: three requests, and nothing else.
	if got := arch.Count(waybacktest.ReplayPrefix) - replays; got != 3 {
		t.Errorf("second run sent %d replay requests, want 3 (only the unread capture)", got)
	}
	if got := versionTimes(t, a, tg); len(got) != 3 || got[1] != "20150215000000" {
		t.Errorf("versions at %v after the second run, want the 15 February one added", got)
	}
}

// 2. Index rows of 2000-era crawls with month or day 00 are repaired, not
// fatal to the document's whole listing.
func TestBackfillRepairsMalformedIndexRows(t *testing.T) {
	const page = "http://www.usatoday.com/2000/century/tech/004.htm"
	var caps []waybacktest.Capture
	for i, c := range waybacktest.RecordedIndex(t, "cdx-usatoday.com-bad-timestamps.txt") {
		c.Body = policyHTML(fmt.Sprint(i), texts[i%len(texts)]...)
		c.Digest = "" // computed from the body
		caps = append(caps, c)
	}
	arch := waybacktest.New(t, caps...)
	a, wb, _, tg := backfillDoc(t, arch, page)
	outs, err := a.Backfill(context.Background(), wb, []Target{tg}, BackfillOptions{})
	if err != nil {
		t.Fatalf("backfill: %v (%+v)", err, outs)
	}
	// 004.htm has four rows: 2000-01-25, 2000-03-11, "2000-00-12" (Dec 17,
	// the 00 inserted before the month) and "2000-08-00" (Aug 24).
	want := "20000125210430 20000311052312 20000824162300 20001217044900"
	if got := strings.Join(versionTimes(t, a, tg), " "); got != want {
		t.Errorf("versions at %s, want %s", got, want)
	}
}

// 3. The archive's own redirect to the nearest capture is followed only
// within the window (24 h), and a version is dated by what was replayed.
func TestBackfillNearestCaptureWindow(t *testing.T) {
	const page = "https://www.epa.gov/sites/production/files/signpost/cc.html"
	cc := waybacktest.Recorded(t, "replay-epa.gov-cc-20200201024405.http")
	body := string(cc.Body)
	arch := waybacktest.New(t,
		// Listed but not playable: the archive sends each to the capture
		// of 1 February 02:44:05.
		waybacktest.Capture{Timestamp: "20200101000000", Original: page, Unplayable: true, Body: "x"}, // 31 days before
		waybacktest.Capture{Timestamp: "20200201023757", Original: page, Unplayable: true, Body: "y"}, // 6 minutes before
		waybacktest.Capture{Timestamp: "20200201024405", Original: page, Body: body},
		waybacktest.Capture{Timestamp: "20200207000000", Original: page, Unplayable: true, Body: "z"}, // 6 days after
	)
	a, wb, _, tg := backfillDoc(t, arch, page)
	if _, err := a.Backfill(context.Background(), wb, []Target{tg}, BackfillOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(versionTimes(t, a, tg), " "); got != "20200201024405" {
		t.Errorf("versions at %s, want one, dated by the capture replayed: 20200201024405", got)
	}
	// The 02:44:05 capture was replayed through the 02:37:57 row: its own
	// row needs no request. The two far rows cost one each, not followed.
	if got := arch.Count("/web/20200201024405"); got != 1 {
		t.Errorf("the 02:44:05 capture was requested %d times, want once", got)
	}
	if got := arch.Count(waybacktest.ReplayPrefix); got != 4 {
		t.Errorf("%d replay requests, want 4", got)
	}
	recorded := capturesByTimestamp(t, a, tg)
	for _, ts := range []string{"20200101000000", "20200207000000"} {
		if c := recorded[ts]; c.Error == "" || !strings.Contains(c.Error, "window") {
			t.Errorf("row %s: recorded %+v, want skipped as outside the window", ts, c)
		}
	}
}

// 4. Gzip quirks: a blank content-encoding beside Content-Encoding: gzip,
// and gzip bytes as the body, are decoded; bytes that are not text are
// never stored.
func TestBackfillDecodesGzipQuirks(t *testing.T) {
	const page = "https://example.com/privacy"
	arch := waybacktest.New(t,
		waybacktest.Capture{Timestamp: "20190101000000", Original: page, Body: policyHTML("a", texts[0]...)},
		waybacktest.Capture{Timestamp: "20190601000000", Original: page, Body: policyHTML("b", texts[0]...), Quirk: waybacktest.BlankContentEncoding},
		waybacktest.Capture{Timestamp: "20190901000000", Original: page, Body: policyHTML("c", texts[0]...), Quirk: waybacktest.GzipBody},
		waybacktest.Capture{Timestamp: "20191001000000", Original: page, Body: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"},
		waybacktest.Capture{Timestamp: "20200101000000", Original: page, Body: policyHTML("d", texts[1]...), Quirk: waybacktest.BlankContentEncoding},
	)
	a, wb, _, tg := backfillDoc(t, arch, page)
	if _, err := a.Backfill(context.Background(), wb, []Target{tg}, BackfillOptions{}); err != nil {
		t.Fatal(err)
	}
	hist, err := a.History(context.Background(), tg)
	if err != nil {
		t.Fatal(err)
	}
	var times []string
	for _, h := range hist {
		times = append(times, h.Version.CapturedAt.Format("20060102"))
		if !utf8.ValidString(h.Version.Text) || strings.ContainsAny(h.Version.Text, "\x00\x1f\ufffd") {
			t.Errorf("version of %s stores bytes that are not text: %.80q", h.Version.CapturedAt, h.Version.Text)
		}
	}
	if strings.Join(times, " ") != "20190101 20200101" {
		t.Errorf("versions %v, want 2019-01-01 and 2020-01-01: the quirky captures hold the same text", times)
	}
	if c := capturesByTimestamp(t, a, tg)["20191001000000"]; c.Error == "" {
		t.Errorf("binary capture recorded as %+v, want skipped", c)
	}
}

// 5. The archive's own pages (excluded, not archived: no Memento-Datetime)
// are never stored as versions of the policy.
func TestBackfillNeverStoresTheArchivesOwnPages(t *testing.T) {
	const page = "https://nationalpost.com/health/"
	excluded := waybacktest.Recorded(t, "replay-nationalpost.com-excluded.http")
	notArchived := waybacktest.Recorded(t, "replay-not-archived.http")
	arch := waybacktest.New(t,
		waybacktest.Capture{Timestamp: "20170101000000", Original: page, Body: policyHTML("a", texts[0]...)},
		waybacktest.Capture{Timestamp: "20170601000000", Original: page, Body: policyHTML("b", texts[1]...)},
		waybacktest.Capture{Timestamp: "20170929002712", Original: page, Body: policyHTML("c", texts[2]...)},
	)
	arch.Fail(
		waybacktest.Fault{Status: http.StatusNotFound, Body: string(notArchived.Body), Header: notArchived.Header, Path: "/web/20170601000000"},
		waybacktest.Fault{Status: http.StatusOK, Body: string(excluded.Body), Header: excluded.Header, Path: "/web/20170929002712"},
	)
	a, wb, _, tg := backfillDoc(t, arch, page)
	outs, _ := a.Backfill(context.Background(), wb, []Target{tg}, BackfillOptions{})
	hist, err := a.History(context.Background(), tg)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hist {
		if strings.Contains(h.Version.Text, "Wayback Machine") {
			t.Errorf("the archive's own page is stored as the version of %s: %q", h.Version.CapturedAt, h.Version.Text)
		}
	}
	if len(hist) != 1 {
		t.Errorf("%d versions, want 1", len(hist))
	}
	if outs[0].Err == nil || !strings.Contains(outs[0].Err.Error(), "excluded") {
		t.Errorf("outcome error %v, want the exclusion reported", outs[0].Err)
	}
}

// 6. One CDX query per URL key (the index folds www.), and revisits
// interleaved with redirect rows cost one fetch per distinct content.
func TestBackfillFetchesEachDistinctCaptureOnce(t *testing.T) {
	var caps []waybacktest.Capture
	for _, c := range waybacktest.RecordedIndex(t, "cdx-energystar.gov-revisits.http") {
		if c.StatusCode == "-" {
			c.Body = policyHTML("x", texts[0]...) // the payload the revisits refer to
		} else {
			c.RedirectTo = "https://www.energystar.gov/"
		}
		caps = append(caps, c)
	}
	arch := waybacktest.New(t, caps...)
	a, wb, _, tg := backfillDoc(t, arch, "https://www.energystar.gov/")
	outs, err := a.Backfill(context.Background(), wb, []Target{tg}, BackfillOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := arch.Count(waybacktest.CDXPath); got != 1 {
		t.Errorf("%d CDX requests, want 1: www.energystar.gov and energystar.gov are one key", got)
	}
	if got := arch.Count(waybacktest.ReplayPrefix); got != 1 {
		t.Errorf("%d replays, want 1: every 200 row is a revisit of one payload", got)
	}
	if outs[0].Versions != 1 {
		t.Errorf("%d versions, want 1", outs[0].Versions)
	}
}

// 7. A file with the old single limit still opens, says what to write
// instead, and its backfill client keeps the archive's limits.
func TestBackfillOldLimitKeyStillWorks(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tracker.yaml")
	body := "database: tracker.db\nwayback:\n  requests_per_minute: 60\nvendors:\n  - id: ex\n    name: Example\n    documents:\n      - {type: privacy, url: https://example.com/privacy}\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatalf("an old file no longer loads: %v", err)
	}
	var logs bytes.Buffer
	a, err := Open(context.Background(), cfg, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if !strings.Contains(logs.String(), "wayback.requests_per_minute is deprecated") || !strings.Contains(logs.String(), "cdx_per_minute: 20 and captures_per_minute: 60") {
		t.Errorf("no deprecation warning in the log:\n%s", logs.String())
	}
	if w := a.Config().Wayback; w.CDXPerMinute != 20 || w.CapturesPerMinute != 60 {
		t.Errorf("limits read as %+v, want the index at 20 (the archive allows 30) and replays at 60", w)
	}
}
