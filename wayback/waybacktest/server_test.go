package waybacktest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, rawURL string) (int, http.Header, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

var sample = []Capture{
	{Timestamp: "20190101000000", Original: "http://example.com:80/p", Body: "a"},
	{Timestamp: "20190601000000", Original: "https://example.com/p", Body: "a"},
	{Timestamp: "20200101000000", Original: "https://example.com/p", Body: "b", Revisit: true},
	{Timestamp: "20210101000000", Original: "https://www.example.com/p", Body: "c"},
	{Timestamp: "20220101000000", Original: "https://example.com/p", Status: 301, RedirectTo: "https://example.com/q"},
}

func TestCDX(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  string
	}{
		{"all fields, no collapse", "url=example.com/p&output=json&fl=timestamp,statuscode",
			`[["timestamp","statuscode"],["20190101000000","200"],["20190601000000","200"],["20200101000000","-"],["20220101000000","301"]]`},
		{"collapse adjacent digests", "url=https://example.com/p&output=json&fl=timestamp&collapse=digest",
			`[["timestamp"],["20190101000000"],["20200101000000"],["20220101000000"]]`},
		{"from and to prefixes", "url=example.com/p&output=json&fl=timestamp&from=201906&to=2020",
			`[["timestamp"],["20190601000000"],["20200101000000"]]`},
		{"www kept apart", "url=www.example.com/p&output=json&fl=timestamp,original,mimetype",
			`[["timestamp","original","mimetype"],["20210101000000","https://www.example.com/p","text/html"]]`},
		{"paging", "url=example.com/p&output=json&fl=timestamp&limit=2&showResumeKey=true",
			`[["timestamp"],["20190101000000"],["20190601000000"],[],["com,example)/p 20190601000000 2"]]`},
		{"next page", "url=example.com/p&output=json&fl=timestamp&limit=2&showResumeKey=true&resumeKey=" + url.QueryEscape("com,example)/p 20190601000000 2"),
			`[["timestamp"],["20200101000000"],["20220101000000"]]`},
		{"nothing", "url=example.org/&output=json", `[]`},
	}
	srv := New(t, sample...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := get(t, srv.URL+CDXPath+"?"+tt.query)
			if status != http.StatusOK || strings.TrimSpace(body) != tt.want {
				t.Errorf("got %d %s\nwant %s", status, body, tt.want)
			}
		})
	}
	for _, bad := range []string{"output=json", "url=example.com/p", "url=example.com/p&output=json&fl=nope", "url=example.com/p&output=json&resumeKey=x"} {
		if status, _, _ := get(t, srv.URL+CDXPath+"?"+bad); status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, status)
		}
	}
	var rows [][]string
	_, _, body := get(t, srv.URL+CDXPath+"?url=example.com/p&output=json&limit=1")
	if err := json.Unmarshal([]byte(body), &rows); err != nil || len(rows[0]) != 7 || rows[1][5] != "Q336IN72UWT7ZYK5DXOLT2XK5I3XMZ5Y" {
		t.Errorf("default fields: %v %q", err, rows) // digest of "a", as the archive computes it
	}
}

func TestReplay(t *testing.T) {
	srv := New(t, sample...)
	tests := []struct {
		path     string
		status   int
		body     string
		location string
	}{
		{"/web/20190101000000id_/http://example.com/p", 200, "a", ""},
		{"/web/20190101000000/http://example.com/p", 200, toolbar + "a", ""},
		{"/web/20200101000000id_/https://example.com/p", 200, "b", ""},
		{"/web/2019id_/https://example.com/p", 302, "", "/web/20190101000000id_/http://example.com:80/p"}, // a short timestamp: the nearest capture
		{"/web/20190102000000id_/https://example.com/p", 302, "", "/web/20190101000000id_/http://example.com:80/p"},
		{"/web/20220101000000id_/https://example.com/p", 301, "", "/web/20220101000000id_/https://example.com/q"},
		{"/web/20220101000000id_/https://example.com/never", 404, "", ""},
		{"/web/id_/https://example.com/p", 400, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			status, h, body := get(t, srv.URL+tt.path)
			if status != tt.status {
				t.Fatalf("status %d, want %d", status, tt.status)
			}
			if tt.body != "" && body != tt.body {
				t.Errorf("body %q, want %q", body, tt.body)
			}
			if tt.location != "" && h.Get("Location") != srv.URL+tt.location {
				t.Errorf("Location %q, want %q", h.Get("Location"), srv.URL+tt.location)
			}
		})
	}
}

func TestFaultsAndLog(t *testing.T) {
	clk := NewClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := New(t, sample...)
	srv.SetClock(clk.Now)
	srv.Fail(Fault{Status: 429, RetryAfter: "30", Path: ReplayPrefix}, Fault{Status: 503})

	status, h, _ := get(t, srv.URL+CDXPath+"?url=example.com/p&output=json")
	if status != 503 {
		t.Errorf("first CDX request: %d, want the 503 (the 429 waits for a replay)", status)
	}
	_ = clk.Sleep(context.Background(), 7*time.Second)
	status, h, _ = get(t, srv.URL+"/web/20190101000000id_/http://example.com/p")
	if status != 429 || h.Get("Retry-After") != "30" {
		t.Errorf("replay: %d Retry-After %q, want 429 and 30", status, h.Get("Retry-After"))
	}
	if status, _, _ = get(t, srv.URL+"/web/20190101000000id_/http://example.com/p"); status != 200 {
		t.Errorf("faults used up, still %d", status)
	}
	if srv.Count(CDXPath) != 1 || srv.Count(ReplayPrefix) != 2 || srv.Count("/") != 3 {
		t.Errorf("counts %d %d %d", srv.Count(CDXPath), srv.Count(ReplayPrefix), srv.Count("/"))
	}
	if gaps := srv.Gaps(); len(gaps) != 2 || gaps[0] != 7*time.Second || gaps[1] != 0 {
		t.Errorf("gaps %v", gaps)
	}
	reqs := srv.Requests()
	if reqs[0].Status != 503 || reqs[1].Status != 429 || reqs[2].Status != 200 || reqs[0].Query.Get("url") != "example.com/p" {
		t.Errorf("log %+v", reqs)
	}

	srv.Fail(Fault{Drop: true})
	resp, err := http.Get(srv.URL + "/web/20190101000000id_/http://example.com/p")
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("dropped connection: err %v, want unexpected EOF", err)
	}
}

func TestClock(t *testing.T) {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	clk := NewClock(start)
	if err := clk.Sleep(context.Background(), time.Minute); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := clk.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled sleep: %v", err)
	}
	if got := clk.Now().Sub(start); got != time.Minute+time.Second {
		t.Errorf("clock moved %v", got)
	}
	if s := clk.Sleeps(); len(s) != 1 || s[0] != time.Minute {
		t.Errorf("sleeps %v", s)
	}
}
