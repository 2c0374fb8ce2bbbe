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
	"runtime/debug"
	"runtime/metrics"
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
	peakPath := fs.String("peakprofile", "", "write the heap profile of the highest live heap of each pass to FILE.N (N the pass)")
	memLimit := fs.Int64("memlimit", 80, "soft memory limit in MiB, as tracker sets it (0: none; GOMEMLIMIT overrides)")
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
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set && *memLimit > 0 {
		debug.SetMemoryLimit(*memLimit << 20)
	}
	for pass := 1; pass <= *passes; pass++ {
		var peak *peakWatch
		if *peakPath != "" {
			peak = watchPeak(fmt.Sprintf("%s.%d", *peakPath, pass))
		}
		err := crawlOnce(ctx, cfg, log, pass, stdout)
		if peak != nil {
			live, perr := peak.stop()
			if perr != nil {
				return perr
			}
			fmt.Fprintf(stdout, "pass %d: peak live heap %.1f MiB\n", pass, mib(live))
		}
		if err != nil {
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

// peakWatch writes the heap profile each time the live heap (as of the
// last collection) passes its highest mark by 1 MiB: the last one written
// shows what was held at the peak.
type peakWatch struct {
	done chan struct{}
	out  chan peakResult
}

type peakResult struct {
	live uint64
	err  error
}

func watchPeak(path string) *peakWatch {
	w := &peakWatch{done: make(chan struct{}), out: make(chan peakResult, 1)}
	go func() {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		var res peakResult
		var written uint64
		for {
			select {
			case <-w.done:
				w.out <- res
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			live := sample[0].Value.Uint64()
			res.live = max(res.live, live)
			if live < written+1<<20 || res.err != nil {
				continue
			}
			written = live
			res.err = writeProfile("heap", path)
		}
	}()
	return w
}

func (w *peakWatch) stop() (uint64, error) {
	close(w.done)
	r := <-w.out
	return r.live, r.err
}
