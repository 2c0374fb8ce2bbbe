package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/store"
)

// scriptedPage is a vendor page whose script, if it ever ran, would mark
// the document.
const scriptedPage = `<!doctype html><html><head><title>Privacy</title></head><body><main><h1>Privacy Policy</h1>
<p>We keep your data for ten years.</p></main>
<script>document.body.setAttribute("data-ran", "yes"); document.title = "ran";</script></body></html>`

// addScriptedVersion stores scriptedPage as a version of acme's privacy
// policy, as a crawl on 3 March would have.
func addScriptedVersion(t testing.TB, f *fixture) store.Version {
	t.Helper()
	target, err := f.app.Target("acme", "privacy")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	text := "Privacy Policy\nWe keep your data for ten years."
	v, err := f.app.Store().AddVersion(context.Background(), store.NewVersion{
		Version: store.Version{DocumentID: target.Stored.ID, Hash: doc.HashText(text), Text: text, Source: "live",
			FetchedAt: at, CapturedAt: at, URL: "https://acme.example/privacy"},
		Snapshot: store.Snapshot{ContentType: "text/html; charset=utf-8", Body: []byte(scriptedPage)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestVersionPages(t *testing.T) {
	f := newFixture(t, "policy-v1.html", "policy-v2.html")
	v := addScriptedVersion(t, f)
	page := fmt.Sprintf("/vendors/acme/privacy/versions/%d", v.ID)

	res, body := f.do(t, "GET", page)
	if res.StatusCode != 200 {
		t.Fatalf("%s: %d\n%s", page, res.StatusCode, body)
	}
	for _, want := range []string{"We keep your data for ten years.", "2026-03-03 09:00 UTC", `href="` + page + `/raw"`, "https://acme.example/privacy"} {
		if !strings.Contains(body, want) {
			t.Errorf("version page lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, `href="https://acme.example`) {
		t.Error("the version page links the live page")
	}
	_, js := f.do(t, "GET", page+"?format=json")
	if !strings.Contains(js, `"text": "Privacy Policy\nWe keep your data for ten years."`) || !strings.Contains(js, `"raw": "`+page+`/raw"`) {
		t.Errorf("version json:\n%s", js)
	}

	res, raw := f.do(t, "GET", page+"/raw")
	if res.StatusCode != 200 || raw != scriptedPage {
		t.Fatalf("raw: %d\n%s", res.StatusCode, raw)
	}
	if csp := res.Header.Values("Content-Security-Policy"); len(csp) != 1 || csp[0] != "sandbox" {
		t.Errorf("raw page CSP %q, want exactly sandbox", csp)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("raw page headers: %v", res.Header)
	}

	for _, path := range []string{
		"/vendors/acme/privacy/versions/999999", "/vendors/acme/privacy/versions/abc",
		fmt.Sprintf("/vendors/broken/terms/versions/%d", v.ID), // another document's version
		fmt.Sprintf("/vendors/broken/terms/versions/%d/raw", v.ID),
	} {
		if res, body := f.do(t, "GET", path); res.StatusCode != 404 {
			t.Errorf("%s: %d, want 404\n%s", path, res.StatusCode, body)
		}
	}
}

func TestVendorPage(t *testing.T) {
	f := newFixture(t, "policy-v1.html", "policy-v2.html")
	res, body := f.do(t, "GET", "/vendors/acme")
	if res.StatusCode != 200 || !strings.Contains(body, "<h1>Acme &amp; Co &lt;Labs&gt;</h1>") ||
		!strings.Contains(body, `href="/vendors/acme/privacy"`) || strings.Contains(body, "Broken Ltd") ||
		!strings.Contains(body, `action="/vendors/acme"`) {
		t.Errorf("vendor page: %d\n%s", res.StatusCode, body)
	}
	if _, js := f.do(t, "GET", "/vendors/acme?format=json"); !strings.Contains(js, `"vendor": "acme"`) || strings.Contains(js, `"broken"`) {
		t.Errorf("vendor json:\n%s", js)
	}
	if res, _ := f.do(t, "GET", "/vendors/nope"); res.StatusCode != 404 {
		t.Errorf("unknown vendor: %d", res.StatusCode)
	}
	// The home page links each vendor's page.
	if _, home := f.do(t, "GET", "/"); !strings.Contains(home, `<a href="/vendors/acme">Acme &amp; Co &lt;Labs&gt;</a>`) {
		t.Errorf("home does not link the vendor page:\n%s", home)
	}
}
