package pipeline

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/config"
)

func TestReextractMarksTechnicalVersionsWithoutAlerts(t *testing.T) {
	hooks := httptest.NewServer(nil)
	defer hooks.Close()
	body := strings.Replace(policyHTML("1", "We collect your name.", "We do not sell your personal information."),
		"</main>", `<div class="promo"><p>Try our new phones today and save twenty percent on every order.</p></div></main>`, 1)
	srv := httptest.NewServer(&servedPage{body: body})
	defer srv.Close()
	yaml := "database: tracker.db\nhost_delay: 0s\nalerts:\n  min_severity: none\n  webhooks:\n    - {url: " + hooks.URL + ", secret_env: X}\nvendors:\n  - id: v\n    name: V\n    documents:\n      - {type: privacy, url: " + srv.URL + "}\n"
	a := openTestApp(t, yaml)
	ctx := context.Background()
	targets, _ := a.Select(nil, "")
	if outs, err := a.Crawl(ctx, targets); err != nil || outs[0].Status != StatusNew {
		t.Fatalf("crawl: %v %+v", err, outs)
	}
	if outs, _ := a.Reextract(ctx, targets); outs[0].Status != StatusUnchanged {
		t.Fatalf("reextract with the same options: %s", outs[0].Status)
	}

	// The user learns to drop the promotion: same snapshot, new extraction.
	if err := os.WriteFile(a.cfg.Path, []byte(strings.Replace(yaml, "url: "+srv.URL+"}", "url: "+srv.URL+", remove: [.promo]}", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(a.cfg.Path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := newApp(ctx, cfg, a.store, Options{})
	if err != nil {
		t.Fatal(err)
	}
	targets, _ = b.Select(nil, "")
	outs, err := b.Reextract(ctx, targets)
	if err != nil || outs[0].Status != StatusChanged || outs[0].Summary == nil || outs[0].Summary.Removed != 1 {
		t.Fatalf("reextract after remove: %v %+v %+v", err, outs[0], outs[0].Summary)
	}
	v, _, _ := b.store.LatestVersion(ctx, targets[0].Stored.ID)
	if !v.Technical || strings.Contains(v.Text, "phones") {
		t.Errorf("latest version: technical=%v text=%q", v.Technical, v.Text)
	}
	if ds, _ := b.store.Deliveries(ctx, ""); len(ds) != 0 {
		t.Errorf("%d alerts from a re-extraction", len(ds))
	}
	// The next crawl compares with the new extraction: nothing changed.
	if outs, _ := b.Crawl(ctx, targets); outs[0].Status != StatusUnchanged {
		t.Errorf("crawl after reextract: %s", outs[0].Status)
	}
}
