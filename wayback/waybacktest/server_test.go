package waybacktest

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net"
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
	{Timestamp: "20230101000000", Original: "https://example.com/p", Revisit: true, Digest: "Q336IN72UWT7ZYK5DXOLT2XK5I3XMZ5Y"}, // of "a"
}

func TestCDX(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  string
	}{
		{"www folded, repeats kept", "url=example.com/p&fl=timestamp,original,statuscode",
			"20190101000000 http://example.com:80/p 200\n20190601000000 https://example.com/p 200\n20200101000000 https://example.com/p -\n" +
				"20210101000000 https://www.example.com/p 200\n20220101000000 https://example.com/p 301\n20230101000000 https://example.com/p -\n"},
		{"same key from www", "url=https://WWW.example.com/p&fl=timestamp&limit=1", "20190101000000\n"},
		{"collapse adjacent digests", "url=example.com/p&fl=timestamp&collapse=digest",
			"20190101000000\n20200101000000\n20210101000000\n20220101000000\n20230101000000\n"},
		{"filters before collapse", "url=example.com/p&fl=timestamp,statuscode&filter=statuscode:(200|-)&filter=!mimetype:warc/revisit",
			"20190101000000 200\n20190601000000 200\n20210101000000 200\n"},
		{"revisits resolved from an earlier row of the digest", "url=example.com/p&fl=timestamp,mimetype,statuscode&resolveRevisits=true&filter=statuscode:200",
			"20190101000000 text/html 200\n20190601000000 text/html 200\n20210101000000 text/html 200\n20230101000000 text/html 200\n"},
		{"from and to prefixes", "url=example.com/p&fl=timestamp&from=201906&to=2020", "20190601000000\n20200101000000\n"},
		{"paging: the archive's resume key", "url=example.com/p&fl=timestamp&limit=2&showResumeKey=true",
			"20190101000000\n20190601000000\n\ncom%2Cexample%29%2Fp+20190601000001\n"},
		{"next page", "url=example.com/p&fl=timestamp&limit=2&showResumeKey=true&resumeKey=" + url.QueryEscape("com%2Cexample%29%2Fp+20190601000001"),
			"20200101000000\n20210101000000\n\ncom%2Cexample%29%2Fp+20210101000001\n"},
		{"a full last page: one more, empty", "url=example.com/p&fl=timestamp&limit=2&showResumeKey=true&resumeKey=" + url.QueryEscape("com%2Cexample%29%2Fp+20210101000001"),
			"20220101000000\n20230101000000\n\ncom%2Cexample%29%2Fp+20230101000001\n"},
		{"empty", "url=example.com/p&fl=timestamp&limit=2&showResumeKey=true&resumeKey=" + url.QueryEscape("com%2Cexample%29%2Fp+20230101000001"), ""},
		{"json", "url=example.com/p&fl=timestamp&limit=1&showResumeKey=true&output=json",
			`[["timestamp"],["20190101000000"],[],["com%2Cexample%29%2Fp+20190101000001"]]` + "\n"},
		{"nothing", "url=example.org/", ""},
		{"nothing, json", "url=example.org/&output=json", "[]\n"},
	}
	srv := New(t, sample...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := get(t, srv.URL+CDXPath+"?"+tt.query)
			if status != http.StatusOK || body != tt.want {
				t.Errorf("got %d %q\nwant %q", status, body, tt.want)
			}
		})
	}
	for _, bad := range []string{"output=json", "url=example.com/p&fl=nope", "url=example.com/p&resumeKey=x", "url=example.com/p&filter=nope:x", "url=example.com/p&limit=-1"} {
		if status, _, _ := get(t, srv.URL+CDXPath+"?"+bad); status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, status)
		}
	}
	if _, _, body := get(t, srv.URL+CDXPath+"?url=example.com/p&limit=1"); body != "com,example)/p 20190101000000 http://example.com:80/p text/html 200 Q336IN72UWT7ZYK5DXOLT2XK5I3XMZ5Y 1\n" {
		t.Errorf("default fields: %q", body) // digest of "a", as the archive computes it
	}
}

