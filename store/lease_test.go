package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tracker-dev/tracker/store/storetest"
)

func TestLeases(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	acquire := func(owner string, now time.Time) bool {
		t.Helper()
		ok, err := s.AcquireLease(ctx, doc.ID, owner, now, now.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !acquire("a", t0) {
		t.Fatal("a free document was not leased")
	}
	if !acquire("a", t0.Add(time.Second)) {
		t.Error("the holder could not take its own lease again")
	}
	if acquire("b", t0.Add(30*time.Second)) {
		t.Error("b took a's lease before it expired")
	}
	if n, err := s.RenewLeases(ctx, "a", t0.Add(2*time.Minute)); err != nil || n != 1 {
		t.Errorf("RenewLeases = %d, %v", n, err)
	}
	if acquire("b", t0.Add(90*time.Second)) {
		t.Error("b took a's renewed lease")
	}
	if !acquire("b", t0.Add(2*time.Minute)) {
		t.Error("b could not take an expired lease (a died)")
	}
	// a comes back and reschedules: b's lease is b's.
	if err := s.Reschedule(ctx, doc.ID, "a", Schedule{DueAt: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Document(ctx, "acme", "privacy")
	if err != nil || got.LeaseOwner != "b" || !got.DueAt.IsZero() {
		t.Errorf("after a lost lease's holder rescheduled: %+v %v", got, err)
	}
	if err := s.Reschedule(ctx, doc.ID, "b", Schedule{DueAt: t0.Add(time.Hour), FailCount: 2, NextAttemptAt: t0.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Document(ctx, "acme", "privacy")
	if got.LeaseOwner != "" || !got.DueAt.Equal(t0.Add(time.Hour)) || got.FailCount != 2 || !got.NextAttemptAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("after Reschedule: %+v", got)
	}
	if !acquire("c", t0) {
		t.Fatal("c could not lease a released document")
	}
	if n, err := s.BreakLeases(ctx, "c"); err != nil || n != 1 {
		t.Errorf("BreakLeases = %d, %v", n, err)
	}
	if owners, err := s.LeaseOwners(ctx); err != nil || len(owners) != 0 {
		t.Errorf("LeaseOwners after breaking = %q, %v", owners, err)
	}
}

// TestClaimDueSharesDocuments has several processes (Stores) claim due
// documents at once: each document goes to exactly one of them.
func TestClaimDueSharesDocuments(t *testing.T) {
	dsn := testDSN(t)
	first := openTestStore(t, dsn)
	ctx := context.Background()
	var docs []Document
	for i := range 60 {
		d, err := first.SyncVendor(ctx, Vendor{ID: fmt.Sprintf("v%02d", i), Name: "V"}, []Document{{Type: "privacy", URL: "https://v.example/"}})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d...)
	}
	due := map[int64]time.Time{}
	for i, d := range docs {
		due[d.ID] = t0.Add(time.Duration(i) * time.Second)
	}
	due[docs[59].ID] = t0.Add(time.Hour) // not due yet
	if err := first.SetDue(ctx, due); err != nil {
		t.Fatal(err)
	}
	if _, err := first.AcquireLease(ctx, docs[0].ID, "cli", t0, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}

	const processes = 4
	claimed := make([][]Document, processes)
	var wg sync.WaitGroup
	for p := range processes {
		s := first
		if p > 0 {
			s = openTestStore(t, dsn)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			owner := fmt.Sprintf("daemon-%d", p)
			for {
				got, _, err := s.ClaimDue(ctx, owner, t0.Add(time.Minute), t0.Add(2*time.Minute), 5)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				for _, d := range got {
					if d.LeaseOwner != owner {
						t.Errorf("claimed %d shows owner %q", d.ID, d.LeaseOwner)
					}
				}
				claimed[p] = append(claimed[p], got...)
			}
		}()
	}
	wg.Wait()
	seen := map[int64]string{}
	for p, ds := range claimed {
		for _, d := range ds {
			if other, dup := seen[d.ID]; dup {
				t.Errorf("document %d claimed by %s and daemon-%d", d.ID, other, p)
			}
			seen[d.ID] = fmt.Sprintf("daemon-%d", p)
		}
	}
	if len(seen) != 58 {
		t.Errorf("%d documents claimed, want 58 (60 less one leased by the CLI, one not due)", len(seen))
	}
	if _, ok := seen[docs[0].ID]; ok {
		t.Error("a document leased by the CLI was claimed")
	}
	// An expired claim is claimed again.
	got, _, err := first.ClaimDue(ctx, "late", t0.Add(3*time.Minute), t0.Add(4*time.Minute), 100)
	if err != nil || len(got) != 58 {
		t.Errorf("after the claims expired: %d claimed, %v", len(got), err)
	}
}

func TestClaimDeliveriesOnce(t *testing.T) {
	dsn := testDSN(t)
	a := openTestStore(t, dsn)
	b := openTestStore(t, dsn)
	ctx := context.Background()
	var ds []Delivery
	for i := range 40 {
		ds = append(ds, Delivery{AlertID: fmt.Sprintf("msg_%02d", i), Channel: "webhook", Target: "https://h.example/", Payload: []byte(`{}`), CreatedAt: t0})
	}
	if err := a.AddDeliveries(ctx, ds); err != nil {
		t.Fatal(err)
	}
	seen := map[int64]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, s := range []*Store{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			owner := fmt.Sprintf("sender-%d", i)
			for {
				got, err := s.ClaimDeliveries(ctx, owner, t0, t0.Add(time.Minute), 3)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, d := range got {
					if prev, dup := seen[d.ID]; dup {
						t.Errorf("delivery %d claimed by %s and %s", d.ID, prev, owner)
					}
					seen[d.ID] = owner
				}
				mu.Unlock()
				for _, d := range got {
					if err := s.MarkDelivered(ctx, d.ID, "", t0); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	if len(seen) != 40 {
		t.Errorf("%d deliveries claimed, want 40", len(seen))
	}
	rows, err := a.Deliveries(ctx, DeliveryDelivered)
	if err != nil || len(rows) != 40 || rows[0].ClaimedBy == "" {
		t.Errorf("delivered rows: %d, %v", len(rows), err)
	}
	// A claim that expires (its sender died) is claimed again.
	if err := a.AddDeliveries(ctx, []Delivery{{AlertID: "msg_late", Channel: "email", Target: "x@example.org", Payload: []byte(`{}`), CreatedAt: t0}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.ClaimDeliveries(ctx, "dies", t0, t0.Add(time.Minute), 10); len(got) != 1 {
		t.Fatalf("claimed %d", len(got))
	}
	if got, _ := b.ClaimDeliveries(ctx, "other", t0.Add(30*time.Second), t0.Add(2*time.Minute), 10); len(got) != 0 {
		t.Errorf("a claimed row was claimed again before its claim expired")
	}
	if got, _ := b.ClaimDeliveries(ctx, "other", t0.Add(time.Minute), t0.Add(2*time.Minute), 10); len(got) != 1 {
		t.Errorf("an expired claim was not claimed again")
	}
}

func TestAddVersionFollows(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	doc := seedDocument(t, s, "privacy")
	none := int64(0)
	nv := liveVersion(doc.ID, t0, "first", "<p>first</p>")
	nv.Follows = &none
	v1 := mustAddVersion(t, s, nv)
	// A second process compared its text with "no version" too.
	nv = liveVersion(doc.ID, t0.Add(time.Second), "first again", "<p>first again</p>")
	nv.Follows = &none
	if _, err := s.AddVersion(ctx, nv); !errors.Is(err, ErrStale) {
		t.Fatalf("AddVersion after another stored one: %v, want ErrStale", err)
	}
	nv.Follows = &v1.ID
	nv.Fetch = &Fetch{StartedAt: t0.Add(time.Second), URL: "u", Outcome: "changed", Crawler: "me"}
	v2 := mustAddVersion(t, s, nv)
	if n := count(t, s, "versions"); n != 2 {
		t.Errorf("%d versions, want 2", n)
	}
	got, err := s.Document(ctx, "acme", "privacy")
	if err != nil || got.LastFetchID == 0 || !got.LastAttemptAt.Equal(t0.Add(time.Second)) {
		t.Errorf("document summary after a fetch: %+v %v", got, err)
	}
	f, err := s.LastFetch(ctx, doc.ID)
	if err != nil || f.ID != got.LastFetchID || f.Crawler != "me" || f.VersionID != v2.ID {
		t.Errorf("last fetch %+v, %v", f, err)
	}
}

// TestRenewLeasesBesideAScheduler: a daemon renewing its leases while
// another process's transaction updates the same documents in id order (a
// daemon starting: SetDue, SyncVendors) must not deadlock with it. The
// renewal once updated its rows in the order the table holds them, which
// an update of a row changes: it took document 2, waited for document 1,
// held by the other transaction, which then waited for document 2, and
// PostgreSQL aborted one of them. PostgreSQL only: SQLite runs one write
// transaction at a time.
func TestRenewLeasesBesideAScheduler(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("PostgreSQL only: SQLite writers never wait for each other's rows")
	}
	ctx := context.Background()
	dsn := testDSN(t)
	s := openTestStore(t, dsn)
	other := openTestStore(t, dsn)
	docs, err := s.SyncVendor(ctx, Vendor{ID: "acme", Name: "Acme"}, []Document{
		{Type: "privacy", URL: "https://acme.example/privacy"}, {Type: "terms", URL: "https://acme.example/terms"}})
	if err != nil {
		t.Fatal(err)
	}
	first, second := docs[0].ID, docs[1].ID
	if first > second {
		first, second = second, first
	}
	for _, id := range []int64{first, second} {
		if ok, err := s.AcquireLease(ctx, id, "a", t0, t0.Add(time.Minute)); err != nil || !ok {
			t.Fatalf("lease %d: %v %v", id, ok, err)
		}
	}
	// The first document's row now lies after the second's in the table.
	if err := s.SetDue(ctx, map[int64]time.Time{first: t0}); err != nil {
		t.Fatal(err)
	}

	tx, err := other.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET due_at = ? WHERE id = ?`, encTime(t0.Add(time.Hour)), first); err != nil {
		t.Fatal(err)
	}
	renewed := make(chan error, 1)
	go func() {
		_, err := s.RenewLeases(ctx, "a", t0.Add(2*time.Minute))
		renewed <- err
	}()
	// Once the renewal waits for the first document, the transaction
	// updates the second.
	waiting := false
	for i := 0; i < 200 && !waiting; i++ {
		if err := other.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity
			WHERE wait_event_type = 'Lock' AND query LIKE '%lease_until%')`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !waiting {
		t.Fatal("the renewal never waited for the locked document")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET due_at = ? WHERE id = ?`, encTime(t0.Add(time.Hour)), second); err != nil {
		t.Fatalf("the scheduler's transaction: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-renewed; err != nil {
		t.Fatalf("renewal: %v", err)
	}
	all, err := s.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range all {
		id := d.ID
		if !d.LeaseUntil.Equal(t0.Add(2*time.Minute)) || !d.DueAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("document %d: lease until %s, due %s", id, d.LeaseUntil, d.DueAt)
		}
	}
}

// TestWriteRunsADeadlockVictimAgain: two processes whose transactions lock
// two documents in opposite orders (forced here, step by step) deadlock;
// PostgreSQL aborts one, and the store runs it again once the other is
// through: both writes are stored, neither fails.
func TestWriteRunsADeadlockVictimAgain(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("PostgreSQL only: SQLite writers never wait for each other's rows")
	}
	ctx := context.Background()
	dsn := testDSN(t)
	stores := []*Store{openTestStore(t, dsn), openTestStore(t, dsn)}
	docs, err := stores[0].SyncVendor(ctx, Vendor{ID: "acme", Name: "Acme"}, []Document{
		{Type: "privacy", URL: "https://acme.example/privacy"}, {Type: "terms", URL: "https://acme.example/terms"}})
	if err != nil {
		t.Fatal(err)
	}
	// Each transaction takes its first document, waits until the other
	// holds its own (the first run only), then takes the other's.
	var both sync.WaitGroup
	both.Add(2)
	runs := make([]int, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range 2 {
		mine, theirs := docs[i].ID, docs[1-i].ID
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = stores[i].write(ctx, func(tx *sql.Tx) error {
				runs[i]++
				if _, err := tx.ExecContext(ctx, `UPDATE documents SET fail_count = fail_count + 1 WHERE id = ?`, mine); err != nil {
					return err
				}
				if runs[i] == 1 {
					both.Done()
					both.Wait()
				}
				_, err := tx.ExecContext(ctx, `UPDATE documents SET fail_count = fail_count + 1 WHERE id = ?`, theirs)
				return err
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("transaction %d: %v", i, err)
		}
	}
	if runs[0]+runs[1] != 3 {
		t.Errorf("runs %v: want one transaction run twice (the deadlock's victim)", runs)
	}
	all, err := stores[0].Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range all {
		if d.FailCount != 2 {
			t.Errorf("document %d: %d updates stored, want 2", d.ID, d.FailCount)
		}
	}
}

// TestClaimDueSaysWhenToAskAgain: a daemon with nothing due learns when
// the next free document falls due, so it sleeps until then rather than
// finding it at a later poll; leased and backing-off documents do not
// count.
func TestClaimDueSaysWhenToAskAgain(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	if docs, next, err := s.ClaimDue(ctx, "d", t0, t0.Add(time.Minute), 4); err != nil || len(docs) != 0 || !next.IsZero() {
		t.Fatalf("empty store: %d claimed, next %s, %v", len(docs), next, err)
	}
	docs, err := s.SyncVendor(ctx, Vendor{ID: "acme", Name: "Acme"}, []Document{
		{Type: "privacy", URL: "https://acme.example/privacy"}, {Type: "terms", URL: "https://acme.example/terms"},
		{Type: "dpa", URL: "https://acme.example/dpa"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetDue(ctx, map[int64]time.Time{docs[0].ID: t0.Add(10 * time.Second), docs[1].ID: t0.Add(20 * time.Second), docs[2].ID: t0.Add(30 * time.Second)}); err != nil {
		t.Fatal(err)
	}
	// The first is leased by a crawl, the second backs off.
	if ok, err := s.AcquireLease(ctx, docs[0].ID, "cli", t0, t0.Add(time.Minute)); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if err := s.SetBackoff(ctx, docs[1].ID, 1, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, next, err := s.ClaimDue(ctx, "d", t0, t0.Add(time.Minute), 4)
	if err != nil || len(got) != 0 || !next.Equal(t0.Add(30*time.Second)) {
		t.Fatalf("nothing due: %d claimed, next %s, %v; want the third at +30s", len(got), next, err)
	}
	got, next, err = s.ClaimDue(ctx, "d", t0.Add(30*time.Second), t0.Add(time.Minute), 4)
	if err != nil || len(got) != 1 || got[0].ID != docs[2].ID || !next.Equal(t0.Add(30*time.Second)) {
		t.Fatalf("at +30s: %+v, next %s, %v; want the third, and to ask again at once", got, next, err)
	}
}
