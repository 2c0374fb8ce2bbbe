package pipeline

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestBrokenInputStoresNothing serves each kind of broken or hostile
// answer and checks that the fetch fails with a reason naming the cause,
// and that no version and no alert result.
func TestBrokenInputStoresNothing(t *testing.T) {
	long := strings.Repeat("<p>We collect your name and e-mail address to provide the service to you.</p>", 40)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<html><body><main>"+long+"</main></body></html>")
	}))
	defer other.Close()
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer tlsSrv.Close()

	routes := map[string]http.HandlerFunc{
		"/404": func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
		"/500": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", 500) },
		"/slow": func(w http.ResponseWriter, r *http.Request) {
			select { // outlast the client's timeout, but never the test
			case <-r.Context().Done():
			case <-time.After(30 * time.Second):
			}
		},
		"/huge": func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(strings.Repeat("x", 3<<20))) },
		"/pdf": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("%PDF-1.7"))
		},
		"/elsewhere": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://login.example.invalid/x", http.StatusFound)
		},
		"/to-login": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/login?next=/privacy", http.StatusFound)
		},
		"/challenge": html("<html><head><title>Just a moment...</title></head><body><p>Checking your browser before accessing the site.</p></body></html>"),
		"/denied":    html("<html><head><title>Access Denied</title></head><body><h1>Access Denied</h1><p>You don't have permission to access this page on this server.</p></body></html>"),
		"/captcha":   html("<html><body><main><p>Please complete the CAPTCHA to continue.</p></main></body></html>"),
		"/soft404":   html("<html><head><title>Page not found</title></head><body><main><h1>Oops!</h1><p>The page you are looking for does not exist.</p></main></body></html>"),
		"/js-shell":  html(`<html><head><script src="/app.js"></script></head><body><div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript></body></html>`),
	}
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h, ok := routes[r.URL.Path]; ok {
			h(w, r)
			return
		}
		http.NotFound(w, r)
	}))
	defer site.Close()

	cases := []struct{ id, url, reason string }{
		{"dns", "http://no-such-host.invalid/privacy", "no such host"},
		{"refused", "http://127.0.0.1:1/privacy", "connection"},
		{"tls", tlsSrv.URL + "/privacy", "certificate"},
		{"status404", site.URL + "/404", "404"},
		{"status500", site.URL + "/500", "500"},
		{"timeout", site.URL + "/slow", "timeout"},
		{"huge", site.URL + "/huge", "exceeds"},
		{"pdf", site.URL + "/pdf", "damaged or not a pdf"},
		{"elsewhere", site.URL + "/elsewhere", "redirect"},
		{"tologin", site.URL + "/to-login", "login"},
		{"challenge", site.URL + "/challenge", "challenge"},
		{"denied", site.URL + "/denied", "access denied"},
		{"captcha", site.URL + "/captcha", "captcha"},
		{"soft404", site.URL + "/soft404", "not found"},
		{"jsshell", site.URL + "/js-shell", "javascript"},
	}
	var cfg strings.Builder
	// render: static: the shell is judged as served, without starting a
	// browser (the rendering tests cover that). The timeout is long enough
	// for a TLS handshake under -race on a loaded machine (1 s was not):
	// only /slow may reach it.
	cfg.WriteString("database: tracker.db\nrender: static\nhost_delay: 0s\ntimeout: 5s\nmax_body_size: 2MiB\nalerts:\n  min_severity: none\n  webhooks:\n    - {url: " + other.URL + ", secret_env: X}\nvendors:\n")
	for _, c := range cases {
		fmt.Fprintf(&cfg, "  - id: %s\n    name: %s\n    documents:\n      - {type: privacy, url: %q}\n", c.id, c.id, c.url)
	}
	a := openTestApp(t, cfg.String())
	ctx := context.Background()
	targets, _ := a.Select(nil, "")
	outs, err := a.Crawl(ctx, targets)
	if err == nil {
		t.Fatal("crawl of broken pages reported no failure")
	}
	for i, c := range cases {
		o := outs[i]
		t.Run(c.id, func(t *testing.T) {
			if o.Status != StatusError || o.Err == nil {
				t.Fatalf("status %s err %v, want an error", o.Status, o.Err)
			}
			if msg := strings.ToLower(o.Err.Error()); !strings.Contains(msg, c.reason) {
				t.Errorf("error %q does not name the cause (%q)", o.Err, c.reason)
			}
			if _, ok, _ := a.Store().LatestVersion(ctx, o.Target.Stored.ID); ok {
				t.Error("a version was stored")
			}
			f, _ := a.Store().LastFetch(ctx, o.Target.Stored.ID)
			if f.Outcome != "error" || f.Error == "" {
				t.Errorf("fetch recorded as %q / %q", f.Outcome, f.Error)
			}
		})
	}
	if ds, _ := a.Store().Deliveries(ctx, ""); len(ds) != 0 {
		t.Errorf("%d alerts queued from broken pages", len(ds))
	}
}

