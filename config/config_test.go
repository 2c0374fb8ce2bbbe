package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const valid = `database: data/tracker.db
schedule: "0 */6 * * *"
user_agent: "tracker/0.1 (+https://example.org/contact)"
vendors:
  - id: grandstream
    name: Grandstream Networks
    documents:
      - type: privacy
        url: https://www.grandstream.com/privacy-statement
        select: "main"
        remove: [".cookie-banner", "nav"]
        ignore: ["Page generated .*"]
  - id: acme
    name: Acme
    schedule: "@every 1h"
    documents:
      - type: terms
        url: http://127.0.0.1:8080/terms
        select: ["#a", "#b"]
`

func TestParseValid(t *testing.T) {
	cfg, err := Parse([]byte(valid), "/etc/tracker/tracker.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.DatabasePath(); got != "/etc/tracker/data/tracker.db" {
		t.Errorf("DatabasePath = %q", got)
	}
	if cfg.Timeout != 30*time.Second || cfg.Parallelism != 8 || !cfg.Robots() || cfg.MaxBodySize != 10<<20 {
		t.Errorf("defaults not applied: %+v", cfg)
	}
	d := cfg.Vendors[0].Documents[0]
	if len(d.Select) != 1 || d.Select[0].CSS != "main" || len(d.Remove) != 2 || len(d.Ignore) != 1 {
		t.Errorf("document = %+v", d)
	}
	if got := cfg.Vendors[1].Documents[0].Select; len(got) != 2 {
		t.Errorf("select list = %q", got)
	}
	if _, ok := cfg.Vendor("acme"); !ok {
		t.Error("Vendor(acme) not found")
	}
	if cfg.DocumentTimeout != time.Minute || cfg.SuspectHold != 6*time.Hour || cfg.PrivateRedirects(d) {
		t.Errorf("document_timeout %s, suspect_hold %s, private redirects %v: want the defaults 1m0s, 6h0m0s, false",
			cfg.DocumentTimeout, cfg.SuspectHold, cfg.PrivateRedirects(d))
	}
}

func TestPrivateRedirects(t *testing.T) {
	cfg, err := Parse([]byte(valid+"allow_private_redirects: true\n"), "cfg.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.PrivateRedirects(cfg.Vendors[0].Documents[0]) {
		t.Error("the global allow_private_redirects is not applied")
	}
	no := false
	if cfg.PrivateRedirects(Document{AllowPrivateRedirects: &no}) {
		t.Error("a document's allow_private_redirects: false does not override the global true")
	}
}

