package pipeline

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
)

// Metrics counts what the pipeline does, for the daemon's /metrics page in
// the Prometheus text format. A handful of counters does not justify a
// client library.
type Metrics struct {
	mu          sync.Mutex
	fetches     map[string]int64 // by outcome
	versions    int64
	changes     map[string]int64 // by max severity
	deliveries  map[string]int64 // by outcome
	lastSuccess map[string]time.Time
}

// NewMetrics returns an empty set of counters.
func NewMetrics() *Metrics {
	return &Metrics{
		fetches: map[string]int64{}, changes: map[string]int64{},
		deliveries: map[string]int64{}, lastSuccess: map[string]time.Time{},
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

func (m *Metrics) delivered(ok, failed int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.deliveries["delivered"] += int64(ok)
	m.deliveries["failed"] += int64(failed)
}

// WriteTo writes the counters in the Prometheus text exposition format.
func (m *Metrics) WriteTo(w io.Writer) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	family(&b, "tracker_fetches_total", "counter", "Document fetches by outcome.", "outcome", m.fetches)
	fmt.Fprintf(&b, "# HELP tracker_versions_stored_total Versions stored.\n# TYPE tracker_versions_stored_total counter\ntracker_versions_stored_total %d\n", m.versions)
	family(&b, "tracker_changes_total", "counter", "Changes stored, by highest severity.", "severity", m.changes)
	family(&b, "tracker_alert_deliveries_total", "counter", "Alert deliveries by outcome.", "outcome", m.deliveries)
	b.WriteString("# HELP tracker_last_success_timestamp_seconds Last successful fetch of each document.\n# TYPE tracker_last_success_timestamp_seconds gauge\n")
	for _, k := range sortedKeys(m.lastSuccess) {
		fmt.Fprintf(&b, "tracker_last_success_timestamp_seconds{document=%q} %d\n", k, m.lastSuccess[k].Unix())
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
