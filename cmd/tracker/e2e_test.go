package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/store/storetest"
)

// seedVendors are the five seed policies served as vendor pages.
var seedVendors = []struct{ id, name, file string }{
	{"connect3", "Connect3", "connect3-2019.txt"},
	{"connectsolutions", "ConnectSolutions", "connectsolutions-2016.md"},
	{"grandstream", "Grandstream Networks", "grandstream-2019.md"},
	{"ioconnect", "ioCONNECT", "ioconnect-2022.txt"},
	{"voiceconnect", "VoiceConnect", "voiceconnect-2025.txt"},
}

// tracker runs one command line and returns its exit code and output.
func tracker(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, Env{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }})
	return code, out.String(), errOut.String()
}

func writeConfig(t *testing.T, dir, body string) string {
	t.Helper()
	path := filepath.Join(dir, "tracker.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// statusLines maps vendor/type to the rest of its crawl output line.
func statusLines(t *testing.T, out string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && strings.Contains(f[0], "/") {
			m[f[0]] = strings.Join(f[1:], " ")
		}
	}
	return m
}

func TestEndToEndSeeds(t *testing.T) { endToEndSeeds(t, "tracker.db") }

// TestEndToEndPostgres runs the same commands on PostgreSQL, then the
// ones that read back or rework the history.
func TestEndToEndPostgres(t *testing.T) {
	url := storetest.PostgresURL(t)
	conf := endToEndSeeds(t, url)
	for _, args := range [][]string{
		{"vendors"}, {"show", "connect3"}, {"reextract"}, {"history", "connect3"},
		{"diff", "connect3", "--format", "html"}, {"alerts", "list"},
	} {
		code, out, errOut := tracker(t, append(args, "--config", conf)...)
		if code != 0 {
			t.Errorf("%s: exit %d\n%s%s", args, code, out, errOut)
		}
		if args[0] == "vendors" && (!strings.Contains(out, "connect3") || strings.Contains(out, "never")) {
			t.Errorf("vendors:\n%s", out)
		}
		if args[0] == "show" && !strings.Contains(out, "analytics partners") {
			t.Errorf("show:\n%s", out)
		}
	}
}

// endToEndSeeds crawls the seed vendors twice on the given database, with
// an edit in between, checks what crawl, history and diff say, and returns
// the configuration file.
func endToEndSeeds(t *testing.T, database string) string {
	s := newSite(t)
	dir := t.TempDir()
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "database: %q\nschedule: \"@daily\"\nhost_delay: 0s\nvendors:\n", database)
	for _, v := range seedVendors {
		path := "/" + v.id + "/privacy"
		s.set(path, policyPage(seedDoc(t, v.file), 2025, "s-1"))
		fmt.Fprintf(&cfg, "  - id: %s\n    name: %s\n    documents:\n      - type: privacy\n        url: %s\n", v.id, v.name, s.url(path))
	}
	conf := writeConfig(t, dir, cfg.String())

	code, out, errOut := tracker(t, "crawl", "--config", conf)
	if code != 0 {
		t.Fatalf("first crawl: exit %d\n%s%s", code, out, errOut)
	}
	first := statusLines(t, out)
	for _, v := range seedVendors {
		if got := first[v.id+"/privacy"]; got != "new" {
			t.Errorf("first crawl %s: %q, want new\n%s", v.id, got, out)
		}
	}

	// One page gets a clause changed and a clause added; another only a new
	// footer year and a new session id in its cookie banner and script.
	page := s.get("/connect3/privacy")
	edited := strings.Replace(page, "Please allow 60 days for an answer.</p>",
		"Please allow 90 days for an answer.</p><p>We may share recordings of your calls with analytics partners who help us improve call quality.</p>", 1)
	if edited == page || strings.Count(edited, "analytics partners who help") != 1 {
		t.Fatal("fixture edit did not apply: the seed page changed")
	}
	s.set("/connect3/privacy", edited)
	s.set("/grandstream/privacy", policyPage(seedDoc(t, "grandstream-2019.md"), 2026, "s-2"))

	code, out, errOut = tracker(t, "crawl", "--config", conf)
	if code != 0 {
		t.Fatalf("second crawl: exit %d\n%s%s", code, out, errOut)
	}
	second := statusLines(t, out)
	if got := second["connect3/privacy"]; !regexp.MustCompile(`^changed \+1 -0 ~1 >0, material: yes`).MatchString(got) {
		t.Errorf("connect3 after edit: %q\n%s", got, out)
	}
	for _, id := range []string{"grandstream", "connectsolutions", "ioconnect", "voiceconnect"} {
		if got := second[id+"/privacy"]; got != "unchanged" {
			t.Errorf("%s after crawl 2: %q, want unchanged\n%s", id, got, out)
		}
	}

	code, out, errOut = tracker(t, "history", "connect3", "--config", conf, "--format", "json")
	if code != 0 {
		t.Fatalf("history: exit %d\n%s%s", code, out, errOut)
	}
	var hist []struct {
		ID         int64           `json:"id"`
		Document   string          `json:"document"`
		Source     string          `json:"source"`
		URL        string          `json:"url"`
		FetchedAt  string          `json:"fetched_at"`
		CapturedAt string          `json:"captured_at"`
		Hash       string          `json:"hash"`
		Summary    json.RawMessage `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &hist); err != nil {
		t.Fatalf("history json: %v\n%s", err, out)
	}
	if len(hist) != 2 || string(hist[0].Summary) != "null" || hist[1].Summary == nil || hist[1].Hash == hist[0].Hash {
		t.Fatalf("history: %s", out)
	}

	code, out, errOut = tracker(t, "diff", "connect3", "--config", conf, "--format", "json")
	if code != 0 {
		t.Fatalf("diff: exit %d\n%s%s", code, out, errOut)
	}
	var rep struct {
		Summary struct {
			Material                        bool
			Added, Removed, Modified, Moved int
		} `json:"summary"`
		Changes []struct {
			Kind       string   `json:"kind"`
			OldText    string   `json:"old_text"`
			NewText    string   `json:"new_text"`
			Severity   string   `json:"severity"`
			Categories []string `json:"categories"`
		} `json:"changes"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("diff json: %v\n%s", err, out)
	}
	if len(rep.Changes) != 2 || rep.Summary.Added != 1 || rep.Summary.Modified != 1 || !rep.Summary.Material {
		t.Fatalf("diff: %s", out)
	}
	for _, c := range rep.Changes {
		switch c.Kind {
		case "modified":
			if !strings.Contains(c.NewText, "90 days") || !strings.Contains(c.OldText, "60 days") {
				t.Errorf("modified change: %+v", c)
			}
		case "added":
			if !strings.Contains(c.NewText, "analytics partners") {
				t.Errorf("added change: %+v", c)
			}
		default:
			t.Errorf("unexpected change %+v", c)
		}
	}

	// Grandstream's footer-only change stored nothing.
	_, out, _ = tracker(t, "history", "grandstream", "--config", conf, "--format", "json")
	if n := strings.Count(out, `"id":`); n != 1 {
		t.Errorf("grandstream has %d versions after a footer-only change, want 1\n%s", n, out)
	}

	// A third crawl with nothing changed.
	_, out, _ = tracker(t, "crawl", "--config", conf)
	for k, v := range statusLines(t, out) {
		if v != "unchanged" && v != "not-modified" {
			t.Errorf("third crawl %s: %q", k, v)
		}
	}
	return conf
}

