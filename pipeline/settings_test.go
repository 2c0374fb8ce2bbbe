package pipeline

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tracker-dev/tracker/config"
)

// settingsFixture serves one page whose body the test sets, to an App
// whose configuration the test rewrites between crawls, on one database.
type settingsFixture struct {
	t     *testing.T
	page  *servedPage
	hooks *atomic.Int32 // webhook alerts received
	yaml  string        // the configuration, with REMOVE for the document's remove list
	app   *App
}

const promo = `<div class="promo"><p>Try our new phones today and save twenty percent on every order.</p></div>`

func newSettingsFixture(t *testing.T) *settingsFixture {
	f := &settingsFixture{t: t, page: &servedPage{}, hooks: &atomic.Int32{}}
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { f.hooks.Add(1) }))
	t.Cleanup(hooks.Close)
	srv := httptest.NewServer(f.page)
	t.Cleanup(srv.Close)
	f.yaml = "database: tracker.db\nhost_delay: 0s\nalerts:\n  min_severity: none\n  webhooks:\n    - {url: " + hooks.URL +
		", secret_env: X}\nvendors:\n  - id: v\n    name: V\n    documents:\n      - {type: privacy, url: " + srv.URL + "REMOVE}\n"
	f.app = openTestApp(t, strings.Replace(f.yaml, "REMOVE", "", 1))
	return f
}

// configure rewrites the configuration (remove: the document's remove
// list, "" for none) and binds a new App to the same database, as a
// restart or a reload does.
func (f *settingsFixture) configure(remove string) *App {
	f.t.Helper()
	yaml := strings.Replace(f.yaml, "REMOVE", remove, 1)
	if err := os.WriteFile(f.app.cfg.Path, []byte(yaml), 0o644); err != nil {
		f.t.Fatal(err)
	}
	cfg, err := config.Load(f.app.cfg.Path)
	if err != nil {
		f.t.Fatal(err)
	}
	b, err := newApp(context.Background(), cfg, f.app.store, Options{})
	if err != nil {
		f.t.Fatal(err)
	}
	f.app = b
	return b
}

func (f *settingsFixture) crawl(body string) Outcome {
	f.t.Helper()
	f.page.set(body)
	targets, _ := f.app.Select(nil, "")
	outs, err := f.app.Crawl(context.Background(), targets)
	if err != nil {
		f.t.Fatalf("crawl: %v %+v", err, outs)
	}
	if _, err := f.app.FlushAlerts(context.Background(), func(string) string { return "whsec_" + strings.Repeat("A", 44) }); err != nil {
		f.t.Fatalf("alerts: %v", err)
	}
	return outs[0]
}

// TestSettingsChangeIsNotTheVendors is issue 20's story: adding a remove,
// then reverting it, on an unchanged page raises no alert; the vendor's
// real change afterwards does, once.
func TestSettingsChangeIsNotTheVendors(t *testing.T) {
	f := newSettingsFixture(t)
	page := strings.Replace(policyHTML("1", "We collect your name.", "We do not sell your personal information."), "</main>", promo+"</main>", 1)
	if o := f.crawl(page); o.Status != StatusNew {
		t.Fatalf("first crawl: %s %v", o.Status, o.Err)
	}
	for _, remove := range []string{", remove: [.promo]", ""} {
		f.configure(remove)
		if o := f.crawl(page); o.Status != StatusUnchanged {
			t.Fatalf("crawl after remove=%q: %s %+v", remove, o.Status, o.Summary)
		}
		v, _, _ := f.app.store.LatestVersion(context.Background(), f.app.targets[0].Stored.ID)
		if !v.Technical || v.Settings != f.app.targets[0].Settings() || strings.Contains(v.Text, "phones") != (remove == "") {
			t.Errorf("after remove=%q the latest version is technical=%v settings=%q (want %q) text=%q", remove, v.Technical, v.Settings, f.app.targets[0].Settings(), v.Text)
		}
	}
	if n := f.hooks.Load(); n != 0 {
		t.Fatalf("%d alerts for tracker's own changes", n)
	}
	vendorEdit := strings.Replace(page, "We do not sell", "We may sell", 1)
	if o := f.crawl(vendorEdit); o.Status != StatusChanged || o.Summary == nil || o.Summary.Modified != 1 || o.Summary.Added+o.Summary.Removed != 0 {
		t.Fatalf("the vendor's change: %s %+v", o.Status, o.Summary)
	}
	if n := f.hooks.Load(); n != 1 {
		t.Errorf("%d alerts for the vendor's change, want 1", n)
	}
	h, err := f.app.History(context.Background(), f.app.targets[0])
	if err != nil || len(h) != 4 || !h[1].Version.Technical || !h[2].Version.Technical || h[3].Version.Technical {
		t.Errorf("history: %v, %d entries", err, len(h))
	}
}

