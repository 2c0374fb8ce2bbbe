package wayback

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/wayback/waybacktest"
)

func TestFetch(t *testing.T) {
	policy1252 := string(readTestdata(t, "policy-windows-1252.html"))
	archived := []waybacktest.Capture{
		{Timestamp: "20190101000000", Original: "https://example.com/privacy", Body: html("v1")},
		{Timestamp: "20190601000000", Original: "https://example.com/privacy", Body: html("v2"), Revisit: true},
		{Timestamp: "20200101000000", Original: "http://example.com/privacy", Status: 301, RedirectTo: "https://example.com/privacy", Body: "Moved"},
		{Timestamp: "20200301000000", Original: "https://example.com/old-privacy", Status: 302, RedirectTo: "https://example.com/legal", Body: "Found"},
		{Timestamp: "20210101000000", Original: "https://example.com/privacy", Status: 404, Body: "Not Found"},
		{Timestamp: "20220101000000", Original: "https://example.com/privacy.pdf", MimeType: "application/pdf", Body: "%PDF-1.4"},
		{Timestamp: "20230101000000", Original: "https://example.com/legacy", Body: policy1252,
			Header: http.Header{"Content-Type": {"text/html; charset=windows-1252"}}},
		{Timestamp: "20230601000000", Original: "https://example.com/odd", MimeType: "unk", Body: "%PDF-1.4",
			Header: http.Header{"Content-Type": {"application/pdf"}}},
		{Timestamp: "20240101000000", Original: "https://example.com/logo.png", MimeType: "image/png", Body: "\x89PNG\r\n\x1a\n"},
		{Timestamp: "20240601000000", Original: "https://example.com/fake.pdf", MimeType: "application/pdf", Body: "<html>not a pdf</html>"},
	}
	tests := []struct {
		name     string
		cp       Capture
		wantBody string
		wantType string
		wantURL  string // path of FinalURL
		wantErr  []error
		requests int
	}{
		{
			name:     "plain capture, raw bytes",
			cp:       Capture{Timestamp: "20190101000000", Original: "https://example.com/privacy", MimeType: "text/html", StatusCode: "200"},
			wantBody: html("v1"),
			wantType: "text/html",
			wantURL:  "/web/20190101000000id_/https://example.com/privacy",
			requests: 1,
		},
		{
			name:     "revisit replays the payload",
			cp:       Capture{Timestamp: "20190601000000", Original: "https://example.com/privacy", MimeType: "warc/revisit", StatusCode: "-"},
			wantBody: html("v2"),
			wantType: "text/html",
			wantURL:  "/web/20190601000000id_/https://example.com/privacy",
			requests: 1,
		},
		{
			name:     "archive redirects to the nearest timestamp",
			cp:       Capture{Timestamp: "20181231235959", Original: "http://example.com:80/privacy", MimeType: "text/html", StatusCode: "200"},
			wantBody: html("v1"),
			wantType: "text/html",
			wantURL:  "/web/20190101000000id_/https://example.com/privacy",
			requests: 2,
		},
		{
			name:     "non-UTF-8 page keeps its bytes and charset",
			cp:       Capture{Timestamp: "20230101000000", Original: "https://example.com/legacy", MimeType: "text/html", StatusCode: "200"},
			wantBody: policy1252,
			wantType: "text/html; charset=windows-1252",
			wantURL:  "/web/20230101000000id_/https://example.com/legacy",
			requests: 1,
		},
		{
			name:    "redirect capture is skipped",
			cp:      Capture{Timestamp: "20200101000000", Original: "http://example.com/privacy", MimeType: "text/html", StatusCode: "301"},
			wantErr: []error{ErrSkipped, ErrRedirectCapture},
		},
		{
			name:    "404 capture is skipped",
			cp:      Capture{Timestamp: "20210101000000", Original: "https://example.com/privacy", MimeType: "text/html", StatusCode: "404"},
			wantErr: []error{ErrSkipped, ErrCaptureStatus},
		},
		{
			name:     "PDF capture, raw bytes",
			cp:       Capture{Timestamp: "20220101000000", Original: "https://example.com/privacy.pdf", MimeType: "application/pdf", StatusCode: "200"},
			wantBody: "%PDF-1.4",
			wantType: "application/pdf",
			wantURL:  "/web/20220101000000id_/https://example.com/privacy.pdf",
			requests: 1,
		},
		{
			name:    "image capture is skipped",
			cp:      Capture{Timestamp: "20240101000000", Original: "https://example.com/logo.png", MimeType: "image/png", StatusCode: "200"},
			wantErr: []error{ErrSkipped, ErrNotHTML},
		},
		{
			name:     "listed as PDF, replayed as something else",
			cp:       Capture{Timestamp: "20240601000000", Original: "https://example.com/fake.pdf", MimeType: "application/pdf", StatusCode: "200"},
			wantErr:  []error{ErrNotText},
			requests: 1,
		},
		{
			name:     "listed as 200 but replayed as a redirect to another page",
			cp:       Capture{Timestamp: "20200301000000", Original: "https://example.com/old-privacy", MimeType: "text/html", StatusCode: "200"},
			wantErr:  []error{ErrRedirectCapture},
			requests: 1,
		},
		{
			name:     "replay not archived",
			cp:       Capture{Timestamp: "20200101000000", Original: "https://example.com/never-seen", MimeType: "text/html", StatusCode: "200"},
			wantErr:  []error{ErrNotArchived},
			requests: 1,
		},
		{
			name:     "unknown type replayed as PDF",
			cp:       Capture{Timestamp: "20230601000000", Original: "https://example.com/odd", MimeType: "unk", StatusCode: "200"},
			wantBody: "%PDF-1.4",
			wantType: "application/pdf",
			wantURL:  "/web/20230601000000id_/https://example.com/odd",
			requests: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, arch, _ := newFake(t, archived...)
			page, err := c.Fetch(context.Background(), tt.cp)
			if n := arch.Count("/"); n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
			if tt.wantErr != nil {
				for _, w := range tt.wantErr {
					if !errors.Is(err, w) {
						t.Errorf("err = %v, want %v", err, w)
					}
				}
				if tt.requests > 0 && errors.Is(err, ErrSkipped) {
					t.Errorf("err = %v: ErrSkipped after a request", err)
				}
				if page.Body != nil {
					t.Errorf("body %q returned with an error", page.Body)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(page.Body) != tt.wantBody {
				t.Errorf("body = %q, want %q", page.Body, tt.wantBody)
			}
			if page.ContentType != tt.wantType {
				t.Errorf("content type = %q, want %q", page.ContentType, tt.wantType)
			}
			if page.FinalURL != arch.URL+tt.wantURL {
				t.Errorf("final URL = %q, want %q", page.FinalURL, arch.URL+tt.wantURL)
			}
			if page.Status != http.StatusOK || page.Capture != tt.cp {
				t.Errorf("status %d, capture %+v", page.Status, page.Capture)
			}
			if want := strings.SplitN(strings.TrimPrefix(tt.wantURL, "/web/"), "id_", 2)[0]; page.Timestamp != want || page.Captured.Format(timestampLayout) != want {
				t.Errorf("replayed %s (%s), want %s", page.Timestamp, page.Captured, want)
			}
		})
	}
}

func TestFetchListedCaptures(t *testing.T) {
	// End to end through the fake: list, then fetch what is listed.
	c, _, _ := newFake(t,
		waybacktest.Capture{Timestamp: "20190101000000", Original: "https://www.example.com/privacy", Body: html("v1")},
		waybacktest.Capture{Timestamp: "20200101000000", Original: "http://example.com/privacy", Status: 301, RedirectTo: "https://www.example.com/privacy"},
		waybacktest.Capture{Timestamp: "20210101000000", Original: "https://www.example.com/privacy", Body: html("v2")},
	)
	caps, err := c.Captures(context.Background(), "https://www.example.com/privacy", clockStart.AddDate(-10, 0, 0), clockStart)
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	skipped := 0
	for _, cp := range caps.Captures {
		page, err := c.Fetch(context.Background(), cp)
		switch {
		case errors.Is(err, ErrRedirectCapture) && errors.Is(err, ErrSkipped):
			skipped++
		case err != nil:
			t.Fatalf("fetch %+v: %v", cp, err)
		default:
			bodies = append(bodies, string(page.Body))
		}
	}
	// The redirect row is left out by the index's filters: nothing to skip.
	if skipped != 0 || strings.Join(bodies, "|") != html("v1")+"|"+html("v2") {
		t.Errorf("skipped %d, bodies %q", skipped, bodies)
	}
}

func TestFetchRedirectLoop(t *testing.T) {
	// A capture redirecting to itself, as a cookie check might: Fetch
	// gives up after maxArchiveHops.
	c, arch, _ := newFake(t,
		waybacktest.Capture{Timestamp: "20200101000000", Original: "https://example.com/a", Status: 302, RedirectTo: "https://example.com/a"},
	)
	_, err := c.Fetch(context.Background(), Capture{Timestamp: "20200101000000", Original: "https://example.com/a", StatusCode: "200", MimeType: "text/html"})
	if !errors.Is(err, ErrRedirectCapture) || !strings.Contains(err.Error(), "more than 5 redirects") {
		t.Fatalf("err = %v", err)
	}
	if n := arch.Count("/web/"); n != maxArchiveHops+1 {
		t.Errorf("%d requests, want %d", n, maxArchiveHops+1)
	}
}

func TestFetchBodyTooLarge(t *testing.T) {
	c, _, _ := newFake(t, waybacktest.Capture{Timestamp: "20200101000000", Original: "https://example.com/big", Body: strings.Repeat("x", 2048)})
	c.opts.MaxBodySize = 1024
	_, err := c.Fetch(context.Background(), Capture{Timestamp: "20200101000000", Original: "https://example.com/big", StatusCode: "200", MimeType: "text/html"})
	if !errors.Is(err, ErrBodyTooLarge) {
		t.Fatalf("err = %v, want ErrBodyTooLarge", err)
	}
}

func TestFetchBadTimestamp(t *testing.T) {
	c, arch, _ := newFake(t)
	_, err := c.Fetch(context.Background(), Capture{Timestamp: "2020", Original: "https://example.com/", StatusCode: "200", MimeType: "text/html"})
	if !errors.Is(err, ErrSkipped) || arch.Count("/") != 0 {
		t.Fatalf("err = %v after %d requests, want ErrSkipped and none", err, arch.Count("/"))
	}
}

// What the archive really answers, replayed by the fake: captures carry a
// Memento-Datetime, the archive's own answers do not.
func TestFetchArchiveAnswers(t *testing.T) {
	reddit := waybacktest.Recorded(t, "replay-reddit.com-20150129034904.http")
	const cc = "https://www.epa.gov/sites/production/files/signpost/cc.html"
	archived := []waybacktest.Capture{
		{Timestamp: "20150129034904", Original: "http://www.reddit.com/r/PokemonGiveaway", Status: 429, Body: string(reddit.Body)},
		{Timestamp: "20160101000000", Original: "https://example.com/down", Status: 503, Body: "down"},
		{Timestamp: "20200201023757", Original: "https://www.epa.gov/climatechange", Status: 301, RedirectTo: cc},
		{Timestamp: "20200201024405", Original: cc, Body: string(waybacktest.Recorded(t, "replay-epa.gov-cc-20200201024405.http").Body)},
		{Timestamp: "20171124151315", Original: "https://www.fws.gov/birds/", Body: html("birds")},
		{Timestamp: "20200101000000", Original: "https://example.com/http", Status: 301, RedirectTo: "https://example.com/http/"},
		{Timestamp: "20200101000000", Original: "https://example.com/http/", Body: html("same page, slash")},
	}
	tests := []struct {
		name     string
		cp       Capture
		wantErr  []error
		wantTS   string
		requests int
	}{
		{"an archived 429 is the site's answer", Capture{Timestamp: "20150129034904", Original: "http://www.reddit.com/r/PokemonGiveaway", MimeType: "text/html", StatusCode: "200"},
			[]error{ErrCaptureStatus}, "", 1},
		{"an archived 503 too", Capture{Timestamp: "20160101000000", Original: "https://example.com/down", MimeType: "text/html", StatusCode: "200"},
			[]error{ErrCaptureStatus}, "", 1},
		{"nearest capture 34 minutes away, then an archived redirect to another page", Capture{Timestamp: "20200201020357", Original: "http://epa.gov/climatechange", MimeType: "text/html", StatusCode: "200"},
			[]error{ErrRedirectCapture}, "", 2},
		{"nearest capture 6 minutes away: dated by what was replayed", Capture{Timestamp: "20200201023757", Original: cc, MimeType: "text/html", StatusCode: "200"},
			nil, "20200201024405", 2},
		{"nearest capture 23 days away", Capture{Timestamp: "20171101000000", Original: "https://www.fws.gov/birds/", MimeType: "text/html", StatusCode: "200"},
			[]error{ErrOutsideWindow}, "", 1},
		{"the site's redirect to the same page is followed", Capture{Timestamp: "20200101000000", Original: "https://example.com/http", MimeType: "text/html", StatusCode: "200"},
			nil, "20200101000000", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, arch, clk := newFake(t, archived...)
			page, err := c.Fetch(context.Background(), tt.cp)
			for _, w := range tt.wantErr {
				if !errors.Is(err, w) {
					t.Errorf("err = %v, want %v", err, w)
				}
			}
			if tt.wantErr == nil && (err != nil || page.Timestamp != tt.wantTS) {
				t.Errorf("replayed %q, err %v; want %s", page.Timestamp, err, tt.wantTS)
			}
			if n := arch.Count("/"); n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
			if s := clk.Sleeps(); len(s) > tt.requests {
				t.Errorf("slept %v: paused the archive", s)
			}
		})
	}
}

