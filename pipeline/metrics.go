package pipeline

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tracker-dev/tracker/browser"
)

// Metrics counts what the pipeline does, for the daemon's /metrics page in
// the Prometheus text format. A handful of counters does not justify a
// client library.
type Metrics struct {
	mu          sync.Mutex
	fetches     map[string]int64 // by outcome
	versions    int64
	changes     map[string]int64    // by max severity
	attempts    map[[2]string]int64 // by channel kind and outcome
	lastSuccess map[string]time.Time
	renders     map[string]int64 // browser renders by outcome
	renderTime  float64          // seconds spent rendering
	browser     *browser.Browser // sampled for its memory and restarts; nil until a page needs it
}

// Outbox is the state of the alert outbox at a scrape: gauges read from
// the database, so they are right whichever process sent what.
type Outbox struct {
	Pending, Retrying, Failed, Disabled int
}

// NewMetrics returns an empty set of counters.
func NewMetrics() *Metrics {
	return &Metrics{
		fetches: map[string]int64{}, changes: map[string]int64{},
		attempts: map[[2]string]int64{}, lastSuccess: map[string]time.Time{}, renders: map[string]int64{},
	}
}

func (m *Metrics) observe(o Outcome, at time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fetches[string(o.Status)]++
	if o.Status == StatusNew || o.Status == StatusChanged {
		m.versions++
	}
	if o.Summary != nil {
		m.changes[o.Summary.MaxSeverity.String()]++
	}
	if o.Status != StatusError {
		m.lastSuccess[o.Target.Key()] = at
	}
}

// attempt counts one delivery attempt (notify.Sender's Observe).
func (m *Metrics) attempt(kind, outcome string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.attempts[[2]string{kind, outcome}]++
}

// rendered counts one page rendered in the browser.
func (m *Metrics) rendered(res browser.Result, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	outcome := "ok"
	switch {
	case errors.Is(err, browser.ErrTooLarge):
		outcome = "too-large"
	case err != nil:
		outcome = "error"
	}
	m.renders[outcome]++
	m.renderTime += res.Duration.Seconds()
}

// watchBrowser makes /metrics report the browser's memory and processes.
func (m *Metrics) watchBrowser(b *browser.Browser) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.browser = b
}

// WriteTo writes the counters in the Prometheus text exposition format.
func (m *Metrics) WriteTo(w io.Writer) (int64, error) { return m.write(w, nil) }

// WriteWithOutbox writes the counters and the outbox gauges.
func (m *Metrics) WriteWithOutbox(w io.Writer, o Outbox) (int64, error) { return m.write(w, &o) }

func (m *Metrics) write(w io.Writer, o *Outbox) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	family(&b, "tracker_fetches_total", "counter", "Document fetches by outcome.", "outcome", m.fetches)
	fmt.Fprintf(&b, "# HELP tracker_versions_stored_total Versions stored.\n# TYPE tracker_versions_stored_total counter\ntracker_versions_stored_total %d\n", m.versions)
	family(&b, "tracker_changes_total", "counter", "Changes stored, by highest severity.", "severity", m.changes)
	b.WriteString("# HELP tracker_alert_attempts_total Alert delivery attempts by channel and outcome (delivered, retry, failed).\n# TYPE tracker_alert_attempts_total counter\n")
	keys := make([][2]string, 0, len(m.attempts))
	for k := range m.attempts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+"\x00"+keys[i][1] < keys[j][0]+"\x00"+keys[j][1] })
	for _, k := range keys {
		fmt.Fprintf(&b, "tracker_alert_attempts_total{channel=%q,outcome=%q} %d\n", k[0], k[1], m.attempts[k])
	}
	if o != nil {
		for _, g := range []struct {
			name, help string
			v          int
		}{
			{"tracker_alerts_pending", "Alert deliveries waiting to be sent, retries included.", o.Pending},
			{"tracker_alerts_retrying", "Alert deliveries waiting after at least one failed attempt.", o.Retrying},
			{"tracker_alerts_failed", "Alert deliveries given up on (tracker alerts retry --failed sends them again).", o.Failed},
			{"tracker_alert_endpoints_disabled", "Alert endpoints switched off by their receiver (410 Gone).", o.Disabled},
		} {
			fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n%s %d\n", g.name, g.help, g.name, g.name, g.v)
		}
	}
	b.WriteString("# HELP tracker_last_success_timestamp_seconds Last successful fetch of each document.\n# TYPE tracker_last_success_timestamp_seconds gauge\n")
	for _, k := range sortedKeys(m.lastSuccess) {
		fmt.Fprintf(&b, "tracker_last_success_timestamp_seconds{document=%q} %d\n", k, m.lastSuccess[k].Unix())
	}
	if m.browser != nil || len(m.renders) > 0 {
		family(&b, "tracker_browser_renders_total", "counter", "Pages rendered in the browser, by outcome.", "outcome", m.renders)
		fmt.Fprintf(&b, "# HELP tracker_browser_render_seconds_total Time spent rendering pages in the browser.\n# TYPE tracker_browser_render_seconds_total counter\ntracker_browser_render_seconds_total %.3f\n", m.renderTime)
	}
	if m.browser != nil {
		st := m.browser.Stats()
		fmt.Fprintf(&b, "# HELP tracker_browser_memory_bytes Memory held by the browser's processes (proportional set size), 0 when none runs.\n# TYPE tracker_browser_memory_bytes gauge\ntracker_browser_memory_bytes %d\n", m.browser.Memory())
		fmt.Fprintf(&b, "# HELP tracker_browser_starts_total Browser processes started (the first, restarts after a number of pages, replacements of dead ones).\n# TYPE tracker_browser_starts_total counter\ntracker_browser_starts_total %d\n", st.Starts)
		fmt.Fprintf(&b, "# HELP tracker_browser_crashes_total Browser processes that died under a page.\n# TYPE tracker_browser_crashes_total counter\ntracker_browser_crashes_total %d\n", st.Crashes)
		fmt.Fprintf(&b, "# HELP tracker_browser_downloaded_bytes_total Bytes rendered pages downloaded, their documents included.\n# TYPE tracker_browser_downloaded_bytes_total counter\ntracker_browser_downloaded_bytes_total %d\n", st.Bytes)
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

func family(b *strings.Builder, name, typ, help, label string, values map[string]int64) {
	fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	for _, k := range sortedKeys(values) {
		fmt.Fprintf(b, "%s{%s=%q} %d\n", name, label, k, values[k])
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