func TestCrawlReportsFailuresAndKeepsOthers(t *testing.T) {
	s := newSite(t)
	s.set("/ok", policyPage(seedDoc(t, "grandstream-2019.md"), 2025, "x"))
	dir := t.TempDir()
	conf := writeConfig(t, dir, fmt.Sprintf(`database: tracker.db
host_delay: 0s
vendors:
  - id: good
    name: Good
    documents:
      - {type: privacy, url: %s}
  - id: gone
    name: Gone
    documents:
      - {type: privacy, url: %s}
`, s.url("/ok"), s.url("/missing")))
	code, out, errOut := tracker(t, "crawl", "--config", conf)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errOut)
	}
	st := statusLines(t, out)
	if st["good/privacy"] != "new" || st["gone/privacy"] != "error" {
		t.Errorf("statuses: %q", st)
	}
	// The error stands on its own line under its document's.
	if !regexp.MustCompile(`(?m)^gone/privacy +error\n {4}.*HTTP 404`).MatchString(out) {
		t.Errorf("the error is not on the line below its document:\n%s", out)
	}
	if !strings.Contains(errOut, "1 of 2 documents failed") {
		t.Errorf("summary: %q", errOut)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	conf := writeConfig(t, dir, "vendors:\n  - id: a\n    name: A\n    documents:\n      - {type: privacy, url: http://127.0.0.1:1/p}\n")
	if code, out, errOut := tracker(t, "crawl", "--config", conf); code != 1 { // starts the database; the page fails
		t.Fatalf("crawl: exit %d\n%s%s", code, out, errOut)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "Usage"},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"unknown vendor", []string{"diff", "acme", "--config", conf}, 2, `unknown vendor "acme"; configured vendors: a`},
		{"bad flag", []string{"crawl", "--nope", "--config", conf}, 2, "unknown flag --nope (`tracker help crawl` lists the flags)"},
		{"misspelt flag", []string{"diff", "a", "--formt", "json", "--config", conf}, 2, "unknown flag --formt (did you mean --format?"},
		{"bad flag value", []string{"backfill", "--limit", "many", "--config", conf}, 2, "`tracker help backfill` lists the flags"},
		{"bad format", []string{"compare", "a.txt", "b.txt", "--format", "pdf"}, 2, "--format"},
		{"missing config", []string{"crawl", "--config", filepath.Join(dir, "none.yaml")}, 2, "does not exist"},
		{"no versions", []string{"diff", "a", "--config", conf}, 1, "no versions stored yet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := tracker(t, tt.args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("exit %d, want %d; output %q, want it to contain %q", code, tt.code, out+errOut, tt.want)
			}
		})
	}
}

