// Command profile runs one `tracker crawl` of a configuration in-process
// under runtime/pprof, so that the crawl's hot spots can be read with
// `go tool pprof -top`. It is a measuring tool for bench/, not part of
// tracker:
//
//	go run ./bench/cmd/profile --config CFG --cpuprofile cpu.prof --memprofile mem.prof
//	go tool pprof -top cpu.prof
//
// It prints the time spent opening the database (which records every
// configured vendor) apart from the crawl, the documents per status, and the
// Go heap figures at the end.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"sort"
	"time"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/pipeline"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "profile: %s\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("profile", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "tracker configuration to crawl (required)")
	cpuPath := fs.String("cpuprofile", "", "write a CPU profile of open and crawl to this file")
	memPath := fs.String("memprofile", "", "write an allocation profile to this file after the crawl")
	blockPath := fs.String("blockprofile", "", "write a profile of goroutines waiting (locks, channels, the database connection) to this file")
	passes := fs.Int("passes", 1, "crawls to run one after the other (1-10)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cfgPath == "" || *passes < 1 || *passes > 10 {
		fs.Usage()
		return errors.New("--config is required and --passes must be 1 to 10")
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return fmt.Errorf("load %s: %w", *cfgPath, err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))

	if *cpuPath != "" {
		f, err := os.Create(*cpuPath)
		if err != nil {
			return fmt.Errorf("create %s: %w", *cpuPath, err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("start CPU profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}

	if *blockPath != "" {
		// Every blocking event is recorded: a crawl is short and the point
		// is to see which wait serialises it.
		runtime.SetBlockProfileRate(1)
	}
	for pass := 1; pass <= *passes; pass++ {
		if err := crawlOnce(ctx, cfg, log, pass, stdout); err != nil {
			return err
		}
	}

	if *memPath != "" {
		if err := writeProfile("allocs", *memPath); err != nil {
			return err
		}
	}
	if *blockPath != "" {
		if err := writeProfile("block", *blockPath); err != nil {
			return err
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(stdout, "heap: total allocated %.1f MiB, in use %.1f MiB, from OS %.1f MiB, %d GCs\n",
		mib(ms.TotalAlloc), mib(ms.HeapInuse), mib(ms.Sys), ms.NumGC)
	return nil
}

// crawlOnce opens the App, crawls every target and closes it, as one
// `tracker crawl` process would.
func crawlOnce(ctx context.Context, cfg *config.Config, log *slog.Logger, pass int, stdout io.Writer) error {
	start := time.Now()
	app, err := pipeline.Open(ctx, cfg, pipeline.Options{Logger: log})
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	defer app.Close()
	opened := time.Now()
	targets, err := app.Select(nil, "")
	if err != nil {
		return fmt.Errorf("select: %w", err)
	}
	outcomes, err := app.Crawl(ctx, targets)
	if err != nil && !errors.Is(err, pipeline.ErrSomeFailed) {
		return fmt.Errorf("crawl: %w", err)
	}
	done := time.Now()

	counts := map[pipeline.Status]int{}
	for _, o := range outcomes {
		counts[o.Status]++
	}
	statuses := make([]string, 0, len(counts))
	for s, n := range counts {
		statuses = append(statuses, fmt.Sprintf("%s=%d", s, n))
	}
	sort.Strings(statuses)
	fmt.Fprintf(stdout, "pass %d: open %.2fs, crawl %.2fs, %d documents: %v\n",
		pass, opened.Sub(start).Seconds(), done.Sub(opened).Seconds(), len(outcomes), statuses)
	return nil
}

func writeProfile(name, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer f.Close()
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		return fmt.Errorf("write %s profile %s: %w", name, path, err)
	}
	return nil
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
