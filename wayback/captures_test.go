package wayback

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/wayback/waybacktest"
)

func TestCaptures(t *testing.T) {
	const page = "https://www.example.com/privacy"
	history := []waybacktest.Capture{
		{Timestamp: "20150101000000", Original: "http://example.com:80/privacy", Body: html("v1")},
		{Timestamp: "20160101000000", Original: "http://www.example.com/privacy", Body: html("v1")}, // same digest as before, other host
		{Timestamp: "20170101000000", Original: "https://www.example.com/privacy", Body: html("v2")},
		{Timestamp: "20170601000000", Original: "http://example.com/privacy", Status: 301, RedirectTo: "https://www.example.com/privacy"},
		{Timestamp: "20180101000000", Original: "https://www.example.com/privacy", Body: html("v2")}, // v2 again, after a redirect row
		{Timestamp: "20190101000000", Original: "https://example.com/privacy", Body: html("v3")},
		{Timestamp: "20200101000000", Original: "https://www.example.com/privacy", Body: html("v1"), Revisit: true}, // back to v1
		{Timestamp: "20210101000000", Original: "https://www.example.com/privacy", Body: html("v1"), Revisit: true}, // revisit of what was just seen
		{Timestamp: "20210601000000", Original: "https://www.example.com/privacy", Status: 404, Body: "gone"},
		{Timestamp: "20220101000000", Original: "https://www.example.com/terms", Body: html("terms")},
		{Timestamp: "20230101000000", Original: "https://www.example.org/privacy", Body: html("other site")},
	}
	tests := []struct {
		name     string
		from, to time.Time
		maxRows  int
		want     []string
		requests int
	}{
		{
			name:     "whole history, www and non-www are one key",
			want:     []string{"20150101000000", "20170101000000", "20190101000000", "20200101000000"},
			requests: 1,
		},
		{
			name:     "paged one row at a time",
			maxRows:  1,
			want:     []string{"20150101000000", "20170101000000", "20190101000000", "20200101000000"},
			requests: 8, // 7 rows pass the filters, one a page, then the empty page after the last full one
		},
		{
			name:     "from and to",
			from:     time.Date(2016, 6, 1, 0, 0, 0, 0, time.UTC),
			to:       time.Date(2019, 12, 31, 23, 59, 59, 0, time.UTC),
			want:     []string{"20170101000000", "20190101000000"},
			requests: 1,
		},
		{
			name:     "to only, in another zone",
			to:       time.Date(2015, 1, 1, 1, 0, 0, 0, time.FixedZone("CET", 3600)),
			want:     []string{"20150101000000"},
			requests: 1,
		},
		{
			name:     "nothing in range",
			from:     time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
			requests: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, arch, _ := newFake(t, history...)
			arch.SetMaxRows(tt.maxRows)
			got, err := c.Captures(context.Background(), page, tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(timestamps(got.Captures), tt.want) {
				t.Errorf("timestamps = %v, want %v", timestamps(got.Captures), tt.want)
			}
			if n := arch.Count(waybacktest.CDXPath); n != tt.requests {
				t.Errorf("%d CDX requests, want %d", n, tt.requests)
			}
			for _, r := range arch.Requests() {
				q := r.Query
				if q.Get("url") != "example.com/privacy" || q.Get("output") != "" || q.Get("fl") != "" ||
					!slices.Equal(q["filter"], []string{filterStatus, filterType}) || q.Get("collapse") != "digest" ||
					q.Get("resolveRevisits") != "true" || q.Get("showResumeKey") != "true" {
					t.Errorf("query %v lacks the expected parameters", q)
				}
				if !tt.from.IsZero() && q.Get("from") != tt.from.UTC().Format("20060102150405") {
					t.Errorf("from = %q", q.Get("from"))
				}
				if !tt.to.IsZero() && q.Get("to") != tt.to.UTC().Format("20060102150405") {
					t.Errorf("to = %q", q.Get("to"))
				}
			}
		})
	}
}

func TestCapturesPaging(t *testing.T) {
	for _, n := range []int{7, 6} { // a short last page; a full one, then an empty page
		var caps []waybacktest.Capture
		for i := range n {
			caps = append(caps, waybacktest.Capture{
				Timestamp: time.Date(2010+i, 1, 1, 0, 0, 0, 0, time.UTC).Format("20060102150405"),
				Original:  "https://example.com/privacy",
				Body:      html(strings.Repeat("x", i+1)),
			})
		}
		c, arch, _ := newFake(t, caps...)
		c.pageSize = 3
		got, err := c.Captures(context.Background(), "https://example.com/privacy", time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Captures) != n {
			t.Fatalf("got %d captures, want %d: %v", len(got.Captures), n, timestamps(got.Captures))
		}
		var keys []string
		for _, r := range arch.Requests() {
			if r.Query.Get("limit") != "3" {
				t.Errorf("limit = %q, want 3", r.Query.Get("limit"))
			}
			keys = append(keys, r.Query.Get("resumeKey"))
		}
		// The archive's keys, passed back as they came.
		want := []string{"", "com%2Cexample%29%2Fprivacy+20120101000001", "com%2Cexample%29%2Fprivacy+20150101000001"}
		if !slices.Equal(keys, want) {
			t.Errorf("%d captures: resume keys sent = %q, want %q", n, keys, want)
		}
	}
}

