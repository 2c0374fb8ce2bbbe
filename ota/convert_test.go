package ota

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/config"
)

func readFixture(t *testing.T) []Service {
	t.Helper()
	services, err := ReadDeclarations("testdata/declarations")
	if err != nil {
		t.Fatal(err)
	}
	return services
}

func TestConvertAndWrite(t *testing.T) {
	vendors := Convert(readFixture(t), Capabilities{})
	text, err := NewConfig(vendors, "made for a test")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse(text, "imported.yaml")
	if err != nil {
		t.Fatalf("the written configuration does not load: %v\n%s", err, text)
	}
	if len(cfg.Vendors) != 2 || cfg.Vendors[0].ID != "acme" || cfg.Vendors[1].ID != "elan-cafe" || cfg.Vendors[1].Name != "Élan Café" {
		t.Fatalf("vendors = %+v", cfg.Vendors)
	}
	docs := cfg.Vendors[0].Documents
	var types []string
	for _, d := range docs {
		types = append(types, d.Type)
	}
	if got := strings.Join(types, " "); got != "privacy terms cookies community-guidelines" {
		t.Errorf("types = %s", got)
	}
	if d := docs[0]; d.URL != "https://acme.example/privacy" || d.Select.String() != "main" || d.Remove.String() != ".cookie-banner, nav, .promo:nth-child(2), img[src^='data:image/svg+xml']" {
		t.Errorf("privacy = %+v", d)
	}
	if d := docs[1]; d.Select.String() != `h1, {start_before: "#terms", end_before: "#footer"}` || d.Remove.String() != `{start_after: "#toc-title", end_after: "[id^='toc']"}` {
		t.Errorf("terms = %s / %s", d.Select, d.Remove)
	}
	if d := docs[2]; !d.Combined() || len(d.Pages) != 2 || d.Pages[0].Select.String() != "article" || d.Pages[1].Select != nil ||
		d.Select.String() != ".content" || len(d.Remove) != 0 {
		t.Errorf("cookies = %+v", d)
	}
	if d := docs[3]; d.URL != "https://acme.example/guidelines.pdf" || len(d.Select) != 0 {
		t.Errorf("guidelines = %+v", d)
	}

	// Every feature left behind is said, beside its document.
	for _, want := range []string{
		"# Open Terms Archive service Acme",
		"# Privacy Policy\n",
		"WARNING: executeClientScripts: this tracker runs no page scripts yet",
		"earlier declaration, until 2022-01-05: https://acme.example/legal/privacy, select #legal, remove details",
		"earlier declaration, until 2023-10-23: https://acme.example/privacy-old, select .old-main",
		"WARNING: filter removeShareButtons is JavaScript (Acme.filters.js) and is not carried over",
		`WARNING: filter removeQueryParams ["utm_source"] is JavaScript`,
		`WARNING: remove "a:is(.share)" is not a CSS selector tracker reads`,
		"WARNING: a PDF: this tracker reads no PDF yet",
		`WARNING: remove "img[src^='data:image/svg+xml" ends inside a string or an attribute: read as "img[src^='data:image/svg+xml']"`,
		`WARNING: remove range end "[id^='toc" ends inside a string or an attribute: read as "[id^='toc']"`,
	} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("the configuration lacks %q:\n%s", want, text)
		}
	}
	if bytes.Contains(text, []byte("render:")) {
		t.Error("render: written for a tracker without a browser")
	}
	withBrowser := Convert(readFixture(t), Capabilities{Browser: true, PDF: true})
	if withBrowser[0].Documents[0].Render != "browser" || len(withBrowser[0].Documents[3].Warnings) != 0 {
		t.Errorf("with a browser and PDFs: %+v", withBrowser[0].Documents)
	}
	scripted := []Service{{ID: "S", Name: "S", Terms: []Terms{{Type: "Terms of Service", Combined: true, ExecuteClientScripts: ptr(true),
		Sources: []Source{{Fetch: "https://s.example/1"}, {Fetch: "https://s.example/2"}}}}}}
	d := Convert(scripted, Capabilities{Browser: true})[0].Documents[0]
	if d.Render != "" || len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0], "never run in a browser") {
		t.Errorf("pages needing scripts: %+v", d)
	}
}

