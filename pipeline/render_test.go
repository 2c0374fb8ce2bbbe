package pipeline

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/tracker-dev/tracker/browser"
	"github.com/tracker-dev/tracker/wayback/waybacktest"
)

// requireBrowser skips where no browser is installed; CI installs one.
func requireBrowser(t *testing.T) {
	t.Helper()
	if raceEnabled {
		t.Skip("drives Chromium: skipped under -race; .ci/run runs it without (go test ./browser ./pipeline)")
	}
	if _, err := browser.Find(""); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%v; CI must install one (.ci/install-chromium.sh)", err)
		}
		t.Skipf("%v: install Chromium (Debian: apt-get install chromium) to run the browser tests", err)
	}
}

// jsSite serves one policy server-side and, through several kinds of
// script, client-side.
type jsSite struct {
	mu    sync.Mutex
	paras []string
}

func (s *jsSite) set(paras ...string) { s.mu.Lock(); s.paras = paras; s.mu.Unlock() }

const jsShow = `function show(d) {
  var h = '<h1>' + d.title + '</h1>';
  d.paras.forEach(function (p) { h += '<p>' + p + '</p>'; });
  document.getElementById('root').innerHTML = h;
}`

func (s *jsSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	paras := s.paras
	s.mu.Unlock()
	data := fmt.Sprintf(`{"title":"Privacy Policy","paras":[%s]}`, quoteAll(paras))
	shell := func(script string) string {
		return `<!doctype html><html><head><title>Acme</title></head><body><header><a href="/">Acme</a></header><div id="root"></div><script>` +
			jsShow + "\n" + script + `</script><footer>© 2026 Acme</footer></body></html>`
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("ETag", `"shell-1"`) // the shell never changes, its text does
	switch r.URL.Path {
	case "/ssr":
		var b strings.Builder
		b.WriteString(`<!doctype html><html><head><title>Acme</title></head><body><header><a href="/">Acme</a></header><div id="root"><h1>Privacy Policy</h1>`)
		for _, p := range paras {
			b.WriteString("<p>" + p + "</p>")
		}
		b.WriteString(`</div><footer>© 2026 Acme</footer></body></html>`)
		fmt.Fprint(w, b.String())
	case "/inline":
		fmt.Fprint(w, shell("show("+data+");"))
	case "/fetched":
		fmt.Fprint(w, shell(`fetch('/policy.json').then(function (r) { return r.json(); }).then(show);`))
	case "/delayed":
		fmt.Fprint(w, shell(`setTimeout(function () { show(`+data+`); }, 1500);`))
	case "/cookies":
		fmt.Fprint(w, shell("show("+data+");\n"+`document.body.insertAdjacentHTML('beforeend', '<div id="consent" role="dialog" aria-modal="true"><h2>We value your privacy</h2><p>We use cookies to improve your experience. Accept all cookies?</p><button>Accept</button><button>Reject</button></div>');`))
	case "/policy.json":
		w.Header().Set("Content-Type", "application/json")
		w.Header().Del("ETag")
		fmt.Fprint(w, data)
	default:
		http.NotFound(w, r)
	}
}

func quoteAll(ps []string) string {
	q := make([]string, len(ps))
	for i, p := range ps {
		q[i] = fmt.Sprintf("%q", p)
	}
	return strings.Join(q, ",")
}

// TestRenderedPagesMatchServerRendered: the same policy served as HTML and
// written into the page by scripts (inline, from fetched JSON, after a
// delay, under a cookie dialog) is stored as the same text, with the same
// hash; a change in the JSON is seen although the shell never changes.
func TestRenderedPagesMatchServerRendered(t *testing.T) {
	requireBrowser(t)
	site := &jsSite{}
	site.set("We collect your name and e-mail address when you sign up.", "We do not sell your personal information.")
	srv := httptest.NewServer(site)
	defer srv.Close()
	docs := []struct{ id, path, extra string }{
		{"ssr", "/ssr", ""},
		{"inline", "/inline", ""},
		{"fetched", "/fetched", ""},
		{"delayed", "/delayed", ", render: browser, wait_for: '#root p'"},
		{"cookies", "/cookies", ""},
	}
	var cfg strings.Builder
	cfg.WriteString("database: tracker.db\nhost_delay: 0s\nvendors:\n")
	for _, d := range docs {
		fmt.Fprintf(&cfg, "  - id: %s\n    name: %s\n    documents:\n      - {type: privacy, url: %s%s%s}\n", d.id, d.id, srv.URL, d.path, d.extra)
	}
	a := openTestApp(t, cfg.String())
	ctx := context.Background()
	targets, _ := a.Select(nil, "")
	outs, err := a.Crawl(ctx, targets)
	if err != nil {
		t.Fatalf("crawl: %v %+v", err, outs)
	}
	var want string
	for i, o := range outs {
		if o.Status != StatusNew {
			t.Fatalf("%s: %s %v", o.Target.Key(), o.Status, o.Err)
		}
		v, _, _ := a.store.LatestVersion(ctx, targets[i].Stored.ID)
		if i == 0 {
			want = v.Hash
			if o.Note != "" {
				t.Errorf("the server-rendered page: note %q, want none (no browser)", o.Note)
			}
			continue
		}
		if v.Hash != want {
			t.Errorf("%s: stored\n%s\nwant the server-rendered text\n%s", o.Target.Key(), v.Text, mustText(t, a, targets[0]))
		}
		if !strings.Contains(o.Note, "rendered in a browser") {
			t.Errorf("%s: note %q", o.Target.Key(), o.Note)
		}
		if v.ETag != "" {
			t.Errorf("%s: the shell's ETag %q was kept: the next crawl would get a 304 for a text it cannot see", o.Target.Key(), v.ETag)
		}
	}

	// The data changes, the shell does not.
	site.set("We collect your name and e-mail address when you sign up.", "We share your personal information with advertising partners.")
	outs, err = a.Crawl(ctx, targets)
	if err != nil {
		t.Fatalf("second crawl: %v", err)
	}
	for _, o := range outs {
		if o.Status != StatusChanged || o.Summary == nil || o.Summary.Modified != 1 {
			t.Errorf("%s: %s %+v %v, want one modified clause", o.Target.Key(), o.Status, o.Summary, o.Err)
		}
	}
	var m strings.Builder
	a.metrics.WriteTo(&m)
	for _, want := range []string{`tracker_browser_renders_total{outcome="ok"} 8`, "tracker_browser_render_seconds_total ", "tracker_browser_memory_bytes ", "tracker_browser_starts_total 1"} {
		if !strings.Contains(m.String(), want) {
			t.Errorf("metrics lack %q:\n%s", want, m.String())
		}
	}
}

func mustText(t *testing.T, a *App, tg Target) string {
	v, _, err := a.store.LatestVersion(context.Background(), tg.Stored.ID)
	if err != nil {
		t.Fatal(err)
	}
	return v.Text
}

// TestShellWithoutBrowser: a JavaScript shell where no browser can be found
// is an error that says how to install one, and nothing is stored; with
// render: static it is the old "no text" error.
func TestShellWithoutBrowser(t *testing.T) {
	site := &jsSite{}
	site.set("We collect your name.")
	srv := httptest.NewServer(site)
	defer srv.Close()
	a := openTestApp(t, "database: tracker.db\nhost_delay: 0s\nbrowser_path: /no/such/chromium\nvendors:\n"+
		"  - id: auto\n    name: A\n    documents:\n      - {type: privacy, url: "+srv.URL+"/fetched}\n"+
		"  - id: static\n    name: S\n    render: static\n    documents:\n      - {type: privacy, url: "+srv.URL+"/fetched}\n"+
		"  - id: ssr\n    name: R\n    documents:\n      - {type: privacy, url: "+srv.URL+"/ssr}\n")
	ctx := context.Background()
	targets, _ := a.Select(nil, "")
	outs, _ := a.Crawl(ctx, targets)
	if o := outs[0]; o.Status != StatusError || !strings.Contains(o.Err.Error(), "apt-get install chromium") || !strings.Contains(o.Err.Error(), "browser_path") {
		t.Errorf("auto: %s %v, want an error saying how to get a browser", o.Status, o.Err)
	}
	if o := outs[1]; o.Status != StatusError || !strings.Contains(o.Err.Error(), "render: auto") {
		t.Errorf("static: %s %v, want the no-text error naming render: auto", o.Status, o.Err)
	}
	if o := outs[2]; o.Status != StatusNew {
		t.Errorf("a server-rendered page needs no browser: %s %v", o.Status, o.Err)
	}
	for _, tg := range targets[:2] {
		if _, ok, _ := a.store.LatestVersion(ctx, tg.Stored.ID); ok {
			t.Errorf("%s: a version was stored", tg.Key())
		}
	}
}

// TestBackfillShellCaptureNotRendered: an archived capture of a JavaScript
// shell is never rendered (its scripts would fetch today's text from the
// live site, stored under an old date): it is recorded with an error that
// says why, and the server-rendered captures still become versions. No
// browser is needed.
func TestBackfillShellCaptureNotRendered(t *testing.T) {
	arch := waybacktest.New(t)
	site := &jsSite{}
	site.set("We collect your name and e-mail address when you sign up.")
	get := func(path string) string {
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Body.String()
	}
	arch.Add(
		waybacktest.Capture{Timestamp: "20230101000000", Original: policyURL, MimeType: "text/html", Body: get("/ssr")},
		waybacktest.Capture{Timestamp: "20230601000000", Original: policyURL, MimeType: "text/html", Body: get("/fetched")},
	)
	a, wb := backfillApp(t, arch.URL)
	ctx := context.Background()
	targets, _ := a.Select(nil, "")
	outs, _ := a.Backfill(ctx, wb, targets, BackfillOptions{})
	if o := outs[0]; o.Versions != 1 {
		t.Fatalf("%+v, want one version from the server-rendered capture", o)
	}
	caps, err := a.store.Captures(ctx, targets[0].Stored.ID)
	if err != nil {
		t.Fatal(err)
	}
	var shell string
	for _, c := range caps {
		if c.Timestamp == "20230601000000" {
			shell = c.Error
		}
	}
	if !strings.Contains(shell, "archived JavaScript shell") || !strings.Contains(shell, "today's text") {
		t.Errorf("the shell capture's error %q does not say why it is not rendered", shell)
	}
}
