package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// otaCollection writes a declarations repository whose pages the test
// site serves: the imported configuration is crawled as it is.
func otaCollection(t *testing.T, s *site) string {
	t.Helper()
	dir := t.TempDir()
	decl := filepath.Join(dir, "declarations")
	files := map[string]string{
		"Acme.json": `{"name": "Acme", "terms": {
  "Privacy Policy": {"fetch": "` + s.url("/acme/privacy") + `", "select": {"startBefore": "h1", "endBefore": "#toc"}, "remove": "details"},
  "Terms of Service": {"combine": [{"fetch": "` + s.url("/acme/terms") + `"}, {"fetch": "` + s.url("/acme/payments") + `", "select": "#fees"}], "select": "main", "executeClientScripts": true},
  "Community Guidelines": {"fetch": "` + s.url("/acme/guidelines") + `", "select": "article", "filter": ["removeBanners"]}
}}`,
		"npm Public Registry.json": `{"name": "npm Public Registry", "terms": {"Privacy Policy": {"fetch": "` + s.url("/npm/privacy") + `", "select": "main"}}}`,
	}
	for name, body := range files {
		if err := os.MkdirAll(decl, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(decl, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	page := func(body string) string {
		return "<html><head><title>x</title></head><body><nav>Home · About</nav>" + body + "<footer>© 2026</footer></body></html>"
	}
	s.set("/acme/privacy", page(`<main><p>Skip</p><h1>Privacy Policy</h1><p>We collect your name and e-mail address to run the service.</p><details>Ads</details><p>We keep your data for thirty days after you close your account.</p><h2 id="toc">Contents</h2></main>`))
	s.set("/acme/terms", page(`<main><h1>Terms of Service</h1><p>You may use the service if you are eighteen or older and accept these terms.</p></main>`))
	s.set("/acme/payments", page(`<main><div id="fees"><h2>Fees</h2><p>The service costs five euros a month, billed on the first day of each month.</p></div><p>Promotion</p></main>`))
	s.set("/acme/guidelines", page(`<article><h1>Community Guidelines</h1><p>Be kind to other members and never post spam or abuse of any kind.</p></article>`))
	s.set("/npm/privacy", page(`<main><h1>Privacy</h1><p>npm collects the e-mail address you register with and your package downloads.</p></main>`))
	return dir
}

func TestImportOTAThenCrawlImportHistoryExport(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git command here: the versions repository part needs one")
	}
	s := newSite(t)
	decl := otaCollection(t, s)
	work := t.TempDir()
	conf := filepath.Join(work, "tracker.yaml")

	code, out, errOut := tracker(t, "import", "ota", decl, "--out", conf)
	if code != 0 {
		t.Fatalf("import ota: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"acme/privacy", "acme/terms", "acme/community-guidelines", "npm-public-registry/privacy",
		"warning: filter removeBanners is JavaScript", "warning: executeClientScripts", "2 vendors added (4 documents), 0 vendors kept"} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}
	text, _ := os.ReadFile(conf)
	if !strings.Contains(string(text), "# WARNING: filter removeBanners") {
		t.Errorf("the warnings are not in the file:\n%s", text)
	}

	// The configuration is crawled as written, ranges and pages included.
	code, out, errOut = tracker(t, "crawl", "--config", conf)
	if code != 0 {
		t.Fatalf("crawl of the imported configuration: exit %d\n%s%s", code, out, errOut)
	}
	st := statusLines(t, out)
	for _, k := range []string{"acme/privacy", "acme/terms", "acme/community-guidelines", "npm-public-registry/privacy"} {
		if !strings.HasPrefix(st[k], "new") {
			t.Errorf("%s: %q", k, st[k])
		}
	}
	code, out, _ = tracker(t, "show", "acme", "--doc", "privacy", "--config", conf)
	if code != 0 || strings.Contains(out, "Skip") || strings.Contains(out, "Ads") || strings.Contains(out, "Contents") || !strings.Contains(out, "thirty days") {
		t.Errorf("the range and the remove are not applied:\n%s", out)
	}
	code, out, _ = tracker(t, "show", "acme", "--doc", "terms", "--config", conf)
	if code != 0 || !strings.Contains(out, "eighteen") || !strings.Contains(out, "five euros") || strings.Contains(out, "Promotion") {
		t.Errorf("the pages are not joined with their selectors:\n%s", out)
	}

	// Importing again adds nothing and keeps the file.
	code, out, _ = tracker(t, "import", "ota", decl, "--out", conf, "--services", "acme")
	if code != 0 || !strings.Contains(out, "kept as it was") {
		t.Errorf("import again: exit %d\n%s", code, out)
	}
	if again, _ := os.ReadFile(conf); string(again) != string(text) {
		t.Error("importing the same services again changed the file")
	}
	if code, _, errOut := tracker(t, "import", "ota", decl, "--out", conf, "--services", "acmee"); code != 2 || !strings.Contains(errOut, `did you mean "Acme"?`) {
		t.Errorf("unknown service: exit %d %s", code, errOut)
	}

	// The history of npm's privacy policy, from a versions repository.
	repo := t.TempDir()
	gitIn := func(at time.Time, args ...string) {
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=Bot", "-c", "user.email=bot@example.org", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if !at.IsZero() {
			cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+at.Format(time.RFC3339), "GIT_COMMITTER_DATE="+at.Format(time.RFC3339))
		}
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, b)
		}
	}
	gitIn(time.Time{}, "init", "-q", "-b", "main")
	for i, rec := range []struct{ text, subject string }{
		{"# Privacy\n\nnpm collects the e-mail address you register with.\n", "First record of npm Public Registry Privacy Policy"},
		{"# Privacy\n\nnpm collects the e-mail address you register with and your package downloads.\n", "Record new changes of npm Public Registry Privacy Policy"},
	} {
		p := filepath.Join(repo, "npm Public Registry", "Privacy Policy.md")
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(rec.text), 0o644); err != nil {
			t.Fatal(err)
		}
		gitIn(time.Time{}, "add", "-A")
		gitIn(time.Date(2024, time.Month(i+1), 1, 0, 30, 0, 0, time.UTC), "commit", "-q", "-m", rec.subject)
	}
	code, out, errOut = tracker(t, "import", "ota-versions", repo, "--declarations", decl, "--config", conf, "npm-public-registry")
	if code != 0 || !strings.Contains(out, "npm-public-registry/privacy  2 records, 1 new version, 1 matched") {
		t.Fatalf("import ota-versions: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = tracker(t, "history", "npm-public-registry", "--config", conf, "--format", "json")
	var hist []struct {
		Source     string `json:"source"`
		CapturedAt string `json:"captured_at"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &hist) != nil || len(hist) != 2 || !strings.HasPrefix(hist[0].CapturedAt, "2024-01-01") || hist[0].Source != "ota" {
		t.Errorf("history after the import: exit %d\n%s", code, out)
	}
	// Acme has no history in that repository: said, exit 1.
	code, out, errOut = tracker(t, "import", "ota-versions", repo, "--declarations", decl, "--config", conf, "acme", "--doc", "privacy")
	if code != 1 || !strings.Contains(out, "no record of Acme / Privacy Policy") {
		t.Errorf("a document without history: exit %d\n%s%s", code, out, errOut)
	}

	// The datasets.
	for _, f := range []string{"ota", "jsonl", "csv"} {
		dir := filepath.Join(work, "export-"+f)
		code, out, errOut = tracker(t, "export", dir, "--format", f, "--config", conf)
		if code != 0 || !strings.Contains(out, "5 versions of 4 documents of 2 vendors") {
			t.Errorf("export %s: exit %d\n%s%s", f, code, out, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(work, "export-ota", "npm Public Registry", "Privacy Policy", "2024-01-01T00-30-00Z.md")); err != nil {
		t.Errorf("ota layout: %v", err)
	}
	if code, _, errOut := tracker(t, "export", filepath.Join(work, "x"), "--format", "xml", "--config", conf); code != 2 || !strings.Contains(errOut, `--format "xml"`) {
		t.Errorf("bad format: exit %d %s", code, errOut)
	}
	if code, _, errOut := tracker(t, "export", filepath.Join(work, "x"), "nobody", "--config", conf); code != 2 || !strings.Contains(errOut, `unknown vendor "nobody"`) {
		t.Errorf("unknown vendor: exit %d %s", code, errOut)
	}
}
