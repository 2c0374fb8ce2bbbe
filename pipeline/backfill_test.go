package pipeline

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/wayback"
	"github.com/tracker-dev/tracker/wayback/waybacktest"
)

// texts are five successive versions of a small policy.
var texts = [][]string{
	{"We collect your name and e-mail address.", "We do not sell your personal information."},
	{"We collect your name, e-mail address and phone number.", "We do not sell your personal information."},
	{"We collect your name, e-mail address and phone number.", "We do not sell your personal information.", "We keep your data for 30 days."},
	{"We collect your name, e-mail address and phone number.", "We may share your personal information with advertising partners.", "We keep your data for 30 days."},
	{"We collect your name, e-mail address, phone number and precise location.", "We may share your personal information with advertising partners.", "We keep your data for 2 years."},
}

const policyURL = "https://example.com/privacy"

// archive30 holds 30 captures of the five texts, six each, in order, with
// page chrome that differs between captures (so their digests differ too),
// plus two captures sharing a digest.
func archive30(t *testing.T) (*waybacktest.Server, []time.Time) {
	arch := waybacktest.New(t)
	var firsts []time.Time
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 30 {
		at := start.Add(time.Duration(i) * 61 * 24 * time.Hour)
		text := texts[i/6]
		stamp := fmt.Sprintf("%d-%d", at.Year(), i%3) // repeats: some captures share bytes
		if i%6 == 0 {
			firsts = append(firsts, at)
		}
		original := policyURL
		if i%2 == 1 {
			original = "http://example.com:80/privacy" // as the archive records it
		}
		arch.Add(waybacktest.Capture{Timestamp: at.Format("20060102150405"), Original: original, Body: policyHTML(stamp, text...)})
	}
	return arch, firsts
}

func backfillApp(t *testing.T, base string) (*App, *wayback.Client) {
	t.Helper()
	a := openTestApp(t, fmt.Sprintf(`database: tracker.db
wayback: {base_url: %s}
vendors:
  - id: ex
    name: Example
    documents:
      - {type: privacy, url: %s}
`, base, policyURL))
	clk := waybacktest.NewClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	wb := wayback.New(wayback.Options{BaseURL: base, Sleep: clk.Sleep, Now: clk.Now})
	return a, wb
}

