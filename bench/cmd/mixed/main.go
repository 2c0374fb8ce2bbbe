// Command mixed measures tracker on documents of three kinds: pages served
// as HTML, pages built by JavaScript (rendered in Chromium) and PDFs. It
// serves 20 documents on 127.0.0.1, crawls each kind alone and all of them
// together with the tracker binary given, twice each (a first crawl, then
// one where nothing changed), and reports the wall time and the peak memory
// of tracker with its browser. It then checks that what tracker stored for
// each document is the text of its server-rendered twin. A measuring tool
// for bench/, not part of tracker.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/tracker-dev/tracker/internal/procmem"
)

func main() {
	if err := run(context.Background(), os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "mixed: %s\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("mixed", flag.ContinueOnError)
	bin := fs.String("tracker", "", "the tracker binary (required)")
	rounds := fs.Int("rounds", 3, "crawls of each kind, from an empty database each (1-10)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *bin == "" || *rounds < 1 || *rounds > 10 {
		return errors.New("--tracker is required, --rounds is 1 to 10")
	}
	s := newSite()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	fmt.Printf("%-6s %5s  %-28s  %-28s\n", "kind", "docs", "first crawl: time, peak mem", "unchanged: time, peak mem")
	for _, k := range []kind{kindHTML, kindJS, kindPDF, ""} {
		docs := s.docs
		if k != "" {
			docs = slices.DeleteFunc(slices.Clone(s.docs), func(d document) bool { return d.kind != k })
		}
		var first, again []measure
		var renders []time.Duration
		for r := range *rounds {
			dir, err := os.MkdirTemp("", "tracker-mixed")
			if err != nil {
				return err
			}
			conf := filepath.Join(dir, "tracker.yaml")
			if err := os.WriteFile(conf, []byte(config(base, docs)), 0o644); err != nil {
				return err
			}
			m1, out1, err := crawl(ctx, *bin, conf)
			if err != nil {
				return fmt.Errorf("%s: first crawl: %w\n%s", label(k), err, out1)
			}
			if err := statuses(out1, docs, "new"); err != nil {
				return fmt.Errorf("%s: first crawl: %w", label(k), err)
			}
			m2, out2, err := crawl(ctx, *bin, conf)
			if err != nil {
				return fmt.Errorf("%s: second crawl: %w\n%s", label(k), err, out2)
			}
			if err := statuses(out2, docs, "unchanged", "not-modified"); err != nil {
				return fmt.Errorf("%s: second crawl: %w", label(k), err)
			}
			if k == "" && r == 0 {
				if err := verify(ctx, *bin, conf, base, docs); err != nil {
					return err
				}
			}
			first, again = append(first, m1), append(again, m2)
			renders = append(renders, renderTimes(out1)...)
			renders = append(renders, renderTimes(out2)...)
			os.RemoveAll(dir)
		}
		fmt.Printf("%-6s %5d  %-28s  %-28s", label(k), len(docs), summary(first), summary(again))
		if len(renders) > 0 {
			slices.Sort(renders)
			fmt.Printf("  a page in the browser: median %.1f s, slowest %.1f s", renders[len(renders)/2].Seconds(), renders[len(renders)-1].Seconds())
		}
		fmt.Println()
	}
	fmt.Println("every document stored the text of its server-rendered twin")
	return nil
}

func label(k kind) string {
	if k == "" {
		return "mixed"
	}
	return string(k)
}

func config(base string, docs []document) string {
	var b strings.Builder
	b.WriteString("database: tracker.db\nhost_delay: 0s\nhost_parallelism: 4\nvendors:\n")
	for _, d := range docs {
		fmt.Fprintf(&b, "  - id: %s\n    name: %s\n    documents:\n      - {type: privacy, url: %s%s}\n", d.id, d.id, base, d.path)
	}
	return b.String()
}

// measure is one crawl: its wall time and the peak memory of tracker and
// the processes it started (the browser): their proportional set size,
// sampled every 20 ms, or tracker's own peak resident size if larger.
type measure struct {
	wall time.Duration
	peak int64
}

func summary(ms []measure) string {
	walls := make([]time.Duration, len(ms))
	var peak int64
	for i, m := range ms {
		walls[i] = m.wall
		peak = max(peak, m.peak)
	}
	slices.Sort(walls)
	return fmt.Sprintf("%6.2f s, %4d MiB", walls[len(walls)/2].Seconds(), peak>>20)
}

// crawl runs tracker crawl, sampling the memory of its process tree.
func crawl(ctx context.Context, bin, conf string) (measure, string, error) {
	cmd := exec.CommandContext(ctx, bin, "crawl", "--config", conf)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return measure{}, "", err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var peak int64
	sample := func() {
		peak = max(peak, procmem.Tree(cmd.Process.Pid))
	}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			// A crawl shorter than a tick is still measured: the kernel
			// keeps tracker's own peak resident size.
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				peak = max(peak, ru.Maxrss<<10)
			}
			return measure{wall: time.Since(start), peak: peak}, out.String(), err
		case <-tick.C:
			sample()
		}
	}
}

// renderTimes reads the "rendered in a browser in 1.2s" notes of a crawl.
func renderTimes(out string) []time.Duration {
	var ds []time.Duration
	for _, line := range strings.Split(out, "\n") {
		_, rest, ok := strings.Cut(line, "rendered in a browser in ")
		if !ok {
			continue
		}
		f := strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == ';' || r == ')' })
		if len(f) > 0 {
			if d, err := time.ParseDuration(f[0]); err == nil {
				ds = append(ds, d)
			}
		}
	}
	return ds
}

// statuses checks that every document's crawl line has one of the statuses.
func statuses(out string, docs []document, want ...string) error {
	got := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && strings.HasSuffix(f[0], "/privacy") {
			got[strings.TrimSuffix(f[0], "/privacy")] = f[1]
		}
	}
	for _, d := range docs {
		if !slices.Contains(want, got[d.id]) {
			return fmt.Errorf("%s is %q, want %s:\n%s", d.id, got[d.id], strings.Join(want, " or "), out)
		}
	}
	return nil
}

// verify compares each stored text with what tracker extracts from the
// document's server-rendered twin.
func verify(ctx context.Context, bin, conf, base string, docs []document) error {
	for _, d := range docs {
		stored, err := exec.CommandContext(ctx, bin, "show", d.id, "--config", conf).Output()
		if err != nil {
			return fmt.Errorf("show %s: %w", d.id, err)
		}
		want, err := exec.CommandContext(ctx, bin, "extract", base+d.twin, "--render", "static").Output()
		if err != nil {
			return fmt.Errorf("extract %s: %w", d.twin, err)
		}
		if a, b := body(string(stored)), body(string(want)); a != b {
			return fmt.Errorf("%s (%s) stored:\n%s\nits twin reads:\n%s", d.id, d.kind, a, b)
		}
	}
	return nil
}

// body drops the "# …" lines a command prints before the text.
func body(out string) string {
	_, text, _ := strings.Cut(out, "\n\n")
	return strings.TrimSpace(text)
}
