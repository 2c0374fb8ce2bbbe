package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/store"
)

// TestMigrateInPlace: a database an older tracker wrote is refused by the
// read commands, which never write, with the advice to run `tracker
// migrate`; that upgrades it in place, after which they read it, and a
// second run has nothing to do. It never creates a database.
func TestMigrateInPlace(t *testing.T) {
	dir := t.TempDir()
	old, err := os.ReadFile(filepath.Join("..", "..", "store", "testdata", "v1.db"))
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "tracker.db")
	if err := os.WriteFile(db, old, 0o644); err != nil {
		t.Fatal(err)
	}
	conf := writeConfig(t, dir, "database: tracker.db\nvendors:\n  - id: a\n    name: A\n    documents:\n      - {type: privacy, url: http://127.0.0.1:1/p}\n")

	code, out, errOut := tracker(t, "vendors", "--config", conf)
	if code == 0 || !strings.Contains(errOut, "run `tracker migrate`") {
		t.Fatalf("vendors on a version-1 database: exit %d\n%s%s", code, out, errOut)
	}
	want := fmt.Sprintf("%s upgraded to schema version %d", db, store.SchemaVersion())
	if code, out, errOut := tracker(t, "migrate", "--config", conf); code != 0 || !strings.Contains(out, want) {
		t.Fatalf("migrate: exit %d, want 0 and %q\n%s%s", code, want, out, errOut)
	}
	if code, out, errOut := tracker(t, "vendors", "--config", conf); code != 0 || !strings.Contains(out, "a/privacy") {
		t.Fatalf("vendors after migrate: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := tracker(t, "migrate", "--config", conf); code != 0 || !strings.Contains(out, "nothing to do") {
		t.Fatalf("second migrate: exit %d\n%s%s", code, out, errOut)
	}

	missing := filepath.Join(dir, "typo.db")
	if code, _, errOut := tracker(t, "migrate", "--config", conf, "--db", missing); code != 2 || !strings.Contains(errOut, "no database at "+missing) {
		t.Fatalf("migrate of a missing database: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Fatal("migrate created a database")
	}
}