func TestFetchArchivesOwnPages(t *testing.T) {
	excluded := waybacktest.Recorded(t, "replay-nationalpost.com-excluded.http")
	cp := Capture{Timestamp: "20170929002712", Original: "https://nationalpost.com/health/", MimeType: "text/html", StatusCode: "200"}
	c, arch, _ := newFake(t, waybacktest.Capture{Timestamp: cp.Timestamp, Original: cp.Original, Body: html("x")})
	arch.Exclude("https://nationalpost.com/health")
	_, err := c.Fetch(context.Background(), cp)
	if !errors.Is(err, ErrExcluded) || !errors.Is(err, ErrPermanent) {
		t.Errorf("excluded page: err %v", err)
	}
	arch.Fail(waybacktest.Fault{Status: http.StatusForbidden, Body: "Blocked By Robots", Path: waybacktest.ReplayPrefix,
		Header: http.Header{"X-Archive-Wayback-Runtime-Error": {"RobotAccessControlException: Blocked By Robots"}}})
	if _, err := c.Fetch(context.Background(), cp); !errors.Is(err, ErrExcluded) || !strings.Contains(err.Error(), "Blocked By Robots") {
		t.Errorf("blocked by robots: err %v", err)
	}
	// The same page served by a fault (no Memento-Datetime), and any other
	// 200 without one.
	for _, body := range []string{string(excluded.Body), "<html><body>Some page of the archive's</body></html>"} {
		arch.Fail(waybacktest.Fault{Status: 200, Body: body, Path: waybacktest.ReplayPrefix})
		if _, err := c.Fetch(context.Background(), cp); err == nil {
			t.Errorf("a 200 without Memento-Datetime passed for a capture: %.60q", body)
		}
	}
}