func html(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}
}

// servedPage is a page whose body a test swaps between crawls.
type servedPage struct {
	mu   sync.Mutex
	body string
}

func (p *servedPage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, p.body)
}

func (p *servedPage) set(b string) { p.mu.Lock(); p.body = b; p.mu.Unlock() }

func TestSuspectShrinkIsHeldUntilSeenTwice(t *testing.T) {
	var paras []string
	for i := range 30 {
		paras = append(paras, fmt.Sprintf("Clause %d: we collect your name and e-mail address to provide service number %d.", i, i))
	}
	p := &servedPage{body: policyHTML("a", paras...)}
	srv := httptest.NewServer(p)
	defer srv.Close()
	a := openTestApp(t, "database: tracker.db\nhost_delay: 0s\nvendors:\n  - id: v\n    name: V\n    documents:\n      - {type: privacy, url: "+srv.URL+"}\n")
	ctx := context.Background()
	targets, _ := a.Select(nil, "")
	crawl := func() Outcome {
		outs, _ := a.Crawl(ctx, targets)
		return outs[0]
	}
	if o := crawl(); o.Status != StatusNew {
		t.Fatalf("first: %s %v", o.Status, o.Err)
	}
	p.set(policyHTML("b", paras[:3]...)) // a tenth of the text
	if o := crawl(); o.Status != StatusUnchanged || !strings.Contains(o.Note, "suspect") {
		t.Fatalf("shrunk page: %s %q, want held as suspect", o.Status, o.Note)
	}
	if o := crawl(); o.Status != StatusChanged {
		t.Fatalf("shrunk page seen again: %s %q, want it stored", o.Status, o.Note)
	}
}

func TestFlappingAlertsOnce(t *testing.T) {
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer hooks.Close()
	a1 := policyHTML("1", "We collect your name.", "We do not sell your personal information.")
	b1 := policyHTML("1", "We collect your name.", "We may sell your personal information to data brokers.")
	p := &servedPage{body: a1}
	srv := httptest.NewServer(p)
	defer srv.Close()
	a := openTestApp(t, "database: tracker.db\nhost_delay: 0s\nalerts:\n  webhooks:\n    - {url: "+hooks.URL+", secret_env: X}\nvendors:\n  - id: v\n    name: V\n    documents:\n      - {type: privacy, url: "+srv.URL+"}\n")
	ctx := context.Background()
	targets, _ := a.Select(nil, "")
	var statuses []string
	for _, body := range []string{a1, b1, a1, b1, a1} {
		p.set(body)
		outs, _ := a.Crawl(ctx, targets)
		statuses = append(statuses, string(outs[0].Status))
	}
	if got := strings.Join(statuses, " "); got != "new changed changed changed changed" {
		t.Errorf("statuses %s", got)
	}
	ds, _ := a.Store().Deliveries(ctx, "")
	if len(ds) != 1 {
		t.Errorf("%d alerts for a flapping page, want 1", len(ds))
	}
	hist, _ := a.History(ctx, targets[0])
	flaps := 0
	for _, h := range hist {
		if h.Version.FlapOf != 0 {
			flaps++
		}
	}
	if len(hist) != 5 || flaps != 3 {
		t.Errorf("history: %d versions, %d marked as flapping; want 5 and 3", len(hist), flaps)
	}
}
