package fetchbody

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// watched serves size bytes and counts how many watched readers are past
// the first mark bytes at once.
type watched struct {
	size, mark, served int
	past               bool
	active, most       *atomic.Int32
}

func (w *watched) Read(p []byte) (int, error) {
	if w.served >= w.size {
		if w.past {
			w.active.Add(-1)
			w.past = false
		}
		return 0, io.EOF
	}
	if !w.past && w.served >= w.mark {
		w.past = true
		n := w.active.Add(1)
		for m := w.most.Load(); n > m && !w.most.CompareAndSwap(m, n); m = w.most.Load() {
		}
		time.Sleep(20 * time.Millisecond) // long enough for the others to pile up
	}
	n := min(len(p), w.size-w.served, 32<<10)
	clear(p[:n])
	w.served += n
	return n, nil
}

// At most the gate's places of bodies past its threshold are read at once;
// the others wait, then are read whole.
func TestGateBoundsLargeBodiesAtOnce(t *testing.T) {
	const threshold, size = 1 << 20, 3 << 20
	var active, most atomic.Int32
	gate := NewGate(2, threshold)
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodGet, "http://example.test/", nil)
			resp := &http.Response{Header: http.Header{}, Request: req,
				Body: io.NopCloser(&watched{size: size, mark: threshold + slurpChunk, active: &active, most: &most})}
			if err := decode(resp, 8<<20, gate); err != nil {
				errs <- err
				return
			}
			b, err := io.ReadAll(resp.Body)
			if err == nil && len(b) != size {
				err = errors.New("short body")
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if m := most.Load(); m > 2 || m == 0 {
		t.Errorf("%d large bodies read at once, want at most the gate's 2", m)
	}
}

// A body waiting at the gate gives up when its request's context ends.
func TestGateWaitEndsWithTheRequest(t *testing.T) {
	gate := NewGate(1, 10)
	if err := gate.enter(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://example.test/", nil)
	var active, most atomic.Int32
	resp := &http.Response{Header: http.Header{}, Request: req,
		Body: io.NopCloser(&watched{size: 1 << 20, mark: 1 << 30, active: &active, most: &most})}
	if err := decode(resp, 8<<20, gate); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(resp.Body); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("read behind a full gate: %v, want the request's deadline", err)
	}
}