func TestBackfillThirtyCapturesFiveVersions(t *testing.T) {
	arch, firsts := archive30(t)
	a, wb := backfillApp(t, arch.URL)
	ctx := context.Background()
	targets, _ := a.Select(nil, "")

	outs, err := a.Backfill(ctx, wb, targets, BackfillOptions{})
	if err != nil {
		t.Fatalf("backfill: %v (%+v)", err, outs)
	}
	if outs[0].Versions != 5 {
		t.Fatalf("versions = %d, want 5 (%+v)", outs[0].Versions, outs[0])
	}
	hist, err := a.History(ctx, targets[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 5 {
		t.Fatalf("history has %d versions, want 5", len(hist))
	}
	for i, h := range hist {
		if h.Version.Source != "wayback" || !h.Version.CapturedAt.Equal(firsts[i]) {
			t.Errorf("version %d: source %s captured %s, want wayback %s", i, h.Version.Source, h.Version.CapturedAt, firsts[i])
		}
	}
	if s := hist[3].Summary; s == nil || !s.Material {
		t.Errorf("the change to sharing with advertisers is not material: %+v", s)
	}

	replays := arch.Count(waybacktest.ReplayPrefix)
	outs, err = a.Backfill(ctx, wb, targets, BackfillOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := arch.Count(waybacktest.ReplayPrefix); got != replays || outs[0].Fetched != 0 || outs[0].Versions != 0 {
		t.Errorf("second run fetched %d captures (%+v), want none", got-replays, outs[0])
	}

	// Diff by date across the archived timeline.
	res, err := a.Diff(ctx, targets[0], "2016-01-01", "2020-12-31")
	if err != nil {
		t.Fatal(err)
	}
	if res.From.ID != hist[0].Version.ID || res.To.ID != hist[4].Version.ID || !res.Report.Summary.Material {
		t.Errorf("diff 2016→2020: from %d to %d, material %v", res.From.ID, res.To.ID, res.Report.Summary.Material)
	}
}

func TestBackfillResumesAfterInterruption(t *testing.T) {
	arch, _ := archive30(t)
	a, wb := backfillApp(t, arch.URL)
	targets, _ := a.Select(nil, "")

	ctx, cancel := context.WithCancel(context.Background())
	_, err := a.Backfill(ctx, wb, targets, BackfillOptions{Progress: func(_ Target, done, _ int) {
		if done == 11 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted backfill: err = %v, want context.Canceled", err)
	}
	first := arch.Count(waybacktest.ReplayPrefix)

	outs, err := a.Backfill(context.Background(), wb, targets, BackfillOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if total := first + outs[0].Fetched; total != 30 || arch.Count(waybacktest.ReplayPrefix) != 30 {
		t.Errorf("captures fetched: %d before the interruption + %d after = %d replays, want 30 in all",
			first, outs[0].Fetched, arch.Count(waybacktest.ReplayPrefix))
	}
	hist, _ := a.History(context.Background(), targets[0])
	if len(hist) != 5 {
		t.Errorf("%d versions after resuming, want 5", len(hist))
	}
}

func TestBackfillSkipsBrokenCaptures(t *testing.T) {
	arch := waybacktest.New(t)
	good := policyHTML("x", texts[0]...)
	arch.Add(
		waybacktest.Capture{Timestamp: "20170101000000", Original: policyURL, Body: good},
		waybacktest.Capture{Timestamp: "20170201000000", Original: policyURL, Body: good, Revisit: true},
		waybacktest.Capture{Timestamp: "20170301000000", Original: policyURL, Status: http.StatusNotFound, Body: "<html><title>Not found</title></html>"},
		waybacktest.Capture{Timestamp: "20170401000000", Original: policyURL, Status: http.StatusMovedPermanently, RedirectTo: "https://example.com/login"},
		waybacktest.Capture{Timestamp: "20170501000000", Original: policyURL, MimeType: "application/pdf", Body: "%PDF-1.4"},
		waybacktest.Capture{Timestamp: "20170601000000", Original: policyURL,
			Header: http.Header{"Content-Type": {"text/html; charset=windows-1252"}},
			Body:   policyHTML("y", "We collect your name and e-mail address.", "We do not sell your personal information \x96 ever.")},
	)
	arch.Fail(waybacktest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "30", Path: waybacktest.ReplayPrefix},
		waybacktest.Fault{Status: http.StatusServiceUnavailable, Path: waybacktest.ReplayPrefix})
	a, wb := backfillApp(t, arch.URL)
	targets, _ := a.Select(nil, "")
	outs, err := a.Backfill(context.Background(), wb, targets, BackfillOptions{})
	if err != nil {
		t.Fatalf("backfill: %v", err)
	}
	hist, _ := a.History(context.Background(), targets[0])
	if len(hist) != 2 {
		t.Fatalf("%d versions, want 2 (the first text and the windows-1252 one); %+v", len(hist), outs[0])
	}
	v, err := a.store.Version(context.Background(), hist[1].Version.ID) // History carries no texts
	if err != nil {
		t.Fatal(err)
	}
	if want := "personal information - ever."; !strings.Contains(v.Text, want) {
		t.Errorf("windows-1252 text decoded wrongly: %q", v.Text)
	}
	// The index leaves out the 404 and the redirect, and the revisit has
	// the digest of the capture before it: three fetches (the PDF, broken,
	// is fetched and refused by extraction), plus the two refused.
	if outs[0].Captures != 3 || arch.Count(waybacktest.ReplayPrefix) != 5 {
		t.Errorf("%d captures listed, %d replays; want 3 and 5", outs[0].Captures, arch.Count(waybacktest.ReplayPrefix))
	}
}

func TestBackfillBackdatesTheLiveVersionWithTheSameText(t *testing.T) {
	p := &servedPage{body: policyHTML("live", texts[4]...)}
	srv := httptest.NewServer(p)
	defer srv.Close()
	arch := waybacktest.New(t)
	arch.Add(
		waybacktest.Capture{Timestamp: "20190101000000", Original: srv.URL, Body: policyHTML("old", texts[3]...)},
		waybacktest.Capture{Timestamp: "20210101000000", Original: srv.URL, Body: policyHTML("2021", texts[4]...)},
	)
	a := openTestApp(t, fmt.Sprintf("database: tracker.db\nhost_delay: 0s\nwayback: {base_url: %s}\nvendors:\n  - id: ex\n    name: Example\n    documents:\n      - {type: privacy, url: %s}\n", arch.URL, srv.URL))
	ctx := context.Background()
	targets, _ := a.Select(nil, "")
	if outs, err := a.Crawl(ctx, targets); err != nil || outs[0].Status != StatusNew {
		t.Fatalf("crawl: %v", err)
	}
	clk := waybacktest.NewClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	wb := wayback.New(wayback.Options{BaseURL: arch.URL, Sleep: clk.Sleep, Now: clk.Now})
	if _, err := a.Backfill(ctx, wb, targets, BackfillOptions{}); err != nil {
		t.Fatal(err)
	}
	hist, _ := a.History(ctx, targets[0])
	if len(hist) != 2 {
		t.Fatalf("%d versions, want 2 (the 2019 text, then the live text first seen in 2021)", len(hist))
	}
	if v := hist[1].Version; v.Source != "live" || !v.CapturedAt.Equal(time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("live version: source %s captured %s, want it backdated to 2021-01-01", v.Source, v.CapturedAt)
	}
	if hist[1].Summary == nil || !hist[1].Summary.Material {
		t.Errorf("the 2019 → live change: %+v", hist[1].Summary)
	}
}
