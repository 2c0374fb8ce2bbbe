package pipeline

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/ota"
	"github.com/tracker-dev/tracker/store"
)

// versionsRepo builds an Open Terms Archive versions repository with git,
// commit by commit.
type versionsRepo struct {
	t   *testing.T
	dir string
}

func newVersionsRepo(t *testing.T) *versionsRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git command here: the versions repository tests need one")
	}
	r := &versionsRepo{t: t, dir: t.TempDir()}
	r.git(time.Time{}, "init", "-q", "-b", "main")
	return r
}

func (r *versionsRepo) git(at time.Time, args ...string) {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.dir, "-c", "user.name=Bot", "-c", "user.email=bot@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if !at.IsZero() {
		d := at.Format(time.RFC3339)
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+d, "GIT_COMMITTER_DATE="+d)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func (r *versionsRepo) commit(path, content, subject string, at time.Time) {
	r.t.Helper()
	full := filepath.Join(r.dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
	r.git(time.Time{}, "add", "--", path)
	r.git(at, "commit", "-q", "-m", subject)
}

func otaDay(m time.Month, d int) time.Time { return time.Date(2023, m, d, 0, 30, 0, 0, time.UTC) }

// acmeHistory writes a history of Acme's privacy policy: a first record,
// a change, a technical upgrade dated by the snapshot it read again, a
// change that only reformats, a hand edit, and a last change.
func acmeHistory(r *versionsRepo) {
	const p = "Acme/Privacy Policy.md"
	r.commit(p, "# Privacy Policy\n\nWe collect your name.\n\nWe keep it 30 days.\n", "First record of Acme Privacy Policy", otaDay(1, 10))
	r.commit(p, "# Privacy Policy\n\nWe collect your name and e-mail address.\n\nWe keep it 30 days.\n", "Record new changes of Acme Privacy Policy", otaDay(3, 1))
	r.commit(p, "# Privacy Policy\n\nWe collect your name and e-mail address.\n\nWe keep it 30 days.\n\n## Contact\n\nWrite to privacy@acme.example.\n", "Apply technical or declaration upgrade on Acme Privacy Policy", otaDay(3, 2))
	r.commit(p, "# Privacy Policy\n\nWe collect your **name** and [e-mail address](https://acme.example/e-mail).\n\nWe keep it 30 days.\n\n## Contact\n\nWrite to privacy@acme.example.\n", "Record new changes of Acme Privacy Policy", otaDay(5, 1))
	r.commit(p, "# Privacy Policy\n\nWe collect your name and e-mail address.\n\nWe keep it thirty days.\n\n## Contact\n\nWrite to privacy@acme.example.\n", "Fix a typo by hand", otaDay(5, 2))
	r.commit(p, "# Privacy Policy\n\nWe collect your name and e-mail address.\n\nWe keep it two years.\n\n## Contact\n\nWrite to privacy@acme.example.\n", "Record new changes of Acme Privacy Policy", otaDay(7, 1))
	r.commit("Acme/Terms of Service.md", "# Terms\n\nBe nice.\n", "First record of Acme Terms of Service", otaDay(2, 1))
}

func TestImportHistory(t *testing.T) {
	hooks := httptest.NewServer(nil)
	defer hooks.Close()
	site := &pageSite{pages: map[string]string{}, hits: map[string]int{}}
	// Today's page holds the text of the last record.
	site.set("/privacy", "<html><body><main><h1>Privacy Policy</h1><p>We collect your name and e-mail address.</p><p>We keep it two years.</p><h2>Contact</h2><p>Write to privacy@acme.example.</p></main></body></html>")
	srv := httptest.NewServer(site)
	defer srv.Close()
	a := openTestApp(t, "database: tracker.db\nhost_delay: 0s\nalerts:\n  min_severity: none\n  webhooks:\n    - {url: "+hooks.URL+", secret_env: X}\n"+
		"vendors:\n  - id: acme\n    name: Acme\n    documents:\n      - {type: privacy, url: "+srv.URL+"/privacy}\n      - {type: terms, url: "+srv.URL+"/terms}\n")
	ctx := context.Background()
	targets, _ := a.Select([]string{"acme"}, "privacy")
	// A live version first, as when a user of tracker imports later.
	if outs, err := a.Crawl(ctx, targets); err != nil || outs[0].Status != StatusNew {
		t.Fatalf("crawl: %v %+v", err, outs)
	}
	live, _, _ := a.store.LatestVersion(ctx, targets[0].Stored.ID)

	r := newVersionsRepo(t)
	acmeHistory(r)
	h, err := ota.OpenHistory(ctx, r.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	all, _ := a.Select(nil, "")
	docs, notes := LocateOTA(all, nil, h)
	if len(docs) != 2 || len(notes) != 0 || docs[0].ServiceID != "Acme" || docs[0].TermsType != "Privacy Policy" {
		t.Fatalf("located %+v %v", docs, notes)
	}
	outs, err := a.ImportHistory(ctx, h, docs, ImportOptions{})
	if err != nil {
		t.Fatalf("import: %v %+v", err, outs)
	}
	o := outs[0]
	// first, change, technical: new versions; the reformatting matches; the
	// hand edit is left out; the last record is the live text: backdated.
	if o.Records != 6 || o.Versions != 3 || o.Technical != 1 || o.Matched != 2 || o.Other != 1 {
		t.Errorf("outcome = %+v", o)
	}
	vs, _ := a.store.VersionList(ctx, targets[0].Stored.ID)
	var got []string
	for _, v := range vs {
		got = append(got, v.CapturedAt.Format("01-02")+" "+v.Source+map[bool]string{true: " technical"}[v.Technical])
	}
	if strings.Join(got, ", ") != "01-10 ota, 03-01 ota, 03-02 ota technical, 07-01 live" {
		t.Errorf("timeline = %s", strings.Join(got, ", "))
	}
	if vs[3].ID != live.ID {
		t.Errorf("the live version was not the one backdated: %+v", vs[3])
	}
	// Classified, one summary per step; no alert for any of it.
	sums, _ := a.store.ChangeSummaries(ctx, targets[0].Stored.ID)
	for i := 1; i < len(vs); i++ {
		if _, ok := sums[store.ChangeKey{From: vs[i-1].ID, To: vs[i].ID}]; !ok {
			t.Errorf("no change stored %d→%d", vs[i-1].ID, vs[i].ID)
		}
	}
	hist, _ := a.History(ctx, targets[0])
	if s := hist[3].Summary; s == nil || s.MaxSeverity.String() != "high" || !strings.Contains(strings.Join(s.Categories, ","), "retention") {
		t.Errorf("the retention change is not classified: %+v", s)
	}
	if ds, _ := a.store.Deliveries(ctx, ""); len(ds) != 0 {
		t.Errorf("%d alerts from an import", len(ds))
	}
	if outs[1].Versions != 1 || outs[1].Records != 1 {
		t.Errorf("terms: %+v", outs[1])
	}

	// Run again: nothing read again, nothing stored.
	again, err := a.ImportHistory(ctx, h, docs, ImportOptions{})
	if err != nil || again[0].Earlier != 6 || again[0].Versions != 0 || again[0].Matched != 0 {
		t.Errorf("second run: %v %+v", err, again)
	}
	// A record added since: only it is read.
	r.commit("Acme/Privacy Policy.md", "# Privacy Policy\n\nWe collect your name.\n\nWe keep it two years.\n", "Record new changes of Acme Privacy Policy", otaDay(8, 1))
	third, err := a.ImportHistory(ctx, h, docs, ImportOptions{})
	if err != nil || third[0].Earlier != 6 || third[0].Versions != 1 {
		t.Errorf("third run: %v %+v", err, third)
	}

	// A crawl afterwards compares with the latest version, the imported one.
	if outs, _ := a.Crawl(ctx, targets); outs[0].Status != StatusChanged {
		t.Errorf("crawl after the import: %s", outs[0].Status)
	}
}

func TestImportHistoryCancelledResumes(t *testing.T) {
	a := openTestApp(t, "database: tracker.db\nvendors:\n  - id: acme\n    name: Acme\n    documents:\n      - {type: privacy, url: https://acme.example/privacy}\n")
	r := newVersionsRepo(t)
	acmeHistory(r)
	h, err := ota.OpenHistory(context.Background(), r.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	targets, _ := a.Select(nil, "")
	docs, _ := LocateOTA(targets, nil, h)
	ctx, cancel := context.WithCancel(context.Background())
	stopAfter := 2
	outs, err := a.ImportHistory(ctx, h, docs, ImportOptions{Progress: func(_ Target, done, _ int) {
		if done == stopAfter {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled import: %v %+v", err, outs)
	}
	outs, err = a.ImportHistory(context.Background(), h, docs, ImportOptions{})
	if err != nil || outs[0].Earlier != stopAfter || outs[0].Versions+outs[0].Matched+outs[0].Other != 6-stopAfter {
		t.Errorf("resumed: %v %+v", err, outs)
	}
	vs, _ := a.store.VersionList(context.Background(), targets[0].Stored.ID)
	if len(vs) != 4 { // first, change, technical, last
		t.Errorf("%d versions after a resumed import, want 4", len(vs))
	}
}

func TestLocateOTAFromDeclarations(t *testing.T) {
	a := openTestApp(t, "database: tracker.db\nvendors:\n  - id: npm-public-registry\n    name: npm (renamed by the user)\n    documents:\n      - {type: privacy, url: https://npm.example/privacy}\n      - {type: dpa, url: https://npm.example/dpa}\n")
	services := []ota.Service{{ID: "npm Public Registry", Name: "npm Public Registry", Terms: []ota.Terms{
		{Type: "Privacy Policy", Sources: []ota.Source{{Fetch: "https://npm.example/privacy"}}},
		{Type: "Copyright Claims Policy", Sources: []ota.Source{{Fetch: "https://npm.example/dmca"}}},
	}}}
	targets, _ := a.Select(nil, "")
	docs, notes := LocateOTA(targets, services, nil)
	if len(docs) != 1 || docs[0].ServiceID != "npm Public Registry" || docs[0].TermsType != "Privacy Policy" || docs[0].Target.Doc.Type != "privacy" {
		t.Errorf("docs = %+v", docs)
	}
	if len(notes) != 2 || !strings.Contains(notes[0], "npm-public-registry/dpa: not in the declarations") ||
		!strings.Contains(notes[1], "npm-public-registry/copyright-claims-policy") {
		t.Errorf("notes = %q", notes)
	}
}