func TestCapturesRecorded(t *testing.T) {
	tests := []struct {
		name, index, page string
		want              []string
		repaired          int
	}{
		{"url=nasa.gov, three identical rows of www.nasa.gov", "cdx-nasa.gov-duplicates.http", "https://nasa.gov",
			[]string{"19961231235847"}, 0},
		{"revisits between redirect rows", "cdx-energystar.gov-revisits.http", "https://www.energystar.gov/",
			[]string{"20200612014014"}, 0},
		{"month and day 00", "cdx-usatoday.com-bad-timestamps.txt", "http://www.usatoday.com/2000/century/tech/004.htm",
			[]string{"20000125210430", "20000311052312", "20000800241623", "20000012170449"}, 2},
		{"repeats and redirect rows over two pages", "cdx-cnn.com-page00.http", "http://www.cnn.com/", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := waybacktest.RecordedIndex(t, tt.index)
			if tt.index == "cdx-cnn.com-page00.http" {
				rows = append(rows, waybacktest.RecordedIndex(t, "cdx-cnn.com-page01.http")...)
				for _, r := range rows {
					if r.StatusCode == "200" && !slices.Contains(tt.want, r.Timestamp) {
						tt.want = append(tt.want, r.Timestamp)
					}
				}
			}
			c, arch, _ := newFake(t, rows...)
			c.pageSize = 25
			got, err := c.Captures(context.Background(), tt.page, time.Time{}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(timestamps(got.Captures), tt.want) {
				t.Errorf("timestamps = %v, want %v", timestamps(got.Captures), tt.want)
			}
			if got.Repaired != tt.repaired || got.Malformed != 0 {
				t.Errorf("repaired %d, malformed %d; want %d and 0", got.Repaired, got.Malformed, tt.repaired)
			}
			if n := arch.Count(waybacktest.CDXPath); n != 1 {
				t.Errorf("%d CDX requests, want 1", n)
			}
		})
	}
}

func TestCapturesSkipMalformedRows(t *testing.T) {
	c, arch, _ := newFake(t)
	arch.Fail(waybacktest.Fault{Status: http.StatusOK, Body: string(waybacktest.RecordedText(t, "cdx-epa.gov-malformed.txt"))})
	got, err := c.Captures(context.Background(), "https://www.epa.gov/", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(timestamps(got.Captures), []string{"20200418003811", "20200418005903"}) || got.Malformed != 3 {
		t.Errorf("captures %v, %d malformed; want the two good rows and 3 malformed", timestamps(got.Captures), got.Malformed)
	}
}

func TestCapturesErrors(t *testing.T) {
	blocked := waybacktest.Recorded(t, "cdx-nationalpost.com-blocked.http")
	tests := []struct {
		name    string
		fault   waybacktest.Fault
		url     string
		wantErr []string
		is      []error
	}{
		{
			name:    "garbage instead of a listing",
			fault:   waybacktest.Fault{Status: 200, Body: "<html>We are down for maintenance</html>"},
			url:     "https://example.com/privacy",
			wantErr: []string{"captures of https://example.com/privacy", "query example.com/privacy", "not a listing"},
		},
		{
			name:    "blocked site, as recorded",
			fault:   waybacktest.Fault{Status: blocked.Status, Body: string(blocked.Body), Header: blocked.Header},
			url:     "https://nationalpost.com/health",
			wantErr: []string{"blocks access", "AdministrativeAccessControlException: Blocked Site Error", "permanent"},
			is:      []error{ErrBlocked, ErrPermanent},
		},
		{
			name:    "403 without the archive's error",
			fault:   waybacktest.Fault{Status: 403, Body: "Forbidden"},
			url:     "https://example.com/privacy",
			wantErr: []string{"answered 403", "Forbidden"},
		},
		{
			name:    "repeated resume key",
			fault:   waybacktest.Fault{Status: 200, Body: "k 20200101000000 https://example.com/privacy text/html 200 D 1\n\nk\n"},
			url:     "https://example.com/privacy",
			wantErr: []string{"repeats resume key"},
		},
		{
			name:    "no host",
			url:     "https://",
			wantErr: []string{"has no host"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, arch, _ := newFake(t)
			if tt.fault.Status != 0 {
				arch.Fail(tt.fault, tt.fault) // the second serves the repeated key
			}
			_, err := c.Captures(context.Background(), tt.url, time.Time{}, time.Time{})
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			for _, e := range tt.is {
				if !errors.Is(err, e) {
					t.Errorf("error %q is not %v", err, e)
				}
			}
		})
	}
	t.Run("from after to", func(t *testing.T) {
		c, arch, _ := newFake(t)
		_, err := c.Captures(context.Background(), "https://example.com/", clockStart, clockStart.Add(-time.Hour))
		if err == nil || !strings.Contains(err.Error(), "is after") {
			t.Fatalf("err = %v", err)
		}
		if n := arch.Count("/"); n != 0 {
			t.Errorf("%d requests sent", n)
		}
	})
}
