package pipeline

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/export"
	"github.com/tracker-dev/tracker/ota"
)

const exportConfig = `database: tracker.db
vendors:
  - id: acme
    name: Acme
    documents:
      - {type: privacy, url: "file:acme-privacy.md"}
      - {type: community-guidelines, url: "file:acme-guidelines.md"}
  - id: beta
    name: Beta/Gamma Ltd
    documents:
      - {type: terms, url: "file:beta-terms.md"}
`

// exportStore builds a store with live versions of three documents (one
// of them changed three times) and a technical version.
func exportStore(t *testing.T) (*App, string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "tracker.yaml")
	if err := os.WriteFile(path, []byte(exportConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	// Ahead of the wall clock: a document's time budget is a deadline on
	// it, counted from the fetch's start as this clock tells it.
	clock := time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { // an hour passes each time the crawl asks
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(time.Hour)
		return clock
	}
	a, err := Open(context.Background(), cfg, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	ctx := context.Background()
	steps := []map[string]string{
		{"acme-privacy.md": "# Privacy\n\nWe collect your name.\n\nWe keep it 30 days.\n",
			"acme-guidelines.md": "# Guidelines\n\nBe *kind*: no spam, no [abuse](https://x.example).\n",
			"beta-terms.md":      "# Terms\n\n1. You may use the service.\n\n| Fee | Amount |\n|---|---|\n| Monthly | 5 € |\n"},
		{"acme-privacy.md": "# Privacy\n\nWe collect your name and e-mail.\n\nWe keep it 30 days.\n"},
		{"acme-privacy.md": "# Privacy\n\nWe collect your name and e-mail.\n\nWe keep it two years.\n\nWe may share it with advertising partners.\n",
			"beta-terms.md": "# Terms\n\n1. You may use the service.\n\n| Fee | Amount |\n|---|---|\n| Monthly | 9 € |\n"},
	}
	for _, files := range steps {
		for name, body := range files {
			full := filepath.Join(dir, name)
			if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			// A new modification time: a file is read again when it changes.
			mt := now()
			os.Chtimes(full, mt, mt)
		}
		targets, _ := a.Select(nil, "")
		if _, err := a.Crawl(ctx, targets); err != nil {
			t.Fatal(err)
		}
	}
	return a, dir
}

func TestExportFormats(t *testing.T) {
	a, _ := exportStore(t)
	ctx := context.Background()
	out := t.TempDir()

	// jsonl: one line per changed clause, with its versions and rating.
	x, err := export.Open(filepath.Join(out, "j"), export.Params{Format: export.FormatJSONL})
	if err != nil {
		t.Fatal(err)
	}
	counts, err := a.Export(ctx, x, ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if counts.Documents != 3 || counts.Versions != 6 || counts.Changes == 0 {
		t.Errorf("counts = %+v", counts)
	}
	var lines []export.Change
	readLines(t, filepath.Join(out, "j", "changes.jsonl"), func(b []byte) {
		var c export.Change
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		lines = append(lines, c)
	})
	if len(lines) != counts.Changes {
		t.Errorf("%d lines for %d changes", len(lines), counts.Changes)
	}
	var retention *export.Change
	for i, c := range lines {
		if strings.Contains(c.NewText, "two years") && c.Document == "privacy" {
			retention = &lines[i]
		}
	}
	if retention == nil || retention.Vendor != "acme" || retention.Document != "privacy" ||
		retention.Severity.String() == "none" || retention.From == 0 || retention.To <= retention.From ||
		!retention.ToTime.After(retention.FromTime) || len(retention.Reasons) == 0 || !strings.Contains(strings.Join(retention.Categories, ","), "retention") {
		t.Errorf("retention change = %+v", retention)
	}

	// csv: one row per version with the summary of its change.
	x, err = export.Open(filepath.Join(out, "c"), export.Params{Format: export.FormatCSV})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Export(ctx, x, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, filepath.Join(out, "c", "versions.csv"))
	if len(rows) != 7 || rows[0][0] != "vendor" || rows[1][0] != "acme" || rows[1][2] != "community-guidelines" || rows[1][3] != "Community Guidelines" {
		t.Fatalf("versions.csv = %q", rows)
	}
	last := rows[4] // acme privacy, third version
	if last[2] != "privacy" || last[13] != "true" || last[14] != "high" || last[12] == "" {
		t.Errorf("row = %q", last)
	}

	// ota: Open Terms Archive's layout, README and index.
	x, err = export.Open(filepath.Join(out, "o"), export.Params{Format: export.FormatOTA})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Export(ctx, x, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(out, "o", "*", "*", "*.md"))
	if len(files) != 6 {
		t.Errorf("%d version files, want 6: %v", len(files), files)
	}
	if _, err := os.Stat(filepath.Join(out, "o", "Beta-Gamma Ltd", "Terms of Service")); err != nil {
		t.Errorf("folder of a vendor whose name holds a slash: %v", err)
	}
	readme, _ := os.ReadFile(filepath.Join(out, "o", "README.md"))
	for _, want := range []string{"6 versions of 3 documents of 2 vendors", "index.csv", "- live: 6 versions", "ODC-BY"} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README lacks %q:\n%s", want, readme)
		}
	}
	index := readCSV(t, filepath.Join(out, "o", ota.IndexFile))
	if len(index) != 7 || index[0][0] != "path" || !strings.HasPrefix(index[1][0], "Acme/Community Guidelines/2099-") {
		t.Errorf("index = %q", index)
	}

	// --since keeps the versions captured from then on.
	x, err = export.Open(filepath.Join(out, "s"), export.Params{Format: export.FormatCSV, Since: "2099-01-01", Vendors: []string{"beta"}})
	if err != nil {
		t.Fatal(err)
	}
	beta, _ := a.Select([]string{"beta"}, "")
	betaVersions, _ := a.store.VersionList(ctx, beta[0].Stored.ID)
	since := betaVersions[1].CapturedAt // the second of two
	if c, err := a.Export(ctx, x, ExportOptions{Vendors: []string{"beta"}, Since: since}); err != nil || c.Versions != 1 {
		t.Errorf("since: %v %+v", err, c)
	}
	x, _ = export.Open(filepath.Join(out, "u"), export.Params{Format: export.FormatCSV, Vendors: []string{"nobody"}})
	var uv *UnknownVendorError
	if _, err := a.Export(ctx, x, ExportOptions{Vendors: []string{"nobody"}}); !errors.As(err, &uv) {
		t.Errorf("unknown vendor: %v", err)
	}
	x.Close()
}

// TestExportResumes stops an export after its first document and runs it
// again: the result is the same as an export made in one go.
func TestExportResumes(t *testing.T) {
	a, _ := exportStore(t)
	for _, f := range []export.Format{export.FormatJSONL, export.FormatCSV, export.FormatOTA} {
		t.Run(string(f), func(t *testing.T) {
			once, twice := t.TempDir(), t.TempDir()
			x, _ := export.Open(once, export.Params{Format: f})
			if _, err := a.Export(context.Background(), x, ExportOptions{}); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			x, _ = export.Open(twice, export.Params{Format: f})
			_, err := a.Export(ctx, x, ExportOptions{Progress: func(string, int) { cancel() }})
			x.Close()
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("interrupted export: %v", err)
			}
			// What a crash leaves after the last finished document is cut.
			if f != export.FormatOTA {
				name := map[export.Format]string{export.FormatJSONL: "changes.jsonl", export.FormatCSV: "versions.csv"}[f]
				fh, _ := os.OpenFile(filepath.Join(twice, name), os.O_APPEND|os.O_WRONLY, 0)
				fh.WriteString("half a line")
				fh.Close()
			}
			if _, err := export.Open(twice, export.Params{Format: f, Since: "2020-01-01"}); !errors.Is(err, export.ErrOtherExport) {
				t.Errorf("resuming with other options: %v", err)
			}
			x, err = export.Open(twice, export.Params{Format: f})
			if err != nil || !x.Resumed {
				t.Fatalf("resume: %v %v", err, x.Resumed)
			}
			docs := 0
			if _, err := a.Export(context.Background(), x, ExportOptions{Progress: func(string, int) { docs++ }}); err != nil {
				t.Fatal(err)
			}
			if docs != 2 {
				t.Errorf("the resumed run wrote %d documents, want the 2 left", docs)
			}
			for _, name := range []string{"changes.jsonl", "versions.csv", ota.IndexFile} {
				a, errA := os.ReadFile(filepath.Join(once, name))
				b, errB := os.ReadFile(filepath.Join(twice, name))
				if (errA == nil) != (errB == nil) || string(a) != string(b) {
					t.Errorf("%s differs after resuming:\n%s\n---\n%s", name, a, b)
				}
			}
			// A finished export run again starts over.
			x, err = export.Open(twice, export.Params{Format: f, Since: "2020-01-01"})
			if err != nil || x.Resumed {
				t.Errorf("after a finished export: %v resumed=%v", err, x != nil && x.Resumed)
			}
			x.Close()
		})
	}
}

