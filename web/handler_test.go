package web

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/render"
	"github.com/tracker-dev/tracker/store"
)

const rawScript = "<script>alert(1)</script>"

func TestPages(t *testing.T) {
	f := newFixture(t, "policy-v1.html", "policy-v2.html")
	ctx := context.Background()
	target, err := f.app.Target("acme", "privacy")
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.app.Diff(ctx, target, "", "")
	if err != nil {
		t.Fatal(err)
	}
	sum := res.Report.Summary
	if len(res.Report.Changes) == 0 {
		t.Fatal("the fixture's two versions compare equal")
	}
	sev := sum.MaxSeverity.String()
	var reportJSON bytes.Buffer
	if err := render.Report(&reportJSON, render.FormatJSON, res.Report, render.Options{}); err != nil {
		t.Fatal(err)
	}
	// A category the change has, and one it has not, for the filters.
	var hasCat, lacksCat string
	if len(sum.Categories) > 0 {
		hasCat = sum.Categories[0]
	}
	for _, c := range categories {
		if !slices.Contains(sum.Categories, c) {
			lacksCat = c
			break
		}
	}
	diffURL := fmt.Sprintf("/vendors/acme/privacy/diff?from=%d&to=%d", f.from, f.to)
	const (
		html = "text/html; charset=utf-8"
		js   = "application/json; charset=utf-8"
		atom = "application/atom+xml; charset=utf-8"
	)
	tests := []struct {
		name, method, url string
		status            int
		ctype             string
		want, reject      []string
	}{
		{"home", "GET", "/", 200, html,
			[]string{"Latest changes", "Acme &amp; Co &lt;Labs&gt;", `href="/vendors/acme"`, `href="/vendors/acme/privacy"`, "badge sev-" + sev,
				`href="` + strings.ReplaceAll(diffURL, "&", "&amp;") + `"`, fmt.Sprintf(`href="/vendors/acme/privacy/versions/%d"`, f.to),
				"1 document has no change yet", "1 failed its last check", `href="/vendors"`, `<option value="acme">Acme &amp; Co &lt;Labs&gt;</option>`},
			[]string{"Broken Ltd</a>"}},
		{"home head", "HEAD", "/", 200, html, nil, nil},
		{"home filter keeps", "GET", "/?severity=" + sev, 200, html, []string{"Acme &amp; Co", "Changes that match the filter"}, nil},
		{"home filter category drops", "GET", "/?category=" + lacksCat, 200, html, []string{"No change matches this filter"}, []string{"badge sev-"}},
		{"home filter vendor keeps", "GET", "/?vendor=acme", 200, html, []string{"badge sev-" + sev, `<option value="acme" selected>`}, nil},
		{"home filter vendor drops", "GET", "/?vendor=broken", 200, html, []string{"No change matches this filter"}, []string{"badge sev-"}},
		{"home filter since keeps", "GET", "/?since=2000-01-01", 200, html, []string{"badge sev-" + sev, `value="2000-01-01"`}, nil},
		{"home filter since drops", "GET", "/?since=2999-01-01", 200, html, []string{"No change matches this filter"}, []string{"badge sev-"}},
		{"home bad severity", "GET", "/?severity=urgent", 400, html, []string{"unknown severity &#34;urgent&#34;"}, nil},
		{"home bad category", "GET", "/?category=ads", 400, html, []string{"category &#34;ads&#34; is not one of"}, nil},
		{"home bad vendor", "GET", "/?vendor=nope", 400, html, []string{"unknown vendor &#34;nope&#34;"}, nil},
		{"home bad since", "GET", "/?since=yesterday", 400, html, []string{"since &#34;yesterday&#34;: give a day as YYYY-MM-DD"}, nil},
		{"home bad page", "GET", "/?after=x-1-2", 400, html, []string{"after &#34;x-1-2&#34;: not a page of this list"}, nil},
		{"home page after the last", "GET", "/?after=o-1-1", 200, html, []string{"No more changes", `rel="first"`}, []string{"badge sev-"}},
		{"home bad format", "GET", "/?format=xml", 400, html, []string{"format &#34;xml&#34;"}, nil},
		{"vendors", "GET", "/vendors", 200, html,
			[]string{"Acme &amp; Co &lt;Labs&gt;", `href="/vendors/acme/privacy"`, "badge sev-" + sev, "Broken Ltd", "/vendors/acme/feed.atom", `href="/"`}, nil},
		{"vendors slash", "GET", "/vendors/", 200, html, []string{"Broken Ltd"}, nil},
		{"vendors filter keeps", "GET", "/vendors?severity=" + sev, 200, html, []string{"Acme &amp; Co", "1 of 2 documents match"}, []string{"Broken Ltd"}},
		{"vendors filter category drops", "GET", "/vendors?category=" + lacksCat, 200, html, []string{"0 of 2 documents match"}, []string{"Acme &amp; Co"}},
		{"vendors filter since drops", "GET", "/vendors?since=2999-01-01", 200, html, []string{"0 of 2 documents match"}, []string{"Acme &amp; Co"}},
		{"vendors bad severity", "GET", "/vendors?severity=urgent", 400, html, []string{"unknown severity &#34;urgent&#34;"}, nil},
		{"document", "GET", "/vendors/acme/privacy", 200, html,
			[]string{"Timeline", "First version recorded", "badge sev-" + sev, fmt.Sprintf("diff?from=%d&amp;to=%d", f.from, f.to),
				`<select name="from">`, `<select name="to">`, "Acme &amp; Co &lt;Labs&gt;"}, nil},
		{"document without versions", "GET", "/vendors/broken/terms", 200, html, []string{"No versions yet", "404"}, nil},
		{"diff", "GET", diffURL, 200, html,
			[]string{"<del>", "<ins>", "badge sev-" + sev, "How we share information", "sections without changes", "Side by side",
				"&lt;script&gt;alert(1)&lt;/script&gt; must show as text"}, nil},
		{"diff defaults", "GET", "/vendors/acme/privacy/diff", 200, html, []string{"<ins>", fmt.Sprintf("#%d →", f.from)}, nil},
		{"diff by date", "GET", "/vendors/acme/privacy/diff?from=previous&to=latest", 200, html, []string{"<ins>"}, nil},
		{"diff unified", "GET", diffURL + "&view=unified", 200, html, []string{`class="unified"`, "<del>", "<ins>"}, []string{`class="sides"`}},
		{"diff same version", "GET", fmt.Sprintf("/vendors/acme/privacy/diff?from=%d&to=%d", f.to, f.to), 200, html, []string{"same version"}, nil},
		{"diff bad view", "GET", diffURL + "&view=split", 400, html, []string{"view &#34;split&#34;"}, nil},
		{"diff unknown version", "GET", "/vendors/acme/privacy/diff?from=999999", 400, html, []string{"no version 999999"}, nil},
		{"diff bad ref", "GET", "/vendors/acme/privacy/diff?to=yesterday", 400, html, []string{"is not a version"}, nil},
		{"diff early date", "GET", "/vendors/acme/privacy/diff?from=1999-01-01", 400, html, []string{"no version at or before 1999-01-01"}, nil},
		{"diff without versions", "GET", "/vendors/broken/terms/diff", 404, html, []string{"no versions stored yet"}, nil},
		{"unknown vendor", "GET", "/vendors/nope/privacy", 404, html, []string{"unknown vendor &#34;nope&#34;"}, nil},
		{"unknown document", "GET", "/vendors/acme/terms", 404, html, []string{"has no &#34;terms&#34; document"}, nil},
		{"unknown vendor diff", "GET", "/vendors/nope/privacy/diff", 404, html, nil, nil},
		{"unknown vendor json", "GET", "/vendors/nope/privacy?format=json", 404, js, []string{`"error": "unknown vendor`}, nil},
		{"no document type", "GET", "/vendors/acme/", 404, html, nil, nil},
		{"unknown path", "GET", "/admin", 404, html, []string{"There is no page at /admin"}, nil},
		{"feed", "GET", "/feed.atom", 200, atom, []string{"<feed xmlns=\"http://www.w3.org/2005/Atom\">", "<title>Acme &amp; Co &lt;Labs&gt; privacy: negation removed"}, nil},
		{"vendor feed", "GET", "/vendors/acme/feed.atom", 200, atom, []string{"<entry>"}, nil},
		{"empty vendor feed", "GET", "/vendors/broken/feed.atom", 200, atom, []string{"<feed"}, []string{"<entry>"}},
		{"unknown vendor feed", "GET", "/vendors/nope/feed.atom", 404, html, []string{"unknown vendor"}, nil},
		{"stylesheet", "GET", "/static/style.css", 200, "text/css; charset=utf-8", []string{".badge"}, nil},
		{"post home", "POST", "/", 405, html, []string{"read-only"}, nil},
		{"put document", "PUT", "/vendors/acme/privacy", 405, html, nil, nil},
		{"delete feed", "DELETE", "/feed.atom", 405, html, nil, nil},
		{"post unknown path", "POST", "/nothing", 405, html, nil, nil},
	}
	if hasCat != "" {
		tests = append(tests, struct {
			name, method, url string
			status            int
			ctype             string
			want, reject      []string
		}{"vendors filter category keeps", "GET", "/vendors?category=" + hasCat, 200, html, []string{"Acme &amp; Co"}, []string{"Broken Ltd"}},
			struct {
				name, method, url string
				status            int
				ctype             string
				want, reject      []string
			}{"home filter category keeps", "GET", "/?category=" + hasCat, 200, html, []string{"badge sev-" + sev}, nil})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := f.do(t, tt.method, tt.url)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d; body:\n%s", resp.StatusCode, tt.status, body)
			}
			if got := resp.Header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			checkSecurityHeaders(t, resp.Header)
			if tt.status == 405 && resp.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("Allow = %q", resp.Header.Get("Allow"))
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
			for _, r := range tt.reject {
				if strings.Contains(body, r) {
					t.Errorf("body has %q", r)
				}
			}
			if tt.ctype != js && strings.Contains(body, rawScript) {
				t.Errorf("page text printed unescaped: %s", rawScript)
			}
			// The Content-Security-Policy forbids inline styles and scripts;
			// pages must not need them.
			if tt.ctype == html && (strings.Contains(body, "<script") || strings.Contains(body, " style=") || strings.Contains(body, "<style")) {
				t.Errorf("page has inline script or style:\n%s", body)
			}
		})
	}

	t.Run("diff json is the CLI's report", func(t *testing.T) {
		_, body := f.do(t, "GET", "/vendors/acme/privacy/diff?format=json")
		if body != reportJSON.String() {
			t.Errorf("diff JSON differs from render.Report:\n%s\nwant:\n%s", body, reportJSON.String())
		}
	})
	t.Run("history json", func(t *testing.T) {
		resp, body := f.do(t, "GET", "/vendors/acme/privacy?format=json")
		if ct := resp.Header.Get("Content-Type"); ct != js {
			t.Fatalf("Content-Type %q", ct)
		}
		var got []map[string]json.RawMessage
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("%d entries, want 2", len(got))
		}
		for _, k := range []string{"id", "vendor", "document", "source", "fetched_at", "captured_at", "url", "hash", "summary"} {
			if _, ok := got[1][k]; !ok {
				t.Errorf("entry lacks %q: %s", k, body)
			}
		}
		if string(got[0]["summary"]) != "null" {
			t.Errorf("first version's summary = %s, want null", got[0]["summary"])
		}
		var s classify.Summary
		if err := json.Unmarshal(got[1]["summary"], &s); err != nil || s.MaxSeverity != sum.MaxSeverity {
			t.Errorf("second summary %s (%v), want severity %s", got[1]["summary"], err, sev)
		}
	})
	t.Run("home json", func(t *testing.T) {
		_, body := f.do(t, "GET", "/?format=json")
		var got []homeChangeJSON
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Vendor != "acme" || got[0].Name != acme.Name || got[0].ID != f.to || got[0].FromVersion != f.from ||
			got[0].Summary == nil || got[0].Summary.MaxSeverity != sum.MaxSeverity || got[0].Diff != diffURL {
			t.Fatalf("home JSON = %s", body)
		}
	})
	t.Run("vendors json", func(t *testing.T) {
		_, body := f.do(t, "GET", "/vendors?format=json")
		var got []homeStatusJSON
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Vendor != "acme" || got[0].Versions != 2 || got[0].LastChange == nil || got[0].Latest == nil {
			t.Fatalf("home JSON = %s", body)
		}
		if got[0].Latest.ID != f.to || got[0].LastChange.MaxSeverity != sum.MaxSeverity {
			t.Errorf("latest %d severity %s, want %d %s", got[0].Latest.ID, got[0].LastChange.MaxSeverity, f.to, sev)
		}
		if b := got[1]; b.Vendor != "broken" || b.Versions != 0 || b.LastFetch == nil || b.LastFetch.Outcome != "error" {
			t.Errorf("broken vendor = %+v", b)
		}
	})
	for _, path := range []string{"/?category=" + lacksCat + "&format=json", "/vendors?category=" + lacksCat + "&format=json"} {
		t.Run("filtered json "+path, func(t *testing.T) {
			if _, body := f.do(t, "GET", path); strings.TrimSpace(body) != "[]" {
				t.Errorf("JSON = %s, want []", body)
			}
		})
	}
}

