// Command genstore fills a tracker database with a long synthetic history,
// to measure what lists and timelines cost at scale (bench/scale.sh):
//
//	go run ./bench/cmd/genstore --db /tmp/scale.db --config /tmp/scale.yaml --docs 10000 --versions 50
//
// Each document is a policy page of about 40 KB (120 clauses inside page
// chrome); each new version changes three clauses, as real policy updates
// do, and is stored as a crawl stores it: page, text, fetch, a change with
// a report of its three clauses, and for one change in ten an alert
// delivered on two channels. One not-modified fetch sits between two
// versions. It writes the configuration naming every document. Versions
// are stored a few hundred at a time (store.AddHistory), each batch in one
// transaction.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/tracker-dev/tracker/store"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "genstore: %s\n", err)
		os.Exit(1)
	}
}

func run() error {
	db := flag.String("db", "", "database to fill: a SQLite path or a postgres:// URL (must be empty)")
	cfgPath := flag.String("config", "", "configuration file to write")
	docs := flag.Int("docs", 10000, "documents (one vendor each)")
	versions := flag.Int("versions", 50, "versions per document")
	seed := flag.Uint64("seed", 1, "random seed")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile here")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *db == "" || *cfgPath == "" {
		return fmt.Errorf("--db and --config are required")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := writeConfig(*cfgPath, *db, *docs); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(*seed, 2))
	start := time.Now()
	vds := make([]store.VendorDocuments, *docs)
	for d := range vds {
		id := fmt.Sprintf("v%05d", d)
		vds[d] = store.VendorDocuments{Vendor: store.Vendor{ID: id, Name: "Vendor " + id},
			Documents: []store.Document{{Type: "privacy", URL: url(d)}}}
	}
	synced, err := st.SyncVendors(ctx, vds)
	if err != nil {
		return err
	}
	// Documents go in batches of about batchVersions versions, each batch
	// in one transaction (Store.AddHistory): the rows a crawl stores one
	// version at a time, without a commit per version.
	const batchVersions = 500
	var batch []store.Step
	inBatch := 0
	for d := range *docs {
		batch = history(batch, rng, d, synced[d][0].ID, *versions)
		if inBatch += *versions; inBatch < batchVersions && d+1 < *docs {
			continue
		}
		if _, err := st.AddHistory(ctx, batch); err != nil {
			return fmt.Errorf("documents up to v%05d: %w", d, err)
		}
		batch, inBatch = batch[:0], 0
		if done := d + 1; done%500 == 0 || done == *docs {
			el := time.Since(start)
			fmt.Fprintf(os.Stderr, "genstore: %d/%d documents, %d versions, %s (%.0f versions/s)\n",
				done, *docs, done**versions, el.Round(time.Second), float64(done**versions)/el.Seconds())
		}
	}
	return nil
}

// history appends the history of document d (database id doc) to steps:
// its versions, each but the first changing three clauses, each found by
// a fetch and followed by a not-modified one.
func history(steps []store.Step, rng *rand.Rand, d int, doc int64, versions int) []store.Step {
	id := fmt.Sprintf("v%05d", d)
	clauses := baseClauses(rng, d)
	at := time.Date(2021, 1, 1, 6, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(86400)) * time.Second)
	for v := range versions {
		var changed []int
		if v > 0 {
			for range 3 {
				i := rng.IntN(len(clauses))
				clauses[i] = fmt.Sprintf("%s (amended %d: we now %s)", clauses[i][:min(len(clauses[i]), 90)], v, verbs[rng.IntN(len(verbs))])
				changed = append(changed, i)
			}
		}
		text := strings.Join(clauses, "\n")
		page := pageOf(id, clauses, v)
		nv := store.NewVersion{
			Version: store.Version{DocumentID: doc, Hash: hash(text), Text: text, Source: "live",
				FetchedAt: at, CapturedAt: at, URL: url(d), ETag: fmt.Sprintf("%q", hash(page)[:16])},
			Snapshot: store.Snapshot{ContentType: "text/html; charset=utf-8", Body: []byte(page)},
			Fetch: &store.Fetch{StartedAt: at, Duration: 120 * time.Millisecond, URL: url(d), FinalURL: url(d),
				Status: 200, Outcome: "changed", Crawler: "genstore"},
		}
		if v == 0 {
			nv.Fetch.Outcome = "new"
		} else {
			// From the version before (AddHistory finds its id).
			nv.Change = change(clauses, changed, at)
			if v%10 == 0 {
				for _, ch := range []string{"email", "webhook"} {
					nv.Alerts = append(nv.Alerts, store.Delivery{AlertID: fmt.Sprintf("msg_%s_%d", id, v), Channel: ch,
						Target: ch + "-target", Payload: nv.Change.Report, Status: store.DeliveryDelivered,
						Attempts: 1, CreatedAt: at, DeliveredAt: at.Add(time.Second)})
				}
			}
		}
		steps = append(steps, store.Step{Version: &nv})
		at = at.Add(time.Duration(10+rng.IntN(30)) * 24 * time.Hour)
		steps = append(steps, store.Step{Fetch: &store.Fetch{DocumentID: doc, StartedAt: at.Add(-24 * time.Hour), URL: url(d),
			FinalURL: url(d), Status: 304, Outcome: "not-modified", Crawler: "genstore"}})
	}
	return steps
}