// TestExportImportRoundTrip exports a store in the ota layout and imports
// that back into a fresh database: the same versions, with the same
// hashes, times and technical marks.
func TestExportImportRoundTrip(t *testing.T) {
	a, dir := exportStore(t)
	ctx := context.Background()
	// A technical version too: re-extraction after a new ignore pattern.
	cfg2 := strings.Replace(exportConfig, `url: "file:acme-privacy.md"}`, `url: "file:acme-privacy.md", ignore: ["advertising "]}`, 1)
	if err := os.WriteFile(filepath.Join(dir, "tracker.yaml"), []byte(cfg2), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(filepath.Join(dir, "tracker.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := newApp(ctx, cfg, a.store, Options{})
	if err != nil {
		t.Fatal(err)
	}
	targets, _ := b.Select(nil, "")
	if outs, err := b.Reextract(ctx, targets); err != nil || outs[0].Status != StatusChanged {
		t.Fatalf("reextract: %v %+v", err, outs)
	}

	out := t.TempDir()
	x, err := export.Open(out, export.Params{Format: export.FormatOTA})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Export(ctx, x, ExportOptions{}); err != nil {
		t.Fatal(err)
	}

	fresh := openTestApp(t, exportConfig) // another database, the same vendors
	h, err := ota.OpenHistory(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ftargets, _ := fresh.Select(nil, "")
	docs, notes := LocateOTA(ftargets, nil, h)
	if len(notes) != 0 || len(docs) != 3 || docs[2].ServiceID != "Beta-Gamma Ltd" {
		t.Fatalf("located %+v %v", docs, notes)
	}
	outs, err := fresh.ImportHistory(ctx, h, docs, ImportOptions{})
	if err != nil {
		t.Fatalf("import: %v %+v", err, outs)
	}
	for i, t0 := range targets {
		want, _ := b.store.VersionList(ctx, t0.Stored.ID)
		got, _ := fresh.store.VersionList(ctx, ftargets[i].Stored.ID)
		if len(got) != len(want) {
			t.Errorf("%s: %d versions back, want %d", t0.Key(), len(got), len(want))
			continue
		}
		for j := range want {
			if got[j].Hash != want[j].Hash || got[j].Technical != want[j].Technical || !got[j].CapturedAt.Equal(want[j].CapturedAt.Truncate(time.Second)) || got[j].Source != "ota" {
				t.Errorf("%s version %d: got %s %v %s, want %s %v %s", t0.Key(), j, got[j].Hash[:12], got[j].Technical, got[j].CapturedAt,
					want[j].Hash[:12], want[j].Technical, want[j].CapturedAt)
			}
		}
	}
}

func readLines(t *testing.T, path string, fn func([]byte)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		fn(sc.Bytes())
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
