package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// inFlight counts concurrent requests a handler is serving and keeps the
// maximum seen.
type inFlight struct {
	now, max atomic.Int32
}

func (f *inFlight) enter() {
	n := f.now.Add(1)
	for {
		m := f.max.Load()
		if n <= m || f.max.CompareAndSwap(m, n) {
			return
		}
	}
}

func (f *inFlight) leave() { f.now.Add(-1) }

func textServer(t *testing.T, rec *recorder, hold time.Duration, flight *inFlight) *httptest.Server {
	t.Helper()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if flight != nil {
			flight.enter()
			defer flight.leave()
		}
		time.Sleep(hold)
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "document %s", r.URL.Path)
	})
	srv := httptest.NewServer(rec.wrap(h))
	t.Cleanup(srv.Close)
	return srv
}

func TestHostDelay(t *testing.T) {
	const delay = 150 * time.Millisecond
	rec := &recorder{}
	srv := textServer(t, rec, 0, nil)
	c := newTestCrawler(t, Options{HostDelay: delay, RespectRobots: true})

	reqs := []Request{{URL: srv.URL + "/a"}, {URL: srv.URL + "/b"}, {URL: srv.URL + "/c"}}
	n := 0
	c.Fetch(t.Context(), reqs, func(r Result) {
		n++
		if r.Err != nil {
			t.Errorf("%s: %v", r.URL, r.Err)
		}
	})
	// A later call shares the host's clock with the earlier one.
	if r := c.FetchOne(t.Context(), Request{URL: srv.URL + "/d"}); r.Err != nil {
		t.Errorf("FetchOne: %v", r.Err)
	}
	hits := rec.hitsFor("")
	if n != len(reqs) || len(hits) != 4 {
		t.Fatalf("%d results and %d page requests, want %d and 4", n, len(hits), len(reqs))
	}
	for i := 1; i < len(hits); i++ {
		if gap := hits[i].At.Sub(hits[i-1].At); gap < delay {
			t.Errorf("requests %s and %s arrived %s apart, want at least %s", hits[i-1].Path, hits[i].Path, gap, delay)
		}
	}
	if want := []string{"/a", "/b", "/c", "/d"}; fmt.Sprint(paths(hits)) != fmt.Sprint(want) {
		t.Errorf("order = %v, want %v", paths(hits), want)
	}
}

func paths(hits []hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Path
	}
	return out
}

func TestParallelism(t *testing.T) {
	tests := []struct {
		name        string
		parallelism int
		perHost     int
		servers     int
		perServer   int
		wantMax     int32
	}{
		{name: "one host is never fetched concurrently", parallelism: 8, servers: 1, perServer: 4, wantMax: 1},
		{name: "hosts fetched in parallel", parallelism: 8, servers: 4, perServer: 2, wantMax: 4},
		{name: "parallelism caps hosts in flight", parallelism: 2, servers: 5, perServer: 1, wantMax: 2},
		{name: "host parallelism lets one host take several", parallelism: 8, perHost: 3, servers: 1, perServer: 6, wantMax: 3},
		{name: "parallelism caps host parallelism", parallelism: 2, perHost: 4, servers: 1, perServer: 6, wantMax: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			flight := &inFlight{}
			rec := &recorder{}
			var reqs []Request
			for range tt.servers {
				srv := textServer(t, rec, 100*time.Millisecond, flight)
				for j := range tt.perServer {
					reqs = append(reqs, Request{Key: fmt.Sprintf("%s/%d", srv.URL, j), URL: fmt.Sprintf("%s/doc%d", srv.URL, j)})
				}
			}
			c := newTestCrawler(t, Options{Parallelism: tt.parallelism, HostParallelism: tt.perHost})

			var calling atomic.Int32
			seen := map[string]bool{}
			c.Fetch(t.Context(), reqs, func(r Result) {
				if calling.Add(1) != 1 {
					t.Error("each called concurrently")
				}
				defer calling.Add(-1)
				if r.Err != nil {
					t.Errorf("%s: %v", r.URL, r.Err)
				}
				seen[r.Key] = true
			})
			if len(seen) != len(reqs) {
				t.Errorf("%d distinct results, want %d", len(seen), len(reqs))
			}
			// With a 100ms hold every request overlaps the others that are
			// allowed to run, so the peak is exactly the permitted width.
			if got := flight.max.Load(); got != tt.wantMax {
				t.Errorf("peak concurrency = %d, want %d", got, tt.wantMax)
			}
		})
	}
}

func TestSchedulerReleasesOnCancel(t *testing.T) {
	s := newScheduler(1, 1, time.Hour)
	release, err := s.acquire(t.Context(), "a:1")
	if err != nil {
		t.Fatalf("acquire: %v", err)
	}
	release()

	// The host now owes an hour's delay: a cancelled wait must give the
	// turn back, and must not hold up other hosts meanwhile.
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	if _, err := s.acquire(ctx, "a:1"); err == nil {
		t.Fatal("acquire during the host delay succeeded")
	}
	other, err := s.acquire(t.Context(), "b:1")
	if err != nil {
		t.Fatalf("other host: %v", err)
	}
	other()
	select {
	case s.gate("a:1").turn <- struct{}{}:
	default:
		t.Error("the host's turn was not given back after the cancelled wait")
	}
}

func TestFetchReportsEveryRequest(t *testing.T) {
	rec := &recorder{}
	a := textServer(t, rec, 0, nil)
	b := textServer(t, rec, 0, nil)
	reqs := []Request{
		{Key: "a1", URL: a.URL + "/privacy"},
		{Key: "bad", URL: "not a url"},
		{Key: "b1", URL: b.URL + "/terms"},
		{Key: "a2", URL: a.URL + "/privacy"}, // the same URL twice is fetched twice
		{Key: "empty", URL: ""},
	}
	c := newTestCrawler(t, Options{})
	got := map[string]Result{}
	c.Fetch(t.Context(), reqs, func(r Result) { got[r.Key] = r })
	if len(got) != len(reqs) {
		t.Fatalf("%d results, want %d", len(got), len(reqs))
	}
	for _, k := range []string{"a1", "a2", "b1"} {
		if got[k].Err != nil || len(got[k].Body) == 0 {
			t.Errorf("%s: err %v, %d bytes", k, got[k].Err, len(got[k].Body))
		}
	}
	for _, k := range []string{"bad", "empty"} {
		wantFetchError(t, got[k], ReasonOther)
	}
	if n := len(rec.hitsFor("/privacy")); n != 2 {
		t.Errorf("/privacy requested %d times, want 2", n)
	}
}