// A trailing "---" alone is not a second document.
func TestParseTrailingDocumentMarker(t *testing.T) {
	if _, err := Parse([]byte(valid+"---\n# nothing more\n"), "cfg.yaml"); err != nil {
		t.Fatalf("Parse: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string // file:line: field: message fragment
	}{
		{"unknown key", "vendors:\n  - id: a\n    name: A\n    colour: red\n    documents:\n      - type: privacy\n        url: https://a.example/p\n",
			"cfg.yaml:4: vendors[0].colour: unknown key"},
		{"duplicate vendor", "vendors:\n  - id: a\n    name: A\n    documents:\n      - {type: privacy, url: https://a.example/p}\n  - id: a\n    name: B\n    documents:\n      - {type: privacy, url: https://b.example/p}\n",
			"cfg.yaml:6: vendors[1].id: duplicate vendor id \"a\""},
		{"bad url", "vendors:\n  - id: a\n    name: A\n    documents:\n      - type: privacy\n        url: ftp://a.example/p\n",
			"cfg.yaml:6: vendors[0].documents[0].url: \"ftp://a.example/p\" must be an http:// or https:// URL"},
		{"bad cron", "schedule: \"61 * * * *\"\nvendors:\n  - id: a\n    name: A\n    documents:\n      - {type: privacy, url: https://a.example/p}\n",
			"cfg.yaml:1: schedule: invalid schedule"},
		{"missing url", "vendors:\n  - id: a\n    name: A\n    documents:\n      - type: privacy\n",
			"cfg.yaml:5: vendors[0].documents[0].url: is required"},
		{"missing name", "vendors:\n  - id: a\n    documents:\n      - {type: privacy, url: https://a.example/p}\n",
			"cfg.yaml:2: vendors[0].name: is required"},
		{"bad type", "vendors:\n  - id: a\n    name: A\n    documents:\n      - {type: Privacy Policy, url: https://a.example/p}\n",
			"cfg.yaml:5: vendors[0].documents[0].type: \"Privacy Policy\" is not a document type"},
		{"range with two starts", "vendors:\n  - id: a\n    name: A\n    documents:\n      - type: privacy\n        url: https://a.example/p\n        select:\n          - main\n          - {start_before: h1, start_after: h2, end_before: h3}\n",
			"cfg.yaml:9: vendors[0].documents[0].select[1]: a range takes one of start_before and start_after"},
		{"range with a bad end", "vendors:\n  - id: a\n    name: A\n    documents:\n      - type: privacy\n        url: https://a.example/p\n        select:\n          start_before: h1\n          end_before: \"div[\"\n",
			"cfg.yaml:9: vendors[0].documents[0].select.end_before: invalid CSS selector \"div[\""},
		{"range with an unknown key", "vendors:\n  - id: a\n    name: A\n    documents:\n      - type: privacy\n        url: https://a.example/p\n        remove: [{startBefore: h1, endBefore: h2}]\n",
			"cfg.yaml:7: vendors[0].documents[0].remove[0].startBefore: unknown key (did you mean `start_before`? keys are written in snake_case here)"},
		{"url and pages", "vendors:\n  - id: a\n    name: A\n    documents:\n      - type: terms\n        url: https://a.example/p\n        pages: [{url: https://a.example/q}]\n",
			"cfg.yaml:6: vendors[0].documents[0].url: a document has either a url or pages, not both"},
		{"page without url", "vendors:\n  - id: a\n    name: A\n    documents:\n      - type: terms\n        pages:\n          - url: https://a.example/q\n          - select: main\n",
			"cfg.yaml:8: vendors[0].documents[0].pages[1].url: is required"},
		{"page with a bad selector", "vendors:\n  - id: a\n    name: A\n    documents:\n      - type: terms\n        pages:\n          - url: https://a.example/q\n            remove: \"p[\"\n",
			"cfg.yaml:8: vendors[0].documents[0].pages[0].remove: invalid CSS selector"},
		{"bad selector", "vendors:\n  - id: a\n    name: A\n    documents:\n      - type: privacy\n        url: https://a.example/p\n        remove: [\"div[\"]\n",
			"cfg.yaml:7: vendors[0].documents[0].remove[0]: invalid CSS selector"},
		{"bad regexp", "vendors:\n  - id: a\n    name: A\n    documents:\n      - type: privacy\n        url: https://a.example/p\n        ignore: \"(\"\n",
			"cfg.yaml:7: vendors[0].documents[0].ignore[0]: invalid regular expression"},
		{"bad severity", "alerts:\n  min_severity: urgent\nvendors:\n  - id: a\n    name: A\n    documents:\n      - {type: privacy, url: https://a.example/p}\n",
			"cfg.yaml:2: alerts.min_severity: \"urgent\" is not one of"},
		{"webhook without secret", "alerts:\n  webhooks:\n    - url: https://hooks.example/x\nvendors:\n  - id: a\n    name: A\n    documents:\n      - {type: privacy, url: https://a.example/p}\n",
			"alerts.webhooks[0].secret_env: is required"},
		{"wrong type", "parallelism: many\nvendors: []\n", "cfg.yaml:1:"},
		{"syntax", "vendors:\n  - id: a\n   name: b\n", "cfg.yaml:3: vendors[0]: \"name\" is indented by 3 spaces, the other keys here by 4 spaces (YAML nests by indentation"},
		{"empty", "", "cfg.yaml:1: vendors: the file is empty"},
		{"no vendors", "schedule: \"@daily\"\n", "vendors: at least one vendor is required"},
		{"second YAML document", "vendors:\n  - id: a\n    name: A\n    documents:\n      - {type: privacy, url: https://a.example/p}\n---\nvendors:\n  - id: b\n    name: B\n    documents:\n      - {type: privacy, url: https://b.example/p}\n",
			"cfg.yaml:6: a second YAML document (after ---)"},
		{"document_timeout below timeout", "timeout: 30s\ndocument_timeout: 10s\nvendors:\n  - id: a\n    name: A\n    documents:\n      - {type: privacy, url: https://a.example/p}\n",
			"cfg.yaml:2: document_timeout: 10s is shorter than timeout"},
		{"negative suspect_hold", "suspect_hold: -1h\nvendors:\n  - id: a\n    name: A\n    documents:\n      - {type: privacy, url: https://a.example/p}\n",
			"cfg.yaml:1: suspect_hold: must not be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "cfg.yaml")
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%s\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseFreeTypesRangesPages(t *testing.T) {
	cfg, err := Parse([]byte(`vendors:
  - id: airbnb
    name: Airbnb
    documents:
      - type: community-guidelines
        url: https://a.example/guidelines
        select:
          - h1
          - {start_before: "#start", end_after: "#end"}
        remove: {start_after: "#toc", end_before: "#body"}
      - type: terms
        select: {start_before: h1, end_before: footer}
        remove: nav
        pages:
          - url: https://a.example/terms
          - url: https://a.example/payments
            select: main
          - url: file:local/extra.md
            remove: []
`), "cfg.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g := cfg.Vendors[0].Documents[0]
	if g.Type != "community-guidelines" || g.Combined() {
		t.Errorf("document = %+v", g)
	}
	if css, rs := g.Select.CSS(), g.Select.Ranges(); len(css) != 1 || css[0] != "h1" || len(rs) != 1 ||
		rs[0].Start != "#start" || rs[0].StartAfter || rs[0].End != "#end" || !rs[0].EndAfter {
		t.Errorf("select = %+v", g.Select)
	}
	if rs := g.Remove.Ranges(); len(rs) != 1 || !rs[0].StartAfter || rs[0].EndAfter || len(g.Remove.CSS()) != 0 {
		t.Errorf("remove = %+v", g.Remove)
	}
	terms := cfg.Vendors[0].Documents[1]
	if !terms.Combined() || terms.URL != "https://a.example/terms" {
		t.Fatalf("combined document: %+v", terms)
	}
	pages := terms.PageList()
	if len(pages) != 3 {
		t.Fatalf("pages = %+v", pages)
	}
	if pages[0].Select.String() != `{start_before: "h1", end_before: "footer"}` || pages[0].Remove.String() != "nav" {
		t.Errorf("page 1 does not inherit the document's selectors: %+v", pages[0])
	}
	if pages[1].Select.String() != "main" || pages[1].Remove.String() != "nav" {
		t.Errorf("page 2: %+v", pages[1])
	}
	if pages[2].Remove == nil || len(pages[2].Remove) != 0 {
		t.Errorf("page 3: remove: [] should clear the document's: %+v", pages[2])
	}
	if one := (Document{URL: "https://x.example", Select: CSSSelectors("main")}).PageList(); len(one) != 1 || one[0].URL != "https://x.example" || one[0].Select.String() != "main" {
		t.Errorf("PageList of one page = %+v", one)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if err == nil || !strings.Contains(err.Error(), "nope.yaml does not exist") {
		t.Fatalf("err = %v", err)
	}
}

func TestShippedConfigIsValid(t *testing.T) {
	path := filepath.Join("..", "configs", "vendors.yaml")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no %s", path)
	}
	if _, err := Load(path); err != nil {
		t.Fatal(err)
	}
}

func TestParseByteSize(t *testing.T) {
	for in, want := range map[string]ByteSize{"1024": 1024, "10MiB": 10 << 20, "512 KB": 512000, "2m": 2 << 20} {
		got, err := ParseByteSize(in)
		if err != nil || got != want {
			t.Errorf("ParseByteSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	if _, err := ParseByteSize("big"); err == nil {
		t.Error("ParseByteSize(big) gave no error")
	}
}

func TestLocalPath(t *testing.T) {
	tests := []struct{ url, base, want string }{
		{"file:demo/a.md", "/etc/tracker", "/etc/tracker/demo/a.md"},
		{"file:///srv/dpa.txt", "/etc/tracker", "/srv/dpa.txt"},
		{"file:/srv/dpa.txt", "/x", "/srv/dpa.txt"},
		{"file:", "/x", ""},
		{"file:dir/", "/x", ""},
		{"https://example.com/a", "/x", ""},
	}
	for _, tt := range tests {
		if got := LocalPath(tt.url, tt.base); got != tt.want {
			t.Errorf("LocalPath(%q, %q) = %q, want %q", tt.url, tt.base, got, tt.want)
		}
	}
	if _, err := Parse([]byte("vendors:\n  - id: a\n    name: A\n    documents:\n      - {type: dpa, url: \"file:\"}\n"), "c.yaml"); err == nil || !strings.Contains(err.Error(), "names no file") {
		t.Errorf("empty file URL: %v", err)
	}
}

func TestTypeOneLetterOffKnownWarns(t *testing.T) {
	cfg, err := Parse([]byte("vendors:\n  - id: a\n    name: A\n    documents:\n      - {type: privcy, url: https://a.example/p}\n      - {type: trackers, url: https://a.example/t}\n"), "cfg.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Warnings) != 1 || cfg.Warnings[0] != "cfg.yaml:5: vendors[0].documents[0].type: \"privcy\" is a document type of its own; did you mean `privacy`?" {
		t.Errorf("warnings = %q", cfg.Warnings)
	}
}
