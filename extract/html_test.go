package extract

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHTMLBlocks(t *testing.T) {
	tests := []struct {
		name string
		html string
		want string
	}{
		{"inline elements join without glue", `<p><b>a</b>b and <i>c</i> <em>d</em></p>`, "ab and c d"},
		{"block boundaries separate", `<div><div>one</div><div>two</div></div>`, "one\ntwo"},
		{"br is a space", `<p>line one<br>line two</p>`, "line one line two"},
		{"headings", `<h2>Sharing</h2><p>We share.</p>`, "## Sharing\nWe share."},
		{"lists", `<ul><li>first</li><li>second <ul><li>nested</li></ul></li></ul>`, "- first\n- second\n- nested"},
		{"definition list", `<dl><dt>Cookie</dt><dd>A small file.</dd></dl>`, "Cookie\nA small file."},
		{"data table rows", `<table><tr><th>Name</th><th>Use</th></tr><tr><td>Acme</td><td><p>Hosting</p></td></tr></table>`, "| Name | Use\n| Acme | Hosting"},
		{"layout table", `<table><tr><td><h1>Policy</h1><p>Text.</p></td></tr></table>`, "# Policy\nText."},
		{"blockquote and pre", "<blockquote>Quoted.</blockquote><pre>a\n  b</pre>", "Quoted.\na b"},
		{"typography folds", `<p>&ldquo;Data&rdquo;&nbsp;&mdash; it&rsquo;s  yours</p>`, `"Data" - it's yours`},
		{"scripts and styles dropped", `<p>Text<script>var x=1</script><style>p{}</style></p>`, "Text"},
		{"hidden elements dropped", `<p hidden>a</p><p aria-hidden="true">b</p><p style="color:red; display: none">c</p><p>d</p>`, "d"},
		{"dialogs dropped", `<div role="dialog"><p>Sign up</p></div><div aria-modal="true">x</div><p>Policy.</p>`, "Policy."},
		{"forms and buttons dropped", `<form><input value="q"><button>Go</button></form><p>Policy.</p>`, "Policy."},
		{"cookie banner dropped", `<div id="cookie-notice"><p>We use cookies to improve your experience.</p><button>OK</button></div><p>Policy text.</p>`, "Policy text."},
		{"cookie section kept", `<section id="cookies"><h2>Cookies</h2><p>We use cookies for login.</p></section>`, "## Cookies\nWe use cookies for login."},
		{"link list dropped", `<p>Intro.</p><ul><li><a href="#a">A</a></li><li><a href="#b">B</a></li></ul><p>Body.</p>`, "Intro.\nBody."},
		{"list with some links kept", `<ul><li>Hosting by <a href="/x">Acme</a> in the EU</li><li>Payments by Payco</li></ul>`, "- Hosting by Acme in the EU\n- Payments by Payco"},
		{"nav header footer aside", `<header>Site</header><nav>Menu</nav><aside>Ad</aside><p>Body.</p><footer>© 2024</footer>`, "Body."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := HTML([]byte("<html><body>"+tt.html+"</body></html>"), "text/html", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Text(); got != tt.want {
				t.Errorf("Text():\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestHTMLMainContent(t *testing.T) {
	d, err := HTML(readFixture(t, "chrome-a.html"), "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"# Privacy Policy",
		"We collect the minimum data needed to run the service.",
		"## What we collect",
		"- Your e-mail address.",
		"- Billing details, processed by our payment provider.",
		"## Sharing",
		"We never sell your data. We share it with sub-processors listed below.",
		"| Name | Purpose",
		"| Acme Cloud | Hosting",
	}, "\n")
	if got := d.Text(); got != want {
		t.Errorf("Text():\n%s\nwant:\n%s", got, want)
	}
	if d.Title != "Privacy Policy - Example" || d.Main != "main#content" {
		t.Errorf("Title %q Main %q", d.Title, d.Main)
	}
}

// TestHTMLChromeStable: the same policy in chrome that changes (build ids,
// session ids, copyright year, menus, widgets) must hash the same.
func TestHTMLChromeStable(t *testing.T) {
	a, err := HTML(readFixture(t, "chrome-a.html"), "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := HTML(readFixture(t, "chrome-b.html"), "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Hash() != b.Hash() {
		t.Errorf("chrome change altered the text:\n%s\n---\n%s", a.Text(), b.Text())
	}
	// Without landmarks, density scoring must find the same prose.
	plain := strings.NewReplacer(`<main id="content">`, `<div class="content">`, `</main>`, `</div>`).
		Replace(string(readFixture(t, "chrome-a.html")))
	c, err := HTML([]byte(plain), "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Text() != a.Text() {
		t.Errorf("no-landmark page:\n%s\nwant:\n%s", c.Text(), a.Text())
	}
	if !strings.Contains(c.Main, "text density") {
		t.Errorf("Main = %q, want a text density choice", c.Main)
	}
}

func TestHTMLSelectRemove(t *testing.T) {
	page := []byte(`<html><body><div class="policy"><h2>A</h2><p>one</p><div class="policy"><p>nested</p></div></div>
<p>outside</p><div class="policy"><p>two</p><p class="ad">ad</p></div></body></html>`)
	d, err := HTML(page, "", Options{Select: []string{".policy"}, Remove: []string{".ad"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Text(), "## A\none\nnested\ntwo"; got != want {
		t.Errorf("Text():\n%s\nwant:\n%s", got, want)
	}
	if d.Main != "select: .policy" {
		t.Errorf("Main = %q", d.Main)
	}
	for _, opts := range []Options{{Select: []string{"div[["}}, {Remove: []string{"p:nope("}}} {
		_, err := HTML(page, "", opts)
		bad := append(opts.Select, opts.Remove...)[0]
		if err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("invalid selector %q: err = %v, want it named", bad, err)
		}
	}
	if _, err := HTML(page, "", Options{Select: []string{"#missing"}}); !errors.Is(err, ErrNoText) {
		t.Errorf("selector matching nothing: err = %v, want ErrNoText", err)
	}
}

func TestHTMLIgnore(t *testing.T) {
	page := []byte(`<p>Last updated: March 3, 2024</p><p>We keep data 30 days.</p>`)
	d, err := HTML(page, "", Options{Ignore: []*regexp.Regexp{regexp.MustCompile(`Last updated: .*`)}})
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Text(); got != "We keep data 30 days." {
		t.Errorf("Text() = %q", got)
	}
}

func TestHTMLCharset(t *testing.T) {
	tests := []struct {
		name, file, contentType, want string
	}{
		{"meta http-equiv windows-1252", "cp1252-meta.html", "", "# Café \"Privacy\"\nWe - the café - keep your data."},
		{"header ISO-8859-1", "latin1-noheader.html", "text/html; charset=ISO-8859-1", "Données personnelles à protéger."},
		{"sniffed latin1", "latin1-noheader.html", "text/html", "Données personnelles à protéger."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := HTML(readFixture(t, tt.file), tt.contentType, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Text(); got != tt.want {
				t.Errorf("Text() = %q, want %q", got, tt.want)
			}
		})
	}
	// A meta *named* charset declares nothing: a valid UTF-8 page stays UTF-8.
	d, err := HTML([]byte(`<meta name="charset" content="utf-8"><p>Users`+"\xe2\x80\x99"+` data</p>`), "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Text() != "Users' data" {
		t.Errorf("meta named charset: %q", d.Text())
	}
	// Header beats meta: a server that transcoded the page says so.
	d, err = HTML([]byte(`<meta charset="windows-1252"><p>caf`+"\xc3\xa9"+`</p>`), "text/html; charset=utf-8", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Text() != "café" {
		t.Errorf("header charset: %q", d.Text())
	}
}

func TestHTMLInvalidUTF8(t *testing.T) {
	d, err := HTML([]byte("<p>ok \xff\xfe bytes \xc3</p>"), "text/html; charset=utf-8", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.ValidString(d.Text()) || !strings.HasPrefix(d.Text(), "ok ") {
		t.Errorf("Text() = %q", d.Text())
	}
}

func TestHTMLJavaScriptShell(t *testing.T) {
	_, err := HTML(readFixture(t, "js-shell.html"), "text/html", Options{})
	if !errors.Is(err, ErrNoText) {
		t.Fatalf("err = %v, want ErrNoText", err)
	}
}

func TestHTMLTitleFallsBackToH1(t *testing.T) {
	d, err := HTML([]byte(`<body><h1>Terms</h1><p>x</p></body>`), "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Terms" {
		t.Errorf("Title = %q", d.Title)
	}
}
