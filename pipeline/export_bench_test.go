package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/doc"
	"github.com/tracker-dev/tracker/export"
	"github.com/tracker-dev/tracker/extract"
	"github.com/tracker-dev/tracker/store"
)

// BenchmarkExportMemory exports stores of growing size and reports the
// peak of the Go heap while each export runs: it must stay flat (a few
// texts and one report at a time) whatever the number of documents and
// versions. Run with
//
//	go test -run XXX -bench ExportMemory -benchtime 1x ./pipeline
func BenchmarkExportMemory(b *testing.B) {
	base := seedText(b)
	for _, size := range []struct{ docs, versions int }{{4, 16}, {16, 16}, {16, 64}} {
		a := benchStore(b, base, size.docs, size.versions)
		for _, f := range []export.Format{export.FormatJSONL, export.FormatOTA} {
			b.Run(fmt.Sprintf("%s/docs=%d/versions=%d", f, size.docs, size.versions), func(b *testing.B) {
				var peak, live, start uint64
				for b.Loop() {
					x, err := export.Open(b.TempDir(), export.Params{Format: f})
					if err != nil {
						b.Fatal(err)
					}
					runtime.GC()
					s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
					metrics.Read(s)
					start = s[0].Value.Uint64()
					stop := sampleHeap(&peak, &live)
					_, err = a.Export(context.Background(), x, ExportOptions{})
					stop()
					if err != nil {
						b.Fatal(err)
					}
				}
				// The live heap before the export holds the stores opened
				// by the benchmark; the export's own is what it adds.
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
				b.ReportMetric(float64(live-min(live, start))/(1<<20), "export-live-MiB")
				b.ReportMetric(float64(size.docs*size.versions), "versions")
			})
		}
	}
}

// sampleHeap records the largest heap (garbage included) and the largest
// live heap (what the last collection kept) seen until stop is called.
func sampleHeap(peak, live *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > *peak {
				*peak = v
			}
			if v := s[1].Value.Uint64(); v > *live {
				*live = v
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func seedText(b *testing.B) string {
	b.Helper()
	body, err := os.ReadFile(filepath.Join("..", "cmd", "tracker", "testdata", "seeds", "grandstream-2019.md"))
	if err != nil {
		b.Fatal(err)
	}
	d, err := extract.Bytes(body, "text/markdown", "seed.md", extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return d.Text()
}

// benchStore stores docs documents of versions versions each, every
// version the seed policy with one clause edited.
func benchStore(b *testing.B, base string, docs, versions int) *App {
	b.Helper()
	var cfg strings.Builder
	cfg.WriteString("database: tracker.db\nvendors:\n")
	for i := range docs {
		fmt.Fprintf(&cfg, "  - id: v%03d\n    name: Vendor %d\n    documents:\n      - {type: privacy, url: https://v%d.example/privacy}\n", i, i, i)
	}
	a := openTestApp(b, cfg.String())
	ctx := context.Background()
	targets, _ := a.Select(nil, "")
	lines := strings.Split(base, "\n")
	at := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, t := range targets {
		for v := range versions {
			edited := append([]string(nil), lines...)
			k := 1 + v%(len(lines)-1)
			edited[k] += fmt.Sprintf(" Amended %d.", v)
			text := doc.Parse(strings.Join(edited, "\n")).Text()
			_, err := a.store.AddVersion(ctx, store.NewVersion{
				Version: store.Version{DocumentID: t.Stored.ID, Hash: doc.HashText(text), Text: text, Source: "live",
					FetchedAt: at, CapturedAt: at.Add(time.Duration(v) * 24 * time.Hour), URL: t.Doc.URL},
				Snapshot: store.Snapshot{ContentType: "text/markdown", Body: []byte(text)},
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	return a
}