// TestRebuildTimeline: a promotion that changed between crawls made a
// version of its own; with remove: [.promo], reextract rebuilds every
// version, leaves that one out of the timeline, keeps the real change,
// reports what it did, and changes nothing when run again.
func TestRebuildTimeline(t *testing.T) {
	f := newSettingsFixture(t)
	ctx := context.Background()
	base := policyHTML("1", "We collect your name.", "We do not sell your personal information.")
	withPromo := func(body, offer string) string {
		return strings.Replace(body, "</main>", strings.Replace(promo, "twenty percent", offer, 1)+"</main>", 1)
	}
	bodies := []string{
		withPromo(base, "twenty percent"),
		withPromo(base, "thirty percent"),
		withPromo(strings.Replace(base, "We do not sell", "We may sell", 1), "thirty percent"),
	}
	for i, b := range bodies {
		o := f.crawl(b)
		if want := []Status{StatusNew, StatusChanged, StatusChanged}[i]; o.Status != want {
			t.Fatalf("crawl %d: %s, want %s", i+1, o.Status, want)
		}
	}
	a := f.configure(", remove: [.promo]")
	outs, err := a.RebuildTimeline(ctx, a.targets)
	if err != nil {
		t.Fatal(err)
	}
	o := outs[0]
	if o.Versions != 3 || len(o.Changed) != 3 || len(o.Merged) != 1 || len(o.Failed) != 0 || o.Latest == nil ||
		o.Latest.Modified != 1 || o.Latest.Added+o.Latest.Removed != 0 {
		t.Fatalf("rebuild: %+v latest %+v", o, o.Latest)
	}
	h, err := a.History(ctx, a.targets[0])
	if err != nil || len(h) != 2 || h[1].Summary.Modified != 1 || h[1].Summary.Added+h[1].Summary.Removed != 0 {
		t.Fatalf("history after rebuild: %v %+v", err, h)
	}
	res, err := a.Diff(ctx, a.targets[0], "", "")
	if err != nil || len(res.Report.Changes) != 1 || strings.Contains(res.Report.Changes[0].NewText, "percent") {
		t.Errorf("diff after rebuild: %v %+v", err, res.Report.Changes)
	}

	again, err := a.RebuildTimeline(ctx, a.targets)
	if err != nil || len(again[0].Changed) != 0 || len(again[0].Merged) != 1 || again[0].Versions != 3 {
		t.Errorf("second rebuild: %v %+v", err, again[0])
	}
	if h2, _ := a.History(ctx, a.targets[0]); len(h2) != 2 || h2[1].Version.ID != h[1].Version.ID {
		t.Errorf("history changed on the second rebuild: %+v", h2)
	}
	// The page is still the same: nothing to store.
	if o := f.crawl(bodies[2]); o.Status != StatusUnchanged {
		t.Errorf("crawl after rebuild: %s", o.Status)
	}
	if n := f.hooks.Load(); n != 2 {
		t.Errorf("%d alerts, want the 2 of the crawls", n)
	}
}
