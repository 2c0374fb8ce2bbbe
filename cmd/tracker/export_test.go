package main

import (
	"os"
	"path/filepath"
	"testing"
)

// An export whose database cannot be opened writes nothing: no folder, no
// half-made index.csv that a later export would take for one to resume.
func TestExportWritesNothingWithoutADatabase(t *testing.T) {
	for _, tt := range []struct {
		name string
		db   []byte // nil: no file
	}{
		{"missing", nil},
		{"zero-byte", []byte{}},
		{"foreign", []byte("not a database, a note someone left\n")},
	} {
		for _, format := range []string{"ota", "jsonl", "csv"} {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				dir := t.TempDir()
				if tt.db != nil {
					if err := os.WriteFile(filepath.Join(dir, "tracker.db"), tt.db, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				cfg := writeConfig(t, dir, "database: tracker.db\nvendors:\n  - {id: v, name: V, documents: [{type: privacy, url: \"https://example.com/p\"}]}\n")
				out := filepath.Join(dir, "dataset")
				code, stdout, stderr := tracker(t, "export", "--config", cfg, "--format", format, out)
				if code == 0 {
					t.Fatalf("exit 0, want an error\n%s%s", stdout, stderr)
				}
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					entries, _ := os.ReadDir(out)
					t.Errorf("%s left behind (%v entries: %v); stderr: %s", out, len(entries), entries, stderr)
				}
			})
		}
	}
}