func TestFetchDecodesWhateverTheHeadersSay(t *testing.T) {
	const p = "https://example.com/privacy"
	c, _, _ := newFake(t,
		waybacktest.Capture{Timestamp: "20200101000000", Original: p, Body: html("blank"), Quirk: waybacktest.BlankContentEncoding},
		waybacktest.Capture{Timestamp: "20200201000000", Original: p, Body: html("gzip body"), Quirk: waybacktest.GzipBody},
		waybacktest.Capture{Timestamp: "20200301000000", Original: p, Body: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
		waybacktest.Capture{Timestamp: "20200401000000", Original: p, Body: "<html>text, then a NUL\x00</html>"},
	)
	for ts, want := range map[string]string{"20200101000000": html("blank"), "20200201000000": html("gzip body")} {
		page, err := c.Fetch(context.Background(), Capture{Timestamp: ts, Original: p, MimeType: "text/html", StatusCode: "200"})
		if err != nil || string(page.Body) != want {
			t.Errorf("%s: body %q, err %v; want %q", ts, page.Body, err, want)
		}
	}
	for _, ts := range []string{"20200301000000", "20200401000000"} {
		if _, err := c.Fetch(context.Background(), Capture{Timestamp: ts, Original: p, MimeType: "text/html", StatusCode: "200"}); !errors.Is(err, ErrNotText) {
			t.Errorf("%s: err %v, want ErrNotText", ts, err)
		}
	}
}

func TestFetchGivesUpOnAnUnreadableCapture(t *testing.T) {
	c, arch, _ := newFake(t, privacyV1)
	for range maxAttempts {
		arch.Fail(waybacktest.Fault{Drop: true})
	}
	_, err := c.Fetch(context.Background(), privacyCp)
	if !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrTooManyFailures) {
		t.Fatalf("err = %v, want ErrUnavailable for this capture only", err)
	}
	if _, err := c.Fetch(context.Background(), privacyCp); err != nil {
		t.Fatalf("next fetch: %v", err)
	}
}
