package pipeline

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tracker-dev/tracker/config"
	"github.com/tracker-dev/tracker/store"
)

// TestReadSummariesIsStatusInOneRead: what `tracker vendors` reads in one
// pass is what an App bound to every document gives (but the last change),
// in configuration order, for all vendors or a few; a document configured
// but never recorded has no history; a mistyped vendor and a missing
// database are reported as the App reports them.
func TestReadSummariesIsStatusInOneRead(t *testing.T) {
	ctx := context.Background()
	round := 1
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/gone") {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, policyHTML("x", "We collect your e-mail address.", fmt.Sprintf("We keep it for %d months.", 6*round)))
	}))
	defer srv.Close()
	dir := t.TempDir()
	write := func(extra string) *config.Config {
		yaml := `database: ` + filepath.Join(dir, "t.db") + `
host_delay: 0s
vendors:
  - id: zeta
    name: Zeta
    documents:
      - {type: privacy, url: "` + srv.URL + `/zeta"}
      - {type: terms, url: "` + srv.URL + `/zeta-terms"}
  - id: alpha
    name: Alpha
    documents:
      - {type: privacy, url: "` + srv.URL + `/gone"}
` + extra
		path := filepath.Join(dir, "tracker.yaml")
		if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	cfg := write("")
	if _, err := ReadSummaries(ctx, cfg, Options{}, nil); !errors.Is(err, store.ErrNoDatabase) {
		t.Fatalf("without a database: %v, want ErrNoDatabase", err)
	}
	a, err := Open(ctx, cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for round = 1; round <= 2; round++ {
		ts, _ := a.Select(nil, "")
		outs, _ := a.Crawl(ctx, ts) // alpha's page is gone: an error, recorded
		if len(outs) != 3 || outs[0].Err != nil || outs[2].Err == nil {
			t.Fatalf("round %d: %+v", round, outs)
		}
	}
	targets, _ := a.Select(nil, "")
	want, err := a.Status(ctx, targets)
	a.Close()
	if err != nil {
		t.Fatal(err)
	}
	if want[0].Versions != 2 || want[2].Target.Stored.FailCount == 0 {
		t.Fatalf("the test needs a changed document and a failing one: %+v", want)
	}
	// A vendor added to the configuration since: no row yet.
	cfg = write(`  - id: new
    name: New
    documents:
      - {type: privacy, url: "` + srv.URL + `/new"}
`)
	got, err := ReadSummaries(ctx, cfg, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("%d documents, want 4", len(got))
	}
	for i := range want {
		w := want[i]
		w.LastChange = nil
		w.Target.Extract = got[i].Target.Extract // not bound: nothing is fetched
		if !reflect.DeepEqual(got[i], w) {
			t.Errorf("document %d:\n got %+v\nwant %+v", i, got[i], w)
		}
	}
	if n := got[3]; n.Target.Key() != "new/privacy" || n.Target.Stored.ID != 0 || n.Versions != 0 || n.Latest != nil {
		t.Errorf("a document never recorded: %+v", n)
	}
	some, err := ReadSummaries(ctx, cfg, Options{}, []string{"alpha", "new"})
	if err != nil {
		t.Fatal(err)
	}
	if len(some) != 2 || some[0].Target.Key() != "alpha/privacy" || some[0].Target.Stored.FailCount != want[2].Target.Stored.FailCount || some[1].Target.Key() != "new/privacy" {
		t.Errorf("two vendors: %+v", some)
	}
	var unknown *UnknownVendorError
	if _, err := ReadSummaries(ctx, cfg, Options{}, []string{"alpah"}); !errors.As(err, &unknown) {
		t.Errorf("a mistyped vendor: %v", err)
	}
}
