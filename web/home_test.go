package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/classify"
	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/store"
)

// storedChange is a document's second version and its change, stored
// directly with a chosen time and summary.
type storedChange struct {
	vendor    string
	at        time.Time
	sum       classify.Summary
	technical bool
}

// newChangesApp opens an App whose vendors each have one privacy policy;
// each change gives its vendor's document two versions (the second at its
// time, with its summary), or one more when it has some already. Vendors
// without a change have no version.
func newChangesApp(t testing.TB, vendors []string, changes []storedChange) (*pipeline.App, http.Handler) {
	t.Helper()
	var b strings.Builder
	b.WriteString("database: tracker.db\nvendors:\n")
	for _, v := range vendors {
		fmt.Fprintf(&b, "  - {id: %s, name: %q, documents: [{type: privacy, url: \"http://127.0.0.1:9/%s\"}]}\n", v, strings.ToUpper(v[:1])+v[1:]+" Inc", v)
	}
	path := filepath.Join(t.TempDir(), "tracker.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	app, err := pipeline.Open(ctx, cfg, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	latest := map[string]store.Version{}
	for n, c := range changes {
		target, err := app.Target(c.vendor, "privacy")
		if err != nil {
			t.Fatal(err)
		}
		prev, ok := latest[c.vendor]
		for i, at := range []time.Time{c.at.Add(-30 * 24 * time.Hour), c.at} {
			if i == 0 && ok {
				continue
			}
			text := fmt.Sprintf("Privacy Policy\n%s keeps your data for %d years (%d).", c.vendor, i+1, n)
			nv := store.NewVersion{
				Version: store.Version{DocumentID: target.Stored.ID, Hash: doc.HashText(text), Text: text, Source: "live",
					FetchedAt: at, CapturedAt: at, URL: "http://127.0.0.1:9/" + c.vendor, Technical: i == 1 && c.technical},
				Snapshot: store.Snapshot{ContentType: "text/plain; charset=utf-8", Body: []byte(text)},
			}
			if i == 1 {
				report, _ := json.Marshal(classify.Report{Summary: c.sum})
				nv.Change = &store.Change{FromVersion: prev.ID, MaxSeverity: c.sum.MaxSeverity.String(), Material: c.sum.Material,
					Modified: c.sum.Modified, Report: report, CreatedAt: at}
			}
			if prev, err = app.Store().AddVersion(ctx, nv); err != nil {
				t.Fatal(err)
			}
		}
		latest[c.vendor] = prev
	}
	return app, Handler(app, nil)
}

func get(t testing.TB, h http.Handler, path string) string {
	t.Helper()
	f := &fixture{handler: h}
	res, body := f.do(t, "GET", path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", path, res.StatusCode, body)
	}
	return body
}

// TestHomeLatestChanges: the home page lists each document's latest
// change, the vendor's material changes first, then newest first; a
// technical re-extraction is marked, never counted as material, and left
// out once a severity is asked for; the filters combine.
func TestHomeLatestChanges(t *testing.T) {
	day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 6, 0, 0, 0, time.UTC) }
	high := classify.Summary{Material: true, MaxSeverity: classify.High, Modified: 1, Categories: []string{classify.Sharing}}
	medium := classify.Summary{Material: true, MaxSeverity: classify.Medium, Modified: 1, Categories: []string{classify.Retention}}
	none := classify.Summary{MaxSeverity: classify.None, Modified: 1, Categories: []string{classify.PolicyChange}}
	_, h := newChangesApp(t, []string{"acme", "beta", "gamma", "delta", "quiet"}, []storedChange{
		{vendor: "acme", at: day(2, 1), sum: high},
		{vendor: "beta", at: day(3, 1), sum: none},
		{vendor: "gamma", at: day(3, 5), sum: high, technical: true},
		{vendor: "delta", at: day(1, 15), sum: medium},
	})
	order := func(path string) []string {
		t.Helper()
		var got []homeChangeJSON
		if err := json.Unmarshal([]byte(get(t, h, path+"&format=json")), &got); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, c := range got {
			ids = append(ids, c.Vendor)
		}
		return ids
	}
	for _, tt := range []struct {
		query string
		want  string
	}{
		{"/?", "acme delta gamma beta"},
		{"/?severity=none", "acme delta gamma beta"},
		{"/?severity=low", "acme delta"},
		{"/?severity=high", "acme"},
		{"/?category=retention", "delta"},
		{"/?since=2026-02-01", "acme gamma beta"},
		{"/?since=2026-02-01&severity=medium", "acme"},
		{"/?vendor=gamma", "gamma"},
		{"/?vendor=gamma&severity=medium", ""},
		{"/?vendor=quiet", ""},
	} {
		if got := strings.Join(order(tt.query), " "); got != tt.want {
			t.Errorf("%s lists %q, want %q", tt.query, got, tt.want)
		}
	}

	page := get(t, h, "/")
	rows := strings.Split(page, `<tr class="sev-`)[1:]
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4:\n%s", len(rows), page)
	}
	for i, want := range []struct{ vendor, class string }{
		{"Acme Inc", `high is-material">`}, {"Delta Inc", `medium is-material">`}, {"Gamma Inc", `high">`}, {"Beta Inc", `none">`},
	} {
		if !strings.HasPrefix(rows[i], want.class) || !strings.Contains(rows[i], ">"+want.vendor+"</a>") {
			t.Errorf("row %d is not %s (%s):\n%s", i+1, want.vendor, want.class, rows[i])
		}
	}
	if !strings.Contains(rows[2], "Technical: tracker read a stored page again") || strings.Contains(rows[2], "material</strong>") {
		t.Errorf("the technical change is not marked as such:\n%s", rows[2])
	}
	if !strings.Contains(page, "1 document has no change yet") || !strings.Contains(page, `<a href="/vendors">All 5 documents by vendor</a>`) {
		t.Errorf("the page does not count the quiet document or link the vendor list:\n%s", page)
	}

	// The feed leaves the technical change out unless every severity is
	// asked for.
	if feed := get(t, h, "/feed.atom"); strings.Contains(feed, "Gamma Inc") || !strings.Contains(feed, "Acme Inc") {
		t.Errorf("default feed:\n%s", feed)
	}
	if feed := get(t, h, "/feed.atom?severity=none"); !strings.Contains(feed, "Gamma Inc") {
		t.Errorf("feed with severity=none lacks the technical change:\n%s", feed)
	}
	if feed := get(t, h, "/feed.atom?severity=none&since=2026-03-02"); strings.Contains(feed, "Beta Inc") || !strings.Contains(feed, "Gamma Inc") {
		t.Errorf("feed since 2 March:\n%s", feed)
	}
}

