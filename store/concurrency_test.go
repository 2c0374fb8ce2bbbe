package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/store/storetest"
)

// writeLoad has one writer add versions (with fetch, change and alert),
// record fetches and move outbox rows; every error is returned.
func writeLoad(ctx context.Context, s *Store, docID int64, writer, n int) error {
	var prev int64
	for i := range n {
		text := fmt.Sprintf("writer %d text %d", writer, i)
		nv := liveVersion(docID, t0.Add(time.Duration(writer*n+i)*time.Second), text, "<p>"+text+"</p>")
		nv.Fetch = &Fetch{StartedAt: nv.Version.FetchedAt, URL: "u", Status: 200, Outcome: "changed"}
		if prev != 0 {
			nv.Change = &Change{FromVersion: prev, MaxSeverity: "low", Report: []byte(`{}`)}
		}
		nv.Alerts = []Delivery{{AlertID: fmt.Sprintf("msg_%d_%d", writer, i), Channel: "webhook", Target: "https://hooks.example/", Payload: []byte(`{}`)}}
		v, err := s.AddVersion(ctx, nv)
		if err != nil {
			return err
		}
		prev = v.ID
		if _, err := s.RecordFetch(ctx, Fetch{DocumentID: docID, StartedAt: t0, URL: "u", Status: 304, Outcome: "not-modified"}); err != nil {
			return err
		}
		due, err := s.DueDeliveries(ctx, time.Now(), "", 1)
		if err != nil {
			return err
		}
		for _, d := range due {
			// Another writer may have marked it first: that is the only
			// acceptable failure.
			if err := s.MarkDelivered(ctx, d.ID, "", time.Now()); err != nil && !errors.Is(err, ErrNotPending) {
				return err
			}
		}
		if _, _, err := s.LatestVersion(ctx, docID); err != nil {
			return err
		}
	}
	return nil
}

func TestConcurrentWriters(t *testing.T) {
	path := storetest.DSN(t, t.TempDir())
	daemon := openTestStore(t, path)
	cli := openTestStore(t, path) // a second Store: its own connection, like a second process
	doc := seedDocument(t, daemon, "privacy")
	const writers, perWriter = 8, 15
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		s := daemon
		if w%2 == 1 {
			s = cli
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- writeLoad(context.Background(), s, doc.ID, w, perWriter)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := count(t, daemon, "versions"); n != writers*perWriter {
		t.Errorf("%d versions, want %d", n, writers*perWriter)
	}
	if n := count(t, cli, "fetches"); n != 2*writers*perWriter {
		t.Errorf("%d fetches, want %d", n, 2*writers*perWriter)
	}
	if n := count(t, daemon, "deliveries"); n != writers*perWriter {
		t.Errorf("%d deliveries, want %d", n, writers*perWriter)
	}
}

// TestHelperWriter is the body of the second process in
// TestSecondProcessWrites; it does nothing when run on its own.
func TestHelperWriter(t *testing.T) {
	path := os.Getenv("STORE_HELPER_DB")
	if path == "" {
		t.Skip("helper process for TestSecondProcessWrites")
	}
	writer, _ := strconv.Atoi(os.Getenv("STORE_HELPER_WRITER"))
	s := openTestStore(t, path)
	doc, err := s.Document(context.Background(), "acme", "privacy")
	if err != nil {
		t.Fatal(err)
	}
	if err := writeLoad(context.Background(), s, doc.ID, writer, 20); err != nil {
		t.Fatal(err)
	}
}

// TestSecondProcessWrites runs the CLI-while-the-daemon-runs case for real:
// another process writes the same file while this one does.
func TestSecondProcessWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a second process")
	}
	path := storetest.DSN(t, t.TempDir())
	s := openTestStore(t, path)
	doc := seedDocument(t, s, "privacy")

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), "STORE_HELPER_DB="+path, "STORE_HELPER_WRITER=1")
	out := make(chan error, 1)
	var output []byte
	go func() {
		var err error
		output, err = cmd.CombinedOutput()
		out <- err
	}()
	if err := writeLoad(ctx, s, doc.ID, 0, 20); err != nil {
		t.Error(err)
	}
	if err := <-out; err != nil {
		t.Fatalf("second process: %v\n%s", err, output)
	}
	if n := count(t, s, "versions"); n != 40 {
		t.Errorf("%d versions, want 40 (20 from each process)\n%s", n, output)
	}
	if err := s.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}
}
