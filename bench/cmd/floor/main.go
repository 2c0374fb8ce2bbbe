// Command floor measures the test server alone: it fetches every page of a
// generated site's manifest, PARALLEL at a time, and prints the wall time in
// seconds. With --conditional each request carries If-Modified-Since (now),
// so an unchanged site answers 304 to all. bench/run.sh prints it beside
// tracker's passes: the part of a pass that is the server's pace, not
// tracker's work. A measuring tool for bench/, not part of tracker.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"time"
)

func main() {
	if err := run(context.Background(), os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "floor: %s\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("floor", flag.ContinueOnError)
	manifest := fs.String("manifest", "", "the site's manifest.json (required)")
	base := fs.String("base", "", "the server's base URL, e.g. http://127.0.0.1:8123 (required)")
	parallel := fs.Int("parallel", 4, "requests at once (1-64)")
	conditional := fs.Bool("conditional", false, "send If-Modified-Since: now with every request")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *manifest == "" || *base == "" || *parallel < 1 || *parallel > 64 {
		return errors.New("--manifest and --base are required, --parallel is 1 to 64")
	}
	raw, err := os.ReadFile(*manifest)
	if err != nil {
		return err
	}
	var m struct{ Documents []struct{ Path string } }
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("%s: %w", *manifest, err)
	}

	client := &http.Client{Timeout: 30 * time.Second}
	since := time.Now().UTC().Format(http.TimeFormat)
	paths := make(chan string)
	errs := make(chan error, *parallel)
	var wg sync.WaitGroup
	start := time.Now()
	for range *parallel {
		wg.Go(func() {
			for p := range paths {
				if err := get(ctx, client, *base+"/"+p, since, *conditional); err != nil {
					errs <- err
					for range paths { // drain: the first error is the answer
					}
					return
				}
			}
		})
	}
	for _, d := range m.Documents {
		paths <- d.Path
	}
	close(paths)
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	fmt.Printf("%.3f\n", elapsed.Seconds())
	return nil
}

func get(ctx context.Context, client *http.Client, url, since string, conditional bool) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	if conditional {
		req.Header.Set("If-Modified-Since", since)
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return fmt.Errorf("%s: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotModified {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	return nil
}
