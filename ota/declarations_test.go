package ota

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/config"
)

func TestReadDeclarations(t *testing.T) {
	services, err := ReadDeclarations("testdata") // the repository: declarations/ inside
	if err != nil {
		t.Fatal(err)
	}
	if len(services) != 2 || services[0].ID != "Acme" || services[1].ID != "Élan Café" {
		t.Fatalf("services = %+v", services)
	}
	acme := services[0]
	var types []string
	for _, tt := range acme.Terms {
		types = append(types, tt.Type)
	}
	if got := strings.Join(types, "|"); got != "Privacy Policy|Terms of Service|Trackers Policy|Community Guidelines" {
		t.Errorf("terms in file order: %s", got)
	}
	pp := acme.Terms[0]
	if len(pp.Sources) != 1 || pp.Sources[0].Fetch != "https://acme.example/privacy" || len(pp.Remove) != 3 ||
		pp.ExecuteClientScripts == nil || !*pp.ExecuteClientScripts {
		t.Errorf("privacy = %+v", pp)
	}
	tos := acme.Terms[1]
	if len(tos.Select) != 2 || tos.Select[1].StartBefore != "#terms" || tos.Select[1].EndBefore != "#footer" ||
		len(tos.Remove) != 1 || tos.Remove[0].StartAfter != "#toc-title" {
		t.Errorf("ranges = %+v / %+v", tos.Select, tos.Remove)
	}
	if len(tos.Filters) != 2 || tos.Filters[0].Name != "removeShareButtons" || tos.Filters[1].Name != "removeQueryParams" ||
		string(tos.Filters[1].Params) != `["utm_source"]` {
		t.Errorf("filters = %+v", tos.Filters)
	}
	cookies := acme.Terms[2]
	if !cookies.Combined || len(cookies.Sources) != 2 || cookies.Sources[0].Select[0].CSS != "article" || cookies.Sources[1].Select != nil {
		t.Errorf("combine = %+v", cookies)
	}
	past := acme.History["Privacy Policy"]
	if len(past) != 2 || !past[0].ValidUntil.Equal(time.Date(2022, 1, 5, 0, 0, 0, 0, time.UTC)) || past[1].Sources[0].Fetch != "https://acme.example/privacy-old" {
		t.Errorf("history, oldest first = %+v", past)
	}
	if services[1].Name != "Élan Café" {
		t.Errorf("name = %q", services[1].Name)
	}
}

func TestReadDeclarationsErrors(t *testing.T) {
	tests := []struct{ name, file, body, want string }{
		{"syntax", "Bad.json", "{\n  \"name\": \"Bad\",\n  \"terms\": {,}\n}", "Bad.json:3:"},
		{"no name", "Bad.json", `{"terms": {"Privacy Policy": {"fetch": "https://b.example"}}}`, "needs a name"},
		{"no fetch", "Bad.json", `{"name": "B", "terms": {"Privacy Policy": {"select": "main"}}}`, `terms "Privacy Policy": a fetch URL or a combine list is required`},
		{"bad range", "Bad.json", `{"name": "B", "terms": {"Privacy Policy": {"fetch": "https://b.example", "select": {"from": "h1"}}}}`, "a selector is a CSS string or a range"},
		{"bad history", "Bad.history.json", `{"Privacy Policy": [{"fetch": "https://b.example", "validUntil": "yesterday"}]}`, `validUntil "yesterday" is not a date`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if !strings.HasSuffix(tt.file, ".history.json") {
				write(t, filepath.Join(dir, tt.file), tt.body)
			} else {
				write(t, filepath.Join(dir, "Bad.json"), `{"name": "B", "terms": {"Privacy Policy": {"fetch": "https://b.example", "select": "main"}}}`)
				write(t, filepath.Join(dir, tt.file), tt.body)
			}
			_, err := ReadDeclarations(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	if _, err := ReadDeclarations(t.TempDir()); err == nil || !strings.Contains(err.Error(), "holds no declaration") {
		t.Errorf("empty folder: %v", err)
	}
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestNames(t *testing.T) {
	for in, want := range map[string]string{
		"npm Public Registry": "npm-public-registry", "Booking.com": "booking.com", "Élan Café": "elan-cafe",
		"H&M": "h-m", "  Open   Terms Archive ": "open-terms-archive", "AT&T": "at-t", "X (formerly Twitter)": "x-formerly-twitter",
	} {
		if got := VendorID(in); got != want {
			t.Errorf("VendorID(%q) = %q, want %q", in, got, want)
		}
	}
	if id := VendorID("抖音"); !strings.HasPrefix(id, "service-") || id != VendorID("抖音") {
		t.Errorf("VendorID of a name without Latin letters = %q", id)
	}
	for in, want := range map[string]string{
		"Privacy Policy": "privacy", "Terms of Service": "terms", "Trackers Policy": "cookies", "Data Processor Agreement": "dpa",
		"Copyright Claims Policy": "copyright-claims-policy", "In-App Purchases Policy": "in-app-purchases-policy", "Conditions Générales": "conditions-generales",
	} {
		if got := DocType(in); got != want {
			t.Errorf("DocType(%q) = %q, want %q", in, got, want)
		}
		if want != "conditions-generales" && TermsType(want) != in {
			t.Errorf("TermsType(%q) = %q, want %q", want, TermsType(want), in)
		}
	}
	for _, typ := range config.DocumentTypes {
		if DocType(TermsType(typ)) != typ {
			t.Errorf("%s → %q → %q", typ, TermsType(typ), DocType(TermsType(typ)))
		}
	}
	if TermsType("community-guidelines") != "Community Guidelines" || TermsType("my-own-thing") != "My Own Thing" {
		t.Error("TermsType of slugs")
	}
}