// TestHomePages: over homePageSize changes, the home page is paginated,
// its links keep the filter, and the pages together list every change
// once, material ones first, then newest first.
func TestHomePages(t *testing.T) {
	var vendors []string
	var changes []storedChange
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range homePageSize + 1 {
		v := fmt.Sprintf("v%03d", i)
		vendors = append(vendors, v)
		sum := classify.Summary{MaxSeverity: classify.Low, Modified: 1}
		if i%10 == 0 {
			sum = classify.Summary{Material: true, MaxSeverity: classify.High, Modified: 1}
		}
		changes = append(changes, storedChange{vendor: v, at: at.Add(time.Duration(i) * time.Hour), sum: sum})
	}
	_, h := newChangesApp(t, vendors, changes)
	first := get(t, h, "/?severity=low")
	if n := strings.Count(first, `<tr class="sev-`); n != homePageSize {
		t.Errorf("first page: %d rows, want %d", n, homePageSize)
	}
	next := regexp.MustCompile(`<a rel="next" href="(/\?severity=low&amp;after=[^"]+)">`).FindStringSubmatch(first)
	if next == nil || !strings.Contains(first, ">V100 Inc</a>") || strings.Contains(first, `rel="first"`) {
		t.Fatalf("first page: no link to the second, or not newest first:\n%s", first)
	}
	// Over vendorChoiceLimit vendors would make the filter a text field;
	// here they are a menu.
	if !strings.Contains(first, `<option value="v000">V000 Inc</option>`) {
		t.Errorf("the vendor menu lacks v000")
	}
	second := get(t, h, html.UnescapeString(next[1]))
	if n := strings.Count(second, `<tr class="sev-`); n != 1 || !strings.Contains(second, ">V001 Inc</a>") ||
		!strings.Contains(second, `<a rel="first" href="/?severity=low">`) || strings.Contains(second, `rel="next"`) {
		t.Errorf("second page: %d rows\n%s", n, second)
	}
	// Its previous page is the first again, rows and all, with a link on.
	prev := regexp.MustCompile(`<a rel="prev" href="(/\?severity=low&amp;before=[^"]+)">`).FindStringSubmatch(second)
	if prev == nil {
		t.Fatalf("second page: no link to the previous one:\n%s", second)
	}
	back := get(t, h, html.UnescapeString(prev[1]))
	rows := regexp.MustCompile(`(?s)<tbody>.*</tbody>`)
	if got, want := rows.FindString(back), rows.FindString(first); got != want || want == "" {
		t.Errorf("the previous page of the second is not the first:\n%s", back)
	}
	if !strings.Contains(back, `rel="next"`) || strings.Contains(back, `rel="prev"`) {
		t.Errorf("back on the first page: want a next link and no previous one:\n%s", back)
	}

	// JSON pages the same way, with a Link header.
	f := &fixture{handler: h}
	var order []string
	path := "/?format=json"
	for range 3 {
		res, body := f.do(t, "GET", path)
		var got []homeChangeJSON
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatalf("GET %s: %v\n%s", path, err, body)
		}
		for _, c := range got {
			order = append(order, c.Vendor)
		}
		link := regexp.MustCompile(`<([^>]+)>; rel="next"`).FindStringSubmatch(res.Header.Get("Link"))
		if link == nil {
			break
		}
		path = link[1]
	}
	var want []string
	for i := homePageSize; i >= 0; i -= 10 {
		want = append(want, fmt.Sprintf("v%03d", i))
	}
	for i := homePageSize; i >= 0; i-- {
		if i%10 != 0 {
			want = append(want, fmt.Sprintf("v%03d", i))
		}
	}
	if strings.Join(order, " ") != strings.Join(want, " ") {
		t.Errorf("JSON pages list\n%v\nwant\n%v", order, want)
	}
}

