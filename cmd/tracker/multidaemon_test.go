package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/store"
	"github.com/tracker-dev/tracker/store/storetest"
)

// TestThreeDaemonsOnePostgres runs three daemon processes (the binary,
// built here) on one PostgreSQL database over 200 documents served
// locally, kills one with SIGKILL mid-run, and checks that every document
// was crawled every period, none by two daemons at once, and that each of
// the two changes of every page made one version and one alert.
//
// The waits end on progress, not on a fixed time: a step fails when its
// count (versions stored, alerts received) stops growing for stall, so a
// machine loaded by other jobs gets the time it needs and a daemon that
// stops working is still caught. On failure the test prints a timeline of
// the run (one line a second) and the daemons' log lines about what went
// wrong; TRACKER_TEST_LOG_DIR keeps their whole logs.
func TestThreeDaemonsOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs three daemons")
	}
	url := storetest.PostgresURL(t)
	const (
		docs   = 200
		period = 6 * time.Second
		lease  = 3 * time.Second
		spread = time.Second
		poll   = time.Second // the daemon's default
		stall  = time.Minute // a step fails after this long without progress
	)
	bin := filepath.Join(t.TempDir(), "tracker")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := newMultiSite(t)
	receiver := newAlertReceiver(t)

	dir := t.TempDir()
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "database: %q\nschedule: \"@every %s\"\nspread: %s\nhost_delay: 0s\nparallelism: 8\nhost_parallelism: 8\n", url, period, spread)
	fmt.Fprintf(&cfg, "alerts:\n  min_severity: low\n  webhooks:\n    - url: %s\n      secret_env: TEST_WEBHOOK_SECRET\nvendors:\n", receiver.srv.URL)
	for i := range docs {
		fmt.Fprintf(&cfg, "  - id: v%03d\n    name: V%03d\n    documents:\n      - {type: privacy, url: %s/doc%03d}\n", i, i, site.srv.URL, i)
	}
	conf := writeConfig(t, dir, cfg.String())
	env := append(os.Environ(), "TEST_WEBHOOK_SECRET=whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")

	st, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	versions := func() int { // -1 when the database does not answer
		sums, err := st.DocumentSummaries(context.Background())
		if err != nil {
			return -1
		}
		n := 0
		for _, s := range sums {
			n += s.Versions
		}
		return n
	}

	began := time.Now()
	tl := startTimeline(t, began, func() string {
		return fmt.Sprintf("versions %d, requests %d, alerts %d (%d deliveries)", versions(), site.requests(), receiver.alerts(), receiver.deliveries())
	})
	daemons := []*fleetDaemon{
		startFleetDaemon(t, bin, env, "daemon", "--config", conf, "--listen", "127.0.0.1:0", "--lease", lease.String(), "--shutdown-timeout", "10s", "--log-level", "debug"),
		startFleetDaemon(t, bin, env, "daemon", "--config", conf, "--listen", "127.0.0.1:0", "--lease", lease.String(), "--shutdown-timeout", "10s", "--log-level", "debug"),
		startFleetDaemon(t, bin, env, "daemon", "--config", conf, "--listen", "127.0.0.1:0", "--lease", lease.String(), "--shutdown-timeout", "10s", "--log-level", "debug"),
	}
	var lookFor []string // what to show of the daemons' logs on failure
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		t.Logf("timeline:\n%s", tl.String())
		for i, d := range daemons {
			t.Logf("daemon %d (%s) log, lines about %v, and its last lines:\n%s", i, d.name(), lookFor, d.excerpt(lookFor, 40))
		}
	})

	// Every page is stored once, then changes twice; the second daemon is
	// killed between the two changes, in the middle of its crawls.
	waitProgress(t, "a first version of every page", stall, func() (bool, int) { n := versions(); return n == docs, n })
	site.bump()
	waitProgress(t, "the first change of every page", stall, func() (bool, int) { n := versions(); return n == 2*docs, n })
	// Kill a daemon while it holds leases: wait until it crawls something.
	killed := daemons[1]
	waitProgress(t, "the second daemon crawling", stall, func() (bool, int) {
		b, err := killed.get("/metrics")
		return err == nil && strings.Contains(b, "tracker_crawls_in_flight ") && !strings.Contains(b, "tracker_crawls_in_flight 0"), site.requests()
	})
	site.bump()
	if err := killed.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killedAt := time.Now()
	tl.mark("SIGKILL to daemon 1")
	waitProgress(t, "the second change of every page", stall, func() (bool, int) { n := versions(); return n == 3*docs, n })
	waitProgress(t, "an alert for every change", stall, func() (bool, int) { n := receiver.alerts(); return n >= 2*docs, n })
	// Two more periods of crawling with a daemon down.
	time.Sleep(2 * period)
	healthz := map[string]string{}
	for _, d := range []*fleetDaemon{daemons[0], daemons[2]} {
		b, err := d.get("/healthz")
		if err != nil || !strings.Contains(b, "daemon: ") {
			t.Errorf("/healthz of %s: %q %v", d.name(), b, err)
		}
		healthz[d.name()] = strings.ReplaceAll(strings.TrimSpace(b), "\n", ", ")
		if err := d.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
	}
	tl.mark("SIGTERM to daemons 0 and 2")
	for _, d := range []*fleetDaemon{daemons[0], daemons[2]} {
		select {
		case err := <-d.done:
			if err != nil {
				t.Errorf("daemon %s after SIGTERM: %v", d.name(), err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("daemon %s did not stop", d.name())
		}
	}
	ended := time.Now()
	tl.stop()

	// None fetched twice at once.
	site.mu.Lock()
	if len(site.overlaps) > 0 {
		t.Errorf("%d fetches overlapped another of the same page, e.g. %s", len(site.overlaps), site.overlaps[0])
		lookFor = append(lookFor, site.overlaps[0])
	}
	site.mu.Unlock()

	// One version per revision; every document crawled every period.
	ctx := context.Background()
	sums, err := st.DocumentSummaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	crawlers := map[string]int{}
	var maxGap, quietGap gap
	var quiet []time.Duration // every gap away from the kill, for the report
	var quietGaps []gap
	fetched := map[string][]time.Time{} // each document's fetches, in order
	for _, s := range sums {
		if s.Versions != 3 {
			t.Errorf("%s has %d versions, want 3", s.VendorID, s.Versions)
			lookFor = append(lookFor, s.VendorID+"/")
		}
		fs, err := st.Fetches(ctx, s.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		times := make([]time.Time, 0, len(fs)+1)
		for _, f := range fs {
			crawlers[f.Crawler]++
			times = append(times, f.StartedAt)
		}
		sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
		fetched[s.VendorID] = slices.Clone(times)
		times = append(times, ended.Add(-period)) // the last period may be cut by the stop
		for i := 1; i < len(times); i++ {
			g := gap{times[i].Sub(times[i-1]), s.VendorID, times[i-1]}
			maxGap = maxGap.longer(g)
			// Away from the kill: the daemon that held the document may
			// have died with its lease.
			if times[i].Before(killedAt) || times[i-1].After(killedAt.Add(lease)) {
				quietGap = quietGap.longer(g)
				quiet = append(quiet, g.d)
				quietGaps = append(quietGaps, g)
			}
		}
	}
	// Around the kill, between two fetches of a document: its period, a
	// poll, the wait for a fetch slot and the dead daemon's lease. A
	// schedule keeps its slots, so a gap is longer than the period only by
	// how much later the second fetch came than the first: on a machine
	// loaded by other jobs the whole fleet falls behind together, and that
	// lag (how far the 90th percentile of every gap away from the kill is
	// past the period, at most a third of it) is allowed on top.
	sort.Slice(quiet, func(i, j int) bool { return quiet[i] < quiet[j] })
	pct := func(p int) time.Duration { return quiet[(len(quiet)-1)*p/100].Round(10 * time.Millisecond) }
	lag := min(max(0, pct(90)-period), period/3)
	if limit := period + lease + spread + poll + time.Second + lag; maxGap.d > limit {
		t.Errorf("%s, more than %s (the fleet's lag %s included)", maxGap, limit, lag)
		lookFor = append(lookFor, maxGap.doc+"/")
	}
	// Away from the kill, every period is judged against the fleet's own
	// pace, not the clock: a document was passed over when its gap is
	// longer than the other documents' gaps at that moment by half a
	// period or more. A machine that slows the daemons lengthens their
	// gaps together; a document left out of a round stands out by a whole
	// period, whatever the load.
	passedOver := 0
	for _, g := range quietGaps {
		// A fleet catching up on a backlog has gaps shorter than the
		// period (late fetches, then fetches on their slots): never judge
		// by less than the period.
		pace := max(period, concurrentGap(g, fetched))
		if g.d <= pace+period/2 {
			continue
		}
		if passedOver++; passedOver <= 3 {
			t.Errorf("away from the kill, %s, while the other documents went %s between fetches", g, pace.Round(10*time.Millisecond))
			lookFor = append(lookFor, g.doc+"/")
		}
	}
	if passedOver > 3 {
		t.Errorf("%d documents passed over in all", passedOver)
	}
	if len(crawlers) != 3 {
		t.Errorf("fetches by %d processes, want 3: %v", len(crawlers), crawlers)
	}

	// One alert per change, for two distinct versions of every document.
	receiver.mu.Lock()
	defer receiver.mu.Unlock()
	for u, tos := range receiver.byDoc {
		if len(tos) < 2 || len(distinct(tos)) != 2 {
			t.Errorf("%s: alerts for versions %v, want two distinct", u, tos)
		}
	}
	if len(receiver.byDoc) != docs {
		t.Errorf("alerts for %d documents, want %d", len(receiver.byDoc), docs)
	}
	// Each alert is delivered once. The one exception cannot be helped by
	// any sender: the killed daemon may have sent an alert and died before
	// recording it, and another daemon sends it again once the claim
	// expires, with the same webhook-id, by which receivers drop repeats.
	// That is one alert at most (a daemon sends an endpoint's alerts one at
	// a time), first received before the kill, again after it.
	resent := 0
	for id, at := range receiver.byID {
		if len(at) == 1 {
			continue
		}
		lookFor = append(lookFor, id)
		if len(at) == 2 && at[0].Before(killedAt) && at[1].After(killedAt) {
			resent++
			t.Logf("alert %s (%s) was being sent by the killed daemon, and sent again %s after the kill", id, receiver.change[id], at[1].Sub(killedAt).Round(time.Millisecond))
			continue
		}
		t.Errorf("alert %s (%s) delivered %d times, at %s (kill at +%s)", id, receiver.change[id], len(at), offsets(began, at), killedAt.Sub(began).Round(time.Millisecond))
	}
	if resent > 1 {
		t.Errorf("%d alerts were delivered again after the kill; the killed daemon can have had one in flight", resent)
	}

	var cpu []string
	for _, d := range daemons {
		if ps := d.cmd.ProcessState; ps != nil {
			cpu = append(cpu, (ps.UserTime() + ps.SystemTime()).Round(10*time.Millisecond).String())
		}
	}
	t.Logf("%d documents, %s, killed at +%s; %d requests, fetches by daemon %v, daemons' CPU %v; longest gap %s; away from the kill: median %s, 90%% %s, 99%% %s, longest %s; lag allowed %s; healthz: %v",
		docs, ended.Sub(began).Round(time.Second), killedAt.Sub(began).Round(time.Second), site.requests(), crawlers, cpu,
		maxGap.d.Round(10*time.Millisecond), pct(50), pct(90), pct(99), quietGap.d.Round(10*time.Millisecond), lag, healthz)
}

// concurrentGap is the median of the other documents' gaps at the middle
// of g: the period the fleet was keeping at that moment.
func concurrentGap(g gap, fetched map[string][]time.Time) time.Duration {
	mid := g.after.Add(g.d / 2)
	var gaps []time.Duration
	for doc, ts := range fetched {
		if doc == g.doc {
			continue
		}
		i := sort.Search(len(ts), func(i int) bool { return ts[i].After(mid) })
		if i > 0 && i < len(ts) {
			gaps = append(gaps, ts[i].Sub(ts[i-1]))
		}
	}
	if len(gaps) == 0 {
		return 0
	}
	slices.Sort(gaps)
	return gaps[len(gaps)/2]
}

// gap is the longest a document went without a fetch.
type gap struct {
	d     time.Duration
	doc   string
	after time.Time
}

func (g gap) longer(h gap) gap {
	if h.d > g.d {
		return h
	}
	return g
}

func (g gap) String() string {
	return fmt.Sprintf("%s went %s without a fetch after %s", g.doc, g.d.Round(10*time.Millisecond), g.after.Format("15:04:05.000"))
}

func distinct(xs []int64) map[int64]bool {
	m := map[int64]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func offsets(began time.Time, ts []time.Time) string {
	var s []string
	for _, t := range ts {
		s = append(s, "+"+t.Sub(began).Round(time.Millisecond).String())
	}
	return strings.Join(s, ", ")
}

// waitProgress waits until check says done. It fails when the count check
// reports has not changed for stall: a slow machine gets the time it needs,
// a daemon that stopped working is caught.
func waitProgress(t *testing.T, what string, stall time.Duration, check func() (done bool, count int)) {
	t.Helper()
	began := time.Now()
	last, lastAt := -1, began
	for {
		done, n := check()
		if done {
			return
		}
		if n != last {
			last, lastAt = n, time.Now()
		}
		if time.Since(lastAt) > stall {
			t.Fatalf("waiting for %s: stuck at %d for %s (waited %s in all)", what, n, stall, time.Since(began).Round(time.Second))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// fleetDaemon is one of several `tracker daemon` processes of a test.
type fleetDaemon struct {
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan error
}

// startFleetDaemon starts bin with args; it listens on a port of its own
// choosing, read from its log (a port picked beforehand and freed could be
// taken by another test meanwhile).
func startFleetDaemon(t *testing.T, bin string, env []string, args ...string) *fleetDaemon {
	t.Helper()
	d := &fleetDaemon{out: &syncBuffer{}, done: make(chan error, 1)}
	d.cmd = exec.Command(bin, args...)
	d.cmd.Env = env
	d.cmd.Stdout, d.cmd.Stderr = d.out, d.out
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { d.done <- d.cmd.Wait() }()
	t.Cleanup(func() {
		_ = d.cmd.Process.Kill()
		if dir := os.Getenv("TRACKER_TEST_LOG_DIR"); dir != "" {
			_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.log", t.Name(), d.cmd.Process.Pid)), []byte(d.out.String()), 0o644)
		}
	})
	return d
}

// addr is where the daemon serves /healthz and /metrics, once it says.
func (d *fleetDaemon) addr() string {
	const key = `msg="serving /healthz and /metrics"`
	for _, line := range strings.Split(d.out.String(), "\n") {
		if i := strings.Index(line, key); i >= 0 {
			if j := strings.Index(line[i:], "addr="); j >= 0 {
				return strings.Fields(line[i+j+len("addr="):])[0]
			}
		}
	}
	return ""
}

func (d *fleetDaemon) name() string {
	return fmt.Sprintf("pid %d on %s", d.cmd.Process.Pid, d.addr())
}

// get fetches a path of the daemon's listener.
func (d *fleetDaemon) get(path string) (string, error) {
	addr := d.addr()
	if addr == "" {
		return "", fmt.Errorf("not listening yet")
	}
	resp, err := http.Get("http://" + addr + path)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return string(b), fmt.Errorf("%s: %s", path, resp.Status)
	}
	return string(b), err
}

// excerpt is the log's lines that mention any of what (at most 200), and
// its last n lines.
func (d *fleetDaemon) excerpt(what []string, n int) string {
	lines := strings.Split(strings.TrimSpace(d.out.String()), "\n")
	var b strings.Builder
	found := 0
	for _, l := range lines {
		for _, w := range what {
			if strings.Contains(l, w) && found < 200 {
				b.WriteString(l + "\n")
				found++
				break
			}
		}
	}
	b.WriteString("…\n")
	b.WriteString(strings.Join(lines[max(0, len(lines)-n):], "\n"))
	return b.String()
}

// timeline samples a test's progress every second, for its failure report.
type timeline struct {
	began time.Time
	quit  chan struct{}
	done  chan struct{}

	mu    sync.Mutex
	lines []string
}

func startTimeline(t *testing.T, began time.Time, sample func() string) *timeline {
	tl := &timeline{began: began, quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(tl.done)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-tl.quit:
				return
			case <-tick.C:
				load, _ := os.ReadFile("/proc/loadavg")
				tl.add(sample() + ", load " + strings.Join(strings.Fields(string(load))[:min(1, len(strings.Fields(string(load))))], ""))
			}
		}
	}()
	t.Cleanup(tl.stop)
	return tl
}

func (tl *timeline) add(s string) {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	tl.lines = append(tl.lines, fmt.Sprintf("+%5.1fs %s", time.Since(tl.began).Seconds(), s))
}

func (tl *timeline) mark(event string) { tl.add("== " + event) }

func (tl *timeline) stop() {
	select {
	case <-tl.quit:
	default:
		close(tl.quit)
	}
	<-tl.done
}

func (tl *timeline) String() string {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	return strings.Join(tl.lines, "\n")
}

// TestConcurrentGap: the yardstick of TestThreeDaemonsOnePostgres tells a
// document passed over for a round from one merely late, on a fleet at
// its pace or slowed down as a whole.
func TestConcurrentGap(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// fleet is 50 documents fetched every period, spread over a second.
	fleet := func(period time.Duration) map[string][]time.Time {
		out := map[string][]time.Time{}
		for d := range 50 {
			for r := range 10 {
				out[fmt.Sprintf("d%02d", d)] = append(out[fmt.Sprintf("d%02d", d)],
					t0.Add(time.Duration(r)*period+time.Duration(d)*20*time.Millisecond))
			}
		}
		return out
	}
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	for _, tt := range []struct {
		name   string
		period time.Duration
		g      gap
		passed bool
	}{
		{"in its round", 6 * time.Second, gap{6 * time.Second, "x", at(12.3)}, false},
		{"late by 2.5 s", 6 * time.Second, gap{8500 * time.Millisecond, "x", at(12.3)}, false},
		{"passed over a round", 6 * time.Second, gap{12 * time.Second, "x", at(12.3)}, true},
		{"passed over, the next fetch early", 6 * time.Second, gap{11 * time.Second, "x", at(12.3)}, true},
		{"the whole fleet slowed to 9 s", 9 * time.Second, gap{11 * time.Second, "x", at(18.3)}, false},
		{"passed over on the slowed fleet", 9 * time.Second, gap{18 * time.Second, "x", at(18.3)}, true},
		{"late on a fleet catching up", 4 * time.Second, gap{8500 * time.Millisecond, "x", at(12.3)}, false},
		{"passed over on a fleet catching up", 4 * time.Second, gap{12 * time.Second, "x", at(12.3)}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			const period = 6 * time.Second // the configured one
			pace := max(period, concurrentGap(tt.g, fleet(tt.period)))
			if passed := tt.g.d > pace+period/2; passed != tt.passed {
				t.Errorf("%s, the others' gaps %s: passed over %t, want %t", tt.g, pace, passed, tt.passed)
			}
		})
	}
}
