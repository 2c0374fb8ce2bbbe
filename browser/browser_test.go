package browser

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// requireBrowser skips a test where no browser is installed, and fails it
// in CI, whose script installs one (.ci/install-chromium.sh).
func requireBrowser(t *testing.T) {
	t.Helper()
	if raceEnabled {
		t.Skip("drives Chromium: skipped under -race; .ci/run runs it without (go test ./browser ./pipeline)")
	}
	if _, err := Find(""); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%v; CI must install one (.ci/install-chromium.sh)", err)
		}
		t.Skipf("%v: install Chromium (Debian: apt-get install chromium) to run the browser tests", err)
	}
}

func newBrowser(t *testing.T, opts Options) *Browser {
	t.Helper()
	requireBrowser(t)
	b, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// policyScript renders a policy into #app from a JSON document.
const policyScript = `function show(d) {
  document.getElementById('app').innerHTML = '<h1>' + d.title + '</h1>' + d.paras.map(function (p) { return '<p>' + p + '</p>'; }).join('');
}`

const policyJSON = `{"title":"Privacy Policy","paras":["We collect your name and e-mail address.","We do not sell your personal information."]}`

func shell(script string) string {
	return `<!doctype html><html><head><title>Acme</title></head><body><div id="app"></div><script>` + policyScript + "\n" + script + `</script></body></html>`
}

// site serves the JSON the pages fetch, and counts requests.
type site struct {
	*httptest.Server
	agents   sync.Map // path → User-Agent seen
	inFlight atomic.Int32
	peak     atomic.Int32
}

func newSite(t *testing.T) *site {
	s := &site{}
	mux := http.NewServeMux()
	mux.HandleFunc("/policy.json", func(w http.ResponseWriter, r *http.Request) {
		s.agents.Store(r.URL.Path, r.UserAgent())
		n := s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		for p := s.peak.Load(); n > p && !s.peak.CompareAndSwap(p, n); p = s.peak.Load() {
		}
		if d := r.URL.Query().Get("delay"); d != "" {
			dur, _ := time.ParseDuration(d)
			time.Sleep(dur)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Access-Control-Allow-Origin", "*")
		fmt.Fprint(w, policyJSON)
	})
	mux.HandleFunc("/big.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"title":"Big","paras":["%s"]}`, strings.Repeat("x", 3<<20))
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func TestRenderScriptedPolicies(t *testing.T) {
	b := newBrowser(t, Options{UserAgent: "tracker-test/1.0 (+https://example.org)"})
	s := newSite(t)
	tests := []struct {
		name, body, waitFor string
	}{
		{"inline", shell(`show(` + policyJSON + `);`), ""},
		{"fetched JSON", shell(`fetch('/policy.json').then(function (r) { return r.json(); }).then(show);`), ""},
		{"after a short delay", shell(`setTimeout(function () { show(` + policyJSON + `); }, 300);`), ""},
		{"after a long delay, waited for", shell(`setTimeout(function () { show(` + policyJSON + `); }, 2500);`), "#app h1"},
		{"slow data, waited for", shell(`fetch('/policy.json?delay=1500ms').then(function (r) { return r.json(); }).then(show);`), "#app p"},
		{"behind a cookie dialog", shell(`show(` + policyJSON + `);
document.body.insertAdjacentHTML('beforeend', '<div role="dialog" class="cookie-consent"><p>We use cookies.</p><button>Accept all</button></div>');`), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := b.Render(t.Context(), Page{URL: s.URL + "/privacy", Body: []byte(tt.body), WaitFor: tt.waitFor})
			if err != nil {
				t.Fatal(err)
			}
			html := string(res.HTML)
			for _, want := range []string{"<h1>Privacy Policy</h1>", "<p>We do not sell your personal information.</p>", "<!DOCTYPE html>"} {
				if !strings.Contains(html, want) {
					t.Errorf("rendered page lacks %q:\n%s", want, html)
				}
			}
			if res.URL != s.URL+"/privacy" || res.Duration <= 0 {
				t.Errorf("URL %q, duration %s", res.URL, res.Duration)
			}
		})
	}
	if ua, _ := s.agents.Load("/policy.json"); ua != "tracker-test/1.0 (+https://example.org)" {
		t.Errorf("the page's request carried User-Agent %q", ua)
	}
	if st := b.Stats(); st.Pages != len(tests) || st.Starts != 1 || st.Failures != 0 {
		t.Errorf("stats %+v: want %d pages on one browser", st, len(tests))
	}
	if m := b.Memory(); m < 10<<20 {
		t.Errorf("browser memory %d bytes: not measured", m)
	}
}

func TestRenderLimits(t *testing.T) {
	b := newBrowser(t, Options{Timeout: 4 * time.Second, MaxBytes: 1 << 20})
	s := newSite(t)
	// Another port of the same address is another service: a public page
	// may not reach it, and here the page's own host is 127.0.0.1 only on
	// its own port.
	other := newSite(t)
	fetchFrom := func(u string) string {
		return shell(`fetch('` + u + `').then(function (r) { return r.json(); }).then(show);`)
	}

	t.Run("private service on another port refused", func(t *testing.T) {
		res, err := b.Render(t.Context(), Page{URL: s.URL + "/privacy", Body: []byte(fetchFrom(other.URL + "/policy.json"))})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(res.HTML), "Privacy Policy") || res.Blocked == 0 {
			t.Errorf("the other service was reached (blocked %d):\n%s", res.Blocked, res.HTML)
		}
		if _, seen := other.agents.Load("/policy.json"); seen {
			t.Error("the request reached the other service")
		}
	})
	t.Run("allowed for an intranet page", func(t *testing.T) {
		res, err := b.Render(t.Context(), Page{URL: s.URL + "/privacy", Body: []byte(fetchFrom(other.URL + "/policy.json")), AllowPrivate: true})
		if err != nil || !strings.Contains(string(res.HTML), "Privacy Policy") {
			t.Errorf("err %v:\n%s", err, res.HTML)
		}
	})
	t.Run("size limit", func(t *testing.T) {
		_, err := b.Render(t.Context(), Page{URL: s.URL + "/privacy", Body: []byte(fetchFrom("/big.json"))})
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("err = %v, want ErrTooLarge", err)
		}
	})
	t.Run("wait_for never matches", func(t *testing.T) {
		start := time.Now()
		_, err := b.Render(t.Context(), Page{URL: s.URL + "/privacy", Body: []byte(shell(`show(` + policyJSON + `);`)), WaitFor: "#never"})
		if err == nil || !strings.Contains(err.Error(), `wait_for "#never"`) {
			t.Errorf("err = %v, want one naming the selector", err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("gave up after %s, want about the 4s timeout", d)
		}
	})
	t.Run("a page that never stops", func(t *testing.T) {
		_, err := b.Render(t.Context(), Page{URL: s.URL + "/privacy", Body: []byte(shell(`while (true) {}`))})
		if err == nil || !strings.Contains(err.Error(), "longer than 4s") {
			t.Errorf("err = %v, want the timeout", err)
		}
	})
	// The browser still renders after all that.
	if _, err := b.Render(t.Context(), Page{URL: s.URL + "/privacy", Body: []byte(shell(`show(` + policyJSON + `);`))}); err != nil {
		t.Fatalf("after the failures: %v", err)
	}
}

func TestBrowserLifecycle(t *testing.T) {
	b := newBrowser(t, Options{Parallelism: 2, RestartEvery: 3})
	s := newSite(t)
	page := Page{URL: s.URL + "/privacy", Body: []byte(shell(`fetch('/policy.json?delay=300ms').then(function (r) { return r.json(); }).then(show);`))}
	var wg sync.WaitGroup
	errs := make(chan error, 5)
	for range 5 {
		wg.Go(func() {
			if _, err := b.Render(t.Context(), page); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if p := s.peak.Load(); p > 2 {
		t.Errorf("%d pages loaded at once, want at most 2", p)
	}
	if st := b.Stats(); st.Starts != 2 || st.Restarts != 1 {
		t.Errorf("stats %+v: want a restart after 3 pages", st)
	}

	// A browser killed between pages is replaced; the page still renders.
	b.mu.Lock()
	pid := b.cur.pid()
	b.mu.Unlock()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	res, err := b.Render(t.Context(), page)
	if err != nil || !strings.Contains(string(res.HTML), "Privacy Policy") {
		t.Fatalf("after the browser was killed: %v", err)
	}
	if st := b.Stats(); st.Starts != 3 {
		t.Errorf("stats %+v: want a third browser", st)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Render(context.Background(), page); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}

func TestIdleBrowserStops(t *testing.T) {
	b := newBrowser(t, Options{IdleTimeout: 300 * time.Millisecond})
	s := newSite(t)
	page := Page{URL: s.URL + "/privacy", Body: []byte(shell(`show(` + policyJSON + `);`))}
	if _, err := b.Render(t.Context(), page); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for b.Memory() > 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if m, st := b.Memory(), b.Stats(); m != 0 || st.IdleStops != 1 {
		t.Fatalf("after being idle: %d bytes, %+v", m, st)
	}
	if _, err := b.Render(t.Context(), page); err != nil {
		t.Fatalf("after an idle stop: %v", err)
	}
	if st := b.Stats(); st.Starts != 2 {
		t.Errorf("stats %+v: want a new browser", st)
	}
}

func TestFind(t *testing.T) {
	if _, err := Find("/no/such/chromium"); !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v", err)
	}
}

func TestPrivateRange(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1": "loopback", "[::1]": "loopback", "10.1.2.3": "private", "192.168.0.1": "private",
		"169.254.169.254": "cloud metadata", "169.254.1.1": "link-local", "[64:ff9b::a00:1]": "private", "100.64.1.1": "carrier-grade NAT", "::ffff:10.0.0.1": "private",
		"93.184.216.34": "", "2606:4700::1111": "",
	} {
		if got := privateRange(addr); got != want {
			t.Errorf("privateRange(%s) = %q, want %q", addr, got, want)
		}
	}
}