func TestConvertIDsDoNotCollide(t *testing.T) {
	services := []Service{
		{ID: "Acme", Name: "Acme", Terms: []Terms{{Type: "Privacy Policy", Sources: []Source{{Fetch: "https://a.example"}}}}},
		{ID: "ACME", Name: "ACME", Terms: []Terms{{Type: "Privacy Policy", Sources: []Source{{Fetch: "https://b.example"}}},
			{Type: "Data Processor Agreement", Sources: []Source{{Fetch: "https://b.example/dpa"}}}}},
	}
	vs := Convert(services, Capabilities{})
	if vs[0].ID != "acme" || vs[1].ID != "acme-2" || vs[1].Documents[1].Type != "dpa" {
		t.Errorf("ids = %s, %s; types %+v", vs[0].ID, vs[1].ID, vs[1].Documents)
	}
}

const userConfig = `# my tracker
database: mine.db   # where it all goes
schedule: "@daily"

vendors:
    # the one I care about
    -   id: acme
        name: Acme (mine)
        documents:
            - {type: privacy, url: "https://acme.example/mine"}
`

func TestExtendConfigKeepsTheUsersFile(t *testing.T) {
	vendors := Convert(readFixture(t), Capabilities{})
	ext, err := ExtendConfig([]byte(userConfig), vendors)
	if err != nil {
		t.Fatal(err)
	}
	if ext.Rewritten || !bytes.HasPrefix(ext.Config, []byte(userConfig)) {
		t.Fatalf("the user's file is not kept byte for byte:\n%s", ext.Config)
	}
	if strings.Join(ext.Added, ",") != "elan-cafe" || strings.Join(ext.Kept, ",") != "acme" {
		t.Errorf("added %v, kept %v", ext.Added, ext.Kept)
	}
	cfg, err := config.Parse(ext.Config, "tracker.yaml")
	if err != nil {
		t.Fatalf("%v\n%s", err, ext.Config)
	}
	if len(cfg.Vendors) != 2 || cfg.Vendors[0].Name != "Acme (mine)" || cfg.Vendors[1].ID != "elan-cafe" || cfg.Database != "mine.db" {
		t.Errorf("vendors = %+v", cfg.Vendors)
	}
	// Nothing new: the file is left as it is.
	again, err := ExtendConfig(ext.Config, vendors)
	if err != nil || !bytes.Equal(again.Config, ext.Config) || len(again.Added) != 0 {
		t.Errorf("importing again changed the file: %v %+v", err, again.Added)
	}
}

func TestExtendConfigRewritesOtherLayouts(t *testing.T) {
	vendors := Convert(readFixture(t), Capabilities{})
	for name, existing := range map[string]string{
		"vendors not last": "# keep me\nvendors:\n  - id: zed # a comment\n    name: Zed\n    documents: [{type: privacy, url: \"https://z.example\"}]\nschedule: \"@daily\"\n",
		"vendors inline":   "# keep me\nschedule: \"@daily\"\nvendors: [{id: zed, name: Zed, documents: [{type: privacy, url: \"https://z.example\"}]}]\n",
		"no vendors":       "# keep me\nschedule: \"@daily\"\n",
	} {
		t.Run(name, func(t *testing.T) {
			ext, err := ExtendConfig([]byte(existing), vendors)
			if err != nil {
				t.Fatal(err)
			}
			if !ext.Rewritten || !bytes.Contains(ext.Config, []byte("# keep me")) {
				t.Errorf("rewritten=%v\n%s", ext.Rewritten, ext.Config)
			}
			cfg, err := config.Parse(ext.Config, "tracker.yaml")
			if err != nil {
				t.Fatalf("%v\n%s", err, ext.Config)
			}
			if cfg.Schedule != "@daily" || len(cfg.Vendors) < 2 {
				t.Errorf("config = %+v", cfg)
			}
		})
	}
	if _, err := ExtendConfig([]byte("vendors: 3\n"), vendors); err == nil {
		t.Error("vendors that is not a list was extended")
	}
}

func ptr[T any](v T) *T { return &v }