func TestReplay(t *testing.T) {
	srv := New(t, sample...)
	tests := []struct {
		path     string
		status   int
		body     string
		location string
		memento  string
	}{
		{"/web/20190101000000id_/http://example.com/p", 200, "a", "", "Tue, 01 Jan 2019 00:00:00 GMT"},
		{"/web/20190101000000/http://example.com/p", 200, toolbar + "a", "", "Tue, 01 Jan 2019 00:00:00 GMT"},
		{"/web/20200101000000id_/https://example.com/p", 200, "b", "", "Wed, 01 Jan 2020 00:00:00 GMT"},
		{"/web/20230101000000id_/https://www.example.com/p", 200, "a", "", "Sun, 01 Jan 2023 00:00:00 GMT"}, // a revisit replays its payload
		{"/web/2019id_/https://example.com/p", 302, "", "/web/20190101000000id_/http://example.com:80/p", ""},
		{"/web/20190102000000id_/https://example.com/p", 302, "", "/web/20190101000000id_/http://example.com:80/p", ""},
		{"/web/20220101000000id_/https://example.com/p", 301, "", "/web/20220101000000id_/https://example.com/q", "Sat, 01 Jan 2022 00:00:00 GMT"},
		{"/web/20220101000000id_/https://example.com/never", 404, "", "", ""},
		{"/web/id_/https://example.com/p", 400, "", "", ""},
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
			if h.Get("Memento-Datetime") != tt.memento {
				t.Errorf("Memento-Datetime %q, want %q", h.Get("Memento-Datetime"), tt.memento)
			}
		})
	}
}

// rawGet sends a request by hand and returns the response head as sent.
func rawGet(t *testing.T, base, path string) (head string, body []byte) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n")
	all, err := io.ReadAll(bufio.NewReader(conn))
	if err != nil {
		t.Fatal(err)
	}
	h, b, _ := strings.Cut(string(all), "\r\n\r\n")
	return h, []byte(b)
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestQuirks(t *testing.T) {
	srv := New(t,
		Capture{Timestamp: "20200101000000", Original: "https://example.com/a", Body: "<p>a</p>", Quirk: BlankContentEncoding},
		Capture{Timestamp: "20200101000000", Original: "https://example.com/b", Body: "<p>b</p>", Quirk: GzipBody},
		Capture{Timestamp: "20200101000000", Original: "https://example.com/c", Body: "<p>c</p>"},
	)
	head, body := rawGet(t, srv.URL, "/web/20200101000000id_/https://example.com/a")
	if !strings.Contains(head, "\r\ncontent-encoding: \r\nContent-Encoding: gzip\r\n") || string(gunzip(t, body)) != "<p>a</p>" {
		t.Errorf("blank content-encoding quirk: %q %q", head, body)
	}
	head, body = rawGet(t, srv.URL, "/web/20200101000000id_/https://example.com/b")
	if !strings.Contains(head, "Content-Encoding: gzip") || string(gunzip(t, gunzip(t, body))) != "<p>b</p>" {
		t.Errorf("gzip body quirk: %q", head)
	}
	head, body = rawGet(t, srv.URL, "/web/20200101000000id_/https://example.com/c")
	if strings.Count(strings.ToLower(head), "content-encoding") != 1 || string(gunzip(t, body)) != "<p>c</p>" {
		t.Errorf("plain gzip: %q", head)
	}
}

func TestFaultsAndLog(t *testing.T) {
	clk := NewClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := New(t, sample...)
	srv.SetClock(clk.Now)
	srv.Fail(Fault{Status: 429, RetryAfter: "30", Path: ReplayPrefix}, Fault{Status: 503})

	status, h, _ := get(t, srv.URL+CDXPath+"?url=example.com/p")
	if status != 503 || h.Get("Memento-Datetime") != "" {
		t.Errorf("first CDX request: %d, want the 503 (the 429 waits for a replay)", status)
	}
	_ = clk.Sleep(context.Background(), 7*time.Second)
	status, h, _ = get(t, srv.URL+"/web/20190101000000id_/http://example.com/p")
	if status != 429 || h.Get("Retry-After") != "30" || h.Get("Memento-Datetime") != "" {
		t.Errorf("replay: %d Retry-After %q, want 429 and 30, no Memento-Datetime", status, h.Get("Retry-After"))
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

func TestURLKey(t *testing.T) {
	tests := map[string]string{
		"https://www.example.com/Privacy":    "com,example)/privacy",
		"http://example.com:80/privacy":      "com,example)/privacy",
		"example.com":                        "com,example)/",
		"https://www2.example.com/p?b=1":     "com,example)/p?b=1",
		"https://www.com/p":                  "com,www)/p",
		"https://wwwx.example.com/p":         "com,example,wwwx)/p",
		"https://example.com:8443/p":         "com,example:8443)/p",
		"http://www.nasa.gov:80/":            "gov,nasa)/",
		"https://www.energystar.gov/":        "gov,energystar)/",
		"http://www.usatoday.com:80/a/b.htm": "com,usatoday)/a/b.htm",
	}
	for in, want := range tests {
		if got := urlKey(in); got != want {
			t.Errorf("urlKey(%q) = %q, want %q", in, got, want)
		}
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
