package wayback

import (
	"context"
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
		{Timestamp: "20180101000000", Original: "https://www.example.com/privacy", Body: html("v2")}, // adjacent duplicate: collapsed by the index
		{Timestamp: "20190101000000", Original: "https://example.com/privacy", Body: html("v3")},
		{Timestamp: "20200101000000", Original: "https://www.example.com/privacy", Body: html("v1"), Revisit: true}, // back to v1
		{Timestamp: "20210101000000", Original: "https://www.example.com/privacy", Body: html("v1"), Revisit: true}, // revisit of what was just seen
		{Timestamp: "20220101000000", Original: "https://www.example.com/terms", Body: html("terms")},
		{Timestamp: "20230101000000", Original: "https://www.example.org/privacy", Body: html("other site")},
	}
	tests := []struct {
		name     string
		from, to time.Time
		maxRows  int
		want     []string
	}{
		{
			name: "whole history, www and non-www merged",
			want: []string{"20150101000000", "20170101000000", "20190101000000", "20200101000000"},
		},
		{
			name:    "paged one row at a time",
			maxRows: 1,
			want:    []string{"20150101000000", "20170101000000", "20190101000000", "20200101000000"},
		},
		{
			name: "from and to",
			from: time.Date(2016, 6, 1, 0, 0, 0, 0, time.UTC),
			to:   time.Date(2019, 12, 31, 23, 59, 59, 0, time.UTC),
			want: []string{"20170101000000", "20190101000000"},
		},
		{
			name: "to only, in another zone",
			to:   time.Date(2015, 1, 1, 1, 0, 0, 0, time.FixedZone("CET", 3600)),
			want: []string{"20150101000000"},
		},
		{
			name: "nothing in range",
			from: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
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
			if !slices.Equal(timestamps(got), tt.want) {
				t.Errorf("timestamps = %v, want %v", timestamps(got), tt.want)
			}
			for _, r := range arch.Requests() {
				q := r.Query
				if q.Get("output") != "json" || q.Get("collapse") != "digest" || q.Get("fl") != "timestamp,original,mimetype,statuscode,digest" || q.Get("showResumeKey") != "true" {
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
	var caps []waybacktest.Capture
	for i := range 7 {
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
	if len(got) != 7 {
		t.Fatalf("got %d captures, want 7: %v", len(got), timestamps(got))
	}
	var keys []string
	for _, r := range arch.Requests() {
		if r.Query.Get("limit") != "3" {
			t.Errorf("limit = %q, want 3", r.Query.Get("limit"))
		}
		keys = append(keys, r.Query.Get("resumeKey"))
	}
	// example.com: 3 pages (3+3+1); www.example.com: 1 empty page.
	if want := []string{"", "com,example)/privacy 20120101000000 3", "com,example)/privacy 20150101000000 6", ""}; !slices.Equal(keys, want) {
		t.Errorf("resume keys sent = %q, want %q", keys, want)
	}
}

func TestCapturesErrors(t *testing.T) {
	tests := []struct {
		name    string
		fault   waybacktest.Fault
		url     string
		wantErr []string
	}{
		{
			name:    "garbage instead of JSON",
			fault:   waybacktest.Fault{Status: 200, Body: "<html>We are down for maintenance</html>"},
			url:     "https://example.com/privacy",
			wantErr: []string{"captures of https://example.com/privacy", "query example.com/privacy", "not a JSON array"},
		},
		{
			name:    "blocked site",
			fault:   waybacktest.Fault{Status: 403, Body: "Blocked Site Error"},
			url:     "https://example.com/privacy",
			wantErr: []string{"captures of https://example.com/privacy", "answered 403"},
		},
		{
			name:    "repeated resume key",
			fault:   waybacktest.Fault{Status: 200, Body: `[["timestamp","original"],[],["k"]]`},
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