// TestMigrateToPostgres copies a crawled SQLite history into PostgreSQL,
// then reads it back there, and refuses to copy into it once it differs.
func TestMigrateToPostgres(t *testing.T) {
	url := storetest.PostgresURL(t)
	conf := endToEndSeeds(t, "tracker.db")
	code, out, errOut := tracker(t, "migrate", "--config", conf, "--to", url)
	if code != 0 || !strings.Contains(out, "verified") || !strings.Contains(out, "versions") {
		t.Fatalf("migrate: exit %d\n%s%s", code, out, errOut)
	}
	t.Log(out)
	code, out, errOut = tracker(t, "history", "connect3", "--config", conf, "--db", url, "--format", "json")
	if code != 0 || strings.Count(out, `"id":`) != 2 {
		t.Fatalf("history on the copy: exit %d\n%s%s", code, out, errOut)
	}
	// Again: the same history is there, nothing to do.
	if code, out, errOut = tracker(t, "migrate", "--config", conf, "--to", url); code != 0 {
		t.Errorf("second migrate: exit %d\n%s%s", code, out, errOut)
	}
	// The copy moves on (a crawl on PostgreSQL): it is another history now.
	if code, out, errOut = tracker(t, "crawl", "--config", conf, "--db", url); code != 0 {
		t.Fatalf("crawl on the copy: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = tracker(t, "migrate", "--config", conf, "--to", url)
	if code != 1 || !strings.Contains(errOut, "different history") {
		t.Errorf("migrate into a different history: exit %d\n%s%s", code, out, errOut)
	}
}
