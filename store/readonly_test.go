package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/store/storetest"
)

// fileState is what a read must leave untouched: the database and its
// companion files, byte for byte.
func fileState(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

func TestOpenReadOnlyNeverWrites(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dsn := storetest.DSN(t, dir)
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	doc := seedDocument(t, s, "privacy")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	before := fileState(t, dir)

	ro, err := OpenReadOnly(ctx, dsn)
	if err != nil {
		t.Fatalf("OpenReadOnly: %v", err)
	}
	defer ro.Close()
	if _, err := ro.Document(ctx, "acme", "privacy"); err != nil {
		t.Errorf("read: %v", err)
	}
	if _, err := ro.RecordFetch(ctx, Fetch{DocumentID: doc.ID, Outcome: "error"}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("RecordFetch on a read-only store = %v, want ErrReadOnly", err)
	}
	// Below the Store's own refusal, the connection itself is read-only.
	if _, err := ro.db.ExecContext(ctx, "DELETE FROM fetches"); err == nil {
		t.Error("a raw DELETE through a read-only connection succeeded")
	}
	ro.Close()
	if !storetest.Postgres() {
		// SQLite's readers of a WAL database may create the -shm index
		// (and an empty -wal) beside it; the database itself must not
		// change by a byte, and no log may hold a write.
		after := fileState(t, dir)
		for name, b := range before {
			if !bytes.Equal(after[name], b) {
				t.Errorf("%s changed on a read-only open", name)
			}
		}
		if wal := after["tracker.db-wal"]; len(wal) > 0 {
			t.Errorf("the read left %d bytes in the write-ahead log", len(wal))
		}
	}
}

func TestOpenReadOnlyRefuses(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	if _, err := OpenReadOnly(ctx, missing); !errors.Is(err, ErrNoDatabase) {
		t.Errorf("missing file: %v, want ErrNoDatabase", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Error("a read-only open created the database")
	}
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	foreign := filepath.Join(dir, "notes.db")
	os.WriteFile(foreign, []byte("my notes, not a database\n"), 0o644)
	for _, tt := range []struct{ path, want string }{
		{empty, "the file is empty (0 bytes)"},
		{foreign, "not a tracker database"},
	} {
		if _, err := OpenReadOnly(ctx, tt.path); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("OpenReadOnly(%s) = %v, want %q", filepath.Base(tt.path), err, tt.want)
		}
		// The write path refuses them too, and leaves them as they were.
		before, _ := os.ReadFile(tt.path)
		if _, err := Open(ctx, tt.path); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Open(%s) = %v, want %q", filepath.Base(tt.path), err, tt.want)
		}
		if after, _ := os.ReadFile(tt.path); !bytes.Equal(before, after) {
			t.Errorf("Open changed %s", filepath.Base(tt.path))
		}
	}
}

// A database on a read-only mount (no -shm can be created beside it) is
// read all the same. Needs a mount namespace: skipped where there is none.
func TestOpenReadOnlyOnReadOnlyMount(t *testing.T) {
	sqliteOnly(t)
	if os.Getenv("TRACKER_RO_MOUNT_CHILD") != "" {
		path := os.Getenv("TRACKER_RO_MOUNT_CHILD")
		s, err := OpenReadOnly(context.Background(), path)
		if err != nil {
			t.Fatalf("OpenReadOnly on a read-only mount: %v", err)
		}
		defer s.Close()
		if _, err := s.Document(context.Background(), "acme", "privacy"); err != nil {
			t.Fatalf("read on a read-only mount: %v", err)
		}
		return
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("no unshare(1): cannot make a read-only mount")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "tracker.db")
	s := openTestStore(t, path)
	seedDocument(t, s, "privacy")
	s.Close()
	for _, f := range []string{path + "-wal", path + "-shm"} {
		os.Remove(f) // a clean copy, as a backup would be
	}
	script := `mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" -test.run '^TestOpenReadOnlyOnReadOnlyMount$' -test.count=1`
	cmd := exec.Command(unshare, "--mount", "--map-root-user", "sh", "-c", script, "sh", dir, os.Args[0])
	cmd.Env = append(os.Environ(), "TRACKER_RO_MOUNT_CHILD="+path)
	out, err := cmd.CombinedOutput()
	if err != nil && (bytes.Contains(out, []byte("mount:")) || bytes.Contains(out, []byte("unshare:"))) {
		t.Skipf("no read-only mount here: %s", bytes.TrimSpace(out))
	}
	if err != nil {
		t.Fatalf("child on the read-only mount: %v\n%s", err, out)
	}
	if w, _ := os.Stat(path + "-shm"); w != nil {
		t.Error("the read-only open created a -shm file")
	}
}
