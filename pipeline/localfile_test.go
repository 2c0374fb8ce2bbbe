package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLocalFileDocuments(t *testing.T) {
	a := openTestApp(t, `database: tracker.db
vendors:
  - id: local
    name: Local
    documents:
      - {type: dpa, url: "file:docs/dpa.md"}
  - id: missing
    name: Missing
    documents:
      - {type: dpa, url: "file:docs/none.md"}
`)
	dir := filepath.Join(filepath.Dir(a.cfg.Path), "docs")
	os.MkdirAll(dir, 0o755)
	path := filepath.Join(dir, "dpa.md")
	os.WriteFile(path, []byte("# Data Processing Agreement\n\nWe process personal data only on your documented instructions.\n"), 0o644)
	ctx := context.Background()
	targets, _ := a.Select(nil, "")
	crawl := func() []Outcome {
		outs, _ := a.Crawl(ctx, targets)
		return outs
	}
	outs := crawl()
	if outs[0].Status != StatusNew {
		t.Fatalf("first crawl: %s %v", outs[0].Status, outs[0].Err)
	}
	if outs[1].Status != StatusError || !strings.Contains(outs[1].Err.Error(), "none.md") {
		t.Errorf("missing file: %s %v", outs[1].Status, outs[1].Err)
	}
	if o := crawl()[0]; o.Status != StatusNotModified {
		t.Errorf("untouched file: %s, want not-modified", o.Status)
	}
	os.WriteFile(path, []byte("# Data Processing Agreement\n\nWe process personal data on your instructions and may use it to train our models.\n"), 0o644)
	later := time.Now().Add(2 * time.Second)
	os.Chtimes(path, later, later)
	o := crawl()[0]
	if o.Status != StatusChanged || o.Summary == nil || !o.Summary.Material {
		t.Errorf("edited file: %s %+v, want a material change", o.Status, o.Summary)
	}
}