func TestFeed(t *testing.T) {
	f := newFixture(t, "policy-v1.html", "policy-v2.html")
	target, err := f.app.Target("acme", "privacy")
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.app.Diff(context.Background(), target, "", "")
	if err != nil {
		t.Fatal(err)
	}
	sum := res.Report.Summary
	for _, path := range []string{"/feed.atom", "/vendors/acme/feed.atom"} {
		t.Run(path, func(t *testing.T) {
			_, body := f.do(t, "GET", path)
			var feed atomFeed
			if err := xml.Unmarshal([]byte(body), &feed); err != nil {
				t.Fatalf("feed does not parse: %v\n%s", err, body)
			}
			if feed.ID == "" || feed.Updated == "" || feed.Author.Name == "" {
				t.Errorf("feed lacks id, updated or author: %+v", feed)
			}
			if len(feed.Entries) != 1 {
				t.Fatalf("%d entries, want 1", len(feed.Entries))
			}
			e := feed.Entries[0]
			wantTitle := "Acme & Co <Labs> privacy: negation removed (do not sell → sell)"
			if e.Title != wantTitle {
				t.Errorf("title %q, want %q", e.Title, wantTitle)
			}
			if !strings.HasPrefix(e.ID, "tag:tracker,") || e.Updated != res.To.CapturedAt.UTC().Format("2006-01-02T15:04:05Z07:00") {
				t.Errorf("id %q updated %q", e.ID, e.Updated)
			}
			wantLink := fmt.Sprintf("http://example.com/vendors/acme/privacy/diff?from=%d&to=%d", f.from, f.to)
			if len(e.Links) != 1 || e.Links[0].Href != wantLink {
				t.Errorf("links %+v, want %s", e.Links, wantLink)
			}
			var terms []string
			for _, c := range e.Categories {
				terms = append(terms, c.Term)
			}
			if !slices.Equal(terms, sum.Categories) {
				t.Errorf("categories %q, want %q", terms, sum.Categories)
			}
			if !strings.Contains(e.Summary.Body, "modified") || e.Summary.Type != "text" {
				t.Errorf("summary %+v", e.Summary)
			}
		})
	}
	t.Run("ids are stable", func(t *testing.T) {
		_, a := f.do(t, "GET", "/feed.atom")
		_, b := f.do(t, "GET", "/feed.atom")
		if a != b {
			t.Error("two requests gave different feeds")
		}
	})
	t.Run("filters", func(t *testing.T) {
		lacks := ""
		for _, c := range categories {
			if !slices.Contains(sum.Categories, c) {
				lacks = c
				break
			}
		}
		tests := []struct {
			query string
			keep  bool
		}{
			{"severity=" + sum.MaxSeverity.String(), true},
			{"severity=none", true},
			{"category=" + lacks, false},
		}
		if sum.MaxSeverity < classify.High {
			tests = append(tests, struct {
				query string
				keep  bool
			}{"severity=high", false})
		}
		for _, tt := range tests {
			_, body := f.do(t, "GET", "/feed.atom?"+tt.query)
			if got := strings.Contains(body, "<entry>"); got != tt.keep {
				t.Errorf("?%s: entry shown %v, want %v", tt.query, got, tt.keep)
			}
		}
		if resp, _ := f.do(t, "GET", "/feed.atom?severity=urgent"); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("?severity=urgent: status %d, want 400", resp.StatusCode)
		}
	})
}