// TestHomeEveryChange: a material change followed by a date-only one stays
// on the home page (first, as material), and a severity filter keeps it:
// the page lists changes, not each document's latest.
func TestHomeEveryChange(t *testing.T) {
	day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 6, 0, 0, 0, time.UTC) }
	material := classify.Summary{Material: true, MaxSeverity: classify.High, Modified: 1, Categories: []string{classify.Retention}}
	dateOnly := classify.Summary{MaxSeverity: classify.None, Modified: 1, Categories: []string{classify.PolicyChange}}
	low := classify.Summary{MaxSeverity: classify.Low, Modified: 1, Categories: []string{classify.Contact}}
	_, h := newChangesApp(t, []string{"acme", "beta"}, []storedChange{
		{vendor: "acme", at: day(2, 1), sum: material},
		{vendor: "acme", at: day(3, 1), sum: dateOnly},
		{vendor: "beta", at: day(2, 15), sum: low},
	})
	type row struct {
		Vendor   string
		Severity string
		Material bool
	}
	for _, tt := range []struct {
		query string
		want  []row
	}{
		{"/?", []row{{"acme", "high", true}, {"acme", "none", false}, {"beta", "low", false}}},
		{"/?severity=medium", []row{{"acme", "high", true}}},
		{"/?severity=low", []row{{"acme", "high", true}, {"beta", "low", false}}},
		{"/?category=retention&vendor=acme", []row{{"acme", "high", true}}},
		{"/?since=2026-02-10", []row{{"acme", "none", false}, {"beta", "low", false}}},
	} {
		var got []homeChangeJSON
		if err := json.Unmarshal([]byte(get(t, h, tt.query+"&format=json")), &got); err != nil {
			t.Fatal(err)
		}
		var rows []row
		for _, c := range got {
			rows = append(rows, row{c.Vendor, c.Summary.MaxSeverity.String(), c.Summary.Material})
		}
		if fmt.Sprint(rows) != fmt.Sprint(tt.want) {
			t.Errorf("%s lists %v, want %v", tt.query, rows, tt.want)
		}
	}
	page := get(t, h, "/?severity=medium")
	if !strings.Contains(page, "is-material") || !strings.Contains(page, ">Acme Inc</a>") || strings.Contains(page, ">Beta Inc</a> <a") {
		t.Errorf("?severity=medium does not show Acme's material change alone:\n%s", page)
	}
}

