package guard

import (
	"errors"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/doc"
)

func TestShell(t *testing.T) {
	policy := strings.Repeat("We collect your name and e-mail address to provide the service. ", 40)
	tests := []struct {
		name  string
		html  string
		d     *doc.Document // nil: extraction found no text
		shell bool
	}{
		{"empty body", `<html><head><script src="/app.js"></script></head><body></body></html>`, nil, true},
		{"react root", `<html><body><header>Acme</header><div id="root"></div><script src="/static/main.js"></script><footer>© Acme</footer></body></html>`,
			page("Acme", "Acme", "© 2026 Acme Inc. All rights reserved."), true},
		{"next root", `<body><div id="__next"><div class="spinner">Loading…</div></div><script src="/_next/main.js"></script></body>`,
			page("Privacy", "Loading…"), true},
		{"noscript asks", `<body><noscript>You need to enable JavaScript to run this app.</noscript><nav>Home About</nav><script>boot()</script></body>`,
			page("App", "Home About"), true},
		{"text asks", `<body><p>Please enable JavaScript to view this page.</p><script>boot()</script></body>`,
			page("App", "Please enable JavaScript to view this page."), true},
		{"server-rendered into its root", `<body><div id="root"><h1>Privacy</h1><p>` + policy + `</p></div><script src="/hydrate.js"></script></body>`,
			page("Privacy", policy), false},
		{"short page, root full", `<body><div id="app"><h1>Sub-processors</h1><p>Our list of sub-processors has moved to the trust centre, where it is kept up to date.</p></div><script src="/a.js"></script></body>`,
			page("Sub-processors", "Our list of sub-processors has moved to the trust centre, where it is kept up to date."), false},
		{"no script", `<body><div id="root"></div><p>Coming soon.</p></body>`, page("Soon", "Coming soon."), false},
		{"short page with a noscript note", `<body><main><p>` + strings.Repeat("We keep logs for thirty days. ", 20) + `</p></main><noscript>Enable JavaScript for the menu.</noscript><script src="/menu.js"></script></body>`,
			page("Logs", strings.Repeat("We keep logs for thirty days. ", 20)), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reason, shell := Shell([]byte(tt.html), tt.d)
			if shell != tt.shell {
				t.Errorf("Shell = %v (%q), want %v", shell, reason, tt.shell)
			}
			if shell && reason == "" {
				t.Error("a shell without a reason")
			}
		})
	}
}

func TestJavaScriptOnlyVerdicts(t *testing.T) {
	for _, c := range []struct {
		d      *doc.Document
		jsOnly bool
	}{
		{page("App"), true},
		{page("App", "Please enable JavaScript to view this page."), true},
		{page("Just a moment...", "Checking your browser before accessing example.com."), false},
		{page("Oops", "Sorry, the page you are looking for cannot be found."), false},
	} {
		err := Check(c.d)
		if !errors.Is(err, ErrNotPolicy) || errors.Is(err, ErrJavaScriptOnly) != c.jsOnly {
			t.Errorf("%+v: %v, want JavaScript-only %v", c.d.Blocks, err, c.jsOnly)
		}
	}
}