var verbs = []string{"share it with advertising partners", "keep it for two years", "train our models on it",
	"transfer it to the United States", "delete it within 30 days", "sell it to data brokers"}

func url(d int) string { return fmt.Sprintf("http://127.0.0.1:9/v%05d/privacy", d) }

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func baseClauses(rng *rand.Rand, d int) []string {
	out := make([]string, 120)
	for i := range out {
		out[i] = fmt.Sprintf("%d.%d We process the %s of our customers of vendor %d for the purpose of %s, on the legal basis of %s, and we keep it for %d days after the end of the contract unless the law requires longer.",
			i/10+1, i%10+1, []string{"e-mail address", "postal address", "payment details", "usage data", "device identifiers"}[rng.IntN(5)],
			d, []string{"billing", "support", "security", "analytics", "marketing"}[rng.IntN(5)],
			[]string{"contract", "consent", "legitimate interest"}[rng.IntN(3)], 30+rng.IntN(700))
	}
	return out
}

func pageOf(id string, clauses []string, v int) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><title>Privacy policy</title><link rel="stylesheet" href="/s.css"><script>window.build="` + fmt.Sprint(v*7919) + `"</script></head><body>`)
	b.WriteString(`<nav><ul><li><a href="/">Home</a></li><li><a href="/products">Products</a></li><li><a href="/pricing">Pricing</a></li><li><a href="/legal">Legal</a></li></ul></nav><main><h1>Privacy policy of ` + id + `</h1>`)
	for i, c := range clauses {
		if i%10 == 0 {
			fmt.Fprintf(&b, `<h2 id="s%d">Section %d</h2>`, i/10+1, i/10+1)
		}
		b.WriteString(`<p class="clause">` + c + `</p>`)
	}
	b.WriteString(`</main><footer><p>© 2026 ` + id + ` Inc. All rights reserved.</p><a href="/cookies">Cookie settings</a></footer></body></html>`)
	return b.String()
}

// change is a report of the changed clauses shaped like classify's.
func change(clauses []string, changed []int, at time.Time) *store.Change {
	type ch struct {
		Kind     string   `json:"kind"`
		Section  string   `json:"section"`
		NewText  string   `json:"new_text"`
		Severity string   `json:"severity"`
		Cats     []string `json:"categories"`
		Reasons  []string `json:"reasons"`
	}
	rep := struct {
		Summary map[string]any `json:"summary"`
		Changes []ch           `json:"changes"`
	}{Summary: map[string]any{"material": true, "max_severity": "high", "added": 0, "removed": 0,
		"modified": len(changed), "moved": 0, "categories": []string{"sharing", "retention"}}}
	for _, i := range changed {
		rep.Changes = append(rep.Changes, ch{Kind: "modified", Section: fmt.Sprintf("Section %d", i/10+1),
			NewText: clauses[i], Severity: "high", Cats: []string{"sharing"}, Reasons: []string{"practice added"}})
	}
	raw, _ := json.Marshal(rep)
	return &store.Change{MaxSeverity: "high", Material: true, Modified: len(changed), Report: raw, CreatedAt: at}
}

func writeConfig(path, db string, docs int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "database: %q\nschedule: \"@daily\"\nspread: 5m\nvendors:\n", db)
	for d := range docs {
		fmt.Fprintf(&b, "  - id: v%05d\n    name: Vendor v%05d\n    documents:\n      - {type: privacy, url: %q}\n", d, d, url(d))
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