// TestHomeLooksBackInSteps: a filter that only a change far back in a long
// history passes costs a bounded walk a page: the first pages say how far
// back they looked and link further back, and following them finds it.
func TestHomeLooksBackInSteps(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	app, h := newChangesApp(t, []string{"old", "busy"}, []storedChange{
		{vendor: "old", at: at, sum: classify.Summary{Material: true, MaxSeverity: classify.High, Modified: 1,
			Categories: []string{"children"}}},
	})
	// After it, thousands of changes that the filter does not pass.
	ctx := context.Background()
	busy, err := app.Target("busy", "privacy")
	if err != nil {
		t.Fatal(err)
	}
	var steps []store.Step
	report, _ := json.Marshal(classify.Report{Summary: classify.Summary{Material: true, MaxSeverity: classify.Low, Modified: 1,
		Categories: []string{"sharing"}}})
	const n = 4500 // more than the home page walks at a time (homeReads windows of the store's)
	for i := range n {
		vat := at.Add(time.Duration(i+1) * time.Minute)
		text := fmt.Sprintf("Privacy Policy\nversion %d", i)
		nv := store.NewVersion{
			Version: store.Version{DocumentID: busy.Stored.ID, Hash: doc.HashText(text), Text: text, Source: "live",
				FetchedAt: vat, CapturedAt: vat, URL: "http://127.0.0.1:9/busy"},
			Snapshot: store.Snapshot{ContentType: "text/plain; charset=utf-8", Body: []byte(text)},
		}
		if i > 0 {
			nv.Change = &store.Change{MaxSeverity: "low", Material: true, Modified: 1, Report: report, CreatedAt: vat}
		}
		steps = append(steps, store.Step{Version: &nv})
	}
	if _, err := app.Store().AddHistory(ctx, steps); err != nil {
		t.Fatal(err)
	}
	next := regexp.MustCompile(`<a href="(/\?category=children&amp;after=[^"]+)">Look further back</a>`)
	path := "/?category=children"
	for hop := 0; ; hop++ {
		page := get(t, h, path)
		if strings.Contains(page, ">Old Inc</a>") {
			if hop == 0 {
				t.Error("the first page walked the whole history")
			}
			break
		}
		m := next.FindStringSubmatch(page)
		if m == nil || !strings.Contains(page, "No change matches this filter back to 2026-01-0") {
			t.Fatalf("page %d: neither the change nor a link further back:\n%s", hop, page)
		}
		if hop == 5 {
			t.Fatal("5 pages without reaching the change")
		}
		path = html.UnescapeString(m[1])
	}
}
