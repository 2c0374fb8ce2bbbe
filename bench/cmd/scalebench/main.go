// Command scalebench times what must stay fast on a large store (made by
// genstore; bench/scale.sh runs both): the status of every document
// (`tracker vendors`), the web home page, one document's timeline, a diff
// page, and a daemon's idle poll; then the Go heap's peak.
//
//	go run ./bench/cmd/scalebench --config /tmp/scale.yaml [--db postgres://…]
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/pipeline"
	"github.com/tracker-dev/tracker/store"
	"github.com/tracker-dev/tracker/web"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "scalebench: %s\n", err)
		os.Exit(1)
	}
}

func run() error {
	cfgPath := flag.String("config", "", "configuration written by genstore")
	db := flag.String("db", "", "database (default: the configuration's)")
	rounds := flag.Int("rounds", 5, "times each measure is taken (the median is shown)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the measures here")
	settle := flag.Bool("settle", false, "then record a not-modified fetch of every document a minute ago, so that a daemon started next finds nothing due (bench/scale.sh measures such an idle daemon)")
	flag.Parse()
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	if *db != "" {
		cfg.Database, cfg.Path = *db, ""
	}
	ctx := context.Background()
	t := time.Now()
	app, err := pipeline.Open(ctx, cfg, pipeline.Options{})
	if err != nil {
		return err
	}
	defer app.Close()
	fmt.Printf("open (configuration of %d vendors, database)  %s\n", len(cfg.Vendors), time.Since(t).Round(time.Millisecond))
	targets, err := app.Select(nil, "")
	if err != nil {
		return err
	}
	h := web.Handler(app, nil)
	mid := targets[len(targets)/2]
	get := func(path string) func() error {
		return func() error {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			if rec.Code != http.StatusOK {
				return fmt.Errorf("GET %s: %d %.200s", path, rec.Code, rec.Body.String())
			}
			return nil
		}
	}
	hist, err := app.History(ctx, mid)
	if err != nil {
		return err
	}
	n := len(hist)
	diff := fmt.Sprintf("/vendors/%s/%s/diff?from=%d&to=%d", mid.Vendor.ID, mid.Doc.Type, hist[n-2].Version.ID, hist[n-1].Version.ID)
	// A daemon's poll when nothing is due: the documents scheduled from an
	// hour ahead, the poll made now.
	start := time.Now().Add(time.Hour)
	second, err := nextPage(h, "/")
	if err != nil {
		return err
	}
	measures := []struct {
		name string
		fn   func() error
	}{
		{"document summaries alone (store)", func() error { _, err := app.Store().DocumentSummaries(ctx); return err }},
		{"status of every document (tracker vendors)", func() error {
			_, err := pipeline.ReadSummaries(ctx, cfg, pipeline.Options{}, nil)
			return err
		}},
		{"same, with each last change (web lists)", func() error { _, err := app.Status(ctx, targets); return err }},
		{"web home page", get("/")},
		{"web home page, second page", get(second)},
		{"web home page, one vendor", get("/?vendor=" + mid.Vendor.ID)},
		// A filter nothing passes walks every version: the worst case.
		{"web home page, a filter nothing passes", get("/?category=children&since=2000-01-01")},
		{"web vendors list, first page", get("/vendors")},
		{"web page of one vendor", get("/vendors/" + mid.Vendor.ID)},
		{fmt.Sprintf("timeline of %s (%d versions)", mid.Key(), n), get("/vendors/" + mid.Vendor.ID + "/" + mid.Doc.Type)},
		{"diff page of its last change", get(diff)},
		{"idle daemon poll (1 query)", func() error {
			docs, _, err := app.Store().ClaimDue(ctx, "scalebench", time.Now(), time.Now().Add(time.Minute), 16)
			if err == nil && len(docs) > 0 {
				err = fmt.Errorf("%d documents due", len(docs))
			}
			return err
		}},
	}
	if err := app.ScheduleAll(ctx, start); err != nil {
		return err
	}
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
	// The machine's load says how far the wall times are the store's own.
	fmt.Printf("load average before: %s\n", loadAverage())
	defer func() { fmt.Printf("load average after: %s\n", loadAverage()) }()
	for _, m := range measures {
		// CPU time too: on a shared machine the wall clock also counts the
		// other jobs (and, for PostgreSQL, leaves out the server's share).
		var times, cpus []time.Duration
		for range *rounds {
			t, c := time.Now(), cpuTime()
			if err := m.fn(); err != nil {
				return fmt.Errorf("%s: %w", m.name, err)
			}
			times = append(times, time.Since(t))
			cpus = append(cpus, cpuTime()-c)
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		sort.Slice(cpus, func(i, j int) bool { return cpus[i] < cpus[j] })
		fmt.Printf("%-48s median %8s  max %8s  cpu %8s\n", m.name, times[len(times)/2].Round(100*time.Microsecond),
			times[len(times)-1].Round(100*time.Microsecond), cpus[len(cpus)/2].Round(100*time.Microsecond))
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("Go memory obtained from the OS: %.0f MiB (heap in use %.0f MiB)\n", float64(ms.Sys)/(1<<20), float64(ms.HeapInuse)/(1<<20))
	if *settle {
		return settleAll(ctx, app.Store())
	}
	return nil
}

// settleAll records a not-modified fetch of every document a minute ago,
// as a daemon that has just been round them all would have: the next
// crawl of each is then its schedule's next slot (tomorrow's, @daily).
func settleAll(ctx context.Context, st *store.Store) error {
	docs, err := st.Documents(ctx)
	if err != nil {
		return err
	}
	at := time.Now().Add(-time.Minute)
	const batch = 2000
	for i := 0; i < len(docs); i += batch {
		var steps []store.Step
		for _, d := range docs[i:min(i+batch, len(docs))] {
			steps = append(steps, store.Step{Fetch: &store.Fetch{DocumentID: d.ID, StartedAt: at, Duration: 40 * time.Millisecond,
				URL: d.URL, FinalURL: d.URL, Status: 304, Outcome: "not-modified", Crawler: "scalebench"}})
		}
		if _, err := st.AddHistory(ctx, steps); err != nil {
			return fmt.Errorf("settle: %w", err)
		}
	}
	fmt.Printf("settled: %d documents fetched (not modified) at %s\n", len(docs), at.UTC().Format(time.RFC3339))
	return nil
}

// cpuTime is the CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAverage is the system's 1, 5 and 15 minute load averages (Linux),
// or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// nextPage is the address of the page after the first one of path.
func nextPage(h http.Handler, path string) (string, error) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path+"?format=json", nil))
	link := rec.Header().Get("Link")
	next, _, ok := strings.Cut(strings.TrimPrefix(link, "<"), ">")
	if rec.Code != http.StatusOK || !ok {
		return "", fmt.Errorf("GET %s: %d, no next page (Link %q)", path, rec.Code, link)
	}
	return strings.Replace(next, "format=json&", "", 1), nil
}