func TestDatabaseErrorIs500(t *testing.T) {
	f := newFixture(t, "policy-v1.html", "policy-v2.html")
	if err := f.app.Close(); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/vendors/acme/privacy", "/vendors/acme/privacy/diff", "/feed.atom"} {
		t.Run(path, func(t *testing.T) {
			resp, body := f.do(t, "GET", path)
			if resp.StatusCode != http.StatusInternalServerError {
				t.Fatalf("status %d, want 500:\n%s", resp.StatusCode, body)
			}
			if strings.Contains(body, "sql") || strings.Contains(body, "tracker.db") {
				t.Errorf("the database error leaked into the page:\n%s", body)
			}
			checkSecurityHeaders(t, resp.Header)
		})
	}
	if logs := f.logs.String(); !strings.Contains(logs, "web: request failed") || !strings.Contains(logs, "level=ERROR") {
		t.Errorf("errors not logged:\n%s", logs)
	}
}

func checkSecurityHeaders(t *testing.T, h http.Header) {
	t.Helper()
	want := map[string]string{
		"Content-Security-Policy": contentSecurityPolicy,
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
	}
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
}

// TestTimelineNotes checks the timeline's marks for archived, flapping and
// technical versions.
func TestTimelineNotes(t *testing.T) {
	f := newFixture(t, "policy-v1.html", "policy-v2.html")
	ctx := context.Background()
	target, err := f.app.Target("acme", "privacy")
	if err != nil {
		t.Fatal(err)
	}
	// The page goes back to its first text: a flap of the first version.
	f.site.set(readTestdata(t, "policy-v1.html"))
	if outs, err := f.app.Crawl(ctx, []pipeline.Target{target}); err != nil || outs[0].Status != pipeline.StatusChanged {
		t.Fatalf("third crawl: %v %+v", err, outs)
	}
	first, err := f.app.Store().Version(ctx, f.from)
	if err != nil {
		t.Fatal(err)
	}
	// An archived capture from before the first crawl, then a technical
	// re-extraction of the latest text.
	body := []byte("<p>archived page</p>")
	archived := store.Version{
		DocumentID: target.Stored.ID, Hash: doc.HashText("An archived text."), Text: "An archived text.", Source: "wayback",
		FetchedAt: first.FetchedAt, CapturedAt: first.CapturedAt.Add(-24 * time.Hour), URL: "https://web.archive.org/web/2019/https://acme.example/privacy",
	}
	technical := store.Version{
		DocumentID: target.Stored.ID, Hash: doc.HashText(first.Text + "\nRe-extracted."), Text: first.Text + "\nRe-extracted.", Source: "live",
		FetchedAt: time.Now().Add(time.Hour), CapturedAt: time.Now().Add(time.Hour), Technical: true,
	}
	for _, v := range []store.Version{archived, technical} {
		if _, err := f.app.Store().AddVersion(ctx, store.NewVersion{Version: v, Snapshot: store.Snapshot{ContentType: "text/html", Body: body}}); err != nil {
			t.Fatal(err)
		}
	}
	_, page := f.do(t, "GET", "/vendors/acme/privacy")
	for _, want := range []string{
		fmt.Sprintf("Same text as version #%d", f.from),
		"Technical version",
		`<span class="source archived">archived</span>`,
		"5 versions",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("timeline lacks %q:\n%s", want, page)
		}
	}
	// Newest first: the technical version leads, the archived one closes.
	if i, j := strings.Index(page, "Technical version"), strings.Index(page, `<span class="source archived">`); i < 0 || j < i {
		t.Errorf("timeline is not newest first")
	}
	// No link leads to the vendor's live site or the archive: only to the
	// pages tracker stored.
	if strings.Contains(page, `href="https://web.archive.org`) || strings.Contains(page, `href="https://acme.example`) {
		t.Errorf("the timeline links a page tracker did not store:\n%s", page)
	}
}
